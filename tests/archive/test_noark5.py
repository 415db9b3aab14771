"""The Noark 5 archive extract: ``motebok export-archive`` on the world fixture and the demo."""

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation
from lxml import etree
from pypdf import PdfReader

from factories import (
    AttendanceFactory,
    BodyFactory,
    DocumentFactory,
    ItemFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.__main__ import main
from motebok.archive.noark5.collect import collect, system_id
from motebok.archive.noark5.validate import schema
from motebok.core import demo
from motebok.meetings.enums import AttendanceRole, AttendanceStatus, DocumentKind, MeetingStatus
from motebok.orgs.enums import SeatRole

N = {"n": "http://www.arkivverket.no/standarder/noark5/arkivstruktur"}
A = {"a": "http://www.arkivverket.no/standarder/addml"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def archive(world):
    """The world, plus: a second approved KG meeting with a notice, people and an item paper,
    an approved board meeting, a cancelled KG meeting, and approved meetings outside the
    period or of the other cooperation."""
    w = world
    w.approved.minutes_approved_at = _at(dt.date(2025, 1, 20))
    w.approved.save()
    MeetingFactory(body=w.kg, status=MeetingStatus.CANCELLED, start=_at(dt.date(2025, 1, 20)))
    w.feb = MeetingFactory(
        body=w.kg,
        status=MeetingStatus.MINUTES_APPROVED,
        start=_at(dt.date(2025, 2, 4)),
        place="Oslo rådhus, møterom 2",
        notice_sent_at=_at(dt.date(2025, 1, 28)),
        minutes_approved_at=_at(dt.date(2025, 2, 20)),
    )
    w.feb_item = ItemFactory(meeting=w.feb, number="2", title="Kraftstrategi")
    w.feb_paper = DocumentFactory(
        meeting=w.feb,
        item=w.feb_item,
        title="Saksframlegg kraft",
        file=ContentFile(b"kraft og energi", name="kraft.txt"),
        sha256=hashlib.sha256(b"kraft og energi").hexdigest(),
    )
    hadeland = OrganizationFactory(name="Hadelandsregionen IPR")
    ringerike = OrganizationFactory(name="Ringeriksregionen IPR")
    gjovik = OrganizationFactory(name="Gjøvikregionen")
    AttendanceFactory(
        meeting=w.feb,
        person=PersonFactory(name="Kari Leder"),
        organization=hadeland,
        role=AttendanceRole.CHAIR,
        position=1,
    )
    ola = PersonFactory(name="Ola Nestleder")
    SeatFactory(person=ola, body=w.kg, role=SeatRole.DEPUTY_CHAIR, start=dt.date(2024, 1, 1))
    AttendanceFactory(meeting=w.feb, person=ola, organization=ringerike, position=2)
    AttendanceFactory(
        meeting=w.feb,
        person=PersonFactory(name="Per Vara"),
        organization=gjovik,
        status=AttendanceStatus.SUBSTITUTE,
        position=3,
    )
    AttendanceFactory(
        meeting=w.feb,
        person=PersonFactory(name="Anne Borte"),
        status=AttendanceStatus.ABSENT,
        position=4,
    )
    AttendanceFactory(
        meeting=w.feb,
        person=PersonFactory(name="Siri Referent"),
        organization=w.coop,
        role=AttendanceRole.MINUTE_TAKER,
        position=5,
    )
    w.board_meeting = MeetingFactory(
        body=w.board, status=MeetingStatus.MINUTES_APPROVED, start=_at(dt.date(2025, 1, 15), 12)
    )
    ItemFactory(meeting=w.board_meeting, number="1", title="Budsjett")
    MeetingFactory(
        body=w.kg, status=MeetingStatus.MINUTES_APPROVED, start=_at(dt.date(2024, 12, 10))
    )
    MeetingFactory(body=w.kg, status=MeetingStatus.MINUTES_APPROVED, start=_at(dt.date(2025, 3, 4)))
    MeetingFactory(
        body=w.other_body, status=MeetingStatus.MINUTES_APPROVED, start=_at(dt.date(2025, 1, 22))
    )
    return w


def _export(out: Path, coop="osloregionen", start="2025-01-01", end="2025-02-28") -> str:
    stdout = io.StringIO()
    with translation.override("en"):
        call_command(
            "export_archive", "--cooperation", coop, "--from", start, "--to", end, str(out),
            stdout=stdout,
        )  # fmt: skip
    return stdout.getvalue()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _text(element, path: str) -> str | None:
    return element.findtext(path, namespaces=N)


@pytest.fixture
def extract(archive, tmp_path):
    out = tmp_path / "uttrekk"
    archive.output = _export(out)
    archive.out = out
    archive.tree = etree.parse(str(out / "arkivstruktur.xml"))
    return archive


def test_both_documents_are_valid_against_the_official_schemas(extract):
    assert schema("arkivstruktur.xsd").validate(extract.tree)
    assert schema("addml.xsd").validate(etree.parse(str(extract.out / "arkivuttrekk.xml")))


def test_the_folder_holds_the_xml_the_schemas_the_checksums_and_the_documents(extract):
    names = sorted(
        p.relative_to(extract.out).as_posix() for p in extract.out.rglob("*") if p.is_file()
    )
    kg9 = f"dokumenter/2025-01-09-kg-{extract.approved.pk}"
    board = f"dokumenter/2025-01-15-styret-{extract.board_meeting.pk}"
    feb = f"dokumenter/2025-02-04-kg-{extract.feb.pk}"
    umask = os.umask(0)
    os.umask(umask)
    assert extract.out.stat().st_mode & 0o777 == 0o777 & ~umask
    assert names == sorted([
        "addml.xsd", "arkivstruktur.xml", "arkivstruktur.xsd", "arkivuttrekk.xml",
        "metadatakatalog.xsd", "sha256sums.txt",
        f"{kg9}/offentlig-vedlegg.txt", f"{kg9}/unntatt-vedlegg.txt", f"{kg9}/protokoll.pdf",
        f"{board}/protokoll.pdf",
        f"{feb}/innkalling.pdf", f"{feb}/saksframlegg-kraft.txt", f"{feb}/protokoll.pdf",
    ])  # fmt: skip


def test_only_approved_meetings_of_the_cooperation_in_the_period(extract):
    folders = extract.tree.findall(".//n:mappe", N)
    assert [f.get(XSI_TYPE) for f in folders] == ["moetemappe"] * 3
    assert [
        (_text(f, "n:moetedato"), _text(f, "n:utvalg"), _text(f, "n:moetenummer")) for f in folders
    ] == [
        ("2025-01-09", "Koordineringsgruppen", "4/2025"),
        ("2025-01-15", "Styret", "1/2025"),
        ("2025-02-04", "Koordineringsgruppen", "5/2025"),
    ]
    ids = [_text(f, "n:systemID") for f in folders]
    assert ids == [
        system_id("meeting", m.pk) for m in (extract.approved, extract.board_meeting, extract.feb)
    ]
    for absent in (extract.planned, extract.notice_sent, extract.draft):
        assert system_id("meeting", absent.pk) not in ids


def test_previous_and_next_meeting_of_the_same_body(extract):
    kg9, board, feb = extract.tree.findall(".//n:mappe", N)
    assert _text(kg9, "n:referanseForrigeMoete") is None
    assert _text(kg9, "n:referanseNesteMoete") == _text(feb, "n:systemID")
    assert _text(feb, "n:referanseForrigeMoete") == _text(kg9, "n:systemID")
    assert _text(feb, "n:referanseNesteMoete") is None
    assert _text(board, "n:referanseForrigeMoete") is None
    assert _text(board, "n:referanseNesteMoete") is None
    assert _text(feb, "n:moetested") == "Oslo rådhus, møterom 2"


def test_participants_with_their_function_and_without_the_absent(extract):
    feb = extract.tree.findall(".//n:mappe", N)[2]
    people = [
        (_text(p, "n:moetedeltakerNavn"), _text(p, "n:moetedeltakerFunksjon"))
        for p in feb.findall("n:moetedeltaker", N)
    ]
    assert people == [
        ("Kari Leder", "Leder, Hadelandsregionen IPR"),
        ("Ola Nestleder", "Nestleder, Ringeriksregionen IPR"),
        ("Per Vara", "Medlem, Vara, Gjøvikregionen"),
        ("Siri Referent", "Referent, Osloregionen"),
    ]


def _records(folder):
    return [
        (
            r.get(XSI_TYPE),
            _text(r, "n:moeteregistreringstype"),
            _text(r, "n:moeteregistreringsstatus"),
            _text(r, "n:tittel"),
        )
        for r in folder.findall("n:registrering", N)
    ]


def test_records_notice_papers_and_minutes_with_type_and_status(extract):
    kg9, board, feb = extract.tree.findall(".//n:mappe", N)
    assert _records(kg9) == [
        ("moeteregistrering", "Saksframlegg", "Ferdig", "Offentlig vedlegg"),
        ("moeteregistrering", "Saksframlegg", "Ferdig", "Unntatt vedlegg"),
        (
            "moeteregistrering",
            "Møteprotokoll",
            "Godkjent",
            "Referat fra møte i Koordineringsgruppen",
        ),
    ]
    assert _records(board) == [
        ("moeteregistrering", "Møteprotokoll", "Godkjent", "Referat fra møte i Styret"),
    ]
    assert _records(feb) == [
        (
            "moeteregistrering",
            "Møteinnkalling",
            "Sendt",
            "Innkalling til møte i Koordineringsgruppen",
        ),
        ("moeteregistrering", "Saksframlegg", "Ferdig", "Saksframlegg kraft"),
        (
            "moeteregistrering",
            "Møteprotokoll",
            "Godkjent",
            "Referat fra møte i Koordineringsgruppen",
        ),
    ]
    notice, paper, minutes = feb.findall("n:registrering", N)
    assert _text(notice, "n:saksbehandler") == "Siri Referent"
    assert _text(notice, "n:administrativEnhet") == "Osloregionen, Sekretariat"
    assert _text(notice, "n:opprettetDato") == "2025-01-28T10:00:00+01:00"
    assert _text(minutes, "n:opprettetDato") == "2025-02-20T10:00:00+01:00"
    with translation.override("nb"):
        label = translation.gettext("Agenda item %(number)s: %(title)s") % {
            "number": "2",
            "title": "Kraftstrategi",
        }
    assert _text(paper, "n:beskrivelse") == label
    assert [
        (_text(d, "n:dokumenttype"), _text(d, "n:tilknyttetRegistreringSom"))
        for d in minutes.findall("n:dokumentbeskrivelse", N)
    ] == [("Møteprotokoll", "Hoveddokument")]


def test_the_exempt_paper_is_included_and_marked_with_its_legal_basis(extract):
    kg9 = extract.tree.findall(".//n:mappe", N)[0]
    public, exempt, minutes = kg9.findall("n:registrering", N)
    assert public.find("n:skjerming", N) is None
    assert minutes.find("n:skjerming", N) is None
    for element in (exempt, exempt.find("n:dokumentbeskrivelse", N)):
        marking = element.find("n:skjerming", N)
        assert [(c.tag.split("}")[1], c.text) for c in marking] == [
            ("tilgangsrestriksjon", "Unntatt offentlighet"),
            ("skjermingshjemmel", "Offl. § 14"),
            ("skjermingMetadata", "tittel"),
            ("skjermingDokument", "Hele dokumentet"),
        ]
    assert _text(exempt, "n:offentligTittel") == "Unntatt offentlighet"
    # The public minutes do not name the exempt paper; the public one is listed.
    text = "".join(
        page.extract_text()
        for page in PdfReader(extract.out / _text(minutes, ".//n:referanseDokumentfil")).pages
    )
    assert "Offentlig vedlegg" in text
    assert "Unntatt vedlegg" not in text


def test_every_document_object_points_to_its_file_with_its_checksum(extract):
    objects = extract.tree.findall(".//n:dokumentobjekt", N)
    assert len(objects) == 7
    for obj in objects:
        path = extract.out / _text(obj, "n:referanseDokumentfil")
        assert _text(obj, "n:sjekksum") == _sha256(path)
        assert _text(obj, "n:sjekksumAlgoritme") == "SHA256"
        assert int(_text(obj, "n:filstoerrelse")) == path.stat().st_size
    formats = sorted((_text(o, "n:variantformat"), _text(o, "n:format")) for o in objects)
    assert formats == [("Arkivformat", "fmt/477")] * 4 + [("Produksjonsformat", "text/plain")] * 3


def test_the_rendered_minutes_are_pdf_a_2b(extract):
    reader = PdfReader(extract.out / f"dokumenter/2025-02-04-kg-{extract.feb.pk}/protokoll.pdf")
    xmp = etree.fromstring(reader.xmp_metadata.stream.get_data())
    pdfaid = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    part = xmp.xpath("string(//@pdfaid:part | //pdfaid:part)", namespaces=pdfaid)
    conformance = xmp.xpath(
        "string(//@pdfaid:conformance | //pdfaid:conformance)", namespaces=pdfaid
    )
    assert (part, conformance) == ("2", "B")
    assert "Kraftstrategi" in "".join(p.extract_text() for p in reader.pages)


def test_the_checksum_file_covers_every_other_file(extract):
    lines = (extract.out / "sha256sums.txt").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {
        p.relative_to(extract.out).as_posix()
        for p in extract.out.rglob("*")
        if p.is_file() and p.name != "sha256sums.txt"
    }
    assert set(listed) == files
    assert all(listed[name] == _sha256(extract.out / name) for name in files)


def test_the_addml_description_counts_and_checksums(extract):
    tree = etree.parse(str(extract.out / "arkivuttrekk.xml"))

    def prop(name, root=tree):
        return root.xpath(f"//a:property[@name='{name}']", namespaces=A)

    def value(element):
        return element.findtext("a:value", namespaces=A)

    sums = {
        value(f.find("a:properties/a:property[@name='name']", A)): value(
            f.find(".//a:property[@name='value']", A)
        )
        for f in prop("file")
    }
    assert sums == {
        name: _sha256(extract.out / name)
        for name in ("arkivstruktur.xml", "arkivstruktur.xsd", "metadatakatalog.xsd")
    }
    counts = {
        value(c): value(c.find(".//a:property[@name='value']", A))
        for c in prop("numberOfOccurrences")
    }
    assert counts == {"mappe": "3", "registrering": "7"}
    assert value(prop("antallDokumentfiler")[0]) == "7"
    assert value(prop("inneholderSkjermetInformasjon")[0]) == "true"
    assert [value(p) for p in (prop("startDate")[0], prop("endDate")[0])] == [
        "2025-01-01",
        "2025-02-28",
    ]
    assert value(tree.xpath("//a:additionalElement[@name='recordCreator']", namespaces=A)[0]) == (
        "Osloregionen"
    )


def test_summary_line(extract):
    last = extract.output.strip().splitlines()[-1]
    assert last.startswith(
        f"{extract.out}: meetings: 3, records: 7 (exempt: 1), document files: 7 ("
    )
    assert last.endswith("valid against Noark 5 v5.0 and ADDML 8.3.")


def test_an_empty_folder_is_used_and_nothing_is_left_beside_it(archive, tmp_path):
    out = tmp_path / "tom"
    out.mkdir()
    _export(out, start="2025-02-01", end="2025-02-28")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "tom"]
    folders = etree.parse(str(out / "arkivstruktur.xml")).findall(".//n:mappe", N)
    assert [_text(f, "n:moetenummer") for f in folders] == ["5/2025"]
    # The previous meeting is outside this extract: no link to a folder that is not there.
    assert _text(folders[0], "n:referanseForrigeMoete") is None


def _fails(tmp_path, capsys, *args) -> str:
    """Run through ``motebok`` as a user would; the exit status is 1 and nothing is written."""
    before = sorted(p.name for p in tmp_path.iterdir())
    with translation.override("en"), pytest.raises(SystemExit) as exc:
        main(["export-archive", *args])
    assert exc.value.code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--cooperation", "ukjent", "--from", "2025-01-01", "--to", "2025-12-31"],
            "CommandError: No cooperation has the slug ukjent.",
        ),
        (
            ["--cooperation", "osloregionen", "--from", "2025-12-31", "--to", "2025-01-01"],
            "CommandError: The period starts after it ends.",
        ),
        (
            ["--cooperation", "osloregionen", "--from", "2025-02-30", "--to", "2025-12-31"],
            "CommandError: 2025-02-30 is not a date: write it as YYYY-MM-DD.",
        ),
        (
            ["--cooperation", "osloregionen", "--from", "1.1.2025", "--to", "2025-12-31"],
            "CommandError: 1.1.2025 is not a date: write it as YYYY-MM-DD.",
        ),
        (
            ["--cooperation", "kg", "--from", "2025-01-01", "--to", "2025-12-31"],
            "CommandError: No cooperation has the slug kg.",
        ),
    ],
)
def test_bad_arguments_are_refused(archive, tmp_path, capsys, args, message):
    assert _fails(tmp_path, capsys, *args, str(tmp_path / "ut")) == message


def test_a_folder_that_is_not_empty_is_refused(archive, tmp_path, capsys):
    out = tmp_path / "ut"
    out.mkdir()
    (out / "gammel.txt").write_text("x")
    message = _fails(
        tmp_path, capsys, "--cooperation", "osloregionen", "--from", "2025-01-01",
        "--to", "2025-12-31", str(out),
    )  # fmt: skip
    assert message == f"CommandError: {out} is not empty: give a new or an empty folder."
    assert [p.name for p in out.iterdir()] == ["gammel.txt"]


def test_a_folder_whose_parent_is_missing_is_refused(archive, tmp_path, capsys):
    out = tmp_path / "finnes-ikke" / "ut"
    message = _fails(
        tmp_path, capsys, "--cooperation", "osloregionen", "--from", "2025-01-01",
        "--to", "2025-12-31", str(out),
    )  # fmt: skip
    assert message == f"CommandError: The folder {out.parent} does not exist."


def test_characters_xml_cannot_carry_are_left_out(archive, tmp_path):
    archive.feb_paper.title = "Saks\x0bframlegg\x1f kraft"
    archive.feb_paper.save()
    out = tmp_path / "ut"
    _export(out)
    tree = etree.parse(str(out / "arkivstruktur.xml"))
    assert schema("arkivstruktur.xsd").validate(tree)
    titles = [_text(r, "n:tittel") for r in tree.findall(".//n:registrering", N)]
    assert "Saksframlegg kraft" in titles


def test_a_damaged_stored_file_stops_the_extract_and_leaves_nothing(archive, tmp_path, capsys):
    archive.feb_paper.sha256 = "0" * 64
    archive.feb_paper.save()
    message = _fails(
        tmp_path, capsys, "--cooperation", "osloregionen", "--from", "2025-01-01",
        "--to", "2025-12-31", str(tmp_path / "ut"),
    )  # fmt: skip
    assert message == (
        f"CommandError: The file of document {archive.feb_paper.pk} (Saksframlegg kraft) does "
        "not match the checksum recorded when it was uploaded."
    )


def test_an_invalid_document_stops_the_extract_and_leaves_nothing(archive, tmp_path, capsys):
    AttendanceFactory(meeting=archive.feb, person=PersonFactory(name=""), position=9)
    message = _fails(
        tmp_path, capsys, "--cooperation", "osloregionen", "--from", "2025-01-01",
        "--to", "2025-12-31", str(tmp_path / "ut"),
    )  # fmt: skip
    assert message.startswith(
        "CommandError: arkivstruktur.xml is not valid against arkivstruktur.xsd: line "
    )
    assert "moetedeltakerNavn" in message


def test_collect_takes_a_fixed_number_of_queries(archive, django_assert_num_queries):
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    with django_assert_num_queries(5):
        small = collect(archive.coop, start, end)
    for day in range(10, 20):
        m = MeetingFactory(
            body=BodyFactory(cooperation=archive.coop),
            status=MeetingStatus.MINUTES_APPROVED,
            start=_at(dt.date(2025, 6, day)),
        )
        AttendanceFactory(meeting=m)
        DocumentFactory(meeting=m, kind=DocumentKind.ATTACHMENT)
    with django_assert_num_queries(5):
        large = collect(archive.coop, start, end)
    assert (len(small), len(large)) == (4, 14)


def test_the_demo_archive(db, tmp_path):
    demo.load(today=dt.date(2026, 11, 30))
    out = tmp_path / "demo"
    _export(out, start="2025-01-01", end="2025-12-31")
    tree = etree.parse(str(out / "arkivstruktur.xml"))
    assert schema("arkivstruktur.xsd").validate(tree)
    assert schema("addml.xsd").validate(etree.parse(str(out / "arkivuttrekk.xml")))
    (folder,) = tree.findall(".//n:mappe", N)
    assert (
        _text(folder, "n:moetedato"),
        _text(folder, "n:utvalg"),
        _text(folder, "n:moetenummer"),
        _text(folder, "n:moetested"),
    ) == (
        "2025-01-21",
        "Administrativ koordineringsgruppe",
        "1/2025",
        "Oslo rådhus, møtesenteret - møterom 2",
    )
    assert _text(folder, "n:tittel") == "Administrativ koordineringsgruppe 2025-01-21"
    assert _text(folder, "n:beskrivelse") == "Referat fra møte i administrativ koordineringsgruppe"
    assert len(folder.findall("n:moetedeltaker", N)) == 13
    assert [r[1] for r in _records(folder)] == ["Møteprotokoll"]
    (minutes,) = folder.findall("n:registrering", N)
    assert [
        (_text(d, "n:dokumenttype"), _text(d, "n:tilknyttetRegistreringSom"))
        for d in minutes.findall("n:dokumentbeskrivelse", N)
    ] == [("Møteprotokoll", "Hoveddokument"), ("Møtereferat", "Vedlegg")]
    source = minutes.findall(".//n:dokumentobjekt", N)[1]
    assert _text(source, "n:sjekksum") == _sha256(out / _text(source, "n:referanseDokumentfil"))
