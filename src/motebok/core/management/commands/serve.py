"""``motebok serve``: the production web server (gunicorn), with the static files collected first.

Gunicorn runs in this process through its application interface, so it uses the same Python and
packages as the ``motebok`` command itself. Before it starts, ``collectstatic`` writes the hashed
and compressed static files to ``STATIC_ROOT``; the web processes then serve them through
WhiteNoise and link to their hashed names (see :mod:`motebok.core.staticfiles`).
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication

from motebok.core.staticfiles import serve_collected_files

# Gunicorn's access line as text; in JSON logs the same request is also given field by field.
TEXT_ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
JSON_ACCESS_FORMAT = '"%(r)s" %(s)s'


class MotebokApplication(BaseApplication):
    """Gunicorn configured from a dictionary, serving Møtebok's WSGI application."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from motebok.wsgi import application

        return application


def json_log_config() -> dict:
    """Django's logging set-up with gunicorn's two loggers sent to the same JSON handler."""
    config = copy.deepcopy(settings.LOGGING)
    loggers = config.setdefault("loggers", {})
    for name in ("gunicorn.error", "gunicorn.access"):
        loggers[name] = {"level": "INFO", "handlers": ["console"], "propagate": False}
    return config


def gunicorn_options(*, bind: str, workers: int, timeout: int) -> dict:
    options = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        # A worker is replaced after about a thousand requests, so that memory cannot creep.
        "max_requests": 1000,
        "max_requests_jitter": 100,
        "proc_name": "motebok",
        # Gunicorn 25+ opens a control socket in the home folder; two servers on one machine
        # would fight over it, and nothing here uses it.
        "control_socket_disable": True,
        "loglevel": settings.LOGGING["root"]["level"].lower(),
    }
    if settings.MOTEBOK_LOG_FORMAT == "json":
        options |= {"logconfig_dict": json_log_config(), "access_log_format": JSON_ACCESS_FORMAT}
    else:
        options |= {"accesslog": "-", "errorlog": "-", "access_log_format": TEXT_ACCESS_FORMAT}
    return options


class Command(BaseCommand):
    help = (
        "Run the production web server (gunicorn) after collecting the static files. "
        "Put a reverse proxy such as nginx in front of it for HTTPS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=settings.MOTEBOK_BIND,
            help="HOST:PORT or unix:PATH to listen on (default: MOTEBOK_BIND, "
            f"now {settings.MOTEBOK_BIND}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.MOTEBOK_WEB_WORKERS,
            help="Number of worker processes (default: MOTEBOK_WEB_WORKERS, "
            f"now {settings.MOTEBOK_WEB_WORKERS}).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=60,
            help="Seconds a request may take before its worker is restarted (default: 60).",
        )

    def handle(self, *args, bind, workers, timeout, verbosity, **options):
        if not bind.strip():
            raise CommandError("--bind must name an address, such as 127.0.0.1:8000.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if timeout < 1:
            raise CommandError("--timeout must be at least 1 second.")
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except Exception as exc:
            raise CommandError(f"Could not collect the static files: {exc}") from exc
        serve_collected_files()
        if verbosity:
            self.stdout.write(
                f"Static files collected in {settings.STATIC_ROOT}; "
                f"serving on {bind} with {workers} workers."
            )
            self.stdout.flush()
        # The workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        MotebokApplication(gunicorn_options(bind=bind, workers=workers, timeout=timeout)).run()
