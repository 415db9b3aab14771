"""Action programmes, their activities, and the themes (political priorities) things are tagged with."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motebok.meetings.models import AgendaItem, Contribution, Meeting
from motebok.orgs.models import Organization
from motebok.programme.enums import ActivityStatus


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
