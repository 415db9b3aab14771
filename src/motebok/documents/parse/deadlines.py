"""Deadlines: "Frist for innsending er 1 mars", "Frist er mandag 27. januar", "innen 3. februar", "by 3 February"."""

from __future__ import annotations

import datetime as dt
import re

from ..schema import Deadline
from . import dates
from .text import lines_with

FRIST = re.compile(r"(?=[fd])(?:frist(?:en|ar|er|ane|ene)?\b|deadline\b|due date\b)", re.IGNORECASE)
BEFORE = re.compile(
    r"(?<![\w])(?=[ibsnfut])(?:innen|innan|senest|seinast|no later than|by|before|før|until|til og med)\s+(?:(?:den|the)\s+)?",
    re.IGNORECASE,
)
_ABBREV = re.compile(
    r"(?:\b(?:kl|bl\.a|f\.eks|ca|nr|jf|jfr|evt|mv|mm|m\.m|dvs|pr|tlf|ref|vedr|inkl|iht|osv|ev|st|mr|mrs|ms|dr|no|vs|etc|e\.g|i\.e|cllr|m\.fl|fv|rv)|\d)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"«(]?[A-ZÆØÅ0-9])")


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip().lstrip("-–• ").strip()
        if not line:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(line):
            before = line[start : m.start()]
            after = line[m.end() :].lstrip()
            if _ABBREV.search(before) and (
                before[-1:].isalpha() or re.match(dates.MONTH_RE, after, re.IGNORECASE)
            ):
                continue
            if before[-1:].isdigit() and re.match(
                rf"(?:{dates.MONTH_RE})(?![a-zæøå])", after, re.IGNORECASE
            ):
                continue
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


_TRIGGER_WORDS = (
    "frist", "deadline", "due date", "innen", "innan", "senest", "seinast", "later than", "by ", "before", "før",
    "until", "til og med",
)  # fmt: skip
_ANY_TRIGGER = re.compile(
    r"(?=[fdibsnut])(?:"
    + FRIST.pattern
    + "|"
    + BEFORE.pattern
    + rf"(?=(?:{dates.WEEKDAY_RE})\b|[0-3]?\d))",
    re.IGNORECASE,
)


def find_deadlines(
    text: str, reference: dt.date | None, where: str, warnings: list[str]
) -> list[Deadline]:
    found: list[Deadline] = []
    text = lines_with(text, _TRIGGER_WORDS)
    if not text:
        return found
    spans: dict[int, int] = {}
    for m in _ANY_TRIGGER.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start not in spans:
            end = text.find("\n", m.end())
            spans[start] = len(text) if end < 0 else end
    hits = "\n".join(text[a:b] for a, b in spans.items())
    for sentence in sentences(hits):
        if not _ANY_TRIGGER.search(sentence):
            continue
        frist = FRIST.search(sentence)
        match = None
        if frist:
            for d in dates.find_dates(sentence, short_numeric=True):
                if d.end > frist.start() or not BEFORE.search(sentence):
                    match = d
                    break
        if match is None:
            for b in BEFORE.finditer(sentence):
                for d in dates.find_dates(sentence[b.end() : b.end() + 40], short_numeric=True):
                    if d.start <= 12:
                        match = d
                    break
                if match:
                    break
        if match is None:
            if frist and dates.MONTH_ONLY.search(sentence):
                warnings.append(
                    f"{where}: a deadline without a day was not recorded: «{_short(sentence)}»"
                )
            continue
        value = match.resolve(reference, future=True)
        if value is None:
            warnings.append(f"{where}: the year of a deadline is unknown: «{_short(sentence)}»")
            continue
        if dates.weekday_mismatch(match, value):
            warnings.append(
                f"{where}: the weekday does not match the date {value.isoformat()}: «{_short(sentence)}»"
            )
        found.append(Deadline(date=value, text=sentence))
    return found


def _short(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
