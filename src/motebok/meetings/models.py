"""When and what: meetings, agenda items, cases, attendance, contributions and documents."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motebok.meetings.enums import (
    AGENDA_PUBLIC_STATES,
    MINUTES_PUBLIC_STATES,
    AttendanceRole,
    AttendanceStatus,
    DocumentKind,
    ItemKind,
    MeetingKind,
    MeetingStatus,
)
from motebok.orgs.models import Body, Organization, Person


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.MEETING
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    rescheduled_from = models.DateTimeField(
        _("moved from"),
        null=True,
        blank=True,
        help_text=_("The start the meeting had before it was moved."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised on every move, for calendar invitations.")
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name=_("minutes approved at"),
    )
    minutes_version = models.PositiveIntegerField(
        _("minutes version"),
        default=1,
        help_text=_("Raised on every save of the minutes, to detect lost updates."),
    )
    source_hash = models.CharField(
        _("source checksum"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the imported document."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["body", "start"]),
            models.Index(fields=["status", "start"]),
            models.Index(fields=["source_hash"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="meeting_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.body} {self.start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", kwargs={"pk": self.pk})

    @property
    def agenda_is_public(self) -> bool:
        return self.status in AGENDA_PUBLIC_STATES

    @property
    def minutes_are_public(self) -> bool:
        return self.status in MINUTES_PUBLIC_STATES

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.MINUTES_APPROVED


class Case(models.Model):
    """A matter that travels between bodies, e.g. from the coordination group to the board."""

    cooperation = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("cooperation")
    )
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.CharField(
        _("number"), max_length=30, help_text=_("As written, e.g. 3 or PS 12/25.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=30, choices=ItemKind.choices, default=ItemKind.OTHER
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    proposed_conclusion = models.TextField(_("proposed conclusion"), blank=True)
    approves = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approval_items",
        verbose_name=_("approves the minutes of"),
        help_text=_("For an item approving the minutes of an earlier meeting."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save, to detect lost updates.")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("case"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def anchor(self) -> str:
        return f"item-{self.pk}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    role = models.CharField(
        _("role"), max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.MEMBER
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Contribution(models.Model):
    """A member organization's round-the-table points on an agenda item."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("agenda item"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("organization"),
    )
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("The organization's name as written.")
    )
    points = models.TextField(_("points"), blank=True, help_text=_("One point per line."))
    position = models.PositiveIntegerField(_("position"), default=0)
    written_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization"], name="contribution_unique_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.item}"

    @property
    def point_list(self) -> list[str]:
        return [line for line in self.points.splitlines() if line.strip()]

    @property
    def point_rows(self) -> list[tuple[str, bool]]:
        """Each point with whether it is a sub-point (written as "- " under the one before)."""
        return [(p[2:], True) if p.startswith("- ") else (p, False) for p in self.point_list]


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.meeting_id}/{filename}"


class Document(models.Model):
    """A paper or attachment of a meeting or item; public, or exempt with its legal basis."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.PAPER
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=400)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    public = models.BooleanField(_("public"), default=True)
    legal_basis = models.CharField(
        _("legal basis for exemption"),
        max_length=200,
        blank=True,
        help_text=_("For example: Offl. § 14."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public=True) | ~Q(legal_basis=""),
                name="document_exempt_needs_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document_download", kwargs={"pk": self.pk})


class Correction(models.Model):
    """A recorded change to approved minutes: who, when, what and why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("agenda item"),
    )
    field = models.CharField(_("field"), max_length=60)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["meeting", "made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.field}"


from motebok.meetings.models_calendar import CalendarToken  # noqa: E402,F401  (registers the model)
