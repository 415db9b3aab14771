"""Agenda items: finding the numbered headings ("1.", "Sak 4.", "PS 12/25", "Item 3") and their kinds.

Numbered lines are candidates; the items are the best increasing chain of them, so numbered lists
inside an item's text ("1. Hva dere ønsker å vise frem") are not taken for items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTH_RE
from .text import strip_dot_leader

_LABEL = r"(?:sak(?:\s*nr\.?)?|saksnr\.?|item|agenda\s+item|punkt|pkt\.?|post|agenda\s+point)"
PLAIN = re.compile(
    rf"^(?P<indent>\s*)(?:(?P<lab>{_LABEL})\s*)?(?P<n>\d{{1,3}})(?!\d)(?:(?P<sep>[.):])(?![\d])\s*|\s*[–-]\s+|(?P<ws>\s+))(?P<t>.*)$",
    re.IGNORECASE,
)
CASE = re.compile(
    r"^(?P<indent>\s*)(?:(?P<lab>PS|RS|FS|DS|OS|US|DS|Sak|Saksnr\.?|Sak\s+nr\.?)\s*)?(?P<n>\d{1,3})?\s*/\s*(?P<y>\d{2,4})(?![\d/])\s*[.:)]?\s*(?P<t>.*)$",
    re.IGNORECASE,
)
YEARDASH = re.compile(
    r"^(?P<indent>\s*)(?:(?:sak|item)\s*)?(?P<n>\d{1,3})\s*[–-]\s*(?P<y>(?:19|20)\d\d)\s+(?P<t>\S.*)$",
    re.IGNORECASE,
)
_MONTH_START = re.compile(rf"^(?:{MONTH_RE})(?![a-zæøå])", re.IGNORECASE)
_KEEP_LABEL = {"ps", "rs", "fs", "ds", "os", "us"}

KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("approval_of_minutes", re.compile(
        r"godkjenn\w*\s+(?:av\s+)?(?:\w+\s+)?(?:referat|protokoll|møtebok)|^(?:minutes|protokoll)\b|minutes of (?:the )?(?:previous|last)|"
        r"approval of (?:the )?minutes|confirmation of (?:the )?minutes|^referat fra (?:forrige|førre|siste)", re.IGNORECASE)),
    ("approval_of_notice", re.compile(
        r"godkjenn\w*\s+(?:av\s+)?(?:møte)?innkall|godkjenn\w*\s+(?:av\s+)?(?:sak(?:s)?liste|dagsorden|sakskart)|"
        r"innkalling og sak(?:s)?liste|approval of (?:the )?agenda|adoption of (?:the )?agenda|^agenda$|^dagsorden$", re.IGNORECASE)),
    ("round_table", re.compile(
        r"rundt bordet|runde rundt|\brunden\b|nytt fr[aå]\s+(?:del)?region|nytt fr[aå] (?:kommunene|medlem)|hva er nytt|kva er nytt|"
        r"round[- ]?(?:the[- ])?table|tour de table|updates? from (?:members|partners)|member updates", re.IGNORECASE)),
    ("any_other_business", re.compile(r"^(?:eventuelt|evt\.?)\b|\beventuelt$|any other business|^a\.?o\.?b\.?\b|^other business", re.IGNORECASE)),
    ("orientation", re.compile(
        r"orienter|informasjon|^info\b|referatsak|^referat\s+og|meldingssak|^meldinger|^information\b|^updates?\b|"
        r"report from|^rapport\b|^status\b|nytt fra sekretariatet", re.IGNORECASE)),
    ("decision", re.compile(r"vedtakssak|beslutningssak|^decision\b", re.IGNORECASE)),
]  # fmt: skip


@dataclass
class Head:
    line: int
    number: str
    key: int | None
    family: str
    title: str
    score: float
    labelled: bool
    title_next_line: bool = False
    reconstructed: bool = False


def classify(title: str) -> str:
    for kind, regex in KINDS:
        if regex.search(title):
            return kind
    return "other"


def clean_title(title: str) -> str:
    title = strip_dot_leader(title.strip())
    title = re.sub(r"\s+", " ", title)
    title = re.sub(r"\s*[-–:]+$", "", title).strip()
    if title.endswith(".") and not re.search(r"\b(?:m\.m|osv|etc|mv|m\.fl|pr|nr)\.$", title):
        title = title[:-1].rstrip()
    return title


_START = re.compile(
    r"\s*(?:\d|/|(?:sak|saksnr|item|agenda|punkt|pkt|post|ps|rs|fs|ds|os|us)\b)", re.IGNORECASE
)


def candidate(lines: list[str], i: int) -> Head | None:
    line = lines[i]
    if not _START.match(line):
        return None
    if (
        not line.strip()
        or len(line) > 400
        and not re.match(r"^\s*(?:PS|RS)?\s*\d{0,3}/\d{2}", line)
    ):
        return None
    family = "plain"
    m = YEARDASH.match(line)
    key: int | None
    if m:
        number, key, family = f"{m['n']}/{m['y']}", int(m["n"]), f"year:{m['y']}"
        labelled = False
    else:
        m = CASE.match(line)
        if m and (m["n"] or m["lab"] or m["t"][:1].isupper()):
            label = (m["lab"] or "").strip()
            key = int(m["n"]) if m["n"] else None
            year = m["y"]
            num = f"{m['n'] or ''}/{year}"
            number = f"{label.upper()} {num}" if label.lower() in _KEEP_LABEL else num
            family = f"case:{year}"
            labelled = bool(label)
        else:
            m = PLAIN.match(line)
            if not m:
                return None
            key = int(m["n"])
            number = m["n"]
            labelled = bool(m["lab"])
            # "44   MINUTES" or "3 Orientering": a bare number needs a capitalised title.
            if m["ws"] is not None and not labelled and not m["t"][:1].isupper():
                return None
    title = m["t"].strip()
    if title[:1].isdigit() or _MONTH_START.match(title) or title.startswith(("%", "(", "/", "-")):
        return None
    if re.match(r"^(?:kl\.?|klokka|timer?|minutter|år|personer|deltakere)\b", title, re.IGNORECASE):
        return None
    if title and title[:1].islower() and not labelled:
        return None
    title_next = False
    if not title:
        nxt = _next_nonblank(lines, i)
        if nxt is None or not (labelled or family != "plain" or _is_short_title(lines[nxt])):
            return None
        if _candidate_like(lines[nxt]) or re.match(r"^\s*[\wæøåÆØÅ .]{1,25}:", lines[nxt]):
            return None
        title = lines[nxt].strip()
        title_next = True
    indent = len(m["indent"] or "")
    score = 1.0
    if labelled:
        score += 1.5
    if i == 0 or not lines[i - 1].strip():
        score += 0.5
    if i + 1 >= len(lines) or not lines[i + 1].strip():
        score += 0.5
    if len(title) <= 100:
        score += 0.5
    elif len(title) > 160 and family == "plain":
        score -= 1.5
    if indent:
        score -= 1.0
    if title.endswith((":", ",", ";")):
        score -= 0.7
    return Head(i, number, key, family, title, score, labelled, title_next)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].strip():
            return j
    return None


def _is_short_title(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 120 and text[:1].isupper()


def _candidate_like(line: str) -> bool:
    return bool(PLAIN.match(line) and re.match(r"^\s*\d", line))


def find_candidates(lines: list[str], excluded: set[int]) -> list[Head]:
    heads = []
    for i in range(len(lines)):
        if i in excluded:
            continue
        h = candidate(lines, i)
        if h:
            heads.append(h)
    _fill_lost_numbers(heads)
    return heads


def _fill_lost_numbers(heads: list[Head]) -> None:
    """Case numbers whose digits were lost ("/13") follow the previous one of the same year."""
    previous: dict[str, int] = {}
    for h in heads:
        if not h.family.startswith("case:"):
            continue
        if h.key is None and h.family in previous:
            h.key = previous[h.family] + 1
            label, _, rest = h.number.rpartition(" ")
            h.number = f"{label} {h.key}{rest}".strip()
            h.score -= 0.2
            h.reconstructed = True
        if h.key is not None:
            previous[h.family] = h.key


def best_chain(heads: list[Head]) -> list[Head]:
    """The highest-scoring sequence of headings with increasing numbers (gaps cost a little)."""
    usable = [h for h in heads if h.key is not None]
    if not usable:
        return []
    best: list[float] = []
    back: list[int] = []
    for i, h in enumerate(usable):
        score, prev = h.score, -1
        for j in range(i):
            g = usable[j]
            if g.family != h.family or not 0 < h.key - g.key <= 4:
                continue
            candidate_score = best[j] + h.score - 0.4 * (h.key - g.key - 1)
            if candidate_score > score:
                score, prev = candidate_score, j
        if prev == -1 and h.family == "plain" and h.key > 1 and not h.labelled:
            score -= 0.3 * min(h.key - 1, 5)
        best.append(score)
        back.append(prev)
    end = max(range(len(usable)), key=lambda k: (best[k], -k))
    chain = []
    while end != -1:
        chain.append(usable[end])
        end = back[end]
    chain.reverse()
    if len(chain) == 1 and chain[0].score < 1.5:
        return []
    return chain


def list_block(heads: list[Head], lines: list[str], family: str) -> list[Head]:
    """A leading agenda list: consecutive numbered lines with nothing but blank lines between them."""
    heads = [h for h in heads if h.family == family]
    if not heads:
        return []
    first = heads[0]
    block = [first]
    for h in heads[1:]:
        prev = block[-1]
        gap = lines[prev.line + 1 + (1 if prev.title_next_line else 0) : h.line]
        if (
            h.family != first.family
            or h.key is None
            or prev.key is None
            or not 0 < h.key - prev.key <= 4
        ):
            break
        if any(line.strip() for line in gap):
            break
        block.append(h)
    return block if len(block) >= 2 else []
