"""State changes of follow-up tasks, and their reminders."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from motebok.core import mail
from motebok.followup import queries
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task

logger = logging.getLogger(__name__)


@transaction.atomic
def complete_task(task: Task, comment: str = "", *, user=None) -> Task:
    """Mark a task done now, by ``user``, with an optional comment.

    Side effects: sets ``status``, ``done_at``, ``done_by`` and ``done_comment``. A task already
    done or cancelled is refused.
    """
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Only an open task can be marked done."))
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_by = user
    task.done_comment = comment.strip()
    task.save(update_fields=["status", "done_at", "done_by", "done_comment"])
    return task


@transaction.atomic
def reopen_task(task: Task) -> Task:
    """Open a done or cancelled task again.

    Side effects: clears ``done_at``, ``done_by`` and ``done_comment``; a reminder already sent
    for the same due date is not sent again.
    """
    if task.status == TaskStatus.OPEN:
        raise ValidationError(_("The task is already open."))
    task.status = TaskStatus.OPEN
    task.done_at = None
    task.done_by = None
    task.done_comment = ""
    task.save(update_fields=["status", "done_at", "done_by", "done_comment"])
    return task


def reminder_recipients(tasks: list[Task], today: dt.date) -> dict[int, list[str]]:
    """E-mail addresses per task (one query for all tasks).

    The responsible person if they have an address; otherwise the current seat holders for the
    responsible organization (in the responsible body, if one is given, else in any body of the
    task's cooperation); otherwise the current seat holders of the responsible body.
    """
    org_ids = {t.responsible_organization_id for t in tasks if t.responsible_organization_id}
    body_ids = {t.responsible_body_id for t in tasks if t.responsible_body_id}
    seats = []
    if org_ids or body_ids:
        seats = list(
            queries.current_seats(today)
            .select_related("body")
            .exclude(person__email="")
            .filter(
                Q(
                    organization_id__in=org_ids,
                    body__cooperation_id__in={t.cooperation_id for t in tasks},
                )
                | Q(body_id__in=body_ids)
            )
        )
    recipients = {}
    for task in tasks:
        person = task.responsible_person
        if person is not None and person.email:
            addresses = [person.email]
        elif task.responsible_organization_id:
            addresses = [
                s.person.email
                for s in seats
                if s.organization_id == task.responsible_organization_id
                and s.body.cooperation_id == task.cooperation_id
                and (task.responsible_body_id in (None, s.body_id))
            ]
        elif task.responsible_body_id:
            addresses = [s.person.email for s in seats if s.body_id == task.responsible_body_id]
        else:
            addresses = []
        recipients[task.pk] = sorted(set(addresses))
    return recipients


@transaction.atomic
def send_reminder(task: Task, to: list[str]) -> bool:
    """E-mail a reminder of an open task that is due soon, once per task and due date.

    Side effects: an outbox message (key ``reminder:TASK:DUE``) sent after commit, and
    ``reminder_sent_at`` set. Nothing is sent, and the task is left as it was, without an
    address. Returns whether the task now counts as reminded.
    """
    if not to:
        logger.warning("No address for the reminder of task %s", task.pk)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        due = formats.date_format(task.due, "DATE_FORMAT")
        subject = _("Reminder: a task is due %(due)s") % {"due": due}
        lines = [
            _("This task in %(cooperation)s is due %(due)s:")
            % {"cooperation": task.cooperation.name, "due": due},
            "",
            task.text,
            "",
        ]
        if task.item is not None:
            meeting = task.item.meeting
            lines += [
                _("From item %(number)s “%(title)s” at the meeting of %(body)s on %(date)s:")
                % {
                    "number": task.item.number,
                    "title": task.item.title,
                    "body": meeting.body.name,
                    "date": formats.date_format(timezone.localtime(meeting.start), "DATE_FORMAT"),
                },
                f"{settings.MOTEBOK_BASE_URL}{meeting.get_absolute_url()}#{task.item.anchor}",
                "",
            ]
        lines += [
            _("Mark it done when it is done:"),
            f"{settings.MOTEBOK_BASE_URL}{reverse('task_list')}#task-{task.pk}",
        ]
    mail.send(
        to=to,
        subject=subject,
        body="\n".join(lines),
        dedup_key=f"reminder:{task.pk}:{task.due}",
        cooperation=task.cooperation,
    )
    task.reminder_sent_at = timezone.now()
    task.save(update_fields=["reminder_sent_at"])
    return True


def send_due_reminders(today: dt.date | None = None, days: int | None = None) -> int:
    """Remind of every open task due within ``days`` (``MOTEBOK_REMINDER_DAYS``) days.

    Side effects: ``send_reminder`` for each task not reminded yet. Returns the number sent.
    """
    today = today or timezone.localdate()
    days = settings.MOTEBOK_REMINDER_DAYS if days is None else days
    due = list(queries.due_for_reminder(today, days))
    recipients = reminder_recipients(due, today)
    return sum(send_reminder(task, recipients[task.pk]) for task in due)
