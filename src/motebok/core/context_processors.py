"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from motebok.orgs.rules import get_viewer


def viewer(request):
    """The request's Viewer, built only when a template asks for it (then cached on the request)."""
    return {"viewer": SimpleLazyObject(lambda: get_viewer(request))}
