from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    GATHERING = "gathering", _("Gathering")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTICE_SENT = "notice_sent", _("Notice sent")
    HELD = "held", _("Held")
    MINUTES_DRAFT = "minutes_draft", _("Draft minutes")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


# The public sees a meeting's agenda once its notice has gone out, and its minutes once approved.
AGENDA_PUBLIC_STATES = (
    MeetingStatus.NOTICE_SENT,
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFT,
    MeetingStatus.MINUTES_APPROVED,
)
MINUTES_PUBLIC_STATES = (MeetingStatus.MINUTES_APPROVED,)

# Allowed moves between states; a meeting can be cancelled until it has been held.
STATUS_TRANSITIONS = {
    MeetingStatus.PLANNED: (MeetingStatus.NOTICE_SENT, MeetingStatus.HELD, MeetingStatus.CANCELLED),
    MeetingStatus.NOTICE_SENT: (MeetingStatus.HELD, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED),
    MeetingStatus.MINUTES_DRAFT: (MeetingStatus.MINUTES_APPROVED,),
    MeetingStatus.MINUTES_APPROVED: (),
    MeetingStatus.CANCELLED: (MeetingStatus.PLANNED,),
}


class ItemKind(models.TextChoices):
    APPROVAL_OF_NOTICE = "approval_of_notice", _("Approval of the notice")
    APPROVAL_OF_MINUTES = "approval_of_minutes", _("Approval of the minutes")
    ROUND_TABLE = "round_table", _("Round the table")
    ORIENTATION = "orientation", _("Orientation")
    DECISION = "decision", _("Decision")
    ANY_OTHER_BUSINESS = "any_other_business", _("Any other business")
    OTHER = "other", _("Other")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent with notice")
    SUBSTITUTE = "substitute", _("Substitute")
    GUEST = "guest", _("Guest")


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    MEMBER = "member", _("Member")
    MINUTE_TAKER = "minute_taker", _("Minute-taker")
    SECRETARIAT = "secretariat", _("Secretariat")


class DocumentKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    PAPER = "paper", _("Case paper")
    ATTACHMENT = "attachment", _("Attachment")
    MINUTES = "minutes", _("Minutes")
    SOURCE = "source", _("Imported source")
