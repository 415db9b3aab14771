"""Normalization of raw text into clean lines.

Handles Markdown markup, web-page and PDF-conversion noise, and "blob" lines where a PDF-to-text
conversion glued a whole page into one line (those are split again before known labels).
"""

from __future__ import annotations

import re

_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
        "\u2028": "\n", "\u2029": "\n", "\x0c": "\n", "\x0b": "\n", "\r": "\n",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    }
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_SPACED_THAT = re.compile(r"\bT H A T\b")

NOISE = re.compile(
    r"^(?:hopp til (?:hovedinnhold|innhald|innhold)|skip to (?:main )?content|cost of living support icon"
    r"|størrelse: ?\w*|begynne med side:?|download \".*\"?|transkript|save this pdf as:?|word\s+png\s+txt\s+jpg"
    r"|(?:side|page|sida) \d+ (?:av|of|av totalt) \d+|\d+\s*/\s*\d+|print|skriv ut|del på \w+)$",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\s*\b(?:Side|Page|Sida) \d+ (?:av|of) \d+\b\s*")

# Labels that start a new "line" inside a blob (the value follows the colon).
BLOB_LABELS = re.compile(
    r"(?<![\wæøåÆØÅ])(?=(?i:"
    r"Møtetid|Møtedato|Møtestad|Møtested|Møtestart|Møte nr\.?|Tid|Dato|Sted|Stad|Tidspunkt"
    r"|Til ?stede|Til ?stades|Møtt|Møtte|Deltakere|Deltagere|Deltakarar|Forfall|Meldt forfall|Ikke møtt|Ikkje møtt"
    r"|Møtende (?:medlemmer|varamedlemmer)|Møtande (?:medlemer|varamedlemer)|Varamedlemmer|Varamedlemer"
    r"|Fr[aå] [a-zæøå]+(?: møtte| møtte også)?|Også til stede|Andre til stede|Møtesekretær|Sekretær|Referent|Protokollfører"
    r"|Møteleder|Møteleiar|Diverse merknader|Merknader|Protokoll sendes til|Kopi til|Kopi|Utskrift av enkeltsaker sendes til"
    r"|Saksmappe|Arkiv|Saksbehandlar|Saksbehandler|Neste møte|Present|Apologies|Absent|Also present|In attendance|Venue"
    r")\s*:)"
    r"|(?<![\wæøåÆØÅ])(?=(?:Saksliste|Sakliste|SAKSLISTE|SAKLISTE|Sakskart|Innkalte|Av (?:utvalgets|styrets|kommunestyrets) medlemmer)\b)"
    r"|(?<![\wæøåÆØÅ/])(?=(?:PS|RS|FS|DS|OS)\s*\d{1,3}/\d{2,4})"
    r"|(?<=\s)(?<!PS\s)(?<!RS\s)(?<!FS\s)(?<!DS\s)(?<!OS\s)(?=\d{0,3}/\d{2}\s+[A-ZÆØÅ]{2})"
)
_UPPER_TITLE = re.compile(
    r"^((?:(?:PS|RS|FS|DS|OS)\s*)?\d{0,3}/\d{2,4}\s+)((?:[^\sa-zæøåäöü]*[A-ZÆØÅ][^\sa-zæøåäöü]*|[^\sa-zæøåäöü]+)(?:\s+[^\sa-zæøåäöü]+)*)(\s+.*)?$"
)
_DOT_LEADER = re.compile(r"\s*(?:\.{3,}|…+)\s*\d*\s*$")
BLOB_MIN = 220
_BLOB_HINT = re.compile(r"\b(?:PS|RS)\s*\d|Saksliste|SAKSLISTE|Sakliste|/\d\d\s+[A-ZÆØÅ]{2}")


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _CHAR_MAP) + "]")


def clean_chars(text: str) -> str:
    text = text.replace("\r\n", "\n")
    if _SPECIAL.search(text):
        text = text.translate(_CHAR_MAP)
    return _CONTROL.sub("", text)


def normalize(text: str) -> list[str]:
    """Clean lines of the document, blank lines kept (as "")."""
    raw = clean_chars(text).split("\n")
    lines = [_markdown_line(line.rstrip()) for line in raw]
    lines = _drop_web_noise(lines)
    out: list[str] = []
    for line in lines:
        if len(line) >= BLOB_MIN and (line.count(":") >= 2 or _BLOB_HINT.search(line)):
            out.extend(split_blob(line))
        else:
            out.append(line)
    return out


def _markdown_line(line: str) -> str:
    if not line:
        return line
    m = _MD_HEADING.match(line)
    if m:
        line = m.group(1)
    if line.lstrip().startswith(">"):
        line = _MD_QUOTE.sub("", line)
    if "|" in line and line.strip().startswith("|"):
        if _MD_TABLE_SEP.match(line):
            return ""
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        line = "\t".join(cells)
    if "*" in line or "_" in line:
        line = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), line)
        line = _MD_ITALIC.sub(r"\1", line)
    if "](" in line:
        line = _MD_LINK.sub(lambda m: m.group(1), line)
    if "T H A T" in line:
        line = _SPACED_THAT.sub("THAT", line)
    return line


def _drop_web_noise(lines: list[str]) -> list[str]:
    """Remove page furniture of web/PDF viewers; after a "Transkript" line, drop page numbers."""
    transcript_at = next(
        (i for i, line in enumerate(lines[:40]) if line.strip().lower() == "transkript"), None
    )
    out: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if transcript_at is not None and 0 < i < transcript_at and out:
            # Between the page title and "Transkript" there is only viewer furniture.
            continue
        if stripped and NOISE.match(stripped):
            continue
        if transcript_at is not None and i > transcript_at and stripped:
            m = re.match(r"^\d{1,3}\s+(?=\S)", stripped)
            if m and len(stripped) > 60:
                line = stripped[m.end() :]
        if "Side " in line or "Page " in line:
            line = _PAGE_OF.sub(" ", line).rstrip()
        out.append(line)
    return out


def split_blob(line: str) -> list[str]:
    """Split a glued page into pseudo-lines before labels and case numbers."""
    parts = [p.strip() for p in BLOB_LABELS.split(line)]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        m = _UPPER_TITLE.match(part)
        if m and m.group(3):
            title = m.group(2)
            out.append((m.group(1) + title).strip())
            out.append(m.group(3).strip())
        else:
            out.append(part)
    return out


def strip_dot_leader(text: str) -> str:
    return _DOT_LEADER.sub("", text)


def lines_with(text: str, words: tuple[str, ...]) -> str:
    """Only the lines of `text` that contain one of `words` (lower case): a cheap filter before a regex."""
    low = text.lower()
    starts: set[int] = set()
    for word in words:
        i = low.find(word)
        while i >= 0:
            starts.add(low.rfind("\n", 0, i) + 1)
            i = low.find(word, i + 1)
    if not starts:
        return ""
    out = []
    for start in sorted(starts):
        end = text.find("\n", start)
        out.append(text[start:] if end < 0 else text[start:end])
    return "\n".join(out)
