"""The ``motebok`` command: every Django management command, plus Møtebok's own."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motebok.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"motebok: configuration error: {exc}", file=sys.stderr)
        return 2
    from django.conf import settings
    from django.core.management import execute_from_command_line

    for database in settings.DATABASES.values():  # an SQLite file's folder, made on first use
        if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)

    args = list(sys.argv[1:] if argv is None else argv)
    if args and "-" in args[0] and not args[0].startswith("-"):
        # ``motebok export-archive`` runs the command module export_archive.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["motebok", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
