"""Background work of follow-up: reminders of tasks that are due soon."""

from __future__ import annotations

from django_tasks import task

from motebok.followup import services


@task()
def send_due_reminders() -> int:
    """E-mail a reminder of every open task due within ``MOTEBOK_REMINDER_DAYS`` days, once.

    Run by ``motebok worker`` every so often, by ``motebok remind`` on demand, and in-process
    in the demo. Returns the number of reminders sent.
    """
    return services.send_due_reminders()
