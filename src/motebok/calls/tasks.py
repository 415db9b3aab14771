"""Background work of calls for input: telling members a call has opened, and reminders."""

from __future__ import annotations

from django_tasks import task

from motebok.calls import services


@task()
def send_call_mail() -> int:
    """Announce the calls that have opened since the last run, then remind the organizations
    that have not answered a call whose deadline is near. Every message goes out once.

    Run by ``motebok worker`` every so often and by ``motebok call_reminders`` on demand.
    Returns the number of calls announced plus the number of reminders sent.
    """
    return services.announce_opened_calls() + services.send_due_reminders()
