"""The acting user of every audit entry written while a request is served."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware

from motebok.audit.login_limit import client_address
from motebok.audit.models import Source


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the user looked up only when an entry is written.

    The library's own middleware loads the user at the start of every request; handing it the
    lazy ``request.user`` keeps pages that change nothing at the queries they had. The address is
    the one login limiting uses (:func:`client_address`): a client-sent X-Forwarded-For is not
    trusted.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    def get_extra_data(self, request):
        return {
            "actor": getattr(request, "user", None),
            "remote_addr": self._get_remote_addr(request),
            "remote_port": None,
            "source": Source.WEB,
        }
