"""The outbox pages: who sees which messages, paging, attachments and query counts."""

import re

import factory
import pytest
from django.urls import reverse

from motebok.core.models import OutboxAttachment, OutboxMessage


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    to = factory.Sequence(lambda n: [f"person{n}@example.org"])
    subject = factory.Sequence(lambda n: f"Emne {n}")
    body = "Tekst"


class OutboxAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxAttachment

    message = factory.SubFactory(OutboxMessageFactory)
    filename = factory.Sequence(lambda n: f"motebok-{n}.ics")
    content_type = "text/calendar; method=REQUEST"
    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def mails(world):
    """A message of each cooperation with an attachment, and one of no cooperation."""
    oslo = OutboxAttachmentFactory(message__cooperation=world.coop, message__subject="Oslo").message
    other = OutboxAttachmentFactory(
        message__cooperation=world.other_coop, message__subject="Annen"
    ).message
    loose = OutboxMessageFactory(subject="Uten samarbeid")
    return {"oslo": oslo, "other": other, "loose": loose}


def test_anonymous_users_log_in_first(client, mails):
    for url in (
        reverse("outbox"),
        reverse("outbox_message", args=[mails["oslo"].pk]),
        reverse("outbox_attachment", args=[mails["oslo"].attachments.get().pk]),
    ):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, f"/login/?next={url}")


@pytest.mark.parametrize("role", ["member", "member_of_other_body"])
def test_members_are_refused(client, world, mails, role):
    client.force_login(world.users()[role])
    assert client.get(reverse("outbox")).status_code == 403
    assert client.get(reverse("outbox_message", args=[mails["oslo"].pk])).status_code == 403
    attachment = mails["oslo"].attachments.get()
    assert client.get(reverse("outbox_attachment", args=[attachment.pk])).status_code == 403


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("secretariat", ["oslo"]),
        ("other_cooperation", ["other"]),
        ("admin", ["loose", "other", "oslo"]),
    ],
)
def test_each_secretariat_sees_its_own_cooperation(client, world, mails, role, visible):
    client.force_login(world.users()[role])
    response = client.get(reverse("outbox"))
    assert response.status_code == 200
    assert [m.pk for m in response.context["page"]] == [mails[name].pk for name in visible]
    for name, message in mails.items():
        detail = client.get(reverse("outbox_message", args=[message.pk]))
        assert detail.status_code == (200 if name in visible else 404)
        for attachment in message.attachments.all():
            download = client.get(reverse("outbox_attachment", args=[attachment.pk]))
            assert download.status_code == (200 if name in visible else 404)


def test_other_cooperation_cannot_read_osloregionens_message(client, world, mails):
    client.force_login(world.other)
    assert client.get(reverse("outbox_message", args=[mails["oslo"].pk])).status_code == 404
    html = client.get(reverse("outbox")).content.decode()
    assert ">Annen</a>" in html
    assert ">Oslo</a>" not in html


def test_list_shows_recipients_subject_sent_and_attachments(client, world):
    message = OutboxMessageFactory(
        cooperation=world.coop, to=["a@example.org", "b@example.org"], subject="Møte flyttet"
    )
    attachment = OutboxAttachmentFactory(message=message, filename="motebok-7.ics")
    client.force_login(world.secretariat)
    html = client.get(reverse("outbox")).content.decode()
    assert "<td>a@example.org, b@example.org</td>" in html
    assert f'<a class="ds-link" href="/outbox/{message.pk}/">Møte flyttet</a>' in html
    assert (
        f'<a class="ds-link" href="/outbox/attachments/{attachment.pk}/">motebok-7.ics</a>' in html
    )
    assert html.count('class="ds-tag" data-color="warning"') == 1  # not sent


def test_message_page_shows_the_text(client, world):
    message = OutboxMessageFactory(cooperation=world.coop, body="Hei Ada,\n\nMøtet er flyttet.\n")
    client.force_login(world.secretariat)
    response = client.get(reverse("outbox_message", args=[message.pk]))
    assert response.status_code == 200
    assert (
        '<div class="ds-paragraph item-text" id="message-text">Hei Ada,\n\nMøtet er flyttet.\n</div>'
        in response.content.decode()
    )


def test_attachment_downloads_as_a_file(client, world):
    attachment = OutboxAttachmentFactory(
        message__cooperation=world.coop, filename="motebok-12.ics", content=b"BEGIN:VCALENDAR"
    )
    client.force_login(world.secretariat)
    response = client.get(reverse("outbox_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response.content == b"BEGIN:VCALENDAR"
    assert response["Content-Type"] == "text/calendar; method=REQUEST"
    assert response["Content-Disposition"] == 'attachment; filename="motebok-12.ics"'
    assert response["Cache-Control"] == "private, no-store"


def test_unknown_message_is_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("outbox_message", args=[999999])).status_code == 404
    assert client.get(reverse("outbox_attachment", args=[999999])).status_code == 404


def _grow(world, n):
    for _ in range(n):
        OutboxAttachmentFactory(message__cooperation=world.coop)
        OutboxMessageFactory(cooperation=world.other_coop)


def test_outbox_pages_fifty_a_page_newest_first(client, world):
    _grow(world, 60)
    client.force_login(world.secretariat)
    newest_first = list(
        OutboxMessage.objects.filter(cooperation=world.coop)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    first = client.get(reverse("outbox"))
    second = client.get(reverse("outbox"), {"page": "2"})
    assert [m.pk for m in first.context["page"]] == newest_first[:50]
    assert [m.pk for m in second.context["page"]] == newest_first[50:]
    html = second.content.decode()
    assert '<nav class="ds-pagination"' in html
    current = re.findall(r'<a [^>]*aria-current="true"[^>]*>(\d+)</a>', html)
    assert current == ["2"]
    assert re.findall(r'href="\?page=(\d+)"', html) == ["1", "1", "2"]  # previous, 1, 2
    assert html.count('<span class="ds-button" aria-hidden="true"></span>') == 1  # no next


def test_outbox_query_count_is_fixed(client, world, django_assert_num_queries):
    client.force_login(world.secretariat)
    _grow(world, 3)
    with django_assert_num_queries(7):
        assert len(client.get(reverse("outbox")).context["page"]) == 3
    _grow(world, 80)
    with django_assert_num_queries(7):
        assert len(client.get(reverse("outbox")).context["page"]) == 50
