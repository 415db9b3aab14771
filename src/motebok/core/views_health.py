"""``GET /healthz``: the health report for load balancers and monitoring, as JSON."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motebok.core import health


@require_safe
@never_cache
def healthz(request):
    """200 when the database, the file storage, the task queue and the shared cache (if any)
    all answer, 503 otherwise."""
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
