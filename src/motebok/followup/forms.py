"""Forms of the task pages: the secretariat's filters and marking a task done."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motebok.followup.enums import TaskStatus

SCOPE_MINE = "mine"
SCOPE_ALL = "all"


class TaskDoneForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
    )


class TaskFilterForm(forms.Form):
    """GET filters of the task list, for the secretariat; the choices come from the caller."""

    scope = forms.ChoiceField(
        label=_("Show"),
        choices=[(SCOPE_MINE, _("My tasks")), (SCOPE_ALL, _("All tasks"))],
        required=False,
    )
    body = forms.TypedChoiceField(label=_("Body"), coerce=int, required=False, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Organization"), coerce=int, required=False, empty_value=None
    )
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Open and recently done"))], required=False
    )

    def __init__(self, data, *, bodies, organizations, people):
        super().__init__(data)
        anyone = [("", _("Any"))]
        self.fields["body"].choices = anyone + [(b.pk, b.name) for b in bodies]
        self.fields["organization"].choices = anyone + [(o.pk, o.name) for o in organizations]
        self.fields["person"].choices = anyone + [(p.pk, p.name) for p in people]
        self.fields["status"].choices += TaskStatus.choices
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"

    def filters(self) -> dict:
        """The valid filters; an invalid value counts as no filter."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "scope": data.get("scope") or SCOPE_MINE,
            "body": data.get("body"),
            "organization": data.get("organization"),
            "person": data.get("person"),
            "status": data.get("status") or "",
        }
