"""Putting the parts together: text in, `MinutesDraft` out."""

from __future__ import annotations

import re

from ..errors import DocumentError
from ..schema import Item, MinutesDraft, PlannedMeeting
from . import body as body_mod
from .deadlines import find_deadlines
from .groups import find_groups
from .header import LABEL_KEY, LABEL_RE, parse_header, scan_labels
from .items import Head, best_chain, classify, clean_title, find_candidates, list_block
from .participants import parse_attendance
from .plans import (
    INSTEAD,
    MOVED,
    PLAN_TITLE,
    agenda_meeting,
    date_list_meetings,
    find_agenda_plans,
    next_meeting,
    plan_body,
    replacement_meetings,
)
from .text import lines_with, normalize

NEXT_MEETING = re.compile(
    r"^\s*(?:[-–•]\s*)?(?:neste|next)\s+(?:møte|meeting)\s+(?:blir|er|holdes|vert|will be(?: held)?|is)\s+(?:den\s+|on\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
_MOVE_WORDS = (
    "ist",
    "i st",
    "in place of",
    "instead of",
    "replac",
    "erstatt",
    "flytt",
    "moved",
    "endres",
    "endra",
)
DECISION_MARKER = re.compile(
    r"vedtak|resolved|resolution|decision|recommended|agreed|beslutning|avgjerd|avgjørelse",
    re.IGNORECASE,
)
UPPER_RUN = re.compile(r"^((?:[^\sa-zæøåäöü]+\s+){1,15}?)(?=[A-ZÆØÅ]?[a-zæøå])")


def parse_text(text: str) -> MinutesDraft:
    """Parse the text of minutes or a meeting notice. Raises `DocumentError` when there is nothing to parse."""
    if not isinstance(text, str):
        raise DocumentError("the document is not text")
    lines = normalize(text)
    if not any(line.strip() for line in lines):
        raise DocumentError("the document is empty")
    warnings: list[str] = []

    plans = find_agenda_plans(lines)
    excluded = {i for plan in plans for i in range(plan.start, plan.end)}
    candidates = find_candidates(lines, excluded)
    chain = best_chain(candidates)
    block = list_block(candidates, lines, chain[0].family) if chain else []
    body_heads: dict[int, Head] = {}
    if block:
        keys = {h.key for h in block}
        later = [
            h
            for h in candidates
            if h.line > block[-1].line and h.family == block[0].family and h.key in keys
        ]
        if later:
            chain = block
            body_heads = {h.key: h for h in best_chain(later) or later[:1]}

    header_end = chain[0].line if chain else (plans[0].start if plans else len(lines))
    header = parse_header(lines, header_end, lines)
    warnings.extend(header.warnings)
    labels = scan_labels(lines, 0, header_end)
    # Secretaries and chairs are often named at the end ("Referent: ...").
    labels += [lab for lab in scan_labels(lines, header_end) if lab.key in {"secretary", "chair"}]
    participants, absent = parse_attendance(lines, labels, text, warnings)
    reference = header.date
    for line in lines[:header_end]:
        m = body_mod.CONCL_INLINE.match(line.strip())
        if m:
            snippet = m["text"] if len(m["text"]) <= 90 else m["text"][:89].rstrip() + "…"
            warnings.append(
                f"A decision before the first numbered item was not assigned to any item: «{snippet}»"
            )

    plan_starts = sorted(plan.start for plan in plans)
    items: list[Item] = []
    planned: list[tuple[int, PlannedMeeting]] = []
    known_orgs = {p.organization.casefold() for p in participants if p.organization}
    for k, head in enumerate(chain):
        if getattr(head, "reconstructed", False):
            warnings.append(
                f"Item number {head.number} was reconstructed (digits lost in the text)."
            )
        title = head.title
        if body_heads:
            body_lines = _list_item_body(lines, head, body_heads, chain, plan_starts)
            bh = body_heads.get(head.key)
            if bh is not None:
                title, first = _match_title(head.title, bh.title)
                body_lines = ([first] if first else []) + body_lines
        else:
            start = head.line + 1 + (1 if head.title_next_line else 0)
            end = chain[k + 1].line if k + 1 < len(chain) else len(lines)
            end = min([end] + [p for p in plan_starts if p > head.line])
            title, first = _split_long_title(head.title)
            body_lines = ([first] if first else []) + lines[start:end]
        if header.date_line:
            body_lines = [x for x in body_lines if x.strip() != header.date_line]
        body_lines = [x for x in body_lines if not _is_signature_label(x)]
        items.append(
            _item(
                head.number,
                clean_title(title),
                body_lines,
                reference,
                known_orgs,
                warnings,
                planned,
                head.line,
                header.body,
            )
        )

    for plan in plans:
        meeting = agenda_meeting(plan, reference, header.body)
        if meeting:
            planned.append((plan.start, meeting))
        nxt = next((h.line for h in chain if h.line >= plan.end), len(lines))
        trailing = [line.strip() for line in lines[plan.end : nxt] if line.strip()]
        if trailing and (not chain or chain[-1].line < plan.start):
            snippet = " ".join(trailing)
            snippet = snippet if len(snippet) <= 90 else snippet[:89].rstrip() + "…"
            warnings.append(
                f"Text after the agenda for a coming meeting was not assigned to any item: «{snippet}»"
            )
    for index, line in enumerate(lines):
        m = NEXT_MEETING.match(line)
        if m:
            meeting = next_meeting(m["rest"], reference, header.body)
            if meeting:
                planned.append((index, meeting))
    for label in scan_labels(lines):
        if label.key == "next":
            value = label.value or next(
                (x.strip() for x in lines[label.index + 1 : label.index + 3] if x.strip()), ""
            )
            meeting = next_meeting(value, reference, header.body)
            if meeting:
                planned.append((label.index, meeting))

    draft = MinutesDraft(
        kind=header.kind,
        title=header.title,
        organization=header.organization,
        body=header.body,
        date=header.date,
        start=header.start,
        end=header.end,
        place=header.place,
        participants=participants,
        absent=absent,
        items=items,
        deadlines=[d for item in items for d in item.deadlines],
        planned_meetings=_dedupe([m for _, m in sorted(planned, key=lambda pair: pair[0])]),
        groups=[
            g for item in items for g in find_groups(item.text + "\n" + (item.conclusion or ""))
        ],
        warnings=warnings,
    )
    if (
        draft.date is None
        and not participants
        and not absent
        and not items
        and not draft.planned_meetings
    ):
        raise DocumentError(
            "no meeting structure found (no date, attendance list or numbered agenda items)"
        )
    if not items:
        draft.warnings.append("No numbered agenda items found.")
    return draft


def _item(
    number, title, body_lines, reference, known_orgs, warnings, planned, line_no, meeting_body
) -> Item:
    kind = classify(title)
    text_lines, concl_lines, marker = body_mod.split_conclusion(body_lines)
    contributions = []
    if kind == "round_table":
        text_lines, contributions = body_mod.contributions(text_lines, known_orgs)
    text = body_mod.render(text_lines)
    conclusion = body_mod.render(concl_lines) if concl_lines else None
    if kind == "other":
        if (
            marker
            and DECISION_MARKER.search(marker)
            or any(
                "innstilling" in x.lower() and body_mod.SECTION_HEAD.match(x.strip())
                for x in text_lines
            )
        ):
            kind = "decision"
        elif conclusion is None and body_mod.ORIENTATION_START.match(text):
            kind = "orientation"
    where = f"Item {number}"
    parts = [text] + ["\n".join(c.points) for c in contributions] + [conclusion or ""]
    deadlines = find_deadlines("\n".join(p for p in parts if p), reference, where, warnings)
    default_body = plan_body(title, meeting_body)
    context = title
    joined = lines_with("\n".join(body_lines), _MOVE_WORDS)
    moves = bool(joined and (INSTEAD.search(joined) or MOVED.search(joined)))
    for i, line in enumerate(body_lines if moves else ()):
        stripped = line.strip()
        if stripped and not body_mod.BULLET.match(line):
            context = stripped
        if stripped and (INSTEAD.search(stripped) or MOVED.search(stripped)):
            found = replacement_meetings([line], reference, plan_body(context, default_body))
            planned.extend((line_no + i, m) for m in found)
    if PLAN_TITLE.search(title) and not any(pos >= line_no for pos, _ in planned):
        for m in date_list_meetings(
            [x for x in body_lines if body_mod.BULLET.match(x)], reference, default_body
        ):
            planned.append((line_no, m))
    return Item(
        number=number,
        title=title,
        kind=kind,
        text=text,
        contributions=contributions,
        conclusion=conclusion or None,
        deadlines=deadlines,
    )


def _list_item_body(lines, head, body_heads, chain, plan_starts) -> list[str]:
    bh = body_heads.get(head.key)
    if bh is None:
        return []
    later = sorted(h.line for h in body_heads.values() if h.line > bh.line)
    end = later[0] if later else len(lines)
    end = min([end] + [p for p in plan_starts if p > bh.line])
    return lines[bh.line + 1 + (1 if bh.title_next_line else 0) : end]


def _match_title(list_title: str, body_title: str) -> tuple[str, str]:
    """Use the body's own heading when it repeats the agenda title; the rest of its line is text."""
    clean = clean_title(list_title)
    pos = body_title.casefold().find(clean.casefold(), 0, 250)
    if pos < 0:
        return list_title, body_title if len(body_title) > len(clean) + 40 else ""
    found = body_title[pos : pos + len(clean)]
    title = found if not found.isupper() else list_title
    return title, body_title[pos + len(clean) :].strip()


def _split_long_title(title: str) -> tuple[str, str]:
    if len(title) <= 160:
        return title, ""
    m = UPPER_RUN.match(title + " ")
    if m and len(m.group(1).split()) >= 2:
        return m.group(1).strip(), title[m.end() :].strip()
    m = re.search(r"(?<=[a-zæøå]{2})[.:]\s", title[:160])
    if m:
        return title[: m.start()], title[m.end() :].strip()
    cut = title.rfind(" ", 0, 100)
    return title[:cut], title[cut:].strip()


def _is_signature_label(line: str) -> bool:
    if ":" not in line:
        return False
    m = LABEL_RE.match(line)
    return bool(m and LABEL_KEY[m["label"].lower()] in {"secretary", "chair"} and len(line) < 120)


def _dedupe(meetings: list[PlannedMeeting]) -> list[PlannedMeeting]:
    seen = set()
    out = []
    for m in meetings:
        key = (m.date, (m.body or "").casefold())
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out
