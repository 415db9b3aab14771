"""State changes of calls for input: opening, answers, deadlines, reminders, scores, decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from motebok.calls import matrix, notify, queries
from motebok.calls.models import Call, Criterion, Score, Submission, SubmissionAttachment
from motebok.meetings.enums import DocumentKind, ItemKind
from motebok.meetings.models import Case, Meeting
from motebok.orgs.rules import Viewer


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {formats.date_format(local, 'H:i')}"


def _minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _set_criteria(call: Call, criteria: Iterable[tuple[str, Decimal]]) -> None:
    if Score.objects.filter(criterion__call=call).exists():
        raise ValidationError(
            {"criteria": _("The criteria cannot be changed once answers have been scored.")}
        )
    call.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(call=call, title=title, weight=weight, position=n)
        for n, (title, weight) in enumerate(criteria)
    )


def _check_times(opens: dt.datetime, deadline: dt.datetime) -> None:
    if deadline <= opens:
        raise ValidationError({"deadline": _("The deadline must come after the call opens.")})


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})


@transaction.atomic
def create_call(
    cooperation,
    *,
    title: str,
    opens: dt.datetime,
    deadline: dt.datetime,
    text: str = "",
    audience_body=None,
    criteria: Iterable[tuple[str, Decimal]] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    item=None,
    reminder_days: int = 3,
    now: dt.datetime | None = None,
) -> Call:
    """Open a call for input.

    Side effects: the call and its criteria; when it opens now or earlier, an e-mail to every
    current seat holder of the audience (see :func:`announce`), else the hourly task sends it
    once it opens.
    """
    now = now or timezone.now()
    _check_times(opens, deadline)
    _check_scale(scale_min, scale_max)
    if audience_body is not None and audience_body.cooperation_id != cooperation.pk:
        raise ValidationError({"audience_body": _("Choose a body of the same cooperation.")})
    call = Call.objects.create(
        cooperation=cooperation,
        title=title.strip(),
        text=text.strip(),
        opens=opens,
        deadline=deadline,
        audience_body=audience_body,
        scale_min=scale_min,
        scale_max=scale_max,
        item=item,
        reminder_days=reminder_days,
    )
    _set_criteria(call, criteria)
    if opens <= now:
        announce(call, now=now)
    return call


@transaction.atomic
def update_call(call: Call, *, criteria=None, now: dt.datetime | None = None, **fields) -> Call:
    """Change a call's title, text, audience, times, scale, link and criteria.

    Once the call has opened its deadline only moves by :func:`extend_deadline`, and once an
    answer is scored its criteria and scale stay. Side effects: the changed fields; the e-mail
    of :func:`announce` when the call now opens and has not been announced.
    """
    now = now or timezone.now()
    opened = call.opens <= now
    for name in ("opens", "deadline"):  # the form gives whole minutes
        if name in fields and _minute(fields[name]) == _minute(getattr(call, name)):
            del fields[name]
    if opened and "deadline" in fields:
        raise ValidationError(
            {"deadline": _("The call has opened: extend the deadline instead of changing it.")}
        )
    scale = (fields.get("scale_min", call.scale_min), fields.get("scale_max", call.scale_max))
    if scale != (call.scale_min, call.scale_max):
        _check_scale(*scale)
        if Score.objects.filter(submission__call=call).exists():
            raise ValidationError(
                {"scale_max": _("The scale cannot be changed once answers have been scored.")}
            )
    for name, value in fields.items():
        setattr(call, name, value.strip() if isinstance(value, str) else value)
    _check_times(call.opens, call.deadline)
    call.save()
    if criteria is not None:
        current = [(c.title, c.weight) for c in queries.criteria(call)]
        if current != [(t, Decimal(w)) for t, w in criteria]:
            _set_criteria(call, criteria)
    if call.opens <= now and call.announced_at is None:
        announce(call, now=now)
    return call


@transaction.atomic
def announce(call: Call, *, now: dt.datetime | None = None) -> int:
    """Tell the audience that a call is open.

    Side effects: one e-mail per current seat holder of the audience (key
    ``call:<call>:opened:<person>:<deadline>``, never twice); ``announced_at``.
    """
    now = now or timezone.now()
    kept = notify.notify(call, notify.OPENED, now=now)
    call.announced_at = now
    call.save(update_fields=["announced_at"])
    return kept


def announce_opened_calls(now: dt.datetime | None = None) -> int:
    """Announce every call that has opened and is still open but has not been announced.

    Side effects: :func:`announce` for each. Returns the number of calls announced.
    """
    now = now or timezone.now()
    due = queries.open_calls(
        queries.calls().filter(announced_at__isnull=True), now
    ).select_for_update(of=("self",))
    with transaction.atomic():
        due = list(due)
        for call in due:
            announce(call, now=now)
    return len(due)


@transaction.atomic
def extend_deadline(call: Call, until: dt.datetime, *, now: dt.datetime | None = None) -> Call:
    """Take answers until ``until``, later than both the original deadline and now.

    Side effects: ``extended_until``; an e-mail to the seat holders of every organization that
    has not answered (key ``call:<call>:extended:<person>:<new deadline>``).
    """
    now = now or timezone.now()
    if until <= call.deadline or until <= now:
        raise ValidationError(
            {"until": _("The new deadline must be later than the deadline and than now.")}
        )
    call.extended_until = until
    call.save(update_fields=["extended_until"])
    notify.notify(call, notify.EXTENDED, now=now, unanswered_only=True)
    return call


def refusal(call: Call, now: dt.datetime) -> str | None:
    """Why answers are not taken now, or ``None`` while the call is open."""
    if now < call.opens:
        return _("The call opens %(when)s.") % {"when": _when(call.opens)}
    if now > call.closes_at:
        return _(
            "The deadline of this call was %(when)s. Answers can no longer be given or "
            "changed unless the secretariat extends the deadline."
        ) % {"when": _when(call.closes_at)}
    return None


def _check_open(call: Call, now: dt.datetime) -> None:
    message = refusal(call, now)
    if message is not None:
        raise ValidationError(message)


def _check_answers_for(viewer: Viewer, call: Call, organization, now: dt.datetime) -> None:
    allowed = queries.answerable_organizations(viewer, call, timezone.localdate(now))
    if organization.pk not in {o.pk for o in allowed}:
        raise PermissionDenied(_("You cannot answer for that organization."))


@transaction.atomic
def save_submission(
    call: Call, organization, text: str, *, viewer: Viewer, user=None, now=None
) -> Submission:
    """Give or change an organization's answer; one answer per organization.

    Refused before the call opens and after its deadline (or extension), and for an
    organization the viewer does not answer for. Side effects: the answer, with who saved it.
    """
    now = now or timezone.now()
    _check_open(call, now)
    _check_answers_for(viewer, call, organization, now)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    submission, created = Submission.objects.select_for_update().get_or_create(
        call=call, organization=organization, defaults={"text": text, "submitted_by": user}
    )
    if not created:
        submission.text = text
        submission.submitted_by = user
        submission.save(update_fields=["text", "submitted_by", "updated_at"])
    return submission


@transaction.atomic
def add_attachment(submission: Submission, upload, *, viewer: Viewer, now=None):
    """Attach a file to an answer while the call is open.

    The file is checked like a meeting paper (size, type by name and content, safe name).
    Side effects: the stored file.
    """
    from motebok.meetings.agenda import check_upload

    now = now or timezone.now()
    _check_open(submission.call, now)
    _check_answers_for(viewer, submission.call, submission.organization, now)
    name, content_type = check_upload(upload)
    attachment = SubmissionAttachment(
        submission=submission, filename=name, content_type=content_type, size=upload.size
    )
    attachment.file.save(name, upload, save=True)
    return attachment


@transaction.atomic
def delete_attachment(attachment: SubmissionAttachment, *, viewer: Viewer, now=None) -> None:
    """Remove a file from an answer while the call is open. Side effects: the file goes after
    commit."""
    now = now or timezone.now()
    submission = attachment.submission
    _check_open(submission.call, now)
    _check_answers_for(viewer, submission.call, submission.organization, now)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def score_submission(
    submission: Submission,
    evaluator,
    values: Mapping[int, tuple[int | None, str]],
    *,
    now: dt.datetime | None = None,
) -> list[Score]:
    """Record one evaluator's scores of an answer: criterion id → (score or ``None``, comment).

    Scoring starts when the deadline has passed. A score must lie on the call's scale; ``None``
    leaves the criterion unscored (a score given before is removed, and the cell shows as
    missing). Side effects: the evaluator's ``Score`` rows of the answer. Returns those kept.
    """
    call = submission.call
    now = now or timezone.now()
    if now <= call.closes_at:
        raise ValidationError(_("Answers can be scored once the deadline has passed."))
    criteria = {c.pk: c for c in call.criteria.all()}
    unknown = set(values) - set(criteria)
    if unknown:
        raise ValidationError(_("Unknown criterion."))
    kept = []
    for criterion_id, (value, comment) in values.items():
        if value is None:
            Score.objects.filter(
                submission=submission, criterion_id=criterion_id, evaluator=evaluator
            ).delete()
            continue
        if not call.scale_min <= value <= call.scale_max:
            raise ValidationError(
                _("A score must be from %(min)s to %(max)s.")
                % {"min": call.scale_min, "max": call.scale_max}
            )
        score, _created = Score.objects.update_or_create(
            submission=submission,
            criterion_id=criterion_id,
            evaluator=evaluator,
            defaults={"value": value, "comment": comment.strip()},
        )
        kept.append(score)
    return kept


@transaction.atomic
def record_recommendation(call: Call, text: str, recommended: Submission | None = None) -> Call:
    """The secretariat's recommendation after the evaluation.

    Side effects: ``recommendation`` and ``recommended`` (an answer of this call, or none).
    """
    text = text.strip()
    if not text:
        raise ValidationError({"recommendation": _("Write the recommendation.")})
    if recommended is not None and recommended.call_id != call.pk:
        raise ValidationError({"recommended": _("Choose an answer to this call.")})
    call.recommendation = text
    call.recommended = recommended
    call.save(update_fields=["recommendation", "recommended"])
    return call


@transaction.atomic
def place_on_agenda(
    call: Call, meeting: Meeting, *, public: bool = True, legal_basis: str = ""
) -> Call:
    """Put the recommendation on a planned meeting's agenda as a decision case, with the
    evaluation matrix attached as a paper.

    Side effects: a ``Case``; an agenda item (renumbering that agenda) whose proposed
    conclusion is the recommendation; the matrix as a DOCX paper of the item (public, or exempt
    with ``legal_basis``); the call's ``decision_item``. Refused without a recommendation and
    when the call is on an agenda already.
    """
    from motebok.meetings import agenda

    if not call.recommendation:
        raise ValidationError(_("Record a recommendation first."))
    if call.decision_item_id is not None:
        raise ValidationError(_("The recommendation is on an agenda already."))
    if meeting.body.cooperation_id != call.cooperation_id:
        raise ValidationError({"meeting": _("Choose a meeting of the same cooperation.")})
    with translation.override(settings.LANGUAGE_CODE):
        return _place_on_agenda(call, meeting, agenda, public=public, legal_basis=legal_basis)


def _place_on_agenda(call: Call, meeting: Meeting, agenda, *, public: bool, legal_basis: str):
    case = Case.objects.create(cooperation_id=call.cooperation_id, title=call.title)
    recommended = call.recommended.organization.name if call.recommended else ""
    text = _("Evaluation of %(count)s answers to the call “%(title)s”.") % {
        "count": call.submissions.count(),
        "title": call.title,
    }
    if recommended:
        text += "\n" + _("Recommended: %(name)s.") % {"name": recommended}
    item = agenda.add_item(
        meeting,
        title=call.title,
        kind=ItemKind.DECISION,
        text=text,
        proposed_conclusion=call.recommendation,
        case=case,
    )
    paper = ContentFile(matrix.to_docx(matrix.build(call)), name=f"evaluation-{call.pk}.docx")
    agenda.attach_paper(
        item,
        paper,
        public=public,
        legal_basis=legal_basis,
        title=_("Evaluation matrix: %(title)s") % {"title": call.title},
        kind=DocumentKind.PAPER,
    )
    call.decision_item = item
    call.save(update_fields=["decision_item"])
    return call


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Remind the organizations that have not answered an open call whose deadline is within the
    call's ``reminder_days``.

    Side effects: one e-mail per seat holder of each such organization, once per deadline (key
    ``call:<call>:reminder:<person>:<deadline>``; an extension brings a new reminder). Returns
    the number of messages kept now.
    """
    now = now or timezone.now()
    sent = 0
    for call in queries.open_calls(queries.calls(), now):
        if now >= call.closes_at - dt.timedelta(days=call.reminder_days):
            with transaction.atomic():
                sent += notify.notify(call, notify.REMINDER, now=now, unanswered_only=True)
    return sent
