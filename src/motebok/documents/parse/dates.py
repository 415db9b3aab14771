"""Dates and times as written in Norwegian (bokmål, nynorsk) and English minutes.

Own regexes instead of a general date library: they are fast and know only what minutes use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "febr": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "mandag": 0, "måndag": 0, "monday": 0,
    "tirsdag": 1, "tysdag": 1, "tuesday": 1,
    "onsdag": 2, "wednesday": 2,
    "torsdag": 3, "thursday": 3,
    "fredag": 4, "friday": 4,
    "lørdag": 5, "laurdag": 5, "saturday": 5,
    "søndag": 6, "sundag": 6, "sunday": 6,
}  # fmt: skip

MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NOT_LETTER = r"(?![a-zæøåäöü])"
# A weekday just before a date ("tirsdag 5. november", "Tuesday, 5 November"), checked after a match.
WEEKDAY_BEFORE = re.compile(rf"(?P<wd>{WEEKDAY_RE})\s*,?\s+(?:den\s+|the\s+)?$", re.IGNORECASE)
RANGE_BEFORE = re.compile(r"(?<![\d.])(?P<d0>[0-3]?\d)\.?\s*(?:-|–|og|and|&)\s*$", re.IGNORECASE)

# "21. januar 2025", "5 November 2013", "17th May, 2018", "28-29. august", "9.-10. januar", "1 mars", "21. jan. 2025".
TEXT_DATE = re.compile(
    r"(?<![\d.,/])(?P<d>[0-3]?\d)\.?(?:\s*(?:-|–|og|and|to|&)\s*[0-3]?\d\.?)?\s*(?:st|nd|rd|th)?\s*(?:of\s+)?"
    + rf"(?P<m>{MONTH_RE}){_NOT_LETTER}\.?(?:,?\s*(?P<y>(?:19|20)\d\d)(?!\d))?",
    re.IGNORECASE,
)
# "May 17, 2018": the month-first English form (year required).
TEXT_DATE_US = re.compile(
    rf"(?<![a-zæøå])(?=[jfmasond])(?P<m>{MONTH_RE}){_NOT_LETTER}\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# "21.01.2025", "17.02.22", "23.03. 2021", "7.9.2021" ("22 og 23.03.2021" via RANGE_BEFORE).
NUM_DATE = re.compile(
    r"(?<![\d.,/])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d|\d\d)(?![\d])"
)
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
SLASH_DATE = re.compile(r"(?<![\d/])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)")
# "24.01." without a year (only trusted where a date is expected).
SHORT_NUM_DATE = re.compile(r"(?<![\d.,/])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?![\d])")
MONTH_ONLY = re.compile(
    rf"\b(?:i|in|innen|by|før|before)\s+(?P<m>{MONTH_RE}){_NOT_LETTER}", re.IGNORECASE
)
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None
    text: str

    def resolve(self, reference: dt.date | None, *, future: bool = False) -> dt.date | None:
        """The date, taking a missing year from `reference` (the meeting date).

        With `future`, a date that would fall long before the reference is moved to the next year.
        """
        year = self.year
        if year is None:
            if reference is None:
                return None
            year = reference.year
            candidate = _safe_date(year, self.month, self.day)
            if candidate is None:
                return None
            limit = 14 if future else 240
            if (reference - candidate).days > limit:
                candidate = _safe_date(year + 1, self.month, self.day)
            return candidate
        return _safe_date(year, self.month, self.day)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    if value < 100:
        value += 2000 if value < 70 else 1900
    return value


def find_dates(text: str, *, short_numeric: bool = False) -> list[DateMatch]:
    """All dates in `text`, in order, without overlaps (the longest match wins)."""
    if not _HAS_DIGIT.search(text):
        return []
    found: list[DateMatch] = []
    regexes = [NUM_DATE, ISO_DATE, SLASH_DATE, TEXT_DATE, TEXT_DATE_US]
    if short_numeric:
        regexes.append(SHORT_NUM_DATE)
    for regex in regexes:
        for m in regex.finditer(text):
            month_text = m["m"]
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
            day = int(m["d"])
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            year_text = m["y"] if "y" in regex.groupindex else None
            ambiguous = month_text in {"may", "mar"} and not year_text
            if regex is TEXT_DATE and ambiguous and "." not in text[m.end("d") : m.start("m")]:
                continue  # "5 may be", not a date
            start = m.start()
            if regex is NUM_DATE:
                rng = RANGE_BEFORE.search(text, max(0, start - 8), start)
                if rng:
                    day, start = int(rng["d0"]), rng.start()
            wd_match = WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
            weekday = None
            if wd_match:
                weekday, start = WEEKDAYS[wd_match["wd"].lower()], wd_match.start()
            found.append(
                DateMatch(
                    start, m.end(), day, month, _year(year_text), weekday, text[start : m.end()]
                )
            )
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue
        result.append(d)
    return result


def first_date(
    text: str, reference: dt.date | None = None, *, future: bool = False
) -> dt.date | None:
    for match in find_dates(text):
        value = match.resolve(reference, future=future)
        if value is not None:
            return value
    return None


# Times ---------------------------------------------------------------------------------------

_AMPM = r"(?:\s*(?P<ap{n}>a\.?m\.?|p\.?m\.?))"
_KL = r"(?:kl\.?|klokka|klokken|from|fra|frå|at|time:?)"
# "kl. 10.00-13.00", "kl 12:00–14:00", "10.00 - 13.00", "kl. 1200 – 1500", "10am-1pm", "kl 9-11".
TIME_RANGE = re.compile(
    rf"(?P<kl>{_KL}\s*)?(?<![\d.:])(?P<h1>[0-2]?\d)(?:(?P<s1>[.:])(?P<m1>[0-5]\d)|(?P<n1>[0-5]\d))?{_AMPM.format(n=1)}?"
    r"\s*(?:-|–|—|til|to|until|till)\s*(?:kl\.?\s*)?"
    rf"(?P<h2>[0-2]?\d)(?:(?P<s2>[.:])(?P<m2>[0-5]\d)|(?P<n2>[0-5]\d))?{_AMPM.format(n=2)}?(?![\d]|\.\s?\d)",
    re.IGNORECASE,
)
# "kl. 18:00 20:40" (the dash lost in PDF conversion): both times need a colon.
TIME_PAIR = re.compile(
    r"(?P<kl>kl\.?\s*)(?P<h1>[0-2]?\d):(?P<m1>[0-5]\d)\s+(?P<h2>[0-2]?\d):(?P<m2>[0-5]\d)(?!\d)",
    re.IGNORECASE,
)
TIME_SINGLE = re.compile(
    rf"(?P<kl>{_KL}\s*)?(?<![\d.:])(?P<h1>[0-2]?\d)(?:(?P<s1>[.:])(?P<m1>[0-5]\d)|(?P<n1>[0-5]\d))?{_AMPM.format(n=1)}?(?![\d]|\.\s?\d)",
    re.IGNORECASE,
)


def _mk_time(hour: str, minute: str | None, ampm: str | None) -> dt.time | None:
    h = int(hour)
    mi = int(minute) if minute else 0
    if ampm:
        pm = ampm.lower().startswith("p")
        if h > 12:
            return None
        if pm and h < 12:
            h += 12
        if not pm and h == 12:
            h = 0
    if h > 23 or mi > 59:
        return None
    return dt.time(h, mi)


def find_time_range(
    text: str, *, labelled: bool = False
) -> tuple[dt.time | None, dt.time | None, int]:
    """(start, end, position) of the first time or time range in `text`.

    Without `labelled`, a bare "10.00" counts only with "kl."/am/pm or as part of a range with minutes.
    """
    for m in TIME_PAIR.finditer(text):
        start, end = _mk_time(m["h1"], m["m1"], None), _mk_time(m["h2"], m["m2"], None)
        if start and end and end > start:
            return start, end, m.start()
    for m in TIME_RANGE.finditer(text):
        has_min = bool(m["m1"] or m["n1"]) and bool(m["m2"] or m["n2"])
        has_ampm = bool(m["ap1"] or m["ap2"])
        if m["n1"] and not m["kl"]:
            continue  # "1200 – 1500" needs "kl."
        kl = (m["kl"] or "").strip().lower()
        if not (has_ampm or (has_min and (m["s1"] or m["kl"])) or kl.startswith("kl")):
            continue
        ap1 = m["ap1"] or (m["ap2"] if m["ap2"] and not m["ap1"] else None)
        start = _mk_time(m["h1"], m["m1"] or m["n1"], ap1)
        end = _mk_time(m["h2"], m["m2"] or m["n2"], m["ap2"])
        if start and end and end > start:
            if _is_date_like(text, m.end()):
                continue
            return start, end, m.start()
    for m in TIME_SINGLE.finditer(text):
        kl = (m["kl"] or "").strip().lower()
        has_min = bool(m["m1"] or m["n1"])
        if m["n1"] and not kl:
            continue
        if not (
            m["ap1"]
            or (kl and has_min and kl not in {"at", "fra", "frå", "from"})
            or kl.startswith("kl")
            or (labelled and m["s1"])
        ):
            continue
        if not m["ap1"] and not has_min and not kl.startswith("kl"):
            continue
        if _is_date_like(text, m.end()):
            continue
        value = _mk_time(m["h1"], m["m1"] or m["n1"], m["ap1"])
        if value:
            return value, None, m.start()
    return None, None, -1


def _is_date_like(text: str, end: int) -> bool:
    """True when what follows a number makes it a date ("10.00" never is, "10. mai" is)."""
    rest = text[end : end + 12].lower()
    return bool(re.match(rf"\.?\s*(?:{MONTH_RE}){_NOT_LETTER}", rest))


def weekday_mismatch(match: DateMatch, value: dt.date) -> bool:
    return match.weekday is not None and value.weekday() != match.weekday
