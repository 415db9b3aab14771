"""An item's body: its text (bullets as "- " lines), its conclusion, and round-table contributions."""

from __future__ import annotations

import re

from ..schema import Contribution

BULLET = re.compile(r"^(?P<indent>\s*)(?:[-–•*·▪◦►✓➢→]|o(?=\s+[A-ZÆØÅ]))\s+(?P<text>\S.*)$")
_TERMINAL = (".", "!", "?", ":", ";", "»", '"', ")")

_CONCL_WORDS = (
    r"konklusjon(?:ar|er|en)?|vedtak(?:et)?|endeleg vedtak|endelig vedtak|samrøystes vedtak|enstemmig vedtak"
    r"|[\wæøå]+s vedtak|[\wæøå]+ sitt vedtak|vedtak i [\wæøå ]{2,30}|beslutning|avgjerd|avgjørelse|decision|decisions"
    r"|conclusion|conclusions|agreed|resolved|resolution|resolutions|outcome"
)
_CONCL_KEYS = (
    "konklusjon", "vedtak", "beslutning", "avgjerd", "avgjørelse", "decision", "conclusion", "agreed", "resolv",
    "resolution", "outcome", "recommended",
)  # fmt: skip
CONCL_HEAD = re.compile(rf"^(?:{_CONCL_WORDS})\s*(?:\([^)]*\))?\s*:?\s*$", re.IGNORECASE)
CONCL_INLINE = re.compile(
    rf"^(?:{_CONCL_WORDS}|recommended)\s*(?:\([^)]*\))?\s*(?::|\s[-–]|-)\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
SECTION_HEAD = re.compile(
    r"^(?:innstilling|forslag til vedtak|framlegg til vedtak|tilråding|[\wæøå]+s innstilling|[\wæøå]+ si tilråding"
    r"|[\wæøå]+ sitt framlegg|behandling|handsaming|drøfting|votering|røysting|saksopplysninger|bakgrunn|vurdering"
    r"|discussion|recommendation|proposal|background|saksframstilling|saksutgreiing)(?:\s+i\s+[\wæøå ]{2,30})?\s*:?\s*$",
    re.IGNORECASE,
)
ONE_PARAGRAPH_CONCL = re.compile(
    r"^(?:godkjen(?:nes|t|d|des)|vert godkjen[dt]|ble godkjent|blei godkjend|er godkjent|enstemmig godkjent"
    r"|samrøystes godkjend|tas til orientering|teke til orientering|tatt til orientering|takast til orientering"
    r"|saken tas til orientering|saka vert teken til orientering|approved|agreed|noted|adopted)\b",
    re.IGNORECASE,
)
LAST_PARAGRAPH_CONCL = re.compile(
    r"^(?:saken\s+|saka\s+|orienteringen\s+|orienteringa\s+)?(?:tas|ble tatt|vart teken|vert teken|takast|blir tatt)\s+til\s+orientering\b",
    re.IGNORECASE,
)
ORIENTATION_START = re.compile(
    r"^(?:[\wæøå]+\s+){0,2}(?:informerte|orienterte)\b|^det ble (?:gitt en )?(?:informert|orientert|orientering)|^det vart orientert",
    re.IGNORECASE,
)


def render(lines: list[str]) -> str:
    """Lines to text: blank runs become one blank line, bullets "- ", PDF-broken sentences joined."""
    out: list[str] = []
    pending_blank = False
    for raw in lines:
        if not raw.strip():
            pending_blank = bool(out)
            continue
        m = BULLET.match(raw)
        if m:
            level = 1 if len(m["indent"].expandtabs(4)) > 0 else 0
            text = "  " * level + "- " + m["text"].strip()
        else:
            text = raw.strip()
        if out and pending_blank:
            prev = out[-1]
            prev_is_bullet = prev.lstrip().startswith("- ")
            if not m and text[:1].islower() and not prev.rstrip().endswith(_TERMINAL):
                out[-1] = prev + " " + text
            elif m and prev_is_bullet:
                out.append(text)
            else:
                out.append("")
                out.append(text)
        else:
            out.append(text)
        pending_blank = False
    return "\n".join(out).strip()


def paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges of non-blank runs."""
    spans = []
    start = None
    for i, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(lines)))
    return spans


def split_conclusion(lines: list[str]) -> tuple[list[str], list[str] | None, str | None]:
    """(text lines, conclusion lines or None, the marker line used, if any)."""
    marker = None
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or len(text) > 400:
            continue
        head = text[:48].lower()
        if not any(key in head for key in _CONCL_KEYS):
            continue
        if CONCL_HEAD.match(text):
            marker = (i, "head", None)
        else:
            m = CONCL_INLINE.match(text)
            if m:
                marker = (i, "inline", m["text"])
    if marker is not None:
        i, how, inline = marker
        if how == "head":
            end = len(lines)
            for j in range(i + 1, len(lines)):
                if SECTION_HEAD.match(lines[j].strip()):
                    end = j
                    break
            concl = lines[i + 1 : end]
            rest = lines[:i] + lines[end:]
        else:
            end = i + 1
            while end < len(lines) and lines[end].strip():
                end += 1
            # A lead-in ending with ":" carries the list that follows it.
            if (inline or "").rstrip().endswith(":") or (
                end > i + 1 and lines[end - 1].rstrip().endswith(":")
            ):
                k = end
                while k < len(lines) and not lines[k].strip():
                    k += 1
                while k < len(lines) and (
                    BULLET.match(lines[k]) or re.match(r"^\s*\d+[.)]\s", lines[k])
                ):
                    k += 1
                    end = k
            concl = [inline or ""] + lines[i + 1 : end]
            rest = lines[:i] + lines[end:]
        marker_text = lines[i].strip()
        if any(line.strip() for line in concl):
            return rest, concl, marker_text
        return rest, None, marker_text
    spans = paragraphs(lines)
    if len(spans) == 1:
        s, e = spans[0]
        first = lines[s].strip()
        if ONE_PARAGRAPH_CONCL.match(first) and sum(len(x) for x in lines[s:e]) < 400:
            return lines[:s] + lines[e:], lines[s:e], None
    if len(spans) >= 2:
        s, e = spans[-1]
        if LAST_PARAGRAPH_CONCL.match(lines[s].strip()):
            return lines[:s], lines[s:e], None
    return lines, None, None


def _is_org_heading(lines: list[str], i: int, known: set[str]) -> bool:
    text = lines[i].strip()
    if not text or BULLET.match(lines[i]) or len(text) > 80 or len(text.split()) > 9:
        return False
    if text.endswith((".", ":", ";", ",", "?", "!")) or not text[:1].isupper():
        return False
    if i > 0 and lines[i - 1].strip():
        return False
    if text.casefold() in known:
        return True
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines[j].strip():
            return bool(BULLET.match(lines[j]))
    return False


INLINE_CONTRIB = re.compile(r"^(?P<org>[A-ZÆØÅ][^:.\n]{1,60}?)\s*:\s+(?P<text>\S.*)$")


def contributions(lines: list[str], known_orgs: set[str]) -> tuple[list[str], list[Contribution]]:
    """Split a round-table body into preamble lines and one contribution per organization heading."""
    heads = [i for i in range(len(lines)) if _is_org_heading(lines, i, known_orgs)]
    if len(heads) >= 2:
        out: list[Contribution] = []
        for k, i in enumerate(heads):
            end = heads[k + 1] if k + 1 < len(heads) else len(lines)
            out.append(
                Contribution(organization=lines[i].strip(), points=points(lines[i + 1 : end]))
            )
        return lines[: heads[0]], out
    inline = [
        (i, INLINE_CONTRIB.match(line.strip().lstrip("-–• "))) for i, line in enumerate(lines)
    ]
    inline = [(i, m) for i, m in inline if m and len(m["org"].split()) <= 6]
    if len(inline) >= 2:
        out = []
        for _, m in inline:
            org = m["org"].strip()
            if out and out[-1].organization == org:
                out[-1].points.append(m["text"].strip())
            else:
                out.append(Contribution(organization=org, points=[m["text"].strip()]))
        used = {i for i, _ in inline}
        return [line for i, line in enumerate(lines) if i not in used], out
    return lines, []


def points(lines: list[str]) -> list[str]:
    """Bullets and paragraphs as points; sub-bullets stay with their parent as "- " lines."""
    result: list[str] = []
    pending_blank = False
    for raw in lines:
        if not raw.strip():
            pending_blank = True
            continue
        m = BULLET.match(raw)
        if m and len(m["indent"].expandtabs(4)) > 0 and result:
            result[-1] += "\n- " + m["text"].strip()
        elif m:
            result.append(m["text"].strip())
        else:
            text = raw.strip()
            if result and text[:1].islower() and not result[-1].rstrip().endswith(_TERMINAL):
                result[-1] += " " + text
            elif result and not pending_blank:
                result[-1] += "\n" + text
            else:
                result.append(text)
        pending_blank = False
    return result
