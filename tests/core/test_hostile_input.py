"""Hostile input: a corpus of bad uploads at every upload point, and script payloads in every
text field a person can write, are refused or neutralized, never a 500, never active HTML."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import ContributionFactory, ItemFactory, MembershipFactory, OrganizationFactory
from motebok.calls.models import Call, SubmissionAttachment
from motebok.documents.pdf_safety import active_content
from motebok.meetings.models import Document
from motebok.orgs.models import Seat

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def pdf(*catalog: str, objects: tuple[str, ...] = ()) -> bytes:
    """A small, valid PDF whose catalog carries ``catalog`` entries; ``objects`` are 4 0 obj on."""
    body = [
        "<< /Type /Catalog /Pages 2 0 R " + " ".join(catalog) + " >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(body) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def zip_bomb() -> bytes:
    """A .docx-shaped zip whose document part unpacks a thousand times its size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


PASSIVE_PDF = pdf()
TYPE = "content is not what its name says"
ACTIVE = "active content"
BAD_UPLOADS = [
    (
        "script.pdf",
        pdf("/OpenAction 4 0 R", objects=("<< /S /JavaScript /JS (app.alert(1)) >>",)),
        ACTIVE,
    ),
    ("launch.pdf", pdf("/OpenAction << /S /Launch /F (cmd.exe) >>"), ACTIVE),
    (
        "carrier.pdf",
        pdf(
            "/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
            objects=("<< /Type /Filespec /F (a.exe) >>",),
        ),
        ACTIVE,
    ),
    ("bomb.docx", zip_bomb(), "unpacks to far more than its size"),
    ("damaged.pdf", b"%PDF-1.7\nnothing else", "damaged"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", TYPE),
    ("program.exe", b"MZ\x90\x00", "Only PDF, DOCX, ODT, XLSX, TXT, PNG and JPG"),
    ("notes.txt", b"Gyldig start \xff\xfe\xc3\x28 ugyldig UTF-8", TYPE),
    ("fake.docx", b"PK\x03\x04 not really a zip", TYPE),
    ("empty.pdf", b"", "The submitted file is empty"),
]


def test_the_pdf_check_finds_what_it_must_and_passes_the_rest():
    assert active_content(PASSIVE_PDF) == []
    assert active_content(BAD_UPLOADS[0][1]) == ["/JS", "/JavaScript"]
    assert active_content(BAD_UPLOADS[1][1]) == ["/Launch"]
    assert active_content(BAD_UPLOADS[2][1]) == ["/EmbeddedFiles"]


@pytest.fixture
def answerable(world):
    """An open call the world's member can answer for their region."""
    region = OrganizationFactory(name="Folloregionen IPR", slug="folloregionen")
    MembershipFactory(organization=region, cooperation=world.coop)
    Seat.objects.filter(person__user=world.member).update(
        organization=region, start=dt.date(2020, 1, 1)
    )
    now = timezone.now()
    call = Call.objects.create(
        cooperation=world.coop,
        title="Vertskap",
        text="Hvem?",
        opens=now - dt.timedelta(days=1),
        deadline=now + dt.timedelta(days=10),
    )
    return reverse("call_answer", args=[call.pk, region.pk])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS, ids=[u[0] for u in BAD_UPLOADS])
def test_bad_uploads_are_refused_at_every_upload_point(world, answerable, name, data, message):
    secretariat = _client(world.secretariat)
    paper = secretariat.post(
        reverse("agenda_paper_add", args=[world.planned.pk]),
        {"paper-access": "public", "paper-file": SimpleUploadedFile(name, data)},
        **EN,
    )
    assert paper.status_code == 200
    assert message in paper.content.decode().replace("&#x27;", "'")
    assert Document.objects.filter(meeting=world.planned).count() == 0

    answer = _client(world.member).post(
        answerable, {"text": "Vårt svar.", "file": SimpleUploadedFile(name, data)}, **EN
    )
    assert answer.status_code == 400
    assert message in answer.content.decode().replace("&#x27;", "'")
    assert SubmissionAttachment.objects.count() == 0


IMPORT_REFUSALS = [
    ("script.pdf", BAD_UPLOADS[0][1], "the PDF contains scripts or other active content"),
    ("bomb.docx", zip_bomb(), "the .docx looks like a zip bomb"),
    ("notes.txt", b"\xff\xfe\xc3\x28" * 50, "no meeting structure found"),
    ("program.exe", b"MZ\x90\x00", "unsupported file type"),
    ("empty.pdf", b"", "empty.pdf: the file is empty"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), IMPORT_REFUSALS, ids=[u[0] for u in IMPORT_REFUSALS]
)
def test_bad_minutes_files_are_refused_by_the_importer(world, name, data, message):
    response = _client(world.secretariat).post(
        reverse("import_upload"),
        {"file": SimpleUploadedFile(name, data), "cooperation": world.coop.pk},
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert 'class="ds-error-summary"' in html
    assert message in html


def test_a_path_in_an_upload_name_stays_inside_the_storage(world):
    response = _client(world.secretariat).post(
        reverse("agenda_paper_add", args=[world.planned.pk]),
        {
            "paper-access": "public",
            "paper-file": SimpleUploadedFile("../../../etc/passwd.pdf", PASSIVE_PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(meeting=world.planned)
    assert document.file.name == f"documents/{world.planned.pk}/passwd.pdf"


def test_malformed_utf8_in_a_form_is_not_a_server_error(world):
    client = _client(world.secretariat)
    item = world.notice_sent.items.get()
    response = client.post(
        reverse("minutes_item", args=[world.notice_sent.pk, item.pk]),
        data=b"text=%FF%FE%C3%28&conclusion=ok&version=" + str(item.version).encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400)
    item.refresh_from_db()
    assert "\x00" not in item.text


SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_script_payloads_in_every_text_field_are_shown_as_text(world):
    """Written through the real forms where there is one, straight to the rows elsewhere, then
    read back on every page that shows them: escaped everywhere, never a tag."""
    secretariat = _client(world.secretariat)
    meeting = world.approved
    meeting.title, meeting.place = f"Møte {SCRIPT}", f"Sted {SCRIPT}"
    meeting.save()
    world.kg.name = f"KG {SCRIPT}"
    world.kg.save()
    item = ItemFactory(
        meeting=meeting,
        number="2",
        title=f"Sak {SCRIPT}",
        text=f"Tekst {SCRIPT}\n\n- punkt {SCRIPT}",
        conclusion=f"Konklusjon {SCRIPT}",
    )
    region = OrganizationFactory(name=f"Region {SCRIPT}", slug="region-x")
    ContributionFactory(item=item, organization=region, points=f"Punkt {SCRIPT}\nAndre {SCRIPT}")
    edited = world.notice_sent.items.get()
    saved = secretariat.post(
        reverse("minutes_item", args=[world.notice_sent.pk, edited.pk]),
        {"text": f"Notat {SCRIPT}", "conclusion": f"Vedtak {SCRIPT}", "version": edited.version},
    )
    assert saved.status_code == 302

    anonymous = Client()
    pages = [
        (meeting.get_absolute_url(), (anonymous, secretariat)),
        (world.notice_sent.get_absolute_url(), (anonymous, secretariat)),
        (reverse("body_detail", args=[world.kg.slug]), (anonymous, secretariat)),
        (reverse("cooperation_detail", args=[world.coop.slug]), (anonymous, secretariat)),
        (reverse("search") + "?q=alert", (anonymous, secretariat)),
        (reverse("minutes_edit", args=[world.notice_sent.pk]), (secretariat,)),
        (reverse("agenda_edit", args=[world.planned.pk]), (secretariat,)),
    ]
    for url, clients in pages:
        for client in clients:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "<script>alert" not in html, url
            assert "<img src=x" not in html, url
    public = Client().get(meeting.get_absolute_url()).content.decode()
    for text in (
        f"Sak {ESCAPED}",
        f"Konklusjon {ESCAPED}",
        f"Punkt {ESCAPED}",
        f"Region {ESCAPED}",
    ):
        assert text in public
    feed = Client().get(reverse("body_minutes_feed", args=[world.kg.slug])).content.decode()
    assert "<script>" not in feed
    assert "&lt;script&gt;" in feed
