"""Structured logs: one JSON object per line, for ``MOTEBOK_LOG_FORMAT=json``.

Every line has ``time`` (UTC, ISO 8601 with milliseconds), ``level``, ``logger`` and ``message``;
``exception`` when the record carries one; and any extra field given to the log call whose value
is a plain JSON value (text, number, true/false, null). Gunicorn's access lines also carry the
request as fields: ``method``, ``path``, ``query``, ``status``, ``bytes``, ``duration_ms``,
``remote_addr``, ``forwarded_for``, ``user_agent`` and ``referer``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping

# The attributes every LogRecord has; whatever else a record carries came as ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
) | {"message", "asctime"}
_PLAIN = (str, int, float, bool, type(None))

ACCESS_LOGGER = "gunicorn.access"
# Gunicorn's names for the parts of a request (its "atoms"), and ours.
ACCESS_FIELDS = {
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "remote_addr": "h",
    "forwarded_for": "{x-forwarded-for}i",
    "user_agent": "a",
    "referer": "f",
}


def _access_fields(atoms: Mapping) -> dict:
    fields = {}
    for field, atom in ACCESS_FIELDS.items():
        value = atoms[atom]
        if value in ("-", "", None):
            value = None
        elif field == "status":
            value = int(value)
        elif isinstance(value, str):
            value = value.replace('\\"', '"')  # gunicorn escapes quotes for its text format
        fields[field] = value
    return fields


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == ACCESS_LOGGER and isinstance(record.args, Mapping):
            line.update(_access_fields(record.args))
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in line and isinstance(value, _PLAIN):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
