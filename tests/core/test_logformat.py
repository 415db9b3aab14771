"""MOTEBOK_LOG_FORMAT=json: one JSON object per log line."""

import datetime as dt
import json
import logging
import sys

from gunicorn.glogging import SafeAtoms

from motebok.core.logformat import JsonFormatter

# 2026-12-02 13:14:15.678 UTC
CREATED = dt.datetime(2026, 12, 2, 13, 14, 15, 678000, tzinfo=dt.UTC).timestamp()


def _record(
    name="motebok.meetings", level=logging.WARNING, msg="Møte %s flyttet", args=("7",), **kw
):
    record = logging.LogRecord(name, level, "x.py", 1, msg, args, kw.pop("exc_info", None))
    record.created = CREATED
    for key, value in kw.items():
        setattr(record, key, value)
    return record


def test_a_plain_record():
    line = JsonFormatter().format(_record())
    assert "\n" not in line
    assert json.loads(line) == {
        "time": "2026-12-02T13:14:15.678+00:00",
        "level": "WARNING",
        "logger": "motebok.meetings",
        "message": "Møte 7 flyttet",
    }
    assert "Møte" in line  # not escaped


def test_plain_extra_fields_are_kept_and_objects_left_out():
    line = JsonFormatter().format(_record(status_code=404, request=object(), meeting=None))
    assert json.loads(line) == {
        "time": "2026-12-02T13:14:15.678+00:00",
        "level": "WARNING",
        "logger": "motebok.meetings",
        "message": "Møte 7 flyttet",
        "status_code": 404,
        "meeting": None,
    }


def test_an_exception_stays_on_one_line():
    try:
        raise ValueError("feil\npå to linjer")
    except ValueError:
        record = _record(level=logging.ERROR, exc_info=sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["exception"].startswith("Traceback (most recent call last):\n")
    assert parsed["exception"].endswith("ValueError: feil\npå to linjer")


def test_a_gunicorn_access_line_gives_the_request_field_by_field():
    atoms = SafeAtoms(
        {
            "h": "127.0.0.1",
            "r": "GET /s%C3%B8k/?q=%22vei%22 HTTP/1.1",
            "s": "200",
            "m": "GET",
            "U": "/søk/",
            "q": 'q="vei"',
            "B": 5120,
            "M": 42,
            "f": "-",
            "a": 'Mozilla/5.0 "test"',
            "{x-forwarded-for}i": "203.0.113.9",
        }
    )
    record = _record(name="gunicorn.access", level=logging.INFO, msg='"%(r)s" %(s)s', args=())
    record.args = atoms  # as gunicorn passes them: one mapping
    assert json.loads(JsonFormatter().format(record)) == {
        "time": "2026-12-02T13:14:15.678+00:00",
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": '"GET /s%C3%B8k/?q=%22vei%22 HTTP/1.1" 200',
        "method": "GET",
        "path": "/søk/",
        "query": 'q="vei"',
        "status": 200,
        "bytes": 5120,
        "duration_ms": 42,
        "remote_addr": "127.0.0.1",
        "forwarded_for": "203.0.113.9",
        "user_agent": 'Mozilla/5.0 "test"',
        "referer": None,
    }
