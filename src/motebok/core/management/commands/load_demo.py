from django.core.management.base import BaseCommand

from motebok.core import demo


class Command(BaseCommand):
    help = "Load the demo data (Osloregionen) once; a second run reuses what is there."

    def handle(self, *args, **options):
        if demo.is_loaded():
            self.stdout.write("The demo data is already loaded; reusing it.")
        else:
            demo.load()
            self.stdout.write(self.style.SUCCESS("Loaded the demo data."))
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for all: {demo.DEMO_PASSWORD}):")
        for login in demo.LOGINS:
            self.stdout.write(f"  {login.username:<12} {login.description}")
