"""The optional read replica: anonymous public pages read from it, everything else uses the primary.

Set up by ``MOTEBOK_DATABASE_REPLICA_URL`` (``settings.py`` then adds the ``replica`` database,
:class:`ReplicaRouter` and :class:`ReplicaMiddleware`). The rules:

- Only a request the middleware has marked may read from the replica: a GET or HEAD to one of
  :data:`PUBLIC_READ_VIEWS`, carrying neither a session cookie (a signed-in user, or someone who
  just posted a form, may have written moments ago and the replica may lag) nor an
  ``Authorization`` header (an API token sees more than the public).
- The first write of a marked request (``db_for_write``) turns the replica off for the rest of
  that request, so a read after a write sees the write.
- Everything unmarked, management commands, background tasks and migrations use the primary;
  nothing is ever migrated on the replica (it copies the primary's schema by replication).

The mark is a :class:`~contextvars.ContextVar`, so concurrent requests in threads do not share it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from motebok.core.public import PUBLIC_READ_VIEWS

REPLICA_DB_ALIAS = "replica"

_READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _RequestState:
    replica_allowed: bool = False
    wrote: bool = False


_state: ContextVar[_RequestState | None] = ContextVar("motebok_replica_state", default=None)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


def reading_from_replica() -> bool:
    """Whether a read now would go to the replica."""
    state = _state.get()
    return state is not None and state.replica_allowed and not state.wrote and replica_configured()


@contextmanager
def public_read() -> Iterator[None]:
    """Let the reads inside go to the replica until the first write (what a marked request gets)."""
    token = _state.set(_RequestState(replica_allowed=True))
    try:
        yield
    finally:
        _state.reset(token)


def is_public_read(request, view_name: str | None) -> bool:
    """Whether ``request`` may be served from the replica (see the module docstring)."""
    return (
        request.method in _READ_METHODS
        and view_name in PUBLIC_READ_VIEWS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class ReplicaMiddleware:
    """Marks the requests that may read from the replica; every other request uses the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _state.set(_RequestState())
        try:
            return self.get_response(request)
        finally:
            _state.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = _state.get()
        match = request.resolver_match
        if state is not None and is_public_read(request, match.view_name if match else None):
            state.replica_allowed = True
        return None


class ReplicaRouter:
    """Reads of a marked request go to the replica; every write, and all else, to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA_DB_ALIAS if reading_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Django also asks this before some non-writes (get_or_create, assigning an unsaved
        # object): the request then leaves the replica a little early, which is only safe.
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
