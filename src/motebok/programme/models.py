"""Action programmes, their activities, and the themes (political priorities) things are tagged with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motebok.meetings.models import AgendaItem, Contribution, Meeting
from motebok.orgs.models import Organization
from motebok.programme.enums import ActivityStatus, SuggestionState


class Theme(models.Model):
    cooperation = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="themes", verbose_name=_("cooperation")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    priority_year = models.PositiveIntegerField(
        _("political priority in year"),
        null=True,
        blank=True,
        help_text=_("Set when the theme is a priority."),
    )
    words = models.TextField(
        _("words"), blank=True, help_text=_("Words that suggest the theme, one per line.")
    )
    items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="themes", verbose_name=_("agenda items")
    )
    contributions = models.ManyToManyField(
        Contribution, blank=True, related_name="themes", verbose_name=_("contributions")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["cooperation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "slug"], name="theme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("theme_detail", kwargs={"pk": self.pk})

    @property
    def word_list(self) -> list[str]:
        return [line.strip() for line in self.words.splitlines() if line.strip()]


class Programme(models.Model):
    cooperation = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("cooperation"),
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")
        ordering = ["cooperation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "title"], name="programme_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", kwargs={"pk": self.pk})


class Activity(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=300)
    strategy = models.CharField(_("strategy"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="activities", verbose_name=_("themes")
    )
    items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="activities", verbose_name=_("agenda items")
    )
    tasks = models.ManyToManyField(
        "followup.Task", blank=True, related_name="activities", verbose_name=_("tasks")
    )
    calls = models.ManyToManyField(
        "calls.Call", blank=True, related_name="activities", verbose_name=_("calls for input")
    )
    meetings = models.ManyToManyField(
        Meeting, blank=True, related_name="activities", verbose_name=_("meetings")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.DEPRIORITIZED) | ~Q(status_reason=""),
                name="activity_deprioritized_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity_detail", kwargs={"pk": self.pk})


class StatusChange(models.Model):
    """One dated change of an activity's status; the activity's history is never rewritten."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("activity"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided at"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["activity", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_status_display()} {self.changed_on}"


class ThemeSuggestion(models.Model):
    """A theme suggested for an item, a contribution or an activity, until accepted or dropped."""

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("theme")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="theme_suggestions",
        verbose_name=_("agenda item"),
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="theme_suggestions",
        verbose_name=_("contribution"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="theme_suggestions",
        verbose_name=_("activity"),
    )
    words = models.CharField(
        _("matched words"), max_length=500, help_text=_("The words of the text that matched.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SuggestionState.choices, default=SuggestionState.PENDING
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        ordering = ["theme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, contribution__isnull=True, activity__isnull=True)
                | Q(item__isnull=True, contribution__isnull=False, activity__isnull=True)
                | Q(item__isnull=True, contribution__isnull=True, activity__isnull=False),
                name="theme_suggestion_one_target",
            ),
            models.UniqueConstraint(
                fields=["theme", "item"],
                condition=Q(item__isnull=False),
                name="theme_suggestion_unique_item",
            ),
            models.UniqueConstraint(
                fields=["theme", "contribution"],
                condition=Q(contribution__isnull=False),
                name="theme_suggestion_unique_contribution",
            ),
            models.UniqueConstraint(
                fields=["theme", "activity"],
                condition=Q(activity__isnull=False),
                name="theme_suggestion_unique_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.words}"

    @property
    def target(self):
        return self.item or self.contribution or self.activity
