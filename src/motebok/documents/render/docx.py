"""DOCX through python-docx: Word's own heading, list and table styles, so it stays editable."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from motebok.documents.render import content as c

_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def _set_language(document, tag: str) -> None:
    """Spell-check and read aloud in the document's language."""
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        run_properties = document.styles[style_name].element.get_or_add_rPr()
        lang = run_properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_properties.append(lang)
        lang.set(qn("w:val"), tag)


def _paragraphs(document, text: str) -> None:
    for block in c.blocks(text):
        if block.is_list:
            for point, level in block.points:
                document.add_paragraph(point, style="List Bullet 2" if level else "List Bullet")
        else:
            document.add_paragraph(block.text)


def _bold_label(document, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # The header row repeats on every page and is a table header for screen readers.
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _papers(document, papers) -> None:
    for d in papers:
        suffix = "" if d.public else f" ({_('exempt')}: {d.legal_basis})"
        document.add_paragraph(f"{d.title}{suffix}", style="List Bullet")


def render(content: c.Content) -> bytes:
    meeting = content.meeting
    document = Document()
    title = c.title_of(content)
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    properties = document.core_properties
    properties.title = title
    properties.author = meeting.body.cooperation.name
    properties.subject = meeting.body.name
    properties.language = _LANGUAGES.get(language, language)
    properties.created = timezone.now()
    _set_language(document, properties.language)
    document.styles["Normal"].font.size = Pt(10.5)

    document.add_heading(title, level=0)
    _bold_label(document, _("Body"), meeting.body.name)
    _bold_label(document, _("Time"), c.when(meeting))
    if meeting.place:
        _bold_label(document, _("Place"), meeting.place)
    if meeting.online_url:
        _bold_label(document, _("Online"), meeting.online_url)
    if content.url:
        _bold_label(document, _("Papers"), content.url)

    if content.is_minutes and content.present:
        document.add_heading(_("Participants"), level=1)
        _table(
            document,
            [_("Name"), _("Organization"), _("Role")],
            [
                [a.person.name, a.organization.name if a.organization else "", c.role_label(a)]
                for a in content.present
            ],
        )
    if content.is_minutes and content.absent:
        names = ", ".join(a.person.name for a in content.absent)
        _bold_label(document, _("Absent with notice:").rstrip(":"), names)
    if content.agenda_hidden:
        document.add_paragraph(_("The agenda is published when the notice is sent."))
    elif content.items:
        document.add_heading(_("Items") if content.is_minutes else _("Agenda"), level=1)
    for item in content.items:
        document.add_heading(f"{item.number}. {item.title}", level=2)
        if not content.is_minutes and c.kind_label(item):
            document.add_paragraph().add_run(c.kind_label(item)).italic = True
        if content.show_text:
            _paragraphs(document, item.text)
        if content.is_minutes:
            for contribution in item.contributions.all():
                document.add_heading(c.contribution_heading(contribution), level=3)
                for point, level in c.contribution_points(contribution):
                    document.add_paragraph(point, style="List Bullet 2" if level else "List Bullet")
            if item.conclusion:
                document.add_heading(_("Conclusion"), level=3)
                _paragraphs(document, item.conclusion)
            if item.deadlines:
                document.add_heading(_("Deadlines"), level=3)
                for t in item.deadlines:
                    paragraph = document.add_paragraph(style="List Bullet")
                    paragraph.add_run(f"{c.short_date(t.due)}: ").bold = True
                    paragraph.add_run(t.text)
        elif item.proposed_conclusion:
            document.add_heading(_("Proposed conclusion"), level=3)
            _paragraphs(document, item.proposed_conclusion)
        if item.papers:
            document.add_heading(_("Papers"), level=3)
            _papers(document, item.papers)
    if content.papers:
        document.add_heading(_("Documents"), level=1)
        _papers(document, content.papers)
    followup = content.followup
    if followup:
        document.add_heading(_("Follow-up: open tasks"), level=1)
        _table(
            document,
            [_("Due"), _("Task")],
            [[f"{c.short_date(t.due)} ({_('overdue')})", t.text] for t in followup.overdue]
            + [[c.short_date(t.due) if t.due else "–", t.text] for t in followup.open],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
