"""Who: organizations, their memberships of cooperations, people, bodies and seats."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motebok.orgs.enums import AccessRole, BodyKind, OrganizationKind, SeatRole


class Organization(models.Model):
    """A cooperation (the tenant), a member region, a municipality, a county or anything else."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One name per line, as written in minutes; used to recognize the organization."
        ),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def is_cooperation(self) -> bool:
        return self.kind == OrganizationKind.COOPERATION


class Membership(models.Model):
    """An organization's membership of a cooperation. A withdrawal is an end date, never a delete."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    cooperation = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="member_links",
        limit_choices_to={"kind": OrganizationKind.COOPERATION},
        verbose_name=_("cooperation"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Last day of membership."))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["organization", "cooperation", "start"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.cooperation}"

    def is_current(self, on) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A board, council, group or committee of a cooperation."""

    cooperation = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="bodies",
        limit_choices_to={"kind": OrganizationKind.COOPERATION},
        verbose_name=_("cooperation"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("set up by"),
    )
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One name per line."))
    description = models.TextField(_("description"), blank=True)
    receives_minutes_of = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="minutes_forwarded_to",
        verbose_name=_("receives the approved minutes of"),
        help_text=_("Their approved minutes are attached to this body's next notice."),
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["cooperation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "name"], name="body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("body_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Seat(models.Model):
    """A person sits in a body for an organization, with a role, for a period."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="seats", verbose_name=_("person")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="seats", verbose_name=_("body")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "person__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="seat_end_after_start"
            ),
            models.UniqueConstraint(fields=["person", "body", "start"], name="seat_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.body}"


class CooperationRole(models.Model):
    """What a user may do in one cooperation: run it (secretariat) or take part (member)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cooperation_roles",
        verbose_name=_("user"),
    )
    cooperation = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="user_roles",
        limit_choices_to={"kind": OrganizationKind.COOPERATION},
        verbose_name=_("cooperation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=AccessRole.choices)

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        ordering = ["cooperation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperation"], name="role_unique_user_cooperation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.cooperation} ({self.get_role_display()})"


class TimingRule(models.Model):
    """``body`` meets at least ``min_days`` before the next meeting of ``before``."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="timing_rules", verbose_name=_("body")
    )
    before = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="+", verbose_name=_("meets before")
    )
    min_days = models.PositiveSmallIntegerField(_("at least days before"), default=7)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("timing rule")
        verbose_name_plural = _("timing rules")
        ordering = ["body", "before"]
        constraints = [
            models.UniqueConstraint(fields=["body", "before"], name="timing_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} ≥ {self.min_days} d → {self.before}"
