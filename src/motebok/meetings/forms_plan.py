"""Forms of the meeting plan: add a meeting, move a meeting."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motebok.core.widgets import date_input
from motebok.meetings.enums import MeetingKind
from motebok.meetings.models import Meeting

INPUT = {"class": "ds-input"}


def _time_widget():
    return forms.TimeInput(attrs={"type": "time", **INPUT}, format="%H:%M")


class MeetingTimeForm(forms.Form):
    """A day with a start and an optional end time, read in the installation's time zone."""

    date = forms.DateField(label=_("Date"), widget=date_input(**INPUT))
    start_time = forms.TimeField(label=_("Starts at"), widget=_time_widget())
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=_time_widget(),
        help_text=_("Optional."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data

    def _at(self, time: dt.time | None) -> dt.datetime | None:
        if time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], time))

    @property
    def start(self) -> dt.datetime:
        return self._at(self.cleaned_data["start_time"])

    @property
    def end(self) -> dt.datetime | None:
        return self._at(self.cleaned_data.get("end_time"))


class AddMeetingForm(MeetingTimeForm):
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={**INPUT}),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={**INPUT}),
        help_text=_("Optional: the link to join the meeting online."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=MeetingKind.choices,
        initial=MeetingKind.MEETING,
        widget=forms.Select(attrs={**INPUT}),
    )

    def meeting_fields(self) -> dict:
        """Keyword arguments for :func:`motebok.meetings.plan.create_meeting`."""
        return {
            "start": self.start,
            "end": self.end,
            "place": self.cleaned_data["place"],
            "online_url": self.cleaned_data["online_url"],
            "kind": self.cleaned_data["kind"],
        }


class MoveMeetingForm(MeetingTimeForm):
    """The new time of a meeting, filled in with the time it has now."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        start = timezone.localtime(meeting.start)
        initial = {"date": start.date(), "start_time": start.time().replace(second=0)}
        if meeting.end is not None:
            initial["end_time"] = timezone.localtime(meeting.end).time().replace(second=0)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["end_time"].help_text = _("Leave it empty to keep the meeting's length.")
