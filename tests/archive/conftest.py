import datetime as dt

import pytest

DEMO_TODAY = dt.date(2026, 11, 30)


def load_demo():
    """The demo; the importer and the loader index what they write in bulk."""
    from motebok.core import demo

    demo.load(today=DEMO_TODAY)


@pytest.fixture
def demo_db(db):
    load_demo()


def user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
