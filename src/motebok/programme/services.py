"""State changes of the action programme and of themes: status changes, links, suggestions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motebok.meetings.models import Contribution, Meeting
from motebok.programme.enums import ActivityStatus, SuggestionState
from motebok.programme.models import Activity, Programme, StatusChange, Theme, ThemeSuggestion
from motebok.programme.themes import Matcher

WORDS_MAX = 500


def _matcher(cooperation_id: int) -> tuple[Matcher, dict[int, Theme]]:
    themes = {t.pk: t for t in Theme.objects.filter(cooperation_id=cooperation_id)}
    return Matcher({pk: t.word_list for pk, t in themes.items()}), themes


def _suggest(
    matcher: Matcher, text: str, existing: set[int], target: dict
) -> list[ThemeSuggestion]:
    """New suggestions for one target, leaving out themes it has or was suggested already."""
    return [
        ThemeSuggestion(theme_id=theme_id, words=", ".join(words)[:WORDS_MAX], **target)
        for theme_id, words in matcher.match(text).items()
        if theme_id not in existing
    ]


@transaction.atomic
def suggest_themes(meeting: Meeting) -> list[ThemeSuggestion]:
    """Suggest themes for a meeting's items and round-the-table contributions from their text.

    Runs after an import and on the secretariat's request; running it again suggests only what
    is new. A theme an item or contribution already carries, or that was suggested for it before
    (accepted, dropped or still pending), is not suggested again.
    Side effects: the new ``ThemeSuggestion`` rows, pending. Returns them.
    """
    matcher, themes = _matcher(meeting.body.cooperation_id)
    if not themes:
        return []
    items = list(meeting.items.prefetch_related("themes", "theme_suggestions"))
    contributions = list(
        Contribution.objects.filter(item__meeting=meeting).prefetch_related(
            "themes", "theme_suggestions"
        )
    )
    new: list[ThemeSuggestion] = []
    for item in items:
        existing = {t.pk for t in item.themes.all()} | {
            s.theme_id for s in item.theme_suggestions.all()
        }
        text = "\n".join((item.title, item.text, item.conclusion))
        new += _suggest(matcher, text, existing, {"item": item})
    for contribution in contributions:
        existing = {t.pk for t in contribution.themes.all()} | {
            s.theme_id for s in contribution.theme_suggestions.all()
        }
        new += _suggest(matcher, contribution.points, existing, {"contribution": contribution})
    return ThemeSuggestion.objects.bulk_create(new)


@transaction.atomic
def suggest_activity_themes(activity: Activity) -> list[ThemeSuggestion]:
    """Suggest themes for an activity from its title and strategy.

    Side effects: new pending ``ThemeSuggestion`` rows, as :func:`suggest_themes`.
    """
    matcher, themes = _matcher(activity.programme.cooperation_id)
    if not themes:
        return []
    existing = set(activity.themes.values_list("pk", flat=True)) | set(
        activity.theme_suggestions.values_list("theme_id", flat=True)
    )
    text = f"{activity.title}\n{activity.strategy}"
    return ThemeSuggestion.objects.bulk_create(
        _suggest(matcher, text, existing, {"activity": activity})
    )


@transaction.atomic
def accept_suggestion(suggestion: ThemeSuggestion, user=None) -> ThemeSuggestion:
    """Tag the item, contribution or activity with the suggested theme.

    Side effects: the theme is added to the target; the suggestion is marked accepted, with
    who and when. Accepting a dropped suggestion changes one's mind and is allowed.
    """
    suggestion.target.themes.add(suggestion.theme)
    return _decide(suggestion, SuggestionState.ACCEPTED, user)


@transaction.atomic
def drop_suggestion(suggestion: ThemeSuggestion, user=None) -> ThemeSuggestion:
    """Drop a suggestion: it is kept, so the theme is not suggested again for the same text.

    Side effects: the suggestion is marked dropped; a theme accepted from it before is taken
    off the target again.
    """
    if suggestion.state == SuggestionState.ACCEPTED:
        suggestion.target.themes.remove(suggestion.theme)
    return _decide(suggestion, SuggestionState.DROPPED, user)


def _decide(suggestion: ThemeSuggestion, state: str, user) -> ThemeSuggestion:
    suggestion.state = state
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save(update_fields=["state", "decided_at", "decided_by"])
    return suggestion


@transaction.atomic
def set_theme_words(theme: Theme, words: str) -> Theme:
    """Replace a theme's word list: one word per line, blank lines and repeats left out.

    Side effects: the theme's ``words``. Suggestions made before stay as they are.
    """
    seen: list[str] = []
    for line in words.splitlines():
        word = line.strip().lower()
        if word and word not in seen:
            seen.append(word)
    theme.words = "\n".join(seen)
    theme.save(update_fields=["words"])
    return theme


@transaction.atomic
def change_status(
    activity: Activity,
    status: str,
    *,
    reason: str = "",
    on: dt.date | None = None,
    meeting: Meeting | None = None,
    user=None,
) -> StatusChange:
    """Give an activity a new status, dated, with a reason (required to deprioritize).

    Side effects: the activity's ``status`` and ``status_reason``; a ``StatusChange`` row that
    keeps the change in the activity's history. A change to the status it has is refused.
    """
    reason = reason.strip()
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == ActivityStatus.DEPRIORITIZED and not reason:
        raise ValidationError({"reason": _("Say why the activity is deprioritized.")})
    if status == activity.status and reason == activity.status_reason:
        raise ValidationError({"status": _("The activity has that status already.")})
    if meeting is not None and meeting.body.cooperation_id != activity.programme.cooperation_id:
        raise ValidationError({"meeting": _("Choose a meeting of the same cooperation.")})
    activity.status = status
    activity.status_reason = reason
    activity.save(update_fields=["status", "status_reason"])
    return StatusChange.objects.create(
        activity=activity,
        status=status,
        reason=reason,
        changed_on=on or timezone.localdate(),
        meeting=meeting,
        changed_by=user,
    )


LINKS = ("items", "tasks", "calls", "meetings")


def _cooperation_of(kind: str, obj) -> int:
    if kind == "items":
        return obj.meeting.body.cooperation_id
    if kind == "meetings":
        return obj.body.cooperation_id
    return obj.cooperation_id


@transaction.atomic
def link(activity: Activity, kind: str, obj) -> None:
    """Link an agenda item, task, call or meeting of the same cooperation to an activity.

    Side effects: the link (linking twice changes nothing).
    """
    if kind not in LINKS:
        raise ValueError(kind)
    if _cooperation_of(kind, obj) != activity.programme.cooperation_id:
        raise ValidationError(_("Only what belongs to the same cooperation can be linked."))
    getattr(activity, kind).add(obj)


@transaction.atomic
def unlink(activity: Activity, kind: str, obj) -> None:
    """Remove a link from an activity. Side effects: the link only; the object stays."""
    if kind not in LINKS:
        raise ValueError(kind)
    getattr(activity, kind).remove(obj)


@transaction.atomic
def set_activity_themes(activity: Activity, themes) -> Activity:
    """Tag an activity with exactly ``themes`` (themes of its cooperation).

    Side effects: the activity's themes; pending suggestions of a theme now set are accepted.
    """
    themes = list(themes)
    if any(t.cooperation_id != activity.programme.cooperation_id for t in themes):
        raise ValidationError(_("Only themes of the same cooperation can be used."))
    activity.themes.set(themes)
    activity.theme_suggestions.filter(
        state=SuggestionState.PENDING, theme__in=[t.pk for t in themes]
    ).update(state=SuggestionState.ACCEPTED, decided_at=timezone.now())
    return activity


@transaction.atomic
def create_programme(
    cooperation, *, title: str, year: int, adopted_at: Meeting | None = None, adopted_on=None
) -> Programme:
    """Create a cooperation's programme for a year. Side effects: the programme only."""
    title = title.strip()
    if Programme.objects.filter(cooperation=cooperation, title=title).exists():
        raise ValidationError({"title": _("The cooperation has a programme with that title.")})
    if adopted_at is not None and adopted_at.body.cooperation_id != cooperation.pk:
        raise ValidationError({"adopted_at": _("Choose a meeting of the same cooperation.")})
    if adopted_at is not None and adopted_on is None:
        adopted_on = timezone.localtime(adopted_at.start).date()
    return Programme.objects.create(
        cooperation=cooperation,
        title=title,
        year=year,
        adopted_at=adopted_at,
        adopted_on=adopted_on,
    )


@transaction.atomic
def add_activity(
    programme: Programme, *, title: str, strategy: str = "", on: dt.date | None = None, user=None
) -> Activity:
    """Add a planned activity at the end of a programme.

    Side effects: the activity; its first ``StatusChange`` (planned); theme suggestions from
    its title and strategy.
    """
    last = programme.activities.order_by("-position").values_list("position", flat=True).first()
    activity = Activity.objects.create(
        programme=programme,
        title=title.strip(),
        strategy=strategy.strip(),
        position=0 if last is None else last + 1,
    )
    StatusChange.objects.create(
        activity=activity,
        status=activity.status,
        changed_on=on or timezone.localdate(),
        changed_by=user,
    )
    suggest_activity_themes(activity)
    return activity
