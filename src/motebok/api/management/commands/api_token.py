"""``motebok api_token create USERNAME --name NAME`` / ``list [USERNAME]`` / ``revoke ID``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motebok.api import services
from motebok.api.models import ApiToken


class Command(BaseCommand):
    help = "Create, list and revoke API tokens. A new token is printed once and never again."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token for a user and print it.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        listing = actions.add_parser("list", help="List tokens (never the tokens themselves).")
        listing.add_argument("username", nargs="?", help="Only this user's tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options):
        user = self._user(options["username"])
        try:
            row, token = services.create_token(user, options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Token {row.pk} “{row.name}” for {user.username}; shown only now:")
        self.stdout.write(token)

    def _list(self, options):
        rows = ApiToken.objects.select_related("user").order_by("pk")
        if options["username"]:
            rows = rows.filter(user=self._user(options["username"]))
        for row in rows:
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            self.stdout.write(
                f"{row.pk}\t{row.user.username}\t{row.name}\t"
                f"created {row.created_at:%Y-%m-%d %H:%M}\tlast used {used}\t{state}"
            )

    def _revoke(self, options):
        row = ApiToken.objects.filter(pk=options["id"]).first()
        if row is None:
            raise CommandError(f"No token with id {options['id']}.")
        services.revoke_token(row)
        self.stdout.write(f"Token {row.pk} “{row.name}” of {row.user.username} is revoked.")

    @staticmethod
    def _user(username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        return user
