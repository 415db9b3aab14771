"""Forms of the programme and theme pages."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from motebok.calls.forms import DescribedErrors, Textarea
from motebok.core.widgets import date_input
from motebok.programme.enums import ActivityStatus

INPUT = {"class": "ds-input"}


def meeting_label(meeting) -> str:
    day = formats.date_format(timezone.localtime(meeting.start), "DATE_FORMAT")
    return f"{meeting.body.name}, {day}"


def _choices(objects, label, empty=None):
    return [("", empty or _("None"))] + [(o.pk, label(o)) for o in objects]


class ProgrammeForm(DescribedErrors, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For example: Handlingsprogram 2026."),
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=1900, max_value=2200, widget=forms.NumberInput(attrs=INPUT)
    )
    adopted_at = forms.TypedChoiceField(
        label=_("Adopted at (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
    )
    adopted_on = forms.DateField(
        label=_("Adopted on (optional)"),
        required=False,
        widget=date_input(**INPUT),
        help_text=_("Taken from the meeting when left empty."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_at"].choices = _choices(meetings, meeting_label)


class ActivityForm(DescribedErrors, forms.Form):
    title = forms.CharField(
        label=_("Activity"), max_length=300, widget=forms.TextInput(attrs=INPUT)
    )
    strategy = forms.CharField(
        label=_("Strategy (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )


class StatusForm(DescribedErrors, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=ActivityStatus.choices, widget=forms.Select(attrs=INPUT)
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 3, **INPUT}),
        help_text=_("Required when the activity is deprioritized."),
    )
    changed_on = forms.DateField(label=_("Date"), widget=date_input(**INPUT))
    meeting = forms.TypedChoiceField(
        label=_("Decided at (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _choices(meetings, meeting_label)

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ActivityStatus.DEPRIORITIZED
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why the activity is deprioritized."))
        return data


class LinkForm(DescribedErrors, forms.Form):
    """Link one or more of an agenda item, a task, a call and a meeting to an activity."""

    items = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    tasks = forms.TypedChoiceField(label=_("Task"), coerce=int, required=False, empty_value=None)
    calls = forms.TypedChoiceField(
        label=_("Call for input"), coerce=int, required=False, empty_value=None
    )
    meetings = forms.TypedChoiceField(
        label=_("Meeting"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "items": lambda i: f"{meeting_label(i.meeting)}: {i.number}. {i.title}",
            "tasks": lambda t: t.text[:120],
            "calls": lambda c: c.title,
            "meetings": meeting_label,
        }
        for name, field in self.fields.items():
            field.choices = _choices(candidates[name], labels[name], _("Choose"))
            field.widget.attrs.update(INPUT)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Choose something to link."))
        return data


class ThemesForm(DescribedErrors, forms.Form):
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.pk, t.name) for t in themes]


class WordsForm(DescribedErrors, forms.Form):
    words = forms.CharField(
        label=_("Words that suggest the theme"),
        required=False,
        max_length=10000,
        widget=Textarea(attrs={"rows": 8, **INPUT}),
        help_text=_(
            "One word per line. Inflected forms are found too: “bioenergi” also finds "
            "“bioenergien”."
        ),
    )
