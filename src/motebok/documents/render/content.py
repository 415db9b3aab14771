"""What a rendered notice or set of minutes contains, gathered once for every format.

No permission logic here: the caller says what may be shown (``agenda``, ``minutes``,
``exempt``, ``tasks``) and the renderers show exactly what they are given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from motebok.meetings.enums import AttendanceRole, AttendanceStatus, DocumentKind, ItemKind
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document, Meeting

# Kinds listed as papers; the notice, minutes and imported sources are the documents themselves.
PAPER_KINDS = (DocumentKind.PAPER, DocumentKind.ATTACHMENT)
NOTICE, MINUTES = "notice", "minutes"


@dataclass
class Content:
    meeting: Meeting
    kind: str  # NOTICE or MINUTES
    items: list[AgendaItem] = field(
        default_factory=list
    )  # each with ``papers`` (and ``deadlines``)
    agenda_hidden: bool = False
    show_text: bool = True  # the items' own text (in a notice: the presentation of the case)
    present: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    papers: list[Document] = field(default_factory=list)  # of the whole meeting
    followup: object = None  # motebok.meetings.notice.Followup, on an insiders' notice
    url: str = ""

    @property
    def is_minutes(self) -> bool:
        return self.kind == MINUTES


def load(
    meeting: Meeting,
    *,
    minutes: bool,
    agenda: bool = True,
    exempt: bool = False,
    tasks: bool = False,
    texts: bool = True,
) -> Content:
    """Gather a meeting's notice (``minutes=False``) or minutes, in a fixed number of queries.

    ``agenda=False`` leaves the items out; ``exempt`` includes exempt papers; ``tasks`` lists
    each item's deadlines (follow-up tasks) in the minutes; ``texts=False`` leaves out the
    items' own text in a notice (after the meeting that text is the draft minutes).
    """
    content = Content(
        meeting=meeting,
        kind=MINUTES if minutes else NOTICE,
        agenda_hidden=not agenda,
        show_text=texts or minutes,
        url=f"{settings.MOTEBOK_BASE_URL}{meeting.get_absolute_url()}",
    )
    if not agenda:
        return content
    papers = Document.objects.filter(kind__in=PAPER_KINDS).order_by("pk")
    if not exempt:
        papers = papers.filter(public=True)
    prefetches = [Prefetch("documents", queryset=papers, to_attr="papers")]
    if minutes:
        prefetches.append(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("organization").order_by("position"),
            )
        )
        if tasks:
            from motebok.followup.models import Task

            prefetches.append(
                Prefetch(
                    "tasks",
                    queryset=Task.objects.filter(due__isnull=False).order_by("due", "pk"),
                    to_attr="deadlines",
                )
            )
    content.items = list(meeting.items.order_by("position", "pk").prefetch_related(*prefetches))
    for item in content.items:
        if not hasattr(item, "deadlines"):
            item.deadlines = []
    content.papers = list(papers.filter(meeting=meeting, item__isnull=True))
    if minutes:
        people = list(
            meeting.attendances.select_related("person", "organization").order_by("position")
        )
        content.present = [a for a in people if a.status != AttendanceStatus.ABSENT]
        content.absent = [a for a in people if a.status == AttendanceStatus.ABSENT]
    return content


def title_of(content: Content) -> str:
    meeting = content.meeting
    if content.is_minutes and meeting.title:
        return meeting.title
    if content.is_minutes:
        return _("Minutes of the meeting of %(body)s") % {"body": meeting.body.name}
    return _("Notice of the meeting of %(body)s") % {"body": meeting.body.name}


def when(meeting: Meeting) -> str:
    """ "21. januar 2025, 10:00–13:00" in the active language."""
    start = timezone.localtime(meeting.start)
    date = formats.date_format(start, "DATE_FORMAT")
    if start.time() == dt.time(0, 0):
        return date
    times = formats.time_format(start, "TIME_FORMAT")
    if meeting.end:
        times += f"–{formats.time_format(timezone.localtime(meeting.end), 'TIME_FORMAT')}"
    return _("%(date)s, %(times)s") % {"date": date, "times": times}


def kind_label(item: AgendaItem) -> str:
    """The kind under an item's title in a notice: orientation or decision; others say nothing."""
    return item.get_kind_display() if item.kind in (ItemKind.ORIENTATION, ItemKind.DECISION) else ""


def role_label(attendance: Attendance) -> str:
    """The role worth printing next to a name: chair, deputy chair, minute-taker, secretariat."""
    return "" if attendance.role == AttendanceRole.MEMBER else attendance.get_role_display()


def short_date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@dataclass
class Block:
    """A paragraph (``points`` empty) or a bulleted list of (text, level) points."""

    text: str = ""
    points: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return bool(self.points)

    @property
    def nested(self) -> list[tuple[str, list[str]]]:
        return nest(self.points)


def blocks(text: str) -> list[Block]:
    """Split an item's text into paragraphs and bullet lists ("- " lines, indented = level 1)."""
    result: list[Block] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            result.append(Block(text="\n".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped:
            flush()
            continue
        if stripped.startswith(("- ", "• ", "* ")):
            flush()
            level = 1 if len(line) - len(stripped) >= 1 else 0
            if not result or not result[-1].is_list:
                result.append(Block())
            result[-1].points.append((stripped[2:].strip(), level))
            continue
        if result and result[-1].is_list and not paragraph and raw.startswith(" "):
            text_, level = result[-1].points[-1]
            result[-1].points[-1] = (f"{text_} {stripped}", level)
            continue
        paragraph.append(stripped)
    flush()
    return result


def contribution_points(contribution: Contribution) -> list[tuple[str, int]]:
    """A contribution's points as (text, level): a "- " line is a sub-point of the one above."""
    return [(text, 1 if sub else 0) for text, sub in contribution.point_rows]


def nest(points: list[tuple[str, int]]) -> list[tuple[str, list[str]]]:
    """(text, level) points as (text, sub-points); a sub-point with nothing above stands alone."""
    result: list[tuple[str, list[str]]] = []
    for text, level in points:
        if level and result:
            result[-1][1].append(text)
        else:
            result.append((text, []))
    return result


def contribution_heading(contribution: Contribution) -> str:
    return contribution.organization.name
