"""Validation of an extract's XML against the vendored Noark 5 v5.0 and ADDML 8.3 schemas."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Copied into every extract: the schemas its XML files name.
EXTRACT_SCHEMAS = ("arkivstruktur.xsd", "metadatakatalog.xsd", "addml.xsd")


class InvalidXML(Exception):
    """The XML does not follow its schema; the message lists the first errors with their lines."""


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def validate(data: bytes, schema_name: str, *, label: str) -> None:
    """Raise :class:`InvalidXML` unless ``data`` is valid against ``schema_name``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(data, parser).getroottree()
    checker = schema(schema_name)
    if not checker.validate(document):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in list(checker.error_log)[:5])
        raise InvalidXML(f"{label} is not valid against {schema_name}: {errors}")
