"""Validation of open-data output against the vendored OParl 1.1 and Popolo schemas.

OParl: Draft 4, and every embedded object (the OParl keyword ``"schema": "X.json"``) against
its own schema, with the OParl ``url`` format checked. Popolo: draft-03, the popoloproject.com
``$ref`` URLs resolved to the local files through a ``referencing.Registry``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMAS = Path(__file__).parent / "schemas"
POPOLO_BASE = "http://www.popoloproject.com/schemas/"

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("url")
def _is_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@cache
def _oparl_schema(name: str) -> dict:
    return json.loads((SCHEMAS / "oparl-1.1" / name).read_text(encoding="utf-8"))


def oparl_errors(obj: dict, type_name: str | None = None) -> list[str]:
    """Every schema violation of an OParl object and of the objects embedded in it."""
    type_name = type_name or obj["type"].rsplit("/", 1)[-1]
    schema = _oparl_schema(f"{type_name}.json")
    validator = jsonschema.Draft4Validator(schema, format_checker=FORMATS)
    errors = [f"{obj.get('id')}: {e.message}" for e in validator.iter_errors(obj)]
    for key, spec in schema["properties"].items():
        value = obj.get(key)
        embedded = spec.get("schema") or spec.get("items", {}).get("schema")
        if embedded is None or value is None:
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                errors += oparl_errors(child, embedded.removesuffix(".json"))
    return errors


@cache
def _popolo_registry() -> Registry:
    resources = []
    for path in sorted((SCHEMAS / "popolo").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT3)
        resources.append((f"{POPOLO_BASE}{path.name}", resource))
    return Registry().with_resources(resources)


def popolo_errors(obj: dict, name: str) -> list[str]:
    """Every violation of a Popolo object (``name``: person, organization, membership)."""
    registry = _popolo_registry()
    schema = registry.contents(f"{POPOLO_BASE}{name}.json")
    validator = jsonschema.Draft3Validator(schema, registry=registry, format_checker=FORMATS)
    return [f"{obj.get('id')}: {e.message}" for e in validator.iter_errors(obj)]
