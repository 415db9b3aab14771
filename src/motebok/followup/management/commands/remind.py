"""``motebok remind``: e-mail the reminders of tasks due soon, once, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motebok.followup.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail a reminder of every open task due within MOTEBOK_REMINDER_DAYS days that has "
        "not been reminded of yet, once, in this process."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders.call()
        self.stdout.write(f"Sent {sent} reminder(s).")
