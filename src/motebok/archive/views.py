"""The search page."""

from __future__ import annotations

from django.shortcuts import render

from motebok.archive.forms import SearchForm
from motebok.archive.search import search
from motebok.orgs.rules import get_viewer

PER_PAGE = 20


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def search_page(request):
    """Words and filters in, the hits the visitor may see out, best first, a page at a time."""
    form = SearchForm(request.GET or None)
    results = None
    number = _page_number(request)
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = search(
            get_viewer(request),
            form.cleaned_data["q"],
            **form.filters(),
            limit=PER_PAGE,
            offset=(number - 1) * PER_PAGE,
        )
    form.list_choices()
    pages = -(-results.total // PER_PAGE) if results else 0
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "results": results,
            "number": number,
            "pages": pages,
            "first": (number - 1) * PER_PAGE + 1,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
        },
    )
