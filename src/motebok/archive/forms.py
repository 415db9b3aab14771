"""The search form: words, and filters by cooperation, body, organization, kind and dates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motebok.archive.enums import EntryKind
from motebok.core.widgets import date_input
from motebok.meetings.enums import ItemKind
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Body, Organization
from motebok.programme.models import Theme

LONG_LIST = 100
FILTERS = (
    "cooperation",
    "body",
    "organization",
    "theme",
    "kind",
    "item_kind",
    "date_from",
    "date_to",
)


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return f"{obj.name} ({obj.cooperation.name})"


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return f"{obj.name} ({obj.cooperation.name})"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    cooperation = forms.ModelChoiceField(
        label=_("Cooperation"),
        queryset=Organization.objects.filter(kind=OrganizationKind.COOPERATION).order_by("name"),
        required=False,
        empty_label=_("All cooperations"),
    )
    body = BodyChoiceField(
        label=_("Body"),
        queryset=Body.objects.select_related("cooperation").order_by("cooperation__name", "name"),
        required=False,
        empty_label=_("All bodies"),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("All organizations"),
        help_text=_("Whose round-the-table contributions."),
    )
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.select_related("cooperation").order_by("cooperation__name", "name"),
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of hit"),
        choices=[("", _("All kinds")), *EntryKind.choices],
        required=False,
    )
    item_kind = forms.ChoiceField(
        label=_("Kind of item"),
        choices=[("", _("All kinds of item")), *ItemKind.choices],
        required=False,
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To date"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "ds-input"
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def full_clean(self) -> None:
        """An invalid field is described by its error message too."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                ids = [attrs["aria-describedby"]] if "aria-describedby" in attrs else []
                attrs["aria-describedby"] = " ".join([*ids, f"id_{name}_err"])
                attrs["aria-invalid"] = "true"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The chosen filters, as keyword arguments of ``search.search``."""
        return {name: self.cleaned_data.get(name) or None for name in FILTERS}

    def list_choices(self) -> None:
        """Fill the body, organization and theme lists, one query each. A list that would be
        longer than :data:`LONG_LIST` (a national installation has hundreds of bodies) holds
        only the chosen cooperation's, or, with no cooperation chosen, only what is chosen, and
        says so: a page of a thousand options is slow to send and of no use to read."""
        chosen = self.cleaned_data if self.is_bound and self.is_valid() else {}
        cooperation = chosen.get("cooperation")
        scopes = {
            "body": lambda qs: qs.filter(cooperation=cooperation),
            "organization": lambda qs: qs.filter(memberships__cooperation=cooperation).distinct(),
            "theme": lambda qs: qs.filter(cooperation=cooperation),
        }
        for name, scope in scopes.items():
            field = self.fields[name]
            rows = list(field.queryset[: LONG_LIST + 1])
            if len(rows) > LONG_LIST:
                if cooperation is not None:
                    rows = list(scope(field.queryset))
                else:
                    rows = [chosen[name]] if chosen.get(name) else []
                    hint = _("Choose a cooperation first to list its choices.")
                    field.help_text = f"{field.help_text} {hint}".strip()
                    self[name].help_text = field.help_text  # the bound field keeps a copy
                    field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"
            field.choices = [("", field.empty_label)] + [
                (row.pk, field.label_from_instance(row)) for row in rows
            ]

    @property
    def filters_chosen(self) -> bool:
        """Whether any filter was given, so the page shows them open."""
        return any(self.data.get(name) for name in FILTERS)
