"""The e-mails of calls for input: opening, extension, reminder. One message per person."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from motebok.calls import queries
from motebok.calls.models import Call
from motebok.core import mail

OPENED, EXTENDED, REMINDER = "opened", "extended", "reminder"


def address_of(person) -> str:
    """A person's own e-mail address, or else that of their user account."""
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user else ""


def _when(value) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {formats.date_format(local, 'H:i')}"


def _message(call: Call, reason: str, person, organizations: list[str]) -> tuple[str, str]:
    names = {
        "title": call.title,
        "cooperation": call.cooperation.name,
        "deadline": _when(call.closes_at),
        "organizations": ", ".join(organizations),
    }
    if reason == OPENED:
        subject = _("Call for input: %(title)s") % names
        lead = _("%(cooperation)s asks for your input by %(deadline)s.") % names
    elif reason == EXTENDED:
        subject = _("Deadline extended: %(title)s") % names
        lead = _("The deadline of the call has been extended to %(deadline)s.") % names
    else:
        subject = _("Reminder: %(title)s, deadline %(deadline)s") % names
        lead = _("%(organizations)s has not answered yet. The deadline is %(deadline)s.") % names
    lines = [_("Hello %(name)s,") % {"name": person.name}, "", lead, "", call.title]
    if reason == OPENED and call.text:
        lines += ["", call.text]
    lines += [
        "",
        _("You answer for: %(organizations)s") % names,
        f"{settings.MOTEBOK_BASE_URL}{call.get_absolute_url()}",
    ]
    return subject, "\n".join(lines) + "\n"


def notify(call: Call, reason: str, *, now, unanswered_only: bool = False) -> int:
    """E-mail each current seat holder of the audience once per reason and deadline.

    With ``unanswered_only`` only people sitting for an organization that has not answered.
    Side effects: messages in the outbox, sent after commit; the deduplication key
    ``call:<call>:<reason>:<person>:<deadline>`` makes a repeat a no-op. Returns the number kept.
    """
    seats = list(queries.audience_seats(call, timezone.localdate(now)))
    if unanswered_only:
        answered = set(call.submissions.values_list("organization_id", flat=True))
        seats = [s for s in seats if s.organization_id not in answered]
    people: dict[int, tuple] = {}
    for seat in seats:
        person, names = people.setdefault(seat.person_id, (seat.person, []))
        if seat.organization.name not in names:
            names.append(seat.organization.name)
    stamp = timezone.localtime(call.closes_at).strftime("%Y%m%d%H%M")
    kept = 0
    for person, organizations in people.values():
        address = address_of(person)
        if not address:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(call, reason, person, organizations)
        message = mail.send(
            to=[address],
            subject=subject,
            body=body,
            dedup_key=f"call:{call.pk}:{reason}:{person.pk}:{stamp}",
            cooperation=call.cooperation,
        )
        kept += message is not None
    return kept
