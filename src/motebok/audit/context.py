"""Who acts outside a request: commands and background tasks."""

from __future__ import annotations

import contextlib

from auditlog.context import set_extra_data

from motebok.audit.models import Source


@contextlib.contextmanager
def acting(user=None):
    """Record the changes made inside the block as the system's, on behalf of ``user`` if given.

    Outside any request and outside this block, entries are the system's with no user.
    """
    with set_extra_data({"actor": user, "source": Source.SYSTEM}):
        yield
