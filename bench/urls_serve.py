"""The product's URLs plus a baseline per page for a server in another process: a bare view
rendering, as a static template, the page's own HTML that the benchmark saved to
MOTEBOK_BENCH_BASELINE_DIR (each worker reads a file once)."""

import functools
import os
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path

from motebok.urls import urlpatterns as product


@functools.cache
def _template(name: str):
    file = Path(os.environ["MOTEBOK_BENCH_BASELINE_DIR"]) / f"{name}.html"
    if not name.replace("-", "").isalnum() or not file.is_file():
        return None
    html = file.read_text(encoding="utf-8")
    return engines["django"].from_string("{% verbatim %}" + html + "{% endverbatim %}")


def baseline(request, name: str):
    template = _template(name)
    if template is None:
        raise Http404(name)
    return HttpResponse(template.render({}, request))


urlpatterns = [
    path("__baseline__/<str:name>/", baseline),
    # For a page of a signed-in user: the least such a view does, finding who is signed in.
    path("__baseline__/<str:name>/signed-in/", login_required(baseline)),
    *product,
]
