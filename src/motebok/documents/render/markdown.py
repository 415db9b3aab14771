"""Markdown: a heading per item, "- " bullets, a pipe table of participants; and the notice e-mail."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from motebok.documents.render import content as c

_LEADING = re.compile(r"^(#|>|\d+[.)]\s|[-+*]\s)")


def _line(text: str) -> str:
    """A line of running text that Markdown will not take for a heading, quote or list."""
    return "\\" + text if _LEADING.match(text) else text


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _blocks(text: str) -> list[str]:
    out = []
    for block in c.blocks(text):
        if block.is_list:
            out.append("\n".join(f"{'  ' * level}- {point}" for point, level in block.points))
        else:
            out.append("  \n".join(_line(line) for line in block.text.splitlines()))
    return out


def _papers(papers) -> str:
    return "\n".join(
        f"- {d.title}" + ("" if d.public else f" ({_('exempt')}: {d.legal_basis})") for d in papers
    )


def render(content: c.Content) -> str:
    meeting = content.meeting
    parts = [f"# {c.title_of(content)}"]
    facts = [f"**{_('Body')}:** {meeting.body.name}", f"**{_('Time')}:** {c.when(meeting)}"]
    if meeting.place:
        facts.append(f"**{_('Place')}:** {meeting.place}")
    if meeting.online_url:
        facts.append(f"**{_('Online')}:** {meeting.online_url}")
    if content.url:
        facts.append(f"**{_('Papers')}:** {content.url}")
    parts.append("  \n".join(facts))
    if content.is_minutes and content.present:
        rows = [
            f"| {_('Name')} | {_('Organization')} | {_('Role')} |",
            "| --- | --- | --- |",
        ]
        for a in content.present:
            organization = a.organization.name if a.organization else ""
            rows.append(
                f"| {_cell(a.person.name)} | {_cell(organization)} | {_cell(c.role_label(a))} |"
            )
        parts += [f"## {_('Participants')}", "\n".join(rows)]
    if content.is_minutes and content.absent:
        names = ", ".join(a.person.name for a in content.absent)
        parts.append(f"**{_('Absent with notice:')}** {names}")
    if content.agenda_hidden:
        parts.append(f"*{_('The agenda is published when the notice is sent.')}*")
    for item in content.items:
        parts.append(f"## {item.number}. {item.title}")
        if not content.is_minutes and c.kind_label(item):
            parts.append(f"*{c.kind_label(item)}*")
        if content.show_text:
            parts += _blocks(item.text)
        if content.is_minutes:
            for contribution in item.contributions.all():
                points = c.contribution_points(contribution)
                parts.append(f"### {c.contribution_heading(contribution)}")
                parts.append("\n".join(f"{'  ' * level}- {text}" for text, level in points))
            if item.conclusion:
                parts += [f"**{_('Conclusion')}**", *_blocks(item.conclusion)]
            if item.deadlines:
                parts.append(f"**{_('Deadlines')}**")
                parts.append(
                    "\n".join(f"- **{c.short_date(t.due)}:** {t.text}" for t in item.deadlines)
                )
        elif item.proposed_conclusion:
            parts += [f"**{_('Proposed conclusion')}**", *_blocks(item.proposed_conclusion)]
        if item.papers:
            parts += [f"**{_('Papers')}**", _papers(item.papers)]
    if content.papers:
        parts += [f"## {_('Documents')}", _papers(content.papers)]
    followup = content.followup
    if followup:
        lines = [
            f"- **{c.short_date(t.due)} ({_('overdue')}):** {t.text}" for t in followup.overdue
        ] + [
            f"- **{c.short_date(t.due)}:** {t.text}" if t.due else f"- {t.text}"
            for t in followup.open
        ]
        parts += [f"## {_('Follow-up: open tasks')}", "\n".join(lines)]
    return "\n\n".join(p for p in parts if p) + "\n"


def notice_mail(content: c.Content, forwarded=()) -> str:
    """The text of the notice e-mail: where and when, the agenda, and what is attached."""
    meeting = content.meeting
    lines = [c.title_of(content), "", f"{_('Time')}: {c.when(meeting)}"]
    if meeting.place:
        lines.append(f"{_('Place')}: {meeting.place}")
    if meeting.online_url:
        lines.append(f"{_('Online')}: {meeting.online_url}")
    lines += ["", f"{_('Agenda')}:"]
    lines += [f"{item.number}. {item.title}" for item in content.items]
    lines += ["", _("The notice is attached as a PDF, with an invitation for your calendar.")]
    if forwarded:
        lines.append(_("Also attached are the approved minutes of:"))
        lines += [f"- {m.body.name}, {c.when(m)}" for m in forwarded]
    lines += ["", _("Papers and the agenda: %(url)s") % {"url": content.url}]
    return "\n".join(lines) + "\n"
