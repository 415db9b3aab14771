"""``motebok call_reminders``: announce opened calls and send due reminders, once, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motebok.calls.tasks import send_call_mail


class Command(BaseCommand):
    help = (
        "E-mail the audience of every call that has opened and not been announced, and remind "
        "the organizations that have not answered a call whose deadline is near; once each."
    )

    def handle(self, *args, **options):
        done = send_call_mail.call()
        self.stdout.write(f"Announced calls and reminders sent: {done}.")
