from django import forms
from django.utils.translation import gettext_lazy as _

from motebok.api.services import NAME_MAX_LENGTH


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. the script using it."),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
