"""Forms of the agenda editor, marked up for Designsystemet by the templates."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motebok.meetings import agenda
from motebok.meetings.enums import ItemKind
from motebok.orgs.models import Body

PUBLIC, EXEMPT = "public", "exempt"


class DesignsystemetForm(forms.Form):
    """Every widget is a ``ds-input``, described by its help text and, when invalid, its error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.widget.is_hidden:
                continue
            field.widget.attrs.setdefault("class", "ds-input")
            field.widget.attrs.pop("cols", None)  # full width, as Designsystemet draws inputs

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_err"]
            if self.fields[name].help_text:
                ids.insert(0, f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class ItemForm(DesignsystemetForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.OTHER)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_('The presentation of the item. Start a line with "- " for a bullet point.'),
    )
    proposed_conclusion = forms.CharField(
        label=_("Proposed conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PaperForm(DesignsystemetForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, XLSX, TXT, PNG or JPG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,.xlsx,.txt,.png,.jpg,.jpeg"}
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )
    item = forms.ModelChoiceField(
        label=_("Belongs to"), queryset=None, required=False, empty_label=_("The whole meeting")
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=[(PUBLIC, _("Public")), (EXEMPT, _("Exempt from public access"))],
        initial=PUBLIC,
        widget=forms.RadioSelect,
    )
    legal_basis = forms.CharField(
        label=_("Legal basis for exemption"),
        max_length=200,
        required=False,
        help_text=_("Required for an exempt paper, for example: Offl. § 14."),
    )

    def __init__(self, *args, meeting, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = meeting.items.all()
        if items is not None:  # the page has the items already: no query for the choices
            field.choices = [("", field.empty_label)] + [(i.pk, str(i)) for i in items]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            agenda.check_upload(upload)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("access") == EXEMPT and not cleaned.get("legal_basis", "").strip():
            self.add_error(
                "legal_basis", _("An exempt paper needs the legal basis for the exemption.")
            )
        return cleaned

    @property
    def is_public(self) -> bool:
        return self.cleaned_data["access"] == PUBLIC


class PlaceForm(DesignsystemetForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None, empty_label=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(
            cooperation_id=meeting.body.cooperation_id
        ).order_by("name")
