"""Committees and working groups named with their members ("en arbeidsgruppe som består av A, B og C")."""

from __future__ import annotations

import re

from ..schema import Group
from .names import is_name, split_list
from .text import lines_with

_NOUN = (
    r"arbeidsgrupp(?:e|en|a)|programkomit[eé](?:en)?|valgkomit[eé](?:en)?|komit[eé](?:en)?|styringsgrupp(?:e|en|a)"
    r"|referansegrupp(?:e|en|a)|prosjektgrupp(?:e|en|a)|ressursgrupp(?:e|en|a)|faggrupp(?:e|en|a)|arbeidsutval(?:g|get|et)?"
    r"|underutval(?:g|get|et)?|utval(?:g|get|et)|working group|task force|steering group|sub-committee|subcommittee|committee|panel"
)
_MID = r"(?P<mid>(?:[^.()\n]|(?<=\d)\.){0,90}?)"
CONSISTS = re.compile(
    rf"(?<![\w])(?=[apvksrfuwtc])(?P<noun>{_NOUN})\b{_MID},?\s*(?:som\s+(?:skal\s+)?best[aå]r\s+av|bestående\s+av|beståande\s+av|med\s+medlemmene"
    r"|consisting\s+of|comprising|made\s+up\s+of|composed\s+of|with\s+members)\s+(?P<list>(?:[^.\n]|(?<=\b[A-ZÆØÅ])\.)+)",
    re.IGNORECASE,
)
PARENS = re.compile(
    rf"(?<![\w])(?=[apvksrfuwtc])(?P<noun>{_NOUN})\b(?P<mid>[^.()\n]{{0,30}}?)\s*\((?P<list>[^()\n]+)\)",
    re.IGNORECASE,
)
_COMPLEMENT = re.compile(
    r"^\s*(?P<c>(?:for|til|om|on|for the)\s+[^,]+?)(?=\s+(?:den|the|som|which|who)\b|,|$)",
    re.IGNORECASE,
)


_CONSIST_WORDS = (
    "består",
    "består",
    "bestående",
    "beståande",
    "consisting",
    "comprising",
    "made up",
    "composed",
    "with members",
    "medlemmene",
)
_HINTS = ("grupp", "komit", "utval", "committee", "group", "task force", "panel")


def find_groups(text: str) -> list[Group]:
    text = lines_with(text, _HINTS)
    if not text:
        return []
    low = text.lower()
    regexes = []
    if any(word in low for word in _CONSIST_WORDS):
        regexes.append(CONSISTS)
    if "(" in text:
        regexes.append(PARENS)
    groups: list[tuple[int, Group]] = []
    spans: list[tuple[int, int]] = []
    for regex in regexes:
        for m in regex.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            members = _members(m["list"])
            if len(members) < 2 and regex is PARENS or not members:
                continue
            name = m["noun"]
            comp = _COMPLEMENT.match(m["mid"] or "")
            if comp:
                name = f"{name} {comp['c'].strip()}"
            spans.append((m.start(), m.end()))
            groups.append((m.start(), Group(name=name, members=members)))
    return [g for _, g in sorted(groups, key=lambda pair: pair[0])]


def _members(text: str) -> list[str]:
    members = []
    for part in split_list(text):
        part = part.strip(" .;:")
        if re.match(r"^(?:sammen med|together with|med|with)\b", part, re.IGNORECASE):
            continue
        if is_name(part):
            members.append(part)
            continue
        # The last name runs into the sentence: "... and Gareth John was set up".
        tokens = part.split()
        for n in range(min(len(tokens), 4), 1, -1):
            if is_name(" ".join(tokens[:n])):
                members.append(" ".join(tokens[:n]))
                break
    return members
