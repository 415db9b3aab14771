"""Meeting plans: moved meetings ("29 april (istedenfor 6. mai)"), agendas for coming meetings
("Foreløpige saker til styremøtet 6. februar 2025, kl 12:00-14:00, Oslo rådhus, møterom 1") and
"Neste møte:" lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..schema import PlannedItem, PlannedMeeting
from . import dates
from .header import MEETING_NOUN, body_from_meeting_noun
from .items import CASE, PLAIN, clean_title

# "istedenfor" and its misspellings ("istendenfor", "istednefor"), "i stedet for", "i staden for".
INSTEAD = re.compile(
    r"(?<![\w])(?=[iIrReE])(?:i\s*st[a-zæøå]{2,6}\s*for|i\s+sted(?:et)?\s+for|i\s+staden\s+for|in\s+place\s+of|instead\s+of|replac(?:es|ing)|erstatter)\b",
    re.IGNORECASE,
)
MOVED = re.compile(
    r"(?<![\w])(?=[fFmMeE])(?:flytt(?:es|et|a)|moved|endres|endra)\s+fra\s+(?P<old>.+?)\s+til\s+(?P<new>.+)$",
    re.IGNORECASE,
)
AGENDA_PLAN = re.compile(
    r"^(?:(?:foreløpige?|forel[øo]pig|foreslåtte?|planlagte|aktuelle)\s+)?(?:saker|sakliste|saksliste|sakskart|dagsorden|agenda)"
    r"\s+(?:til|for|på|fram til)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
SUBHEADING = re.compile(
    r"^(?:orienteringssaker|vedtakssaker|beslutningssaker|drøftingssaker|diskusjonssaker|referatsaker|eventuelt|"
    r"for decision|for information|for discussion)\s*:?$",
    re.IGNORECASE,
)
BODY_OF = re.compile(
    r"\bmøter?\s+(?:i|for|med)\s+(?P<b>[A-ZÆØÅ]{2,6}|[a-zæøå]+(?:et|en|a))\b|\b(?P<n>[\wæøå\-]+møte(?:t|ne|r)?)\b",
    re.IGNORECASE,
)
PLAN_TITLE = re.compile(
    r"møteplan|møtedatoer|datoer for møte|nye datoer|meeting dates|schedule of meetings|møtekalender",
    re.IGNORECASE,
)


_PLAN_START = set("FfSsDdAaPp")


@dataclass
class AgendaPlan:
    start: int
    end: int
    heading: str
    items: list[PlannedItem] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)


def find_agenda_plans(lines: list[str]) -> list[AgendaPlan]:
    """Agendas for coming meetings. One placed before any numbered line is this meeting's own agenda."""
    plans: list[AgendaPlan] = []
    i = 0
    seen_numbered = False
    while i < len(lines):
        if not seen_numbered:
            seen_numbered = bool(
                re.match(r"^\s*(?:sak\s*|ps\s*|item\s*)?\d{1,3}[.)/\s]", lines[i], re.IGNORECASE)
            )
            i += 1
            continue
        text = lines[i].strip()
        m = AGENDA_PLAN.match(text) if len(text) < 200 and text[:1] in _PLAN_START else None
        if not m or not (
            dates.find_dates(m["rest"])
            or re.search(r"\bneste\b|\bnext\b", m["rest"], re.IGNORECASE)
        ):
            i += 1
            continue
        plan = AgendaPlan(i, i + 1, text)
        j = i + 1
        last = i
        while j < len(lines):
            line = lines[j].strip()
            if not line:
                j += 1
                continue
            item = PLAIN.match(lines[j]) or CASE.match(lines[j])
            if (
                item
                and item["t"]
                and re.match(r"^\s*(?:sak\s*|ps\s*|item\s*)?\d", lines[j], re.IGNORECASE)
            ):
                number = item["n"] if item.re is PLAIN else lines[j].strip().split()[0]
                plan.items.append(PlannedItem(number=number, title=clean_title(item["t"])))
                last = j
            elif SUBHEADING.match(line) or (
                len(line) <= 40 and not line.endswith((".", ":")) and plan.items
            ):
                last = j
            else:
                break
            j += 1
        plan.end = last + 1
        if plan.items:
            plans.append(plan)
            i = plan.end
        else:
            i += 1
    return plans


def agenda_meeting(
    plan: AgendaPlan, reference: dt.date | None, meeting_body: str | None
) -> PlannedMeeting | None:
    m = AGENDA_PLAN.match(plan.heading)
    rest = m["rest"] if m else plan.heading
    found = dates.find_dates(rest)
    if not found:
        return None
    d = found[0]
    value = d.resolve(reference, future=True)
    if value is None:
        return None
    before = rest[: d.start]
    body = meeting_body
    nm = MEETING_NOUN.search(before)
    if nm and nm.group("prefix").strip("-").lower() not in {"", "neste", "next"}:
        body = body_from_meeting_noun(nm.group(0))
    else:
        bm = BODY_OF.search(before)
        if bm and bm["b"]:
            body = bm["b"]
    after = rest[d.end :]
    start, end, pos = dates.find_time_range(after)
    place_text = after
    if pos >= 0:
        tm = dates.TIME_RANGE.search(after, pos) or dates.TIME_SINGLE.search(after, pos)
        place_text = after[tm.end() :] if tm else after
    place = place_text.strip(" ,.;:–-") or None
    return PlannedMeeting(
        body=body, date=value, start=start, end=end, place=place, items=plan.items
    )


def replacement_meetings(
    lines: list[str], reference: dt.date | None, body: str | None
) -> list[PlannedMeeting]:
    """Lines such as "29 april (istendenfor 6. mai)" or "flyttes fra 6. mai til 29. april"."""
    out: list[PlannedMeeting] = []
    for line in lines:
        text = line.strip().lstrip("-–•* ")
        if not text:
            continue
        inst = INSTEAD.search(text)
        if inst:
            new = dates.find_dates(text[: inst.start()])
            old = dates.find_dates(text[inst.end() :])
            if new and old:
                new_date = new[-1].resolve(reference, future=True)
                old_date = old[0].resolve(new_date or reference, future=False)
                if new_date:
                    out.append(_planned(text, new_date, old_date, body, reference))
            continue
        mv = MOVED.search(text)
        if mv:
            old = dates.find_dates(mv["old"])
            new = dates.find_dates(mv["new"])
            if old and new:
                new_date = new[0].resolve(reference, future=True)
                old_date = old[0].resolve(new_date or reference)
                if new_date:
                    out.append(_planned(mv["new"], new_date, old_date, body, reference))
    return out


def _planned(
    text: str, new: dt.date, old: dt.date | None, body: str | None, reference: dt.date | None
) -> PlannedMeeting:
    start, end, _ = dates.find_time_range(text)
    return PlannedMeeting(body=body, date=new, start=start, end=end, replaces=old)


def plan_body(context: str, default: str | None) -> str | None:
    """The body a list of dates is about: "Følgende dato for møter i KG 2025 blir:" -> "KG"."""
    m = BODY_OF.search(context)
    if not m:
        return default
    if m["b"]:
        return m["b"]
    word = m["n"]
    if word.lower() in {"møte", "møtet", "møter", "møtene"}:
        return default
    return body_from_meeting_noun(word)


def date_list_meetings(
    lines: list[str], reference: dt.date | None, body: str | None
) -> list[PlannedMeeting]:
    """A plain list of meeting dates under a "Møteplan" item: each line starting with a date."""
    out = []
    for line in lines:
        text = line.strip().lstrip("-–•* ")
        found = dates.find_dates(text)
        if not found or found[0].start > 12 or INSTEAD.search(text):
            continue
        value = found[0].resolve(reference, future=True)
        if value:
            start, end, _ = dates.find_time_range(text[found[0].end :])
            out.append(PlannedMeeting(body=body, date=value, start=start, end=end))
    return out


def next_meeting(value: str, reference: dt.date | None, body: str | None) -> PlannedMeeting | None:
    found = dates.find_dates(value)
    if not found:
        return None
    d = found[0]
    date_value = d.resolve(reference, future=True)
    if date_value is None:
        return None
    after = value[d.end :]
    start, end, pos = dates.find_time_range(after)
    place = None
    if pos >= 0:
        tm = dates.TIME_RANGE.search(after, pos) or dates.TIME_SINGLE.search(after, pos)
        rest = after[tm.end() :] if tm else ""
        place = rest.strip(" ,.;:–-") or None
    else:
        place = after.strip(" ,.;:–-") or None
    if place and len(place) > 80:
        place = None
    return PlannedMeeting(body=body, date=date_value, start=start, end=end, place=place)
