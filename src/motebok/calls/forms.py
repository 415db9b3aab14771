"""Forms of the call pages: opening a call, answering, extending, scoring, deciding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from motebok.core.widgets import date_input

INPUT = {"class": "ds-input"}


def _time():
    return forms.TimeInput(attrs={"type": "time", **INPUT}, format="%H:%M")


def _when(value: dt.datetime, *, time: bool = True) -> str:
    local = timezone.localtime(value)
    day = formats.date_format(local, "DATE_FORMAT")
    return f"{day} {formats.date_format(local, 'H:i')}" if time else day


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


class Textarea(forms.Textarea):
    """A textarea without ``cols``, so Designsystemet gives it the full width."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.attrs.pop("cols", None)


class DescribedErrors:
    """Points each invalid field's ``aria-describedby`` at its error message (and help text), so a
    screen reader reads the error with the field; the templates give the message that id."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                ids = [f"{bound.auto_id}_helptext"] if self.fields[name].help_text else []
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(
                    [*ids, f"{bound.auto_id}_error"]
                )


def parse_criteria(text: str) -> list[tuple[str, Decimal]]:
    """One criterion per line: ``title`` (weight 1) or ``weight | title``."""
    criteria = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        weight, bar, title = line.partition("|")
        if not bar:
            weight, title = "1", line
        try:
            value = Decimal(weight.strip().replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value <= 0 or value >= 1000:
            raise forms.ValidationError(
                _("Line %(line)s: the weight must be a number above 0, e.g. 2 | Title."),
                params={"line": number},
            )
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(
                _("Line %(line)s: a weight has at most two decimals."), params={"line": number}
            )
        title = title.strip()
        if not title or len(title) > 300:
            raise forms.ValidationError(
                _("Line %(line)s: a criterion needs a title of at most 300 characters."),
                params={"line": number},
            )
        criteria.append((title, value))
    return criteria


def criteria_text(criteria) -> str:
    def weight(c):
        return f"{c.weight.normalize():f}"

    return "\n".join(f"{weight(c)} | {c.title}" for c in criteria)


class CallForm(DescribedErrors, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=INPUT))
    text = forms.CharField(
        label=_("What the call asks for"),
        required=False,
        widget=Textarea(attrs={"rows": 8, **INPUT}),
    )
    audience = forms.ChoiceField(
        label=_("Who is asked"),
        required=False,
        widget=forms.Select(attrs=INPUT),
        help_text=_("All member organizations, or the organizations that sit in one body."),
    )
    opens_date = forms.DateField(label=_("Opens on"), widget=date_input(**INPUT))
    opens_time = forms.TimeField(label=_("Opens at"), initial=dt.time(8, 0), widget=_time())
    deadline_date = forms.DateField(label=_("Deadline"), widget=date_input(**INPUT))
    deadline_time = forms.TimeField(
        label=_("Deadline time"), initial=dt.time(23, 59), widget=_time()
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder, days before the deadline"),
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs=INPUT),
        help_text=_("Organizations that have not answered are reminded by e-mail."),
    )
    criteria = forms.CharField(
        label=_("Criteria (optional)"),
        required=False,
        widget=Textarea(attrs={"rows": 6, **INPUT}),
        help_text=_(
            "One criterion per line. Put a weight and a vertical bar first to weigh it, "
            "e.g. “2 | Suitable meeting rooms”; without, the weight is 1."
        ),
    )
    scale_min = forms.IntegerField(
        label=_("Lowest score"),
        initial=1,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs=INPUT),
    )
    scale_max = forms.IntegerField(
        label=_("Highest score"),
        initial=5,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs=INPUT),
    )
    item = forms.TypedChoiceField(
        label=_("Agenda item (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
        help_text=_("The item of the meeting where the call was decided."),
    )

    def __init__(self, *args, bodies, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_days"].initial = settings.MOTEBOK_REMINDER_DAYS
        self.fields["audience"].choices = [("", _("All member organizations"))] + [
            (str(b.pk), _("Seat holders of %(body)s") % {"body": b.name}) for b in bodies
        ]
        self.fields["item"].choices = [("", _("None"))] + [
            (
                i.pk,
                f"{_when(i.meeting.start, time=False)} {i.meeting.body.name}: {i.number}. {i.title}",
            )
            for i in items
        ]
        self._bodies = {b.pk: b for b in bodies}

    def clean_criteria(self):
        return parse_criteria(self.cleaned_data["criteria"])

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("opens_date", "opens_time")):
            data["opens"] = _aware(data["opens_date"], data["opens_time"])
        if all(data.get(k) is not None for k in ("deadline_date", "deadline_time")):
            data["deadline"] = _aware(data["deadline_date"], data["deadline_time"])
            if "opens" in data and data["deadline"] <= data["opens"]:
                self.add_error("deadline_date", _("The deadline must come after the call opens."))
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data

    def call_fields(self) -> dict:
        data = self.cleaned_data
        audience = data["audience"]
        return {
            "title": data["title"],
            "text": data["text"],
            "audience_body": self._bodies.get(int(audience)) if audience else None,
            "opens": data["opens"],
            "deadline": data["deadline"],
            "reminder_days": data["reminder_days"],
            "scale_min": data["scale_min"],
            "scale_max": data["scale_max"],
            "item_id": data["item"],
        }


class ExtendForm(DescribedErrors, forms.Form):
    date = forms.DateField(label=_("New deadline"), widget=date_input(**INPUT))
    time = forms.TimeField(label=_("Time"), initial=dt.time(23, 59), widget=_time())

    @property
    def until(self) -> dt.datetime:
        return _aware(self.cleaned_data["date"], self.cleaned_data["time"])


class AnswerForm(DescribedErrors, forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        max_length=20000,
        widget=Textarea(attrs={"rows": 10, **INPUT}),
    )
    file = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=INPUT),
        help_text=_("PDF, DOCX, ODT, XLSX, TXT, PNG or JPG."),
    )


class ScoreForm(DescribedErrors, forms.Form):
    """A score and a comment per criterion; an empty score leaves the criterion unscored."""

    def __init__(self, *args, call, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [("", _("Not scored"))] + [(str(n), str(n)) for n in call.scale]
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.Select(attrs=INPUT),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=Textarea(attrs={"rows": 2, **INPUT}),
            )

    def rows(self):
        """Each criterion with its score and comment fields, for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def values(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}


class RecommendationForm(DescribedErrors, forms.Form):
    recommended = forms.TypedChoiceField(
        label=_("Recommended answer"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
    )
    recommendation = forms.CharField(
        label=_("Recommendation"), widget=Textarea(attrs={"rows": 5, **INPUT})
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommended"].choices = [("", _("None"))] + [
            (s.pk, s.organization.name) for s in submissions
        ]


class AgendaForm(DescribedErrors, forms.Form):
    meeting = forms.TypedChoiceField(
        label=_("Meeting"), coerce=int, widget=forms.Select(attrs=INPUT)
    )
    exempt = forms.BooleanField(
        label=_("The evaluation matrix is exempt from public access"), required=False
    )
    legal_basis = forms.CharField(
        label=_("Legal basis for the exemption"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For example: Offl. § 14."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (m.pk, f"{m.body.name}, {_when(m.start)}") for m in meetings
        ]
        self.fields["exempt"].widget.attrs["class"] = "ds-input"

    def clean(self):
        data = super().clean()
        if data.get("exempt") and not data.get("legal_basis", "").strip():
            self.add_error("legal_basis", _("An exempt paper needs the legal basis."))
        return data
