"""Forms of the minutes pages. They validate posted data; templates write the markup by hand
(Designsystemet) from choices loaded once per page, so a page's query count stays fixed."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motebok.meetings.enums import AttendanceRole, AttendanceStatus
from motebok.meetings.minutes import APPROVABLE_STATES, GROUP_KINDS
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body, Organization, Person


def people_of(cooperation_id: int):
    """Everyone who has sat in a body of the cooperation."""
    return Person.objects.filter(seats__body__cooperation_id=cooperation_id).distinct()


def organizations_of(cooperation_id: int):
    """The cooperation, its members (past and present) and the organizations its seats are for."""
    return Organization.objects.filter(
        Q(pk=cooperation_id)
        | Q(memberships__cooperation_id=cooperation_id)
        | Q(seats__body__cooperation_id=cooperation_id)
    ).distinct()


def bodies_of(cooperation_id: int):
    return Body.objects.filter(cooperation_id=cooperation_id)


def form_choices(meeting: Meeting) -> dict:
    """Everything the minutes page's selects offer, loaded once (three queries)."""
    cooperation_id = meeting.body.cooperation_id
    return {
        "people": list(people_of(cooperation_id).order_by("name")),
        "organizations": list(organizations_of(cooperation_id).order_by("name")),
        "bodies": list(bodies_of(cooperation_id).order_by("name")),
        "statuses": AttendanceStatus.choices,
        "roles": AttendanceRole.choices,
        "group_kinds": [(k.value, k.label) for k in GROUP_KINDS],
    }


def approval_candidates(meeting: Meeting):
    """Earlier meetings of the body whose minutes wait for approval."""
    return Meeting.objects.filter(
        body_id=meeting.body_id, start__lt=meeting.start, status__in=APPROVABLE_STATES
    ).order_by("-start")


class TextField(forms.CharField):
    """Text as typed, with the browser's CRLF line ends made plain."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ItemMinutesForm(forms.Form):
    text = TextField(label=_("Notes"))
    conclusion = TextField(label=_("Conclusion"))
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    overwrite = forms.IntegerField(min_value=0, required=False)

    @property
    def expected_version(self) -> int:
        """The version the writer started from, or theirs when they chose to overwrite it."""
        overwrite = self.cleaned_data.get("overwrite")
        return overwrite if overwrite is not None else self.cleaned_data["version"]


class ContributionForm(ItemMinutesForm):
    text = None
    conclusion = None
    organization = forms.IntegerField(min_value=1)
    points = TextField(label=_("Points, one per line"))


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    status = forms.ChoiceField(choices=AttendanceStatus.choices, label=_("Attendance"))
    role = forms.ChoiceField(choices=AttendanceRole.choices, label=_("Role"))

    def __init__(self, *args, cooperation_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(cooperation_id)


class TaskForm(forms.Form):
    text = forms.CharField(label=_("Task"), max_length=2000)
    due = forms.DateField(label=_("Due date"), required=False)
    responsible_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Responsible person")
    )
    responsible_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Responsible organization")
    )
    responsible_body = forms.ModelChoiceField(
        queryset=Body.objects.none(), required=False, label=_("Responsible body")
    )

    def __init__(self, *args, cooperation_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_person"].queryset = people_of(cooperation_id)
        self.fields["responsible_organization"].queryset = organizations_of(cooperation_id)
        self.fields["responsible_body"].queryset = bodies_of(cooperation_id)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in GROUP_KINDS])
    people = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), label=_("Members"))

    def __init__(self, *args, cooperation_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people_of(cooperation_id)


class ApprovalForm(forms.Form):
    approves = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label=_("Minutes of the meeting")
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approves"].queryset = candidates


class CorrectionForm(forms.Form):
    target = forms.RegexField(regex=r"^(item:\d+|meeting):[a-z_]+$", widget=forms.HiddenInput)
    new_value = TextField(label=_("Corrected text"))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=2000)

    def split_target(self) -> tuple[int | None, str]:
        """(item id or None for the meeting, field name)."""
        head, _sep, field = self.cleaned_data["target"].rpartition(":")
        return (int(head.split(":")[1]) if head.startswith("item:") else None), field
