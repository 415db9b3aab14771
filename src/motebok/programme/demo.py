"""The demo's action programme, completed: where it was adopted, every activity's dated status
history, what each activity is linked to, and the themes of the seed minutes.

``core.demo`` creates the programme, its activities and the themes with their word lists;
:func:`load` adds the rest and may be called again without changing anything.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from motebok.meetings.enums import ItemKind, MeetingStatus
from motebok.meetings.models import AgendaItem, Meeting
from motebok.orgs.models import Organization
from motebok.programme import services
from motebok.programme.enums import ActivityStatus, SuggestionState
from motebok.programme.models import Programme, StatusChange, Theme, ThemeSuggestion

ADOPTED_ON = dt.date(2024, 12, 18)

# Activity title (start) → seed item numbers, and call titles (start) that concern it.
ITEM_LINKS = {
    "Påvirkningsarbeid": ("6", "7", "11"),
    "Samarbeide tettere": ("6",),
    "Foresight": ("6",),
    "Indeks Osloregionen": ("6",),
    "Gjennomføre prosjektverksted": ("6",),
    "Osloregionens årlige utviklingskonferanse": ("6", "8"),
    "Videreutvikle kommunikasjonsstrategiene": ("6", "10"),
}
CALL_LINKS = {
    "Påvirkningsarbeid": ("Politiske temaer", "Medarrangører på Osloregionens dag"),
    "Videreutvikle kommunikasjonsstrategiene": ("Magasin i DN",),
}
THEMES_OF = {"Påvirkningsarbeid": ("jernbane", "oslofjorden", "kraft-og-energi")}


def _oslo(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _adopting_meeting(cooperation: Organization) -> Meeting | None:
    """The council meeting of 18 December 2024 that adopted the programme (made once)."""
    council = cooperation.bodies.filter(slug="representantskapet").first()
    if council is None:
        return None
    meeting = Meeting.objects.filter(body=council, start__date=ADOPTED_ON).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            body=council,
            start=_oslo(ADOPTED_ON, 10),
            end=_oslo(ADOPTED_ON, 14),
            place="Oslo rådhus",
            status=MeetingStatus.HELD,
        )
        AgendaItem.objects.create(
            meeting=meeting,
            number="1",
            kind=ItemKind.DECISION,
            title="Handlingsprogram 2025",
            conclusion="Representantskapet vedtar Handlingsprogram 2025.",
        )
    return meeting


def _matching(activities, start: str):
    return [a for a in activities if a.title.startswith(start)]


@transaction.atomic
def load(cooperation: Organization, seed: Meeting) -> Programme | None:
    """Complete the demo's "Handlingsprogram 2025" and tag the seed minutes with themes.

    Side effects: the adopting council meeting; for every activity a first status change
    (planned, at adoption) and, when its status has changed since, a second one dated at the
    seed meeting; links to the seed's items, tasks, calls and meeting; theme suggestions for the
    seed, accepted for the round-the-table points and left pending for the items, for the
    secretariat to review. Calling it again changes nothing.
    """
    programme = Programme.objects.filter(cooperation=cooperation, year=2025).first()
    if programme is None or StatusChange.objects.filter(activity__programme=programme).exists():
        return programme
    adopted_at = _adopting_meeting(cooperation)
    if adopted_at is not None:
        programme.adopted_at = adopted_at
        programme.save(update_fields=["adopted_at"])
    activities = list(programme.activities.order_by("position"))
    seed_day = timezone.localtime(seed.start).date()
    for activity in activities:
        StatusChange.objects.create(
            activity=activity,
            status=ActivityStatus.PLANNED,
            changed_on=ADOPTED_ON,
            meeting=adopted_at,
        )
        if activity.status != ActivityStatus.PLANNED:
            StatusChange.objects.create(
                activity=activity,
                status=activity.status,
                reason=activity.status_reason,
                changed_on=seed_day,
                meeting=seed,
            )
        activity.meetings.add(seed)
    items = {item.number: item for item in seed.items.all()}
    calls = list(cooperation.calls.all())
    for start, numbers in ITEM_LINKS.items():
        for activity in _matching(activities, start):
            activity.items.add(*(items[n] for n in numbers if n in items))
            activity.tasks.add(*(t for n in numbers if n in items for t in items[n].tasks.all()))
    for start, call_titles in CALL_LINKS.items():
        for activity in _matching(activities, start):
            activity.calls.add(*(c for c in calls if c.title.startswith(call_titles)))
    themes = {t.slug: t for t in Theme.objects.filter(cooperation=cooperation)}
    for start, slugs in THEMES_OF.items():
        for activity in _matching(activities, start):
            activity.themes.add(*(themes[s] for s in slugs if s in themes))
    _tag_seed(seed)
    return programme


def _tag_seed(seed: Meeting) -> None:
    services.suggest_themes(seed)
    for suggestion in ThemeSuggestion.objects.filter(
        contribution__item__meeting=seed, state=SuggestionState.PENDING
    ).select_related("theme", "contribution"):
        services.accept_suggestion(suggestion)
