"""Calls for input: the call, its criteria, the answers and their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motebok.meetings.models import AgendaItem
from motebok.orgs.models import Body, Organization


class Call(models.Model):
    cooperation = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="calls", verbose_name=_("cooperation")
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    audience_body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("audience"),
        help_text=_("Leave empty to ask all member organizations."),
    )
    opens = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("agenda item"),
    )
    extended_until = models.DateTimeField(
        _("deadline extended to"),
        null=True,
        blank=True,
        help_text=_("Set by the secretariat; answers are taken until then."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"),
        default=3,
        help_text=_("Organizations that have not answered are reminded this many days before."),
    )
    announced_at = models.DateTimeField(_("members told"), null=True, blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    recommended = models.ForeignKey(
        "Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommended answer"),
    )
    decision_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_calls",
        verbose_name=_("placed on the agenda as"),
    )

    class Meta:
        verbose_name = _("call for input")
        verbose_name_plural = _("calls for input")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens")), name="call_deadline_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="call_scale_range"
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("deadline")),
                name="call_extension_after_deadline",
            ),
        ]
        indexes = [models.Index(fields=["cooperation", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("call_detail", kwargs={"pk": self.pk})

    @property
    def closes_at(self):
        """The deadline in force: the extension when there is one."""
        return self.extended_until or self.deadline

    def is_open_at(self, now) -> bool:
        return self.opens <= now <= self.closes_at

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    title = models.CharField(_("title"), max_length=300)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("call")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("organization"),
    )
    text = models.TextField(_("answer"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["call", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"], name="submission_one_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.call}"


def attachment_path(instance: SubmissionAttachment, filename: str) -> str:
    return f"calls/{instance.submission.call_id}/{instance.submission_id}/{filename}"


class SubmissionAttachment(models.Model):
    """A file that goes with an answer."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=400)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("call_attachment", kwargs={"pk": self.pk})


class Score(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="scores", verbose_name=_("answer")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("evaluator"),
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["submission", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion", "evaluator"], name="score_one_per_evaluator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
