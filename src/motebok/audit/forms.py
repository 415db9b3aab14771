"""The filters of the cooperation-wide audit list."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motebok.audit.models import AuditEntry
from motebok.audit.queries import audited_models
from motebok.core.widgets import date_input


def _kind_choices():
    return [("", _("All kinds"))] + [
        (m._meta.label_lower, m._meta.verbose_name.capitalize()) for m in audited_models()
    ]


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_kind_choices)
    action = forms.ChoiceField(
        label=_("Change"),
        required=False,
        choices=[
            ("", _("All changes")),
            (str(AuditEntry.Action.CREATE), _("Created")),
            (str(AuditEntry.Action.UPDATE), _("Changed")),
            (str(AuditEntry.Action.DELETE), _("Deleted")),
        ],
    )
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    since = forms.DateField(label=_("From date"), required=False, widget=date_input())
    until = forms.DateField(label=_("To date"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"
        for name in ("since", "until"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The from date is after the to date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """The entries that match the valid filters (all of them when the form is not valid)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        q = Q()
        if data["kind"]:
            app_label, model = data["kind"].split(".")
            q &= Q(content_type__app_label=app_label, content_type__model=model)
        if data["action"]:
            q &= Q(action=int(data["action"]))
        if data["user"].strip():
            q &= Q(actor__username=data["user"].strip())
        if data["since"]:
            q &= Q(timestamp__gte=_start_of(data["since"]))
        if data["until"]:
            q &= Q(timestamp__lt=_start_of(data["until"] + dt.timedelta(days=1)))
        return entries.filter(q)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
