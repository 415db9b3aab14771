"""Exports from the meeting page and ``motebok export``: the reader gets what the page shows them."""

import io
import json
import types

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import translation

import motebok.urls
from factories import ItemFactory
from motebok.meetings.enums import ItemKind

ALL_ROLES = [
    "anonymous",
    "other_cooperation",
    "member_of_other_body",
    "member",
    "secretariat",
    "admin",
]
INSIDERS = {"member", "secretariat", "admin"}


def nb(msgid):
    with translation.override("nb"):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def export_urls(settings):
    """The export URLs as the lead includes them, until ``motebok.urls`` does."""
    try:
        reverse("meeting_export", kwargs={"pk": 1, "fmt": "pdf"})
    except NoReverseMatch:
        urls = types.ModuleType("export_test_urls")
        urls.urlpatterns = [
            path("meetings/<int:pk>/export/", include("motebok.meetings.urls_export")),
            *motebok.urls.urlpatterns,
        ]
        settings.ROOT_URLCONF = urls


def export(client, world, role, meeting, fmt="md", **params):
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    return client.get(reverse("meeting_export", kwargs={"pk": meeting.pk, "fmt": fmt}), params)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_planned_meeting_export_shows_items_to_insiders_only(client, world, role):
    response = export(client, world, role, world.planned)
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="kg-2025-01-06-notice.md"'
    assert ("## 1. Sak i planned" in text) is (role in INSIDERS)
    assert ("Sakskartet publiseres når innkallingen er sendt." in text) is (role not in INSIDERS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_approved_minutes_export_shows_everything_public(client, world, role):
    text = export(client, world, role, world.approved).content.decode()
    assert text.startswith(
        f"# {nb('Minutes of the meeting of %(body)s')}\n" % {"body": "Koordineringsgruppen"}
    )
    assert "## 1. Sak i minutes_approved" in text
    assert "Tekst i minutes_approved" in text
    assert "Konklusjon i minutes_approved" in text
    assert "- Offentlig vedlegg" in text
    assert ("Unntatt vedlegg" in text) is (role in INSIDERS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_draft_minutes_export_is_the_notice_for_outsiders(client, world, role):
    response = export(client, world, role, world.draft, fmt="json")
    draft = json.loads(response.content)
    assert response["Content-Disposition"].endswith(
        '-minutes.json"' if role in INSIDERS else '-notice.json"'
    )
    assert draft["kind"] == ("minutes" if role in INSIDERS else "notice")
    assert [i["title"] for i in draft["items"]] == ["Sak i minutes_draft"]
    assert draft["items"][0]["text"] == ("Tekst i minutes_draft" if role in INSIDERS else "")
    assert draft["items"][0]["conclusion"] == (
        "Konklusjon i minutes_draft" if role in INSIDERS else None
    )


def test_notice_text_goes_with_the_published_agenda(client, world):
    ItemFactory(
        meeting=world.notice_sent,
        number="2",
        title="Budsjett",
        text="Forslag til budsjett.",
        kind=ItemKind.DECISION,
    )
    text = export(client, world, "anonymous", world.notice_sent).content.decode()
    assert "## 2. Budsjett" in text and "Forslag til budsjett." in text


def test_formats(client, world):
    pdf = export(client, world, "anonymous", world.approved, fmt="pdf")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert pdf["Content-Disposition"] == 'inline; filename="kg-2025-01-09-minutes.pdf"'
    word = export(client, world, "anonymous", world.approved, fmt="docx")
    assert word["Content-Disposition"] == 'attachment; filename="kg-2025-01-09-minutes.docx"'
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(word.content)).paragraphs
        if p.style.name == "Heading 2"
    ]
    assert headings == ["1. Sak i minutes_approved"]
    ics = export(client, world, "anonymous", world.approved, fmt="ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:meeting-{world.approved.pk}@motebok" in ics.content.decode()
    notice = export(client, world, "anonymous", world.approved, document="notice")
    assert notice["Content-Disposition"] == 'inline; filename="kg-2025-01-09-notice.md"'
    assert "Konklusjon i minutes_approved" not in notice.content.decode()


def test_unknown_format_or_meeting_is_404(client, world):
    assert client.get(f"/meetings/{world.approved.pk}/export/exe/").status_code == 404
    assert client.get("/meetings/999999/export/pdf/").status_code == 404


def test_export_command_writes_stdout_and_files(world, tmp_path, capsysbinary):
    call_command("export", str(world.planned.pk), "--format", "md")
    out = capsysbinary.readouterr().out.decode()
    assert "## 1. Sak i planned" in out  # the command sees everything
    call_command("export", str(world.planned.pk), "--format", "md", "--public")
    assert "Sak i planned" not in capsysbinary.readouterr().out.decode()
    target = tmp_path / "referat.pdf"
    call_command("export", str(world.approved.pk), "--format", "pdf", "-o", str(target))
    assert target.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(CommandError, match="no meeting with the id 999999"):
        call_command("export", "999999", "--format", "json")
