"""Form widgets every app's forms share."""

from __future__ import annotations

from django import forms


def date_input(**attrs) -> forms.DateInput:
    """The browser's date picker, given its value as YYYY-MM-DD (the only form it reads,
    whatever the language of the page)."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")
