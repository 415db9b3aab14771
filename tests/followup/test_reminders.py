"""E-mail reminders of tasks due soon: ``motebok remind``, the task, and ``motebok worker``."""

import datetime as dt
import io

import factory
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factories import (
    CooperationFactory,
    ItemFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.calls.tasks import send_call_mail
from motebok.core.models import OutboxMessage
from motebok.core.tasks import deliver_mail, deliver_pending_mail
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.followup.tasks import send_due_reminders
from serving import motebok_env, run_motebok

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    text = factory.Sequence(lambda n: f"Oppgave {n}")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def remind() -> str:
    out = io.StringIO()
    call_command("remind", stdout=out)
    return out.getvalue()


@pytest.fixture
def three_days(settings):
    settings.MOTEBOK_REMINDER_DAYS = 3
    settings.MOTEBOK_BASE_URL = "https://motebok.example.no"


@pytest.fixture
def anne(db):
    return PersonFactory(name="Anne", email="anne@example.no")


def test_reminder_is_sent_once_to_the_responsible_person(
    world, three_days, anne, django_capture_on_commit_callbacks
):
    item = ItemFactory(meeting=world.approved, number="4", title="Jernbane")
    task = TaskFactory(
        cooperation=world.coop,
        item=item,
        text="Send innspill",
        due=in_days(2),
        responsible_person=anne,
    )
    TaskFactory(cooperation=world.coop, due=in_days(5), responsible_person=anne)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind() == "Sent 1 reminder(s).\n"
    message = OutboxMessage.objects.get()
    assert message.to == ["anne@example.no"]
    assert message.dedup_key == f"reminder:{task.pk}:{task.due}"
    assert message.cooperation == world.coop
    assert message.sent_at is not None
    body = message.body.splitlines()
    assert "Send innspill" in body
    assert f"https://motebok.example.no/meetings/{world.approved.pk}/#item-{item.pk}" in body
    assert f"https://motebok.example.no/tasks/#task-{task.pk}" in body
    assert [(m.to, m.subject) for m in mail.outbox] == [(["anne@example.no"], message.subject)]
    task.refresh_from_db()
    assert task.reminder_sent_at is not None

    assert remind() == "Sent 0 reminder(s).\n"
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("days", [0, 3])
def test_due_today_and_on_the_last_day_are_reminded(world, three_days, anne, days):
    task = TaskFactory(cooperation=world.coop, due=in_days(days), responsible_person=anne)
    assert remind() == "Sent 1 reminder(s).\n"
    assert OutboxMessage.objects.get().dedup_key == f"reminder:{task.pk}:{task.due}"


def test_nothing_for_later_past_closed_or_reminded_tasks(world, three_days, anne):
    TaskFactory(cooperation=world.coop, due=in_days(5), responsible_person=anne)
    TaskFactory(cooperation=world.coop, due=in_days(4), responsible_person=anne)
    TaskFactory(cooperation=world.coop, due=in_days(-1), responsible_person=anne)
    TaskFactory(cooperation=world.coop, due=None, responsible_person=anne)
    TaskFactory(
        cooperation=world.coop,
        due=in_days(2),
        responsible_person=anne,
        status=TaskStatus.DONE,
        done_at=timezone.now(),
    )
    TaskFactory(
        cooperation=world.coop,
        due=in_days(2),
        responsible_person=anne,
        status=TaskStatus.CANCELLED,
    )
    TaskFactory(
        cooperation=world.coop,
        due=in_days(2),
        responsible_person=anne,
        reminder_sent_at=timezone.now(),
    )
    assert remind() == "Sent 0 reminder(s).\n"
    assert OutboxMessage.objects.count() == 0


def test_organization_task_goes_to_its_current_seat_holders(world, three_days):
    region = OrganizationFactory(name="Follo IPR")
    for name, end in [("Berit", None), ("Cato", None), ("Dag", dt.date(2020, 6, 30))]:
        SeatFactory(
            person=PersonFactory(name=name, email=f"{name.lower()}@example.no"),
            body=world.kg,
            organization=region,
            end=end,
        )
    SeatFactory(
        person=PersonFactory(email="annen@example.no"), body=world.other_body, organization=region
    )
    task = TaskFactory(cooperation=world.coop, due=in_days(1), responsible_organization=region)
    assert remind() == "Sent 1 reminder(s).\n"
    message = OutboxMessage.objects.get()
    assert message.to == ["berit@example.no", "cato@example.no"]
    assert message.dedup_key == f"reminder:{task.pk}:{task.due}"


def test_body_task_goes_to_the_body_and_a_task_without_address_waits(world, three_days):
    world.member.person.email = "medlem@example.no"
    world.member.person.save()
    body_task = TaskFactory(cooperation=world.coop, due=in_days(2), responsible_body=world.kg)
    nobody = TaskFactory(cooperation=world.coop, due=in_days(2), responsible_body=world.board)
    assert remind() == "Sent 1 reminder(s).\n"
    assert OutboxMessage.objects.get().to == ["medlem@example.no"]
    body_task.refresh_from_db()
    nobody.refresh_from_db()
    assert body_task.reminder_sent_at is not None
    assert nobody.reminder_sent_at is None


def test_the_task_runs_in_process_with_the_immediate_backend(world, three_days, anne):
    """The demo has no worker: enqueuing runs the reminders at once."""
    TaskFactory(cooperation=world.coop, due=in_days(2), responsible_person=anne)
    result = send_due_reminders.enqueue()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert OutboxMessage.objects.get().to == ["anne@example.no"]


def test_worker_refuses_the_immediate_backend(db):
    with pytest.raises(CommandError) as error:
        call_command("worker")
    assert error.value.returncode == 2
    assert str(error.value) == (
        "The task backend is ImmediateBackend, which runs tasks in-process: there is nothing "
        "for a worker to do (set MOTEBOK_TASK_WORKER=1)."
    )


def test_motebok_worker_exits_2_with_one_line(tmp_path):
    env = motebok_env(MOTEBOK_DATA_DIR=str(tmp_path), MOTEBOK_SECRET_KEY="x", MOTEBOK_HTTPS="0")
    result = run_motebok("worker", env=env, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "CommandError: The task backend is ImmediateBackend, which runs tasks in-process: "
        "there is nothing for a worker to do (set MOTEBOK_TASK_WORKER=1)."
    ]


def test_worker_batch_runs_the_reminders_from_the_queue(
    transactional_db, world, three_days, anne, settings, keep_signals
):
    settings.TASKS = DB_TASKS
    task = TaskFactory(cooperation=world.coop, due=in_days(2), responsible_person=anne)
    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    runs = {r.task_path: r.status for r in DBTaskResult.objects.all()}
    assert runs == {
        send_due_reminders.module_path: TaskResultStatus.SUCCESSFUL,
        send_call_mail.module_path: TaskResultStatus.SUCCESSFUL,
        deliver_pending_mail.module_path: TaskResultStatus.SUCCESSFUL,
        deliver_mail.module_path: TaskResultStatus.SUCCESSFUL,  # the reminder, sent by the worker
    }
    message = OutboxMessage.objects.get()
    assert (message.to, message.dedup_key) == (
        ["anne@example.no"],
        f"reminder:{task.pk}:{task.due}",
    )
    assert message.sent_at is not None

    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    assert DBTaskResult.objects.count() == 7  # the three periodic tasks ran again, no new mail
    assert OutboxMessage.objects.count() == 1


def test_worker_does_not_pile_up_reminder_runs(db, settings):
    from motebok.core.management.commands.worker import enqueue_reminders

    settings.TASKS = DB_TASKS
    assert enqueue_reminders() is True
    assert enqueue_reminders() is False
    # the task reminders, the calls' mail and the kept mail not yet sent, once each
    assert DBTaskResult.objects.count() == 3
