"""The header of minutes: labelled fields ("Tid:", "Sted:", "Til stede:"), title, kind, body, organization."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import dates
from .names import capitalize_org

_LABELS: dict[str, tuple[str, ...]] = {
    "when": (
        "tid", "dato", "møtedato", "møtetid", "tidspunkt", "dato og tid", "dato og klokkeslett", "dato/tid",
        "tid og stad", "tid og sted", "når", "date", "time", "date and time", "when", "møtestart", "møtedag",
    ),
    "place": (
        "sted", "møtested", "møtestad", "stad", "lokale", "møtelokale", "møterom", "venue", "location", "place",
        "where", "sted/rom",
    ),
    "title": ("møtetittel", "tittel", "title", "møte", "meeting"),
    "body": ("utval", "utvalg", "organ", "committee", "body"),
    "present": (
        "til stede", "tilstede", "til stades", "tilstades", "møtt", "møtte", "møtt fram", "deltakere", "deltagere",
        "deltakarar", "deltok", "present", "attendees", "attendance", "members present", "møtende medlemmer",
        "møtande medlemer", "møtande medlemmer", "også til stede", "andre til stede", "også til stades",
        "also present", "in attendance", "observatører", "observatørar", "gjester", "guests",
    ),
    "deputy": ("møtende varamedlemmer", "møtande varamedlemer", "varamedlemmer", "varamedlemer", "vararepresentanter"),
    "absent": (
        "forfall", "meldt forfall", "meldte forfall", "ikke møtt", "ikkje møtt", "fravær", "fraværende",
        "fråverande", "apologies", "apologies for absence", "absent", "ikke til stede", "ikkje til stades",
    ),
    "secretary": (
        "referent", "sekretær", "møtesekretær", "protokollfører", "protokollførar", "minutes", "minute taker",
        "minute-taker", "minutes taken by", "secretary", "clerk", "skriver", "referat skrevet av",
    ),
    "chair": ("møteleder", "møteleiar", "ordstyrer", "ordstyrar", "chair", "chairman", "chairperson", "chaired by"),
    "next": ("neste møte", "next meeting"),
    "stop": (
        "saksliste", "sakliste", "sakskart", "dagsorden", "agenda", "diverse merknader", "merknader",
        "protokoll sendes til", "kopi", "kopi til", "møte nr", "møte nr.", "saksmappe", "arkiv", "saksbehandlar",
        "saksbehandler", "vedlegg", "sakspapirer", "kontaktperson", "e-post", "tlf", "telefon", "innkalt av",
        "utskrift av enkeltsaker sendes til", "navn", "name", "godkjent", "signatur",
    ),
}  # fmt: skip
LABEL_KEY = {name: key for key, names in _LABELS.items() for name in names}
_ALT = "|".join(sorted((re.escape(n) for n in LABEL_KEY), key=len, reverse=True))
LABEL_RE = re.compile(rf"^\s*(?P<label>{_ALT})\s*:\s*(?P<value>.*)$", re.IGNORECASE)
FROM_RE = re.compile(
    r"^\s*(?P<label>fr[aå]\s+(?P<who>[a-zæøå]+)(?:\s+møtte(?:\s+også)?)?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
MINUTES_WORDS = re.compile(
    r"\b(?:referat|protokoll|møteprotokoll|møtebok|minutes|møtereferat)\b", re.IGNORECASE
)
NOTICE_WORDS = re.compile(
    r"\b(?:innkalling|møteinnkalling|innkalling til|notice of (?:the )?meeting|agenda for|dagsorden|velkommen til møte|sakliste|saksliste|sakskart)\b",
    re.IGNORECASE,
)
_BODY_NOUN = (
    r"(?:(?:[a-zæøå]+e\s+|[a-zæøå]+iv\s+)?(?:koordineringsgruppe[n]?|arbeidsgruppe[n]?|faggruppe[n]?|styringsgruppe[n]?"
    r"|kontrollutval(?:et|g|get)?|arbeidsutval(?:et|g|get)?|interessepolitisk utvalg|utval(?:et)?|utvalg(?:et)?"
    r"|representantskap(?:et)?|kommunestyre(?:t)?|fylkesting(?:et)?|formannskap(?:et)?|bystyre(?:t)?|regionråd(?:et)?"
    r"|rådet|styret|styre|årsmøte(?:t)?|komit[eé](?:en)?|programkomit[eé](?:en)?|valgkomit[eé](?:en)?))"
)
BODY_IN_TITLE = re.compile(
    rf"\b(?:møte|referat|protokoll|innkalling|møteprotokoll|møtebok|sakliste|saksliste|dagsorden)\w*\s+"
    rf"(?:fra\s+|frå\s+|for\s+|i\s+|til\s+)?(?:møte(?:t)?\s+(?:i|for)\s+)?"
    rf"(?:(?P<org>[A-ZÆØÅ][\wæøå\-]+)s\s+)?(?P<body>{_BODY_NOUN})(?![\wæøå])",
    re.IGNORECASE,
)
ACRONYM_BODY = re.compile(
    r"(?i:møte|referat|protokoll|innkalling)\w*\s+(?i:fra\s+|frå\s+|i\s+)(?i:møte(?:t)?\s+i\s+)?(?P<body>[A-ZÆØÅ]{2,5})\b"
)
MEETING_NOUN = re.compile(
    r"\b(?P<prefix>[A-ZÆØÅ]{2,5}-|[a-zæøå]+?)(?:s)?møte(?:t|ne|r)?\b", re.IGNORECASE
)
ENGLISH_BODY = re.compile(
    r"\b(?i:minutes of (?:a |the )?(?:meeting of (?:the )?)?)(?P<body>[A-Z][\w&\- ]{2,60}?(?:Committee|Board|Council|Panel|Group|Cabinet|Forum))\b"
)
MUNICIPALITY = re.compile(
    r"\b(?P<org>[A-ZÆØÅ][\wæøåÆØÅ\-]+\s+(?:kommune|KOMMUNE|fylkeskommune|FYLKESKOMMUNE|Kommune))\b"
)
LINK_ORG = re.compile(
    r"\s[-–]\s(?P<org>[A-ZÆØÅ][\wæøå]+(?:regionen|rådet|samarbeidet)|[A-ZÆØÅ][\wæøå]+ (?:kommune|IPR))\s*$"
)
TEAMS = re.compile(
    r"\b(?:på|via|i|on|over|by)\s+(?P<p>Teams|Zoom|Microsoft Teams|Google Meet)\b|\b(?P<q>Teams|Zoom)-møte",
    re.IGNORECASE,
)
LETTER_DATE = re.compile(r"^[A-ZÆØÅ][\wæøå\- ]{1,30},\s*(?:den\s+)?\d")


@dataclass
class Label:
    key: str
    name: str
    value: str
    index: int
    org: str | None = None


@dataclass
class Header:
    title: str | None = None
    kind: str = "minutes"
    organization: str | None = None
    body: str | None = None
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    place: str | None = None
    labels: list[Label] = field(default_factory=list)
    date_line: str | None = None
    warnings: list[str] = field(default_factory=list)


def scan_labels(lines: list[str], start: int = 0, stop: int | None = None) -> list[Label]:
    found: list[Label] = []
    stop = len(lines) if stop is None else stop
    for i in range(start, stop):
        line = lines[i]
        if ":" not in line:
            continue
        m = LABEL_RE.match(line)
        if m:
            name = m.group("label").lower()
            found.append(Label(LABEL_KEY[name], name, m.group("value").strip(), i))
            continue
        m = FROM_RE.match(line)
        if m:
            who = m.group("who").lower()
            found.append(
                Label("present", m.group("label").lower(), m.group("value").strip(), i, org=who)
            )
    return found


def body_from_meeting_noun(word: str) -> str:
    """ "styremøtet" -> "styret", "KG-møtene" -> "KG", "representantskapsmøte" -> "representantskapet"."""
    m = MEETING_NOUN.search(word)
    if not m:
        return word
    prefix = m.group("prefix")
    if prefix.isupper() and not prefix.endswith("-"):
        prefix = prefix.lower()
    prefix = prefix.rstrip("-")
    if not prefix:
        return word
    if prefix.isupper():
        return prefix
    p = prefix.lower()
    if p.endswith("s") and p[:-1].endswith(("skap", "utvalg", "utval", "råd")):
        p = p[:-1]
    if p.endswith("e"):
        return p + "t"
    if p.endswith(("skap", "utvalg", "utval", "råd")):
        return p + "et"
    return p


def _value_after(lines: list[str], label: Label) -> str:
    if label.value:
        return label.value
    for j in range(label.index + 1, min(label.index + 4, len(lines))):
        text = lines[j].strip()
        if not text:
            continue
        if LABEL_RE.match(text):
            return ""
        return text
    return ""


def parse_header(lines: list[str], end: int, all_lines: list[str]) -> Header:
    header = Header()
    header.labels = scan_labels(lines, 0, end)
    _title(header, lines, end)
    _kind(header, lines, end)
    _body_and_org(header, lines, end)
    _when_where(header, lines, end, all_lines)
    return header


def _first_content(lines: list[str], end: int) -> int | None:
    for i in range(min(end, len(lines))):
        if lines[i].strip():
            return i
    return None


def _title(header: Header, lines: list[str], end: int) -> None:
    for label in header.labels:
        if label.key == "title" and label.name in {"møtetittel", "tittel", "title"}:
            value = _value_after(lines, label)
            if value:
                header.title = value.rstrip(". ")
                return
    i = _first_content(lines, end)
    if i is None:
        return
    line = lines[i].strip()
    if LABEL_RE.match(line) or FROM_RE.match(line) or len(line) < 4:
        return
    m = re.search(r"(?<=[A-Za-zÆØÅæøå]{2})\.\s", line)
    if m:
        line = line[: m.start()]
    if len(line) > 160:
        return
    header.title = line.rstrip(". :")


def _kind(header: Header, lines: list[str], end: int) -> None:
    if header.title:
        if MINUTES_WORDS.search(header.title):
            header.kind = "minutes"
            return
        if NOTICE_WORDS.search(header.title):
            header.kind = "notice"
            return
    for line in lines[: min(end, 15)]:
        minutes = MINUTES_WORDS.search(line)
        notice = NOTICE_WORDS.search(line)
        if minutes and re.search(
            r"\b(?:godkjenning|utkast|approval|forrige|førre)\b", line, re.IGNORECASE
        ):
            minutes = None
        if minutes or notice:
            if minutes and (not notice or minutes.start() < notice.start()):
                header.kind = "minutes"
            else:
                header.kind = "notice"
            return
    header.kind = "minutes"


def _body_and_org(header: Header, lines: list[str], end: int) -> None:
    for label in header.labels:
        if label.key == "body":
            value = _value_after(lines, label)
            if value:
                header.body = value
    sources = [header.title or ""] + [line for line in lines[: min(end, 12)] if line.strip()]
    for text in sources:
        if header.body:
            break
        m = BODY_IN_TITLE.search(text)
        if m:
            body = m.group("body")
            header.body = body if body.isupper() and len(body) <= 5 else body.lower()
            if m.group("org") and m.group("org").lower() not in {"møte", "referat", "protokoll"}:
                header.organization = m.group("org")
            break
        m = ACRONYM_BODY.search(text)
        if m and len(text) < 200 and not text.isupper():
            header.body = m.group("body")
            break
        m = ENGLISH_BODY.search(text)
        if m:
            header.body = m.group("body").strip()
            break
        m = MEETING_NOUN.search(text)
        if (
            m
            and text is sources[0]
            and m.group("prefix").strip("-").lower() not in {"", "neste", "forrige"}
        ):
            header.body = body_from_meeting_noun(m.group(0))
            break
    if header.body is None:
        for text in sources[1:6]:
            if len(text.split()) <= 4 and re.fullmatch(
                _BODY_NOUN, text.strip().rstrip(".:"), re.IGNORECASE
            ):
                header.body = text.strip().rstrip(".:").lower()
                break
    if header.body is None:
        for text in sources:
            m = re.search(
                rf"(?<![\wæøå])(?:i|for|til|fra|frå)\s+(?P<body>{_BODY_NOUN})(?![\wæøå])", text
            )
            if m:
                header.body = m.group("body").lower()
                break
    if header.organization is None:
        for text in sources:
            m = MUNICIPALITY.search(text)
            if m:
                header.organization = capitalize_org(m.group("org"))
                break
            m = LINK_ORG.search(text)
            if m:
                header.organization = m.group("org")
                break


def _when_where(header: Header, lines: list[str], end: int, all_lines: list[str]) -> None:
    when_texts = []
    for label in header.labels:
        if label.key == "when":
            value = _value_after(lines, label)
            if value:
                when_texts.append(value)
        elif label.key == "place" and header.place is None:
            value = _value_after(lines, label)
            if value and not LABEL_RE.match(value):
                header.place = _clean_place(value)
    for text in when_texts:
        ds = dates.find_dates(text)
        if ds and header.date is None:
            header.date = ds[0].resolve(None)
            if header.date and re.search(r"\d\s*(?:og|-|–|&)\s*\d", ds[0].text):
                header.warnings.append(
                    f"The meeting spans more than one day ({ds[0].text}); the first day is used."
                )
        if header.start is None:
            start, stop, _ = dates.find_time_range(text, labelled=True)
            if start:
                header.start, header.end = start, stop
    head_lines = [header.title or ""] + [line for line in lines[: min(end, 25)] if line.strip()]
    if header.date is None:
        for text in head_lines:
            if header.kind == "notice" and LETTER_DATE.match(text.strip()):
                continue
            if (
                re.search(r"\b(?:godkjenning|referat fra|approval|previous)\b", text, re.IGNORECASE)
                and text is not head_lines[0]
            ):
                continue
            for d in dates.find_dates(text):
                if d.year is None:
                    continue
                if header.kind == "notice" and re.search(
                    r"[A-ZÆØÅ][\wæøå]+,\s*(?:den\s+)?$", text[: d.start]
                ):
                    header.warnings.append(
                        f"The date {d.text} looks like the date of the letter, not of the meeting; not used."
                    )
                    continue
                header.date = d.resolve(None)
                break
            if header.date:
                break
    if header.date is None:
        for line in reversed(all_lines):
            text = line.strip()
            if not text:
                continue
            ds = dates.find_dates(text)
            if ds and ds[0].year and len(text) - len(ds[0].text) <= 25:
                header.date = ds[0].resolve(None)
                header.date_line = text
                header.warnings.append(
                    f"The meeting date was taken from a date standing alone in the text ({ds[0].text})."
                )
                break
            if len(text) > 40:
                break
    if header.start is None:
        for text in head_lines:
            start, stop, _ = dates.find_time_range(text)
            if start:
                header.start, header.end = start, stop
                break
    if header.place is None:
        for text in head_lines:
            m = TEAMS.search(text)
            if m:
                header.place = (
                    "Teams"
                    if "teams" in (m.group("p") or m.group("q") or "").lower()
                    else (m.group("p") or m.group("q"))
                )
                break
    if header.date is None:
        header.warnings.append("No meeting date found.")


def _clean_place(value: str) -> str:
    value = value.strip().rstrip(".;,")
    return re.sub(r"\s+", " ", value)
