"""The write API, token only: mark a task done, plan, move and cancel meetings."""

import datetime as dt

import factory
import pytest
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from factories import CooperationFactory, PersonFactory, SeatFactory
from motebok.api import services
from motebok.core.models import OutboxMessage
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    text = factory.Sequence(lambda n: f"Oppgave {n}")


def token_for(user) -> dict:
    return {"Authorization": f"Bearer {services.create_token(user, 'Skript')[1]}"}


def post(client, url, data=None, user=None, headers=None):
    headers = headers if headers is not None else (token_for(user) if user else {})
    return client.post(url, data or {}, content_type="application/json", headers=headers)


def oslo(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, 3, day, hour, minute))


# Tasks


@pytest.fixture
def task(world):
    return TaskFactory(
        cooperation=world.coop, text="Svar på høringen", responsible_person=world.member.person
    )


def test_responsible_member_marks_a_task_done(client, world, task):
    response = post(client, f"/api/v1/tasks/{task.pk}/done", {"comment": " Sendt "}, world.member)
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.status, task.done_comment, task.done_by) == (
        TaskStatus.DONE,
        "Sendt",
        world.member,
    )
    body = response.json()
    assert body["id"] == task.pk and body["status"] == "done" and body["done_comment"] == "Sendt"
    in_ms = task.done_at.replace(microsecond=task.done_at.microsecond // 1000 * 1000)
    assert dt.datetime.fromisoformat(body["done_at"]) == in_ms  # JSON keeps milliseconds


def test_secretariat_marks_any_task_done_with_no_comment(client, world, task):
    response = post(client, f"/api/v1/tasks/{task.pk}/done", {}, world.secretariat)
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.status, task.done_comment) == (TaskStatus.DONE, "")


@pytest.mark.parametrize(
    ("role", "status", "detail"),
    [
        ("member_of_other_body", 403, gettext_lazy("You may not mark this task done.")),
        ("other_cooperation", 404, "Not Found"),
    ],
)
def test_others_may_not_mark_it_done(client, world, task, role, status, detail):
    response = post(client, f"/api/v1/tasks/{task.pk}/done", {}, world.users()[role])
    assert (response.status_code, response.json()) == (status, {"detail": str(detail)})
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_session_is_not_enough_to_write(client, world, task):
    client.force_login(world.secretariat)
    response = post(client, f"/api/v1/tasks/{task.pk}/done")
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
    revoked, token = services.create_token(world.secretariat, "Gammel")
    services.revoke_token(revoked)
    response = post(
        client, f"/api/v1/tasks/{task.pk}/done", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_task_done_twice_and_bad_input_are_422(client, world, task):
    headers = token_for(world.member)
    assert post(client, f"/api/v1/tasks/{task.pk}/done", headers=headers).status_code == 200
    again = post(client, f"/api/v1/tasks/{task.pk}/done", headers=headers)
    assert (again.status_code, again.json()) == (
        422,
        {"detail": "Bare en åpen oppgave kan markeres som fullført."},
    )
    other = TaskFactory(cooperation=world.coop, responsible_person=world.member.person)
    too_long = post(
        client, f"/api/v1/tasks/{other.pk}/done", {"comment": "x" * 2001}, headers=headers
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "payload", "comment"]
    assert post(client, "/api/v1/tasks/424242/done", headers=headers).status_code == 404


# Planning a meeting


def test_secretariat_plans_a_meeting(client, world):
    SeatFactory(person=PersonFactory(name="Mottaker", email="mottaker@example.org"), body=world.kg)
    response = post(
        client,
        "/api/v1/bodies/kg/meetings/",
        {
            "start": "2025-03-04T10:00",
            "end": "2025-03-04T12:00:00+01:00",
            "place": "Rådhuset",
            "online_url": "https://meet.example.org/kg",
            "title": "Vårmøte",
        },
        world.secretariat,
    )
    assert response.status_code == 201
    meeting = Meeting.objects.get(title="Vårmøte")
    assert response.json() == {
        "id": meeting.pk,
        "url": f"/meetings/{meeting.pk}/",
        "body": {"slug": "kg", "name": "Koordineringsgruppen", "cooperation": "Osloregionen"},
        "kind": "meeting",
        "title": "Vårmøte",
        "start": "2025-03-04T09:00:00Z",
        "end": "2025-03-04T11:00:00Z",
        "place": "Rådhuset",
        "status": "planned",
        "rescheduled_from": None,
    }
    assert meeting.online_url == "https://meet.example.org/kg"
    assert [m.to for m in OutboxMessage.objects.all()] == [["mottaker@example.org"]]


@pytest.mark.parametrize("role", ["member", "other_cooperation", "member_of_other_body"])
def test_others_may_not_plan(client, world, role):
    response = post(
        client, "/api/v1/bodies/kg/meetings/", {"start": "2025-03-04T10:00"}, world.users()[role]
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": gettext("Only the secretariat of the cooperation may plan its meetings.")
    }
    assert Meeting.objects.count() == 4


def test_planning_bad_input(client, world):
    headers = token_for(world.secretariat)

    def plan(data, slug="kg"):
        return post(client, f"/api/v1/bodies/{slug}/meetings/", data, headers=headers)

    backwards = plan({"start": "2025-03-04T10:00", "end": "2025-03-04T09:00"})
    assert backwards.status_code == 422
    assert backwards.json() == {"detail": "Et møte kan ikke slutte før det starter."}
    bad_url = plan({"start": "2025-03-04T10:00", "online_url": "javascript:alert(1)"})
    assert bad_url.status_code == 422
    assert bad_url.json()["detail"][0]["loc"] == ["body", "payload", "online_url"]
    assert "Enter a valid http or https URL." in bad_url.json()["detail"][0]["msg"]
    assert plan({"start": "i morgen"}).status_code == 422
    assert plan({}).json()["detail"][0]["loc"] == ["body", "payload", "start"]
    assert plan({"start": "2025-03-04T10:00", "kind": "fest"}).status_code == 422
    assert plan({"start": "2025-03-04T10:00", "place": "x" * 301}).status_code == 422
    assert plan({"start": "2025-03-04T10:00"}, slug="ukjent").status_code == 404
    assert Meeting.objects.count() == 4


# Moving and cancelling


def test_secretariat_moves_a_meeting(client, world):
    meeting = world.notice_sent
    old_start = meeting.start
    response = post(
        client,
        f"/api/v1/meetings/{meeting.pk}/move",
        {"start": "2025-03-05T13:00"},
        world.secretariat,
    )
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.start == oslo(5, 13)
    assert meeting.end == oslo(5, 16)  # the factory's three hours are kept
    assert meeting.rescheduled_from == old_start
    assert response.json()["rescheduled_from"] == "2025-01-07T09:00:00Z"
    assert response.json()["start"] == "2025-03-05T12:00:00Z"


@pytest.mark.parametrize("action", ["move", "cancel"])
@pytest.mark.parametrize("role", ["member", "other_cooperation"])
def test_others_may_not_change_meetings(client, world, action, role):
    meeting = world.planned
    start = meeting.start
    response = post(
        client,
        f"/api/v1/meetings/{meeting.pk}/{action}",
        {"start": "2025-03-05T13:00"},
        world.users()[role],
    )
    assert response.json() == {
        "detail": gettext("Only the secretariat of the cooperation may change its meetings.")
    }
    meeting.refresh_from_db()
    assert (meeting.status, meeting.start) == (
        MeetingStatus.PLANNED,
        start,
    )


def test_move_and_cancel_errors(client, world):
    headers = token_for(world.secretariat)
    held = post(
        client,
        f"/api/v1/meetings/{world.approved.pk}/move",
        {"start": "2025-03-05T13:00"},
        headers=headers,
    )
    assert (held.status_code, held.json()) == (
        422,
        {"detail": "Bare et planlagt møte kan flyttes."},
    )
    same = post(
        client,
        f"/api/v1/meetings/{world.planned.pk}/move",
        {"start": world.planned.start.isoformat()},
        headers=headers,
    )
    assert (same.status_code, same.json()) == (
        422,
        {"detail": "Møtet er allerede på det tidspunktet."},
    )
    cancel = post(client, f"/api/v1/meetings/{world.draft.pk}/cancel", headers=headers)
    assert (cancel.status_code, cancel.json()) == (
        422,
        {"detail": "Bare et planlagt møte kan avlyses."},
    )
    assert (
        post(
            client, "/api/v1/meetings/424242/move", {"start": "2025-03-05T13:00"}, headers=headers
        ).status_code
        == 404
    )
    assert post(client, "/api/v1/meetings/424242/cancel", headers=headers).status_code == 404
    assert (
        post(client, f"/api/v1/meetings/{world.planned.pk}/move", {}, headers=headers).status_code
        == 422
    )


def test_secretariat_cancels_a_meeting(client, world):
    response = post(client, f"/api/v1/meetings/{world.planned.pk}/cancel", user=world.secretariat)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    world.planned.refresh_from_db()
    assert (world.planned.status, world.planned.sequence) == (MeetingStatus.CANCELLED, 1)


def test_a_token_needs_no_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, f"/api/v1/meetings/{world.planned.pk}/cancel", user=world.secretariat)
    assert response.status_code == 200


def test_admin_may_change_any_meeting(client, world):
    other_meeting = Meeting.objects.create(body=world.other_body, start=oslo(10, 9))
    response = post(client, f"/api/v1/meetings/{other_meeting.pk}/cancel", user=world.admin)
    assert response.status_code == 200
