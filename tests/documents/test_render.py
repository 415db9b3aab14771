"""Notices and minutes rendered as PDF, DOCX, Markdown and JSON, checked by reading them back."""

import datetime as dt
import io
import time

import docx
import pytest
from django.utils import translation
from pypdf import PdfReader

from factories import DocumentFactory, ItemFactory, MeetingFactory
from motebok.core import demo
from motebok.documents import render
from motebok.documents.render.content import Block, blocks
from motebok.documents.schema import MinutesDraft
from motebok.meetings.enums import ItemKind
from motebok.meetings.models import Meeting

EVERYTHING = render.Visibility(agenda=True, minutes=True, exempt=True, tasks=True)


def nb(msgid):
    with translation.override("nb"):
        return translation.gettext(msgid)


@pytest.fixture
def seed(db):
    demo.load(today=dt.date(2026, 11, 30))
    return Meeting.objects.select_related("body__cooperation").get(start__date=dt.date(2025, 1, 21))


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    """The reader, and the text with every run of white space as one space."""
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def structure_types(node, found=None) -> set[str]:
    """The tag names (H1, L, LI, Table, TH …) in a tagged PDF's structure tree."""
    found = set() if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            structure_types(child, found)
    elif hasattr(node, "get"):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            structure_types(node["/K"], found)
    return found


def test_blocks_split_paragraphs_and_bullets():
    text = "Sekretariatet informerte om:\n\n- Webinar\n- Utmeldelser\n  - Bærum kommune\n\nSiste avsnitt\nmed to linjer"
    assert blocks(text) == [
        Block(text="Sekretariatet informerte om:"),
        Block(points=[("Webinar", 0), ("Utmeldelser", 0), ("Bærum kommune", 1)]),
        Block(text="Siste avsnitt\nmed to linjer"),
    ]
    assert blocks(text)[1].nested == [("Webinar", []), ("Utmeldelser", ["Bærum kommune"])]


def test_minutes_pdf_reads_like_the_example_and_is_fast(seed):
    render.pdf.render(render.load(MeetingFactory(), minutes=False))  # fonts loaded once per process
    started = time.perf_counter()
    result = render.export(seed, "pdf", EVERYTHING)
    elapsed = time.perf_counter() - started
    assert elapsed < 3, f"{elapsed:.2f} s"
    assert result.filename == "koordineringsgruppen-2025-01-21-minutes.pdf"
    reader, text = pdf_text(result.data)
    assert text.startswith(
        "Referat fra møte i administrativ koordineringsgruppe "
        f"{nb('Body')} Administrativ koordineringsgruppe "
        f"{nb('Time')} 21. januar 2025, 10:00–13:00 "
        f"{nb('Place')} Oslo rådhus, møtesenteret - møterom 2 "
    )
    assert (
        f"{nb('Name')} {nb('Organization')} {nb('Role')} Martin Hafsahl Asker og Bærum IPR" in text
    )
    assert "Eva Næss Karlsen Osloregionen Nestleder" in text  # rows of the participants table
    assert "Målfrid Baik Osloregionen Leder" in text
    assert f"1. Godkjenning av innkalling {nb('Conclusion')} Godkjennes med endringer" in text
    assert (
        "3. Runde rundt bordet – Hva er nytt i delregionene? Asker og Bærum IPR "
        "Oslofjorden, stormøte i Oslofjord-rådet"
    ) in text
    assert "Jernbane/buss Gjennomgående tog fra Holmestrand til Gardermoen" in text
    assert f"{nb('Conclusion')} Sekretariatet vil sammen med KG gjøre en vurdering" in text
    assert "1. mars 2025: Frist for innsending er 1 mars. 10. Magasin i DN" in text
    assert "12. Nye datoer for møter i KG" in text
    assert len(reader.pages) == 8
    # PDF/A-3b, tagged, in Norwegian
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"]) is True
    tags = structure_types(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/TD", "/L", "/LI", "/P"} <= tags
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert reader.metadata.title.startswith("Referat fra møte i administrativ koordineringsgruppe")


def test_public_minutes_leave_out_exempt_papers_and_deadlines(seed):
    DocumentFactory(meeting=seed, title="Offentlig notat")
    DocumentFactory(meeting=seed, title="Unntatt notat", public=False, legal_basis="Offl. § 14")
    public = render.Visibility(agenda=True, minutes=True)
    text = render.export(seed, "md", public).data.decode()
    assert "- Offentlig notat" in text
    assert "Unntatt notat" not in text
    assert "Frist for innsending er 1 mars." in text  # in the conclusion, not as a task
    assert "- **1. mars 2025:** Frist for innsending er 1 mars." not in text
    text = render.export(seed, "md", EVERYTHING).data.decode()
    assert f"- Unntatt notat ({nb('exempt')}: Offl. § 14)" in text
    assert "- **1. mars 2025:** Frist for innsending er 1 mars." in text


def test_docx_has_headings_tables_and_norwegian_letters(seed):
    document = docx.Document(io.BytesIO(render.export(seed, "docx", EVERYTHING).data))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == ("Title", "Referat fra møte i administrativ koordineringsgruppe")
    assert ("Heading 2", "3. Runde rundt bordet – Hva er nytt i delregionene?") in headings
    assert ("Heading 3", "Samarbeidsrådet for Nedre Romerike") in headings
    assert ("Heading 3", nb("Conclusion")) in headings
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [nb("Name"), nb("Organization"), nb("Role")]
    assert [c.text for c in table.rows[-1].cells] == ["Målfrid Baik", "Osloregionen", "Leder"]
    assert len(table.rows) == 14
    bullets = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("List")
    ]
    assert ("List Bullet", "Ny tømmerterminal") in bullets
    assert (
        "List Bullet 2",
        "Gjennomgående tog fra Holmestrand til Gardermoen og Drammen til Torp flyplass",
    ) in bullets
    assert document.core_properties.language == "nb-NO"
    assert document.core_properties.author == "Osloregionen"


def test_markdown_headings_per_item_and_bullets(seed):
    text = render.export(seed, "md", EVERYTHING).data.decode()
    lines = text.splitlines()
    assert lines[0] == "# Referat fra møte i administrativ koordineringsgruppe"
    assert [line for line in lines if line.startswith("## ")][1:4] == [
        "## 1. Godkjenning av innkalling",
        "## 2. Godkjenning av referat fra møtet i koordineringsgruppen den 19. nov 2024",
        "## 3. Runde rundt bordet – Hva er nytt i delregionene?",
    ]
    assert "### Drammensregionen IPR\n\n- Ny tømmerterminal\n" in text
    assert "- Jernbane/buss\n  - Gjennomgående tog fra Holmestrand" in text
    assert "| Målfrid Baik | Osloregionen | Leder |" in lines
    assert "- Webinar, arealplanlegging og ekstremvær, 8. januar (over 130 deltakere)" in lines


def test_markdown_escapes_text_that_would_change_the_structure(db):
    meeting = MeetingFactory()
    ItemFactory(
        meeting=meeting, number="1", title="Sak", text="# ikke en overskrift\n1. ikke en liste"
    )
    text = render.markdown.render(render.load(meeting, minutes=False))
    assert "\\# ikke en overskrift  \n\\1. ikke en liste" in text


def test_json_is_a_minutes_draft_the_importer_reads(seed):
    draft = MinutesDraft.model_validate_json(render.export(seed, "json", EVERYTHING).data)
    assert (draft.kind, draft.body, draft.date, draft.start, draft.end) == (
        "minutes",
        "Administrativ koordineringsgruppe",
        dt.date(2025, 1, 21),
        dt.time(10, 0),
        dt.time(13, 0),
    )
    assert len(draft.participants) == 13 and draft.participants[-1].role == "chair"
    assert [i.number for i in draft.items] == [str(n) for n in range(1, 13)]
    assert (
        draft.items[2].contributions[1].points[3]
        == "- Gjennomgående tog fra Holmestrand til Gardermoen og Drammen til Torp flyplass"
    )
    assert [(d.date, d.text) for d in draft.deadlines][0] == (
        dt.date(2025, 2, 3),
        "Frist for å melde interesse for å være med som medarrangør på Osloregionens dag på Thon Hotel Arendal er den 3. februar.",
    )


def test_notice_shows_kind_proposed_conclusion_and_papers(db):
    meeting = MeetingFactory(place="Oslo rådhus, møterom 1")
    item = ItemFactory(
        meeting=meeting,
        number="1",
        kind=ItemKind.DECISION,
        title="Budsjett 2026",
        text="Saksframstilling.",
        proposed_conclusion="Budsjettet vedtas.",
    )
    DocumentFactory(meeting=meeting, item=item, title="Budsjettforslag")
    md = render.markdown.render(render.load(meeting, minutes=False))
    assert f"## 1. Budsjett 2026\n\n*{nb('Decision')}*\n\nSaksframstilling." in md
    assert "Saksframstilling." in md and "Budsjettet vedtas." in md and "- Budsjettforslag" in md
    hidden = render.markdown.render(render.load(meeting, minutes=False, texts=False))
    assert "Saksframstilling." not in hidden and "Budsjettet vedtas." in hidden
