"""The agenda editor and its services: standing items, order, papers, sending, forwarding, cases."""

import datetime as dt
import io

import pytest
from django.core import mail as django_mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from pypdf import PdfReader, PdfWriter

from factories import DocumentFactory, ItemFactory, MeetingFactory, PersonFactory, SeatFactory
from motebok.core.models import OutboxMessage
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.meetings import agenda, notice
from motebok.meetings.enums import ItemKind, MeetingStatus
from motebok.meetings.models import Document


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = blank_pdf()
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def oslo(*args):
    return timezone.make_aware(dt.datetime(*args))


def future(days, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def nb(msgid, **values):
    """The text as the (bokmål) catalogue has it now, for strings the lead translates later."""
    with translation.override("nb"):
        return translation.gettext(msgid) % values if values else translation.gettext(msgid)


def agenda_of(meeting):
    return list(meeting.items.order_by("position").values_list("number", "kind", "title"))


# Standing items, order


def test_standing_items_once_with_the_previous_held_meeting(world):
    meeting = MeetingFactory(body=world.kg, start=oslo(2025, 2, 11, 10))
    ItemFactory(meeting=meeting, number="7", title="Budsjett", kind=ItemKind.DECISION)
    added = agenda.add_standing_items(meeting)
    assert len(added) == 4
    assert agenda_of(meeting) == [
        ("1", ItemKind.APPROVAL_OF_NOTICE, nb("Approval of the notice")),
        (
            "2",
            ItemKind.APPROVAL_OF_MINUTES,
            nb("Approval of the minutes of the meeting on %(date)s", date="9. januar 2025"),
        ),
        ("3", ItemKind.ROUND_TABLE, nb("Round the table – what is new in the regions?")),
        ("4", ItemKind.DECISION, "Budsjett"),
        ("5", ItemKind.ANY_OTHER_BUSINESS, nb("Any other business")),
    ]
    approval = meeting.items.get(kind=ItemKind.APPROVAL_OF_MINUTES)
    assert approval.approves == world.approved  # the draft of 8 Jan was held too, but earlier
    assert agenda.add_standing_items(meeting) == []
    assert meeting.items.count() == 5


def test_first_meeting_of_a_body_approves_nothing(world):
    agenda.add_standing_items(world.planned)  # the KG's earlier meetings were never held
    approval = world.planned.items.get(kind=ItemKind.APPROVAL_OF_MINUTES)
    assert (approval.title, approval.approves) == (
        nb("Approval of the minutes of the previous meeting"),
        None,
    )


def test_add_move_and_delete_keep_the_numbers_in_order(world):
    meeting = world.planned
    agenda.add_standing_items(meeting)
    new = agenda.add_item(meeting, title=" Ny sak ", kind=ItemKind.DECISION, text="- a\n- b")
    assert (new.number, new.title) == ("5", "Ny sak")  # before any other business
    assert agenda.move_item(new, "up") is True
    assert new.number == "4"
    assert [t for _, _, t in agenda_of(meeting)][3:] == [
        "Ny sak",
        "Sak i planned",
        nb("Any other business"),
    ]
    first = meeting.items.get(number="1")
    assert agenda.move_item(first, "up") is False
    last = meeting.items.get(number="6")
    assert agenda.move_item(last, "down") is False
    agenda.delete_item(meeting.items.get(title="Sak i planned"))
    assert [n for n, _, _ in agenda_of(meeting)] == ["1", "2", "3", "4", "5"]


def test_stale_edit_is_refused_and_held_meeting_is_locked(world):
    item = world.planned.items.get()
    agenda.update_item(item, title="Ny tittel", kind=ItemKind.ORIENTATION, version=1)
    assert (item.title, item.version) == ("Ny tittel", 2)
    with pytest.raises(ValidationError):
        agenda.update_item(item, title="Gammel", kind=ItemKind.ORIENTATION, version=1)
    with pytest.raises(ValidationError):
        agenda.add_item(world.approved, title="For sent")


# Papers


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_paper_name_type_and_size_are_checked(world, settings):
    item = world.planned.items.get()
    doc = agenda.attach_paper(item, upload("../../etc/Møte plan.PDF", PDF), public=True)
    assert doc.file.name == f"documents/{world.planned.pk}/Møte_plan.pdf"
    assert (doc.title, doc.content_type, doc.size, doc.item) == (
        "Møte plan",
        "application/pdf",
        len(PDF),
        item,
    )
    for name, data in [("virus.exe", b"MZ\x90\x00"), ("fake.pdf", b"MZ\x90\x00"), ("a.docx", PDF)]:
        with pytest.raises(ValidationError) as error:
            agenda.attach_paper(item, upload(name, data))
        assert list(error.value.message_dict) == ["file"]
    settings.MOTEBOK_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        agenda.attach_paper(item, upload("big.pdf", PDF))
    assert error.value.message_dict == {
        "file": [nb("The file is larger than %(limit)s.", limit=filesizeformat(10))]
    }
    with pytest.raises(ValidationError) as error:
        agenda.attach_paper(world.planned, upload("x.txt", b"hei"), public=False)
    assert list(error.value.message_dict) == ["legal_basis"]


def post_paper(client, meeting, **data):
    fields = {
        "paper-access": "public",
        "paper-legal_basis": "",
        "paper-title": "",
        "paper-item": "",
    }
    fields.update({f"paper-{k}": v for k, v in data.items()})
    return client.post(reverse("agenda_paper_add", args=[meeting.pk]), fields, **EN)


def test_exempt_paper_without_legal_basis_is_a_form_error(client, world):
    client.force_login(world.secretariat)
    response = post_paper(
        client, world.planned, file=upload("notat.txt", b"hemmelig"), access="exempt"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_paper-legal_basis_err">An exempt paper needs the legal basis' in html
    assert 'class="ds-error-summary"' in html
    assert Document.objects.filter(meeting=world.planned).count() == 0
    response = post_paper(
        client,
        world.planned,
        file=upload("notat.txt", b"hemmelig"),
        access="exempt",
        legal_basis="Offl. § 13",
    )
    assert response.status_code == 302
    doc = Document.objects.get(meeting=world.planned)
    assert (doc.public, doc.legal_basis, doc.title) == (False, "Offl. § 13", "notat")


def test_wrong_type_or_oversized_upload_is_a_form_error(client, world, settings):
    client.force_login(world.secretariat)
    html = post_paper(client, world.planned, file=upload("x.pdf", b"<html>")).content.decode()
    assert 'id="id_paper-file_err">The file&#x27;s content is not what its name says (pdf).' in html
    settings.MOTEBOK_MAX_UPLOAD_BYTES = 4
    html = post_paper(client, world.planned, file=upload("x.pdf", PDF)).content.decode()
    assert 'id="id_paper-file_err">The file is larger than 4\xa0bytes.</p>' in html
    assert Document.objects.filter(meeting=world.planned).count() == 0


# Sending the notice


def seat(body, name, email="", **kwargs):
    return SeatFactory(body=body, person=PersonFactory(name=name, email=email), **kwargs)


def test_send_notice_mails_current_seat_holders_and_publishes(client, world):
    seat(world.kg, "Anne Berg", "anne@example.org")
    seat(world.kg, "Bjørn Dahl", "bjorn@example.org")
    seat(
        world.kg, "Gammel", "gammel@example.org", start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)
    )
    seat(world.kg, "Ny", "ny@example.org", start=timezone.localdate() + dt.timedelta(days=30))
    seat(world.board, "Styre", "styre@example.org")
    meeting = world.planned
    assert "Sak i planned" not in client.get(meeting.get_absolute_url()).content.decode()

    result = notice.send_notice(meeting)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTICE_SENT and meeting.notice_sent_at is not None
    assert [p.name for p in result.sent] == ["Anne Berg", "Bjørn Dahl"]
    assert [p.name for p in result.without_address] == ["Medlem"]
    rows = list(OutboxMessage.objects.order_by("dedup_key"))
    assert {r.subject for r in rows} == {
        nb("Notice: %(title)s", title="Koordineringsgruppen, 6. januar 2025, 10:00–13:00")
    }
    assert sorted(r.to for r in rows) == [["anne@example.org"], ["bjorn@example.org"]]
    for row in rows:
        assert [(a.filename, a.content_type) for a in row.attachments.all()] == [
            (f"{slugify(nb('notice'))}-kg-2025-01-06.pdf", "application/pdf"),
            (f"{slugify(nb('invitation'))}-kg-2025-01-06.ics", "text/calendar; method=REQUEST"),
        ]
        pdf = PdfReader(io.BytesIO(bytes(row.attachments.first().content)))
        assert "1. Sak i planned" in pdf.pages[0].extract_text()
        assert b"BEGIN:VEVENT" in bytes(row.attachments.last().content)
    assert "Sak i planned" in client.get(meeting.get_absolute_url()).content.decode()
    kept = meeting.documents.get(kind="notice")
    assert (kept.public, kept.content_type) == (True, "application/pdf")

    again = notice.send_notice(meeting)
    assert (again.sent, [p.name for p in again.already_sent]) == ([], ["Anne Berg", "Bjørn Dahl"])
    assert OutboxMessage.objects.count() == 2
    seat(world.kg, "Cecilie", "cecilie@example.org")
    assert [p.name for p in notice.send_notice(meeting).sent] == ["Cecilie"]
    assert OutboxMessage.objects.count() == 3


def test_send_delivers_after_commit(world, django_capture_on_commit_callbacks):
    seat(world.kg, "Anne Berg", "anne@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notice.send_notice(world.planned)
    assert [m.to for m in django_mail.outbox] == [["anne@example.org"]]
    assert len(django_mail.outbox[0].attachments) == 2


def test_forwarding_attaches_the_kgs_approved_minutes(world):
    world.board.receives_minutes_of.add(world.kg)
    MeetingFactory(
        body=world.board, start=oslo(2025, 1, 2, 12), status=MeetingStatus.MINUTES_APPROVED
    )
    board_meeting = MeetingFactory(body=world.board, start=oslo(2025, 1, 20, 12))
    seat(world.board, "Styreleder", "leder@example.org")
    assert notice.forwarded_minutes(board_meeting) == [world.approved]  # not the 8 Jan draft
    notice.send_notice(board_meeting)
    message = OutboxMessage.objects.get()
    names = [a.filename for a in message.attachments.all()]
    assert names == [
        f"{slugify(nb('notice'))}-styret-2025-01-20.pdf",
        f"{slugify(nb('invitation'))}-styret-2025-01-20.ics",
        f"{slugify(nb('minutes'))}-kg-2025-01-09.pdf",
    ]
    minutes = PdfReader(io.BytesIO(bytes(message.attachments.last().content)))
    text = "\n".join(page.extract_text() for page in minutes.pages)
    assert "1. Sak i minutes_approved" in text
    assert "Konklusjon i minutes_approved" in text
    assert "Koordineringsgruppen" in message.body


# Cases across bodies, follow-up


def test_place_on_next_meeting_keeps_one_case(world):
    MeetingFactory(body=world.board, start=future(40))
    nearest = MeetingFactory(body=world.board, start=future(10))
    agenda.add_standing_items(nearest)
    item = ItemFactory(
        meeting=world.planned,
        title="Energistasjonsprosjektet",
        proposed_conclusion="Tas til orientering.",
    )
    placed = agenda.place_on_next_meeting(item, world.board)
    item.refresh_from_db()
    assert placed.meeting == nearest
    assert (placed.number, placed.title, placed.proposed_conclusion) == (
        "4",
        "Energistasjonsprosjektet",
        "Tas til orientering.",
    )
    assert item.case is not None and placed.case == item.case
    assert item.case.title == "Energistasjonsprosjektet"
    assert agenda.place_on_next_meeting(item, world.board) == placed
    assert list(item.case.items.order_by("meeting__start")) == [item, placed]
    with pytest.raises(ValidationError):
        agenda.place_on_next_meeting(item, world.other_body)


def test_body_followup_lists_open_tasks_overdue_first(world):
    item = world.approved.items.get()
    late = Task.objects.create(
        cooperation=world.coop, item=item, text="Sen", due=dt.date(2025, 1, 2)
    )
    soon = Task.objects.create(
        cooperation=world.coop, text="Snart", due=dt.date(2025, 3, 1), responsible_body=world.kg
    )
    undated = Task.objects.create(cooperation=world.coop, item=item, text="Uten frist")
    Task.objects.create(
        cooperation=world.coop,
        item=item,
        text="Ferdig",
        status=TaskStatus.DONE,
        done_at=timezone.now(),
    )
    Task.objects.create(cooperation=world.coop, text="Styrets", responsible_body=world.board)
    followup = notice.body_followup(world.kg, today=dt.date(2025, 2, 1))
    assert (followup.overdue, followup.open) == ([late], [soon, undated])


# Views: permissions, htmx, query counts


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other_cooperation", 403),
        ("member_of_other_body", 403),
        ("member", 403),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_only_the_secretariat_edits(client, world, role, status):
    user = world.users()[role]
    if user:
        client.force_login(user)
    url = reverse("agenda_edit", args=[world.planned.pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"/login/?next={url}"
    item = world.planned.items.get()
    move = client.post(
        reverse("agenda_item_move", args=[world.planned.pk, item.pk]), {"direction": "down"}
    )
    assert move.status_code == (302 if status != 403 else 403)
    add = client.post(
        reverse("agenda_item_add", args=[world.planned.pk]),
        {"item-title": "X", "item-kind": "other"},
    )
    assert add.status_code == (302 if status != 403 else 403)
    assert world.planned.items.count() == (2 if status == 200 else 1)


def test_unknown_meeting_is_404_for_the_secretariat(client, world):
    client.force_login(world.secretariat)
    assert client.get(reverse("agenda_edit", args=[999999])).status_code == 404
    assert (
        client.get(
            reverse("agenda_item_edit", args=[world.planned.pk, world.approved.items.get().pk])
        ).status_code
        == 404
    )


def test_move_with_htmx_returns_the_list_and_without_js_redirects(client, world):
    client.force_login(world.secretariat)
    agenda.add_standing_items(world.planned)
    item = world.planned.items.get(title="Sak i planned")
    url = reverse("agenda_item_move", args=[world.planned.pk, item.pk])
    response = client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true", **EN)
    html = response.content.decode()
    assert html.startswith('\n<ol class="ds-list ds-list--unstyled stack" id="agenda-items"')
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML">Moved “Sak i planned” to number 3.</p>' in html
    assert f'id="move-up-{item.pk}"' in html
    assert 'hx-swap-oob="true" id="id_paper-item">' in html  # the upload form's choices too
    assert f'<option value="{item.pk}">3. Sak i planned</option>' in html
    response = client.post(url, {"direction": "up"})
    assert (
        response["Location"] == reverse("agenda_edit", args=[world.planned.pk]) + f"#item-{item.pk}"
    )
    assert [t for _, _, t in agenda_of(world.planned)][1] == "Sak i planned"


def test_editor_of_a_held_meeting_is_read_only(client, world):
    client.force_login(world.secretariat)
    html = client.get(reverse("agenda_edit", args=[world.approved.pk]), **EN).content.decode()
    assert "The agenda can no longer be changed: the meeting has been held." in html
    assert "Move up" not in html and "Add an item" not in html
    item = world.approved.items.get()
    edit = reverse("agenda_item_edit", args=[world.approved.pk, item.pk])
    assert f'<a class="ds-link" href="{edit}#place-heading">' in html
    move = reverse("agenda_item_move", args=[world.approved.pk, item.pk])
    response = client.post(move, {"direction": "up"}, follow=True, **EN)
    assert "The agenda can no longer be changed" in response.content.decode()


def test_add_item_form_errors_and_delete_confirmation(client, world):
    client.force_login(world.secretariat)
    url = reverse("agenda_item_add", args=[world.planned.pk])
    html = client.post(url, {"item-title": "", "item-kind": "other"}, **EN).content.decode()
    assert '<a class="ds-link" href="#id_item-title">Title: This field is required.</a>' in html
    assert 'aria-describedby="id_item-title_err"' in html and 'aria-invalid="true"' in html
    item = world.planned.items.get()
    delete = reverse("agenda_item_delete", args=[world.planned.pk, item.pk])
    assert "Delete “1. Sak i planned”?" in client.get(delete, **EN).content.decode()
    assert world.planned.items.count() == 1
    assert client.post(delete).status_code == 302
    assert world.planned.items.count() == 0


def test_edit_page_saves_refuses_stale_versions_and_places_the_item(client, world):
    board_meeting = MeetingFactory(body=world.board, start=future(10))
    client.force_login(world.secretariat)
    item = world.planned.items.get()
    url = reverse("agenda_item_edit", args=[world.planned.pk, item.pk])
    html = client.get(url, **EN).content.decode()
    assert '<input type="hidden" name="version" value="1" id="id_version">' in html
    data = {
        "title": "Nytt navn",
        "kind": "decision",
        "text": "",
        "proposed_conclusion": "",
        "version": "1",
    }
    assert client.post(url, data)["Location"].endswith(f"#item-{item.pk}")
    html = client.post(url, data, **EN).content.decode()  # version 1 is stale now
    assert (
        "<li>Someone else changed this item while you were editing it. Reload and try again.</li>"
        in html
    )
    place = reverse("agenda_item_place", args=[world.planned.pk, item.pk])
    assert client.post(place, {"body": world.board.pk}).status_code == 302
    placed = board_meeting.items.get()
    item.refresh_from_db()
    assert item.case_id is not None
    assert (placed.title, placed.kind, placed.case_id) == ("Nytt navn", "decision", item.case_id)
    html = client.get(url, **EN).content.decode()
    assert f'<a class="ds-link" href="/meetings/{board_meeting.pk}/#item-{placed.pk}">' in html


def test_paper_delete_asks_first(client, world):
    doc = agenda.attach_paper(world.planned, upload("notat.txt", b"tekst"))
    client.force_login(world.secretariat)
    url = reverse("agenda_paper_delete", args=[world.planned.pk, doc.pk])
    assert "Delete “notat”?" in client.get(url, **EN).content.decode()
    assert Document.objects.filter(pk=doc.pk).exists()
    assert client.post(url).status_code == 302
    assert not Document.objects.filter(pk=doc.pk).exists()


def test_send_page_lists_recipients_and_post_sends(client, world):
    seat(world.kg, "Anne Berg", "anne@example.org")
    client.force_login(world.secretariat)
    url = reverse("agenda_send", args=[world.planned.pk])
    html = client.get(url, **EN).content.decode()
    assert "<li>Anne Berg &lt;anne@example.org&gt;</li>" in html
    assert "No e-mail address, so no notice: Medlem" in html
    assert client.post(url).status_code == 302
    assert [m.to for m in OutboxMessage.objects.all()] == [["anne@example.org"]]


def _grow(meeting, n):
    for _ in range(n):
        item = ItemFactory(meeting=meeting)
        DocumentFactory(meeting=meeting, item=item)
        agenda.place_on_next_meeting(item, meeting.body)


def test_editor_query_count_is_fixed(client, world, django_assert_num_queries):
    MeetingFactory(body=world.kg, start=future(30))
    Task.objects.create(cooperation=world.coop, text="Åpen", responsible_body=world.kg)
    client.force_login(world.secretariat)
    url = reverse("agenda_edit", args=[world.planned.pk])
    _grow(world.planned, 2)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    _grow(world.planned, 20)
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count('<li class="item stack"') == 23
