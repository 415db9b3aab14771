"""``GET /api/v1/tasks/``: signed-in users see the tasks of their own cooperations only."""

import datetime as dt

import factory
import pytest
from django.utils import timezone

from factories import CooperationFactory, ItemFactory
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task

URL = "/api/v1/tasks/"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    text = factory.Sequence(lambda n: f"Oppgave {n}")


@pytest.fixture
def tasks(world):
    item = ItemFactory(meeting=world.approved, number="7", title="Oslofjorden")
    return {
        "mine": TaskFactory(
            cooperation=world.coop,
            item=item,
            text="Svar på høringen",
            due=dt.date(2025, 2, 1),
            responsible_person=world.member.person,
        ),
        "kg": TaskFactory(
            cooperation=world.coop, due=dt.date(2025, 2, 3), responsible_body=world.kg
        ),
        "board": TaskFactory(
            cooperation=world.coop, due=dt.date(2025, 2, 2), responsible_body=world.board
        ),
        "done": TaskFactory(
            cooperation=world.coop,
            due=None,
            status=TaskStatus.DONE,
            done_at=timezone.make_aware(dt.datetime(2025, 2, 4, 12, 0)),
            done_comment="Ferdig",
            responsible_person=world.member.person,
        ),
        "other": TaskFactory(cooperation=world.other_coop, due=dt.date(2025, 2, 1)),
    }


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [t["id"] for t in response.json()["items"]]


def test_anonymous_gets_401(client, world, tasks):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_member_sees_the_tasks_of_own_cooperation_by_due_date(client, world, tasks):
    client.force_login(world.member)
    response = client.get(URL)
    assert ids(response) == [tasks[k].pk for k in ("mine", "board", "kg", "done")]
    assert response.json()["count"] == 4
    assert response.json()["items"][0] == {
        "id": tasks["mine"].pk,
        "text": "Svar på høringen",
        "due": "2025-02-01",
        "status": "open",
        "cooperation": "osloregionen",
        "responsible_person": "Medlem",
        "responsible_organization": None,
        "responsible_body": None,
        "meeting_url": f"/meetings/{world.approved.pk}/#item-{tasks['mine'].item_id}",
        "item": "7. Oslofjorden",
        "done_at": None,
        "done_comment": "",
    }
    assert response.json()["items"][3]["done_at"] == "2025-02-04T11:00:00Z"


def test_other_cooperation_sees_only_its_own(client, world, tasks):
    client.force_login(world.other)
    assert ids(client.get(URL)) == [tasks["other"].pk]


def test_admin_sees_every_cooperation(client, world, tasks):
    client.force_login(world.admin)
    assert sorted(ids(client.get(URL))) == sorted(t.pk for t in tasks.values())


def test_status_and_responsible_filters(client, world, tasks):
    client.force_login(world.member)
    assert ids(client.get(URL, {"status": "open"})) == [
        tasks[k].pk for k in ("mine", "board", "kg")
    ]
    assert ids(client.get(URL, {"status": "done"})) == [tasks["done"].pk]
    assert ids(client.get(URL, {"status": "open", "responsible": "me"})) == [
        tasks[k].pk for k in ("mine", "kg")
    ]
    assert client.get(URL, {"status": "finished"}).status_code == 422
    assert client.get(URL, {"responsible": "you"}).status_code == 422


def test_query_count_is_fixed(client, world, django_assert_num_queries):
    client.force_login(world.member)
    for n in (2, 40):
        for _ in range(n - Task.objects.count()):
            TaskFactory(
                cooperation=world.coop,
                item=ItemFactory(meeting=world.approved),
                responsible_person=world.member.person,
                responsible_body=world.kg,
            )
        with django_assert_num_queries(6):
            response = client.get(URL, {"limit": 100})
        assert len(ids(response)) == n
