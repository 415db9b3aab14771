"""Recognizing organizations, bodies and people by the names minutes use for them."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

from motebok.orgs.enums import BodyKind

_PARENS = re.compile(r"\s*\([^)]*\)\s*")
_DASH_SUFFIX = re.compile(r"\s+[-–—]\s+.*$")
_SPACE = re.compile(r"\s+")

SECRETARIAT_NAMES = ("sekretariatet", "sekretariat", "secretariat", "the secretariat")

_BODY_KIND_WORDS = (
    ("representantskap", BodyKind.COUNCIL),
    ("koordineringsgruppe", BodyKind.COORDINATION_GROUP),
    ("programkomit", BodyKind.PROGRAMME_COMMITTEE),
    ("arbeidsgruppe", BodyKind.WORKING_GROUP),
    ("faggruppe", BodyKind.EXPERT_GROUP),
    ("utvalg", BodyKind.POLITICAL_COMMITTEE),
    ("sekretariat", BodyKind.SECRETARIAT),
    ("styre", BodyKind.BOARD),
    ("board", BodyKind.BOARD),
)


def normalize(name: str) -> str:
    """Lower-case, NFC, single spaces, without a parenthesis or a ' - department' tail."""
    text = unicodedata.normalize("NFC", name or "").casefold()
    text = _SPACE.sub(" ", text).strip()
    return text


def name_keys(name: str) -> list[str]:
    """The forms under which a name is looked up, most exact first."""
    full = normalize(name)
    keys = [full]
    for reduced in (_PARENS.sub(" ", full).strip(), _DASH_SUFFIX.sub("", full).strip()):
        reduced = _SPACE.sub(" ", reduced)
        if reduced and reduced not in keys:
            keys.append(reduced)
    return keys


def is_secretariat(name: str | None) -> bool:
    return bool(name) and normalize(_PARENS.sub(" ", name)).strip() in SECRETARIAT_NAMES


def guess_body_kind(name: str) -> str:
    folded = normalize(name)
    for word, kind in _BODY_KIND_WORDS:
        if word in folded:
            return kind
    return BodyKind.WORKING_GROUP


class NameIndex:
    """Objects by every name they go by (name, short name, aliases), looked up leniently."""

    def __init__(self, objects, names_of) -> None:
        self._by_key: dict[str, object] = {}
        for obj in objects:
            self.add(obj, names_of(obj))

    def add(self, obj, names) -> None:
        for name in names:
            for key in name_keys(name):
                self._by_key.setdefault(key, obj)

    def find(self, name: str | None):
        if not name:
            return None
        for key in name_keys(name):
            if key in self._by_key:
                return self._by_key[key]
        return None


def unique_slug(base: str, taken) -> str:
    """A slug from ``base`` that ``taken(slug)`` says is free."""
    root = slugify(base)[:70] or "x"
    slug, n = root, 2
    while taken(slug):
        slug, n = f"{root}-{n}", n + 1
    return slug
