"""What next: follow-up tasks with deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motebok.followup.enums import TaskStatus
from motebok.meetings.models import AgendaItem
from motebok.orgs.models import Body, Organization, Person


class Task(models.Model):
    cooperation = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("cooperation")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("from agenda item"),
    )
    text = models.TextField(_("task"))
    due = models.DateField(_("due"), null=True, blank=True)
    responsible_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("responsible person"),
    )
    responsible_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_tasks",
        verbose_name=_("responsible organization"),
    )
    responsible_body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("responsible body"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_comment = models.TextField(_("comment"), blank=True)
    done_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["cooperation", "status", "due"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=TaskStatus.DONE, done_at__isnull=False)
                | (~Q(status=TaskStatus.DONE) & Q(done_at__isnull=True)),
                name="task_done_at_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
