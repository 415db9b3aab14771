"""The objects the visibility test fills URL patterns with: the ``world`` of tests/conftest.py,
plus one of each kind of thing the other pages show (a call, a programme, a task, an e-mail…), all
in the world's cooperation, so that the other cooperation's user must be refused everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

MISSING_PK = 987654
OPARL_LISTS = (
    "organizations",
    "people",
    "memberships",
    "meetings",
    "agenda-items",
    "papers",
    "files",
)

# Texts that only insiders of the coordination group may read, and texts that everyone may read.
SECRET_MARKERS = (
    "Sak i planned",
    "Tekst i planned",
    "Konklusjon i planned",
    "Konklusjon i notice_sent",
    "Tekst i minutes_draft",
    "Konklusjon i minutes_draft",
    "Unntatt vedlegg",
)
# An item's text presents the case in the published notice (the exports carry it; the meeting
# page shows item texts only with the minutes), so "Tekst i notice_sent" is in neither list.
PUBLIC_MARKERS = (
    "Sak i notice_sent",
    "Sak i minutes_draft",
    "Tekst i minutes_approved",
    "Konklusjon i minutes_approved",
    "Offentlig vedlegg",
)
# Words that hit every marker in the search.
SEARCH_QUERIES = ("Tekst", "Konklusjon", "Sak", "Unntatt", "minutes_draft")


@dataclass(frozen=True)
class Obj:
    """One way of filling a pattern's keyword arguments; ``missing`` marks a non-existent object."""

    label: str
    kwargs: dict
    missing: bool = False
    query: dict | None = None


def extend(world) -> None:
    """Add what the other apps' pages need to the world (their own objects, no markers)."""
    from motebok.api.services import create_token
    from motebok.calls.models import Call, Criterion, Submission, SubmissionAttachment
    from motebok.core.models import OutboxAttachment, OutboxMessage
    from motebok.followup.models import Task
    from motebok.meetings.models_calendar import CalendarToken
    from motebok.orgs.models import Membership, Organization, Seat
    from motebok.programme.models import Activity, Programme, Theme, ThemeSuggestion

    now = timezone.now()
    world.region = Organization.objects.create(name="Folloregionen", slug="follo", kind="region")
    Membership.objects.create(
        organization=world.region, cooperation=world.coop, start=dt.date(2020, 1, 1)
    )
    Seat.objects.filter(person__user=world.member).update(organization=world.region)
    world.call = Call.objects.create(
        cooperation=world.coop, title="Vertskap", opens=now, deadline=now + dt.timedelta(days=9)
    )
    Criterion.objects.create(call=world.call, title="Kvalitet", position=0)
    world.submission = Submission.objects.create(
        call=world.call, organization=world.region, text="Vi vil", submitted_by=world.member
    )
    world.call_attachment = SubmissionAttachment(
        submission=world.submission, filename="svar.txt", content_type="text/plain"
    )
    world.call_attachment.file.save("svar.txt", ContentFile(b"svar"), save=True)
    world.programme = Programme.objects.create(cooperation=world.coop, title="Plan", year=2025)
    world.activity = Activity.objects.create(programme=world.programme, title="Aktivitet")
    world.theme = Theme.objects.create(cooperation=world.coop, name="Kraft", slug="kraft")
    approved_item = world.approved.items.get()
    world.activity.items.add(approved_item)
    world.suggestion = ThemeSuggestion.objects.create(
        theme=world.theme, item=approved_item, words="kraft"
    )
    world.task = Task.objects.create(cooperation=world.coop, item=approved_item, text="Følg opp")
    world.message = OutboxMessage.objects.create(
        to=["a@example.org"], subject="Innkalling", body="Hei", cooperation=world.coop
    )
    world.outbox_attachment = OutboxAttachment.objects.create(
        message=world.message, filename="a.ics", content_type="text/calendar", content=b"x"
    )
    world.calendar_token = CalendarToken.objects.create(user=world.member, created_at=now)
    world.api_token, _ = create_token(world.member, "Kalenderprogram")


def families(world) -> dict[str, list[Obj]]:
    """Each family of objects a pattern can take, as keyword arguments."""
    meetings = {
        "planned": world.planned,
        "notice_sent": world.notice_sent,
        "minutes_draft": world.draft,
        "minutes_approved": world.approved,
    }
    items = {label: m.items.get() for label, m in meetings.items()}
    missing = Obj("missing", {"pk": MISSING_PK}, missing=True)
    return {
        "none": [Obj("-", {})],
        "search": [Obj(f"q={q}", {}, query={"q": q}) for q in SEARCH_QUERIES],
        "meeting": [Obj(k, {"pk": m.pk}) for k, m in meetings.items()] + [missing],
        "meeting_item": [
            Obj(k, {"pk": m.pk, "item_id": items[k].pk, "item_pk": items[k].pk})
            for k, m in meetings.items()
        ],
        "meeting_document": [
            Obj("exempt", {"pk": world.approved.pk, "document_id": world.exempt_doc.pk})
        ],
        "export": [
            Obj(f"{k}.{fmt}", {"pk": m.pk, "fmt": fmt})
            for k, m in meetings.items()
            for fmt in ("pdf", "docx", "md", "ics", "json")
        ]
        + [Obj("minutes_approved.exe", {"pk": world.approved.pk, "fmt": "exe"}, missing=True)],
        "document": [
            Obj("public", {"pk": world.public_doc.pk}),
            Obj("exempt", {"pk": world.exempt_doc.pk}),
            missing,
        ],
        "body": [
            Obj("kg", {"slug": "kg", "body_slug": "kg", "year": 2025}),
            Obj("styret", {"slug": "styret", "body_slug": "styret", "year": 2025}),
            Obj("annet-styre", {"slug": "annet-styre", "body_slug": "annet-styre", "year": 2025}),
            Obj("missing", {"slug": "finnes-ikke", "body_slug": "finnes-ikke", "year": 2025}, True),
        ],
        "cooperation": [
            Obj(s, {"slug": s, "cooperation_slug": s}) for s in ("osloregionen", "annenregionen")
        ]
        + [Obj("missing", {"slug": "finnes-ikke", "cooperation_slug": "finnes-ikke"}, True)],
        "call": [Obj("call", {"pk": world.call.pk}), missing],
        "call_answer": [
            Obj("follo", {"pk": world.call.pk, "organization_pk": world.region.pk}),
        ],
        "call_attachment": [Obj("attachment", {"pk": world.call_attachment.pk}), missing],
        "submission": [Obj("submission", {"pk": world.submission.pk})],
        "programme": [Obj("programme", {"pk": world.programme.pk}), missing],
        "activity": [Obj("activity", {"pk": world.activity.pk}), missing],
        "activity_link": [
            Obj("item", {"pk": world.activity.pk, "kind": "item", "object_id": 1}),
        ],
        "theme": [Obj("theme", {"pk": world.theme.pk}), missing],
        "suggestion": [Obj("accept", {"pk": world.suggestion.pk, "decision": "accept"})],
        "task": [Obj("task", {"pk": world.task.pk}), missing],
        "outbox_message": [Obj("message", {"pk": world.message.pk}), missing],
        "outbox_attachment": [Obj("attachment", {"pk": world.outbox_attachment.pk}), missing],
        "import_token": [Obj("unknown", {"token": "ukjent"}, missing=True)],
        "calendar_token": [
            Obj("member", {"token": world.calendar_token.token}),
            Obj("unknown", {"token": "ukjent"}, missing=True),
        ],
        "api_meeting": [Obj(k, {"meeting_id": m.pk}) for k, m in meetings.items()]
        + [Obj("missing", {"meeting_id": MISSING_PK}, missing=True)],
        "api_body": [Obj(s, {"slug": s}) for s in ("kg", "styret", "annet-styre")]
        + [Obj("missing", {"slug": "finnes-ikke"}, missing=True)],
        "api_organization": [Obj(s, {"slug": s}) for s in ("follo", "osloregionen")]
        + [Obj("missing", {"slug": "finnes-ikke"}, missing=True)],
        "api_person": [
            Obj("member", {"person_id": world.member.person.pk}),
            Obj("other", {"person_id": world.other.person.pk}),
            Obj("missing", {"person_id": MISSING_PK}, missing=True),
        ],
        "api_item": [Obj(k, {"item_id": i.pk}) for k, i in items.items()]
        + [Obj("missing", {"item_id": MISSING_PK}, missing=True)],
        "api_document": [
            Obj("public", {"document_id": world.public_doc.pk}),
            Obj("exempt", {"document_id": world.exempt_doc.pk}),
            Obj("missing", {"document_id": MISSING_PK}, missing=True),
        ],
        "api_task": [Obj("task", {"task_id": world.task.pk})],
        "api_token": [Obj("member's", {"pk": world.api_token.pk}), missing],
        # Open data: /oparl/v1/body/<cooperation>/…
        "oparl_body": [Obj(s, {"slug": s}) for s in ("osloregionen", "annenregionen")]
        + [Obj("missing", {"slug": "finnes-ikke"}, missing=True)],
        "oparl_list": [
            Obj(f"{s}/{name}", {"slug": s, "name": name})
            for s in ("osloregionen", "annenregionen")
            for name in OPARL_LISTS
        ]
        + [Obj("osloregionen/unknown", {"slug": "osloregionen", "name": "ukjent"}, missing=True)],
        "oparl_committee": [
            Obj("kg", {"slug": "osloregionen", "body": "kg"}),
            Obj("other-cooperation", {"slug": "osloregionen", "body": "annet-styre"}, True),
        ],
        "oparl_organization": [
            Obj("follo", {"slug": "osloregionen", "org": "follo"}),
            Obj("missing", {"slug": "osloregionen", "org": "finnes-ikke"}, missing=True),
        ],
        "oparl_person": [
            Obj("member", {"slug": "osloregionen", "pk": world.member.person.pk}),
            Obj("other", {"slug": "osloregionen", "pk": world.other.person.pk}),
        ],
        "oparl_membership": [
            Obj("member", {"slug": "osloregionen", "pk": world.member.person.seats.get().pk}),
            Obj("other", {"slug": "osloregionen", "pk": world.other.person.seats.get().pk}),
        ],
        "oparl_meeting": [Obj(k, {"slug": "osloregionen", "pk": m.pk}) for k, m in meetings.items()]
        + [Obj("wrong-cooperation", {"slug": "annenregionen", "pk": world.approved.pk}, True)],
        "oparl_item": [Obj(k, {"slug": "osloregionen", "pk": i.pk}) for k, i in items.items()],
        "oparl_document": [
            Obj("public", {"slug": "osloregionen", "pk": world.public_doc.pk}),
            Obj("exempt", {"slug": "osloregionen", "pk": world.exempt_doc.pk}),
        ],
    }
