"""Read-only open-data views: OParl 1.1 under /oparl/v1/ and Popolo per cooperation.

Public data only, whoever asks; JSON with Norwegian letters as themselves; errors as JSON.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motebok.api import oparl, popolo
from motebok.api.opendata_queries import cooperation_or_404

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class BadParameter(Exception):
    pass


def public_json(view):
    """GET and HEAD only; labels in the site language whatever the request; errors as JSON."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                data = view(request, *args, **kwargs)
            except BadParameter as exc:
                return _json({"error": str(exc)}, status=400)
            except Http404:
                data = None
            if data is None:
                return _json({"error": _("Not found.")}, status=404)
            return _json(data)

    return wrapper


def _whole_number(request, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise BadParameter(
            _("%(name)s must be a whole number from 1 to %(maximum)s.")
            % {"name": name, "maximum": maximum}
        )
    return int(raw)


@public_json
def system(request):
    return oparl.system()


@public_json
def bodies(request):
    return oparl.bodies_list()


@public_json
def body(request, slug: str):
    return oparl.body(cooperation_or_404(slug))


@public_json
def external_list(request, slug: str, name: str):
    if name not in oparl.LISTS:
        raise Http404(name)
    page = _whole_number(request, "page", 1, 10**9)
    limit = _whole_number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    try:
        return oparl.external_list(cooperation_or_404(slug), name, page=page, limit=limit)
    except oparl.PageOutOfRange:
        raise Http404(page) from None


@public_json
def committee(request, slug: str, body: str):
    return oparl.one_committee(cooperation_or_404(slug), body)


@public_json
def organization(request, slug: str, org: str):
    return oparl.one_organization(cooperation_or_404(slug), org)


def _one(kind: str):
    @public_json
    def view(request, slug: str, pk: int):
        return oparl.one(cooperation_or_404(slug), kind, pk)

    view.__name__ = kind
    return view


person = _one("person")
membership = _one("membership")
meeting = _one("meeting")
agenda_item = _one("agenda_item")
paper = _one("paper")
file = _one("file")


@public_json
def cooperation_popolo(request, slug: str):
    return popolo.export(cooperation_or_404(slug))
