"""State changes of follow-up tasks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task


@transaction.atomic
def complete_task(task: Task, comment: str = "") -> Task:
    """Mark a task done now, with an optional comment.

    Side effects: sets ``done_at``. A task already done or cancelled is refused.
    """
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Only an open task can be marked done."))
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_comment = comment.strip()
    task.save(update_fields=["status", "done_at", "done_comment"])
    return task


@transaction.atomic
def reopen_task(task: Task) -> Task:
    """Open a done or cancelled task again. Side effects: clears ``done_at``."""
    if task.status == TaskStatus.OPEN:
        raise ValidationError(_("The task is already open."))
    task.status = TaskStatus.OPEN
    task.done_at = None
    task.save(update_fields=["status", "done_at"])
    return task
