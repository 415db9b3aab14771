"""Services of follow-up: completing and reopening tasks, and who a reminder goes to."""

import datetime as dt

import factory
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from factories import (
    BodyFactory,
    CooperationFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.followup import services
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task

TODAY = dt.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _english():
    """Messages in English, whatever the catalogue says, so that the tests read the msgids."""
    with translation.override("en"):
        yield


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    text = factory.Sequence(lambda n: f"Oppgave {n}")
    due = dt.date(2025, 3, 12)


def test_complete_task_records_who_when_and_comment(world):
    task = TaskFactory(cooperation=world.coop)
    before = timezone.now()
    services.complete_task(task, "  Sendt til styret.  ", user=world.member)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.done_by == world.member
    assert task.done_comment == "Sendt til styret."
    assert before <= task.done_at <= timezone.now()


def test_complete_task_without_user_or_comment(db):
    task = services.complete_task(TaskFactory())
    task.refresh_from_db()
    assert (task.status, task.done_by, task.done_comment) == (TaskStatus.DONE, None, "")


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.CANCELLED])
def test_only_an_open_task_can_be_completed(db, status):
    done_at = timezone.now() if status == TaskStatus.DONE else None
    task = TaskFactory(status=status, done_at=done_at, done_comment="Før")
    with pytest.raises(ValidationError) as error:
        services.complete_task(task, "Etter")
    assert error.value.messages == ["Only an open task can be marked done."]
    task.refresh_from_db()
    assert (task.status, task.done_comment) == (status, "Før")


def test_reopen_clears_what_completing_set(world):
    task = services.complete_task(TaskFactory(cooperation=world.coop), "Ferdig", user=world.member)
    services.reopen_task(task)
    task.refresh_from_db()
    assert (task.status, task.done_at, task.done_by, task.done_comment) == (
        TaskStatus.OPEN,
        None,
        None,
        "",
    )


def test_reopen_refuses_an_open_task(db):
    with pytest.raises(ValidationError) as error:
        services.reopen_task(TaskFactory())
    assert error.value.messages == ["The task is already open."]


def test_reminder_recipients_person_then_organization_then_body(db):
    coop, other_coop = CooperationFactory(), CooperationFactory()
    region = OrganizationFactory()
    body = BodyFactory(cooperation=coop)
    other_body = BodyFactory(cooperation=other_coop)
    anne = PersonFactory(name="Anne", email="anne@example.no")
    bjorn = PersonFactory(name="Bjørn", email="bjorn@example.no")
    cato = PersonFactory(name="Cato", email="cato@example.no")
    SeatFactory(person=anne, body=body, organization=region)
    SeatFactory(person=bjorn, body=body)
    SeatFactory(person=cato, body=other_body, organization=region)  # another cooperation
    SeatFactory(
        person=PersonFactory(email="gone@example.no"),
        body=body,
        organization=region,
        end=dt.date(2024, 12, 31),
    )
    SeatFactory(person=PersonFactory(email=""), body=body, organization=region)
    tasks = [
        TaskFactory(cooperation=coop, responsible_person=cato, responsible_organization=region),
        TaskFactory(cooperation=coop, responsible_person=PersonFactory(email="")),
        TaskFactory(cooperation=coop, responsible_organization=region),
        TaskFactory(cooperation=coop, responsible_body=body),
        TaskFactory(cooperation=coop, responsible_organization=region, responsible_body=other_body),
        TaskFactory(cooperation=coop),
    ]
    recipients = services.reminder_recipients(tasks, TODAY)
    assert [recipients[t.pk] for t in tasks] == [
        ["cato@example.no"],
        [],
        ["anne@example.no"],
        ["anne@example.no", "bjorn@example.no"],
        [],
        [],
    ]


def test_send_reminder_without_address_leaves_the_task_unreminded(db):
    from motebok.core.models import OutboxMessage

    task = TaskFactory()
    assert services.send_reminder(task, []) is False
    task.refresh_from_db()
    assert task.reminder_sent_at is None
    assert OutboxMessage.objects.count() == 0
