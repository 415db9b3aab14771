"""The product's URLs plus the baseline: a bare view rendering a static template."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from motebok.urls import urlpatterns as product

BASELINE_TEMPLATES: dict[str, object] = {}


def baseline(request, name: str):
    return HttpResponse(BASELINE_TEMPLATES[name].render({}, request))


urlpatterns = [
    path("__baseline__/<str:name>/", baseline),
    # For a page of a signed-in user: the least such a view does, finding who is signed in.
    path("__baseline__/<str:name>/signed-in/", login_required(baseline)),
    *product,
]


def set_baseline(name: str, html: str) -> None:
    # The page's own output, escaped of template syntax, as a template of the same size.
    BASELINE_TEMPLATES[name] = engines["django"].from_string(
        "{% verbatim %}" + html + "{% endverbatim %}"
    )
