"""Text with NUL characters is refused before it reaches the database.

PostgreSQL cannot store a NUL in text and fails the query (a server error); SQLite stores it.
Django's form fields already refuse NUL; this middleware does the same for what forms do not
see: query strings (every view, the API's filters included) and JSON bodies (the API's writes).
"""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest, JsonResponse

# A NUL written into JSON as an escape (any case of the hex digits), or raw.
_JSON_NUL = re.compile(rb"\\u0000|\x00", re.IGNORECASE)


def _has_nul(request) -> str | None:
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name
    if request.content_type == "application/json" and _JSON_NUL.search(request.body):
        return "body"
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        where = _has_nul(request)
        if where is None:
            return self.get_response(request)
        message = "Text may not contain NUL characters."
        if request.path.startswith("/api/"):
            # The shape of the API's own validation errors.
            loc = ["body"] if where == "body" else ["query", where]
            detail = [{"type": "value_error", "loc": loc, "msg": message}]
            return JsonResponse({"detail": detail}, status=422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
