"""Reusable queries of the programme pages and the theme pages; fixed query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from motebok.meetings.queries import minutes_visible_q
from motebok.orgs.models import Organization
from motebok.orgs.rules import Viewer
from motebok.orgs.services import members_on
from motebok.programme.enums import SuggestionState
from motebok.programme.models import Activity, Programme, StatusChange, Theme, ThemeSuggestion
from motebok.programme.themes import Matcher


def can_see(viewer: Viewer, cooperation_id: int) -> bool:
    """Programmes and themes are for the cooperation's members and secretariat."""
    return viewer.is_admin or cooperation_id in viewer.cooperation_ids


def visible_programmes(viewer: Viewer) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("cooperation", "adopted_at__body")
    if not viewer.is_admin:
        qs = qs.filter(cooperation_id__in=viewer.cooperation_ids)
    return qs.order_by("cooperation__name", "-year", "title")


def _count(through, column: str):
    """A correlated count of an activity's rows in a many-to-many table."""
    rows = (
        through.objects.filter(activity_id=OuterRef("pk"))
        .values("activity_id")
        .annotate(n=Count(column))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def activities(programme: Programme) -> QuerySet[Activity]:
    """A programme's activities with their themes and the number of each kind of link."""
    return (
        programme.activities.annotate(
            n_items=_count(Activity.items.through, "agendaitem_id"),
            n_tasks=_count(Activity.tasks.through, "task_id"),
            n_calls=_count(Activity.calls.through, "call_id"),
            n_meetings=_count(Activity.meetings.through, "meeting_id"),
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("position", "pk")
    )


def activity_links(activity: Activity, viewer: Viewer) -> dict[str, list]:
    """What an activity is linked to; items only from minutes the viewer may see (4 queries)."""
    return {
        "items": list(
            activity.items.filter(minutes_visible_q(viewer, "meeting__"))
            .select_related("meeting__body")
            .order_by("meeting__start", "position")
        ),
        "tasks": list(activity.tasks.select_related("item__meeting").order_by("due", "pk")),
        "calls": list(activity.calls.order_by("deadline", "pk")),
        "meetings": list(activity.meetings.select_related("body").order_by("start", "pk")),
    }


def history(activity: Activity) -> QuerySet[StatusChange]:
    return activity.status_changes.select_related("meeting__body", "changed_by").order_by(
        "changed_on", "pk"
    )


def themes(cooperation_id: int) -> QuerySet[Theme]:
    """A cooperation's themes, the year's priorities first."""
    return Theme.objects.filter(cooperation_id=cooperation_id).order_by(
        F("priority_year").desc(nulls_last=True), "name"
    )


@dataclass(frozen=True)
class Entry:
    """One line of a theme's timeline."""

    day: dt.date
    kind: str  # "item", "contribution", "activity"
    title: str
    url: str
    context: str
    points: list[str] = field(default_factory=list)  # those on the theme
    more: int = 0  # the contribution's other points


def timeline(theme: Theme, viewer: Viewer) -> list[Entry]:
    """Items, contributions and activities carrying the theme, newest first (three queries).

    Items and contributions only from minutes the viewer may see.
    """
    entries = []
    items = (
        theme.items.filter(minutes_visible_q(viewer, "meeting__"))
        .select_related("meeting__body")
        .order_by("-meeting__start", "position", "pk")
    )
    for item in items:
        meeting = item.meeting
        entries.append(
            Entry(
                timezone.localtime(meeting.start).date(),
                "item",
                f"{item.number}. {item.title}",
                f"{meeting.get_absolute_url()}#{item.anchor}",
                meeting.body.name,
            )
        )
    contributions = (
        theme.contributions.filter(minutes_visible_q(viewer, "item__meeting__"))
        .select_related("item__meeting__body", "organization")
        .order_by("-item__meeting__start", "item__position", "position", "pk")
    )
    matcher = Matcher({theme.pk: theme.word_list})
    for contribution in contributions:
        meeting = contribution.item.meeting
        every = [p.removeprefix("- ") for p in contribution.point_list]
        points = [p for p in every if matcher.match(p)] or every[:2]
        entries.append(
            Entry(
                timezone.localtime(meeting.start).date(),
                "contribution",
                contribution.organization.name,
                f"{meeting.get_absolute_url()}#{contribution.item.anchor}",
                meeting.body.name,
                points,
                len(every) - len(points),
            )
        )
    for activity in theme.activities.select_related("programme").order_by("position", "pk"):
        programme = activity.programme
        entries.append(
            Entry(
                programme.adopted_on or dt.date(programme.year, 1, 1),
                "activity",
                activity.title,
                activity.get_absolute_url(),
                programme.title,
            )
        )
    entries.sort(key=lambda e: (e.day, e.kind), reverse=True)
    return entries


@dataclass
class MapCell:
    count: int = 0
    last: dt.date | None = None


@dataclass
class RegionMap:
    """For each current member organization and each theme: how often and how recently the
    organization reported on it round the table."""

    organizations: list[Organization]
    themes: list[Theme]
    cells: dict[tuple[int, int], MapCell]
    today: dt.date

    def cell(self, organization_id: int, theme_id: int) -> MapCell:
        return self.cells.get((organization_id, theme_id), MapCell())

    @property
    def max_count(self) -> int:
        return max((c.count for c in self.cells.values()), default=0)


def region_map(cooperation: Organization, viewer: Viewer, today: dt.date) -> RegionMap:
    """The region × theme map of a cooperation (three queries)."""
    organizations = list(
        Organization.objects.filter(
            pk__in=members_on(cooperation, today).values("organization_id")
        ).order_by("name")
    )
    theme_list = list(themes(cooperation.pk))
    through = Theme.contributions.through
    rows = (
        through.objects.filter(
            theme__cooperation=cooperation,
            contribution__organization_id__in=[o.pk for o in organizations],
        )
        .filter(minutes_visible_q(viewer, "contribution__item__meeting__"))
        .values("contribution__organization_id", "theme_id")
        .annotate(n=Count("contribution_id"), last=Max("contribution__item__meeting__start"))
    )
    cells = {
        (row["contribution__organization_id"], row["theme_id"]): MapCell(
            row["n"], timezone.localtime(row["last"]).date()
        )
        for row in rows
    }
    return RegionMap(organizations, theme_list, cells, today)


def pending_suggestions(meeting) -> QuerySet[ThemeSuggestion]:
    """A meeting's suggestions still waiting for the secretariat, with their targets."""
    return (
        ThemeSuggestion.objects.filter(state=SuggestionState.PENDING)
        .filter(Q(item__meeting=meeting) | Q(contribution__item__meeting=meeting))
        .select_related("theme", "item", "contribution__organization", "contribution__item")
        .order_by(
            "item__position",
            "contribution__item__position",
            "contribution__position",
            "theme__name",
        )
    )


def decided_suggestions(meeting) -> QuerySet[ThemeSuggestion]:
    return (
        ThemeSuggestion.objects.exclude(state=SuggestionState.PENDING)
        .filter(Q(item__meeting=meeting) | Q(contribution__item__meeting=meeting))
        .select_related("theme", "item", "contribution__organization", "contribution__item")
        .order_by("-decided_at", "pk")
    )
