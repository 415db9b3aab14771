"""Outside `motebok serve`, a manifest left in STATIC_ROOT is neither linked to nor served."""

import json

import pytest
from django.template import engines

from motebok.core.staticfiles import StaticFilesStorage


@pytest.fixture
def stale_static_root(settings, tmp_path):
    """A STATIC_ROOT as an earlier `motebok serve` left it, with a manifest of other names."""
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    (root / "css" / "app.0123456789ab.css").write_text("body {}")
    (root / "staticfiles.json").write_text(
        json.dumps(
            {"version": "1.1", "hash": "x", "paths": {"css/app.css": "css/app.0123456789ab.css"}}
        )
    )
    settings.STATIC_ROOT = root
    return root


def test_pages_link_to_the_plain_names(stale_static_root):
    assert StaticFilesStorage.collected is False
    template = engines["django"].from_string(
        "{% load static %}{% static 'css/app.css' %} {% static 'calls/new.css' %}"
    )
    assert template.render() == "/static/css/app.css /static/calls/new.css"


def test_the_middleware_does_not_serve_the_left_files(client, db, stale_static_root):
    assert client.get("/static/css/app.0123456789ab.css").status_code == 404
