"""Forms of the import pages: the upload, and the corrections made to a parsed draft."""

from __future__ import annotations

from pathlib import Path

import pydantic
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from motebok.core.widgets import date_input
from motebok.documents.errors import DocumentError
from motebok.documents.extract import SUPPORTED, extract_text
from motebok.documents.parse import parse_text
from motebok.documents.schema import MinutesDraft
from motebok.documents.schema import Person as DraftPerson
from motebok.meetings.enums import ItemKind


def _style(form: forms.BaseForm) -> None:
    """Designsystemet classes on every visible widget."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("class", "ds-input")


class UploadForm(forms.Form):
    """A minutes file, the cooperation it belongs to and, optionally, the body that met.

    On success ``cleaned_data`` holds the file's bytes (``data``), its name (``filename``), the
    extracted ``text`` and the parsed ``draft``; ``cooperation`` and ``body`` are model instances.
    """

    # Empty files are refused by the reader, with the same kind of message as other bad files.
    file = forms.FileField(label=_("Minutes file"), allow_empty_file=True)
    cooperation = forms.TypedChoiceField(label=_("Cooperation"), coerce=int)
    body = forms.TypedChoiceField(
        label=_("Body"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty to use the body the document names."),
    )

    def __init__(self, *args, cooperations, bodies, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self._cooperations = {c.pk: c for c in cooperations}
        self._bodies = {b.pk: b for b in bodies}
        self.fields["file"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": SUPPORTED,
            "size": filesizeformat(max_bytes),
        }
        self.fields["file"].widget.attrs["accept"] = ".txt,.md,.docx,.pdf"
        self.fields["cooperation"].choices = [(c.pk, c.name) for c in cooperations]
        if len(cooperations) == 1:
            self.fields["cooperation"].widget = forms.HiddenInput()
            self.fields["cooperation"].initial = cooperations[0].pk
        body_choices: list = [("", _("The body the document names"))]
        if len(cooperations) == 1:
            body_choices += [(b.pk, b.name) for b in bodies]
        else:
            body_choices += [
                (c.name, [(b.pk, b.name) for b in bodies if b.cooperation_id == c.pk])
                for c in cooperations
            ]
        self.fields["body"].choices = body_choices
        _style(self)

    def clean_cooperation(self):
        return self._cooperations[self.cleaned_data["cooperation"]]

    def clean_body(self):
        pk = self.cleaned_data["body"]
        return None if pk is None else self._bodies[pk]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Never more than the limit into memory: one byte over is enough to refuse the file.
        data = uploaded.read(self.max_bytes + 1)
        name = Path(uploaded.name or "document").name
        try:
            text = extract_text(data, name, max_bytes=self.max_bytes)
            draft = parse_text(text)
        except DocumentError as exc:
            raise ValidationError(str(exc), code="document") from exc
        self.cleaned_data.update(data=data, filename=name, text=text, draft=draft)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        cooperation, body = cleaned.get("cooperation"), cleaned.get("body")
        if cooperation is not None and body is not None and body.cooperation_id != cooperation.pk:
            self.add_error("body", _("This body does not belong to the chosen cooperation."))
        return cleaned


def format_people(people) -> str:
    """People as the lines of the participants field: "Name; Organization; role"."""
    lines = []
    for person in people:
        parts = [person.name, person.organization or "", person.role or ""]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append("; ".join(parts))
    return "\n".join(lines)


def parse_people(text: str) -> list[DraftPerson]:
    """The lines of a participants field as people; raises ValidationError naming bad lines."""
    people, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 3:
            errors.append(
                _("Line %(line)d: write at most “Name; Organization; role”.") % {"line": number}
            )
            continue
        parts += [""] * (3 - len(parts))
        if not parts[0]:
            errors.append(_("Line %(line)d: the name is missing.") % {"line": number})
            continue
        people.append(
            DraftPerson(name=parts[0], organization=parts[1] or None, role=parts[2] or None)
        )
    if errors:
        raise ValidationError(errors)
    return people


class ReviewForm(forms.Form):
    """The meeting-level fields of a parsed draft, as the secretariat corrects them."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    body = forms.TypedChoiceField(label=_("Body"), coerce=int, empty_value=None)
    date = forms.DateField(label=_("Date"), widget=date_input())
    start = forms.TimeField(
        label=_("Start"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_("End"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: Name; Organization; role."),
    )
    absent = forms.CharField(
        label=_("Absent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: Name; Organization; role."),
    )

    def __init__(self, *args, draft: MinutesDraft, bodies, body=None, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": draft.title or "",
                "body": body.pk if body is not None else None,
                "date": draft.date,
                "start": draft.start,
                "end": draft.end,
                "place": draft.place or "",
                "participants": format_people(draft.participants),
                "absent": format_people(draft.absent),
            },
        )
        super().__init__(*args, **kwargs)
        self._bodies = {b.pk: b for b in bodies}
        field = self.fields["body"]
        if draft.body:
            # Empty means: let the import create (or recognize) the body the document names.
            field.required = False
            empty = _("Create a new body named “%(name)s”") % {"name": draft.body}
        else:
            empty = _("Choose a body")
        field.choices = [("", empty), *((b.pk, b.name) for b in bodies)]
        _style(self)

    def clean_body(self):
        pk = self.cleaned_data["body"]
        return None if pk is None else self._bodies[pk]

    def clean_participants(self):
        return parse_people(self.cleaned_data["participants"])

    def clean_absent(self):
        return parse_people(self.cleaned_data["absent"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end < start:
            self.add_error("end", _("The meeting cannot end before it starts."))
        return cleaned


class ItemForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class BaseItemFormSet(forms.BaseFormSet):
    """The draft's items, as many as were parsed, each with its own number."""

    expected = 0

    def clean(self):
        if any(self.errors):
            return
        if self.total_form_count() != self.expected:
            raise ValidationError(_("The list of items was changed; reload the page."))
        seen: set[str] = set()
        for form in self.forms:
            number = form.cleaned_data["number"].strip()
            if number in seen:
                form.add_error("number", _("Another item has the same number."))
            seen.add(number)


def item_formset(draft: MinutesDraft, data=None) -> BaseItemFormSet:
    """A formset of the draft's items, with their parsed values as initial values."""
    formset_class = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=0)
    formset_class.expected = len(draft.items)
    initial = [
        {"number": i.number, "title": i.title, "kind": i.kind, "conclusion": i.conclusion or ""}
        for i in draft.items
    ]
    return formset_class(data, initial=initial, prefix="items")


def corrected_draft(draft: MinutesDraft, meeting: dict, items: list[dict]) -> MinutesDraft:
    """The parsed draft with the secretariat's corrections, validated again as a whole.

    ``meeting`` is a valid ReviewForm's cleaned data, ``items`` a valid item formset's. Whatever
    the form does not show (item text, contributions, deadlines, plans, groups) is kept as parsed.
    Raises ValidationError if the result is not a valid draft.
    """
    corrected_items = [
        item.model_copy(
            update={
                "number": fields["number"].strip(),
                "title": fields["title"].strip(),
                "kind": fields["kind"],
                "conclusion": fields["conclusion"].strip() or None,
            }
        )
        for item, fields in zip(draft.items, items, strict=True)
    ]
    body = meeting["body"]
    update = {
        "title": meeting["title"].strip() or None,
        "body": body.name if body is not None else draft.body,
        "date": meeting["date"],
        "start": meeting["start"],
        "end": meeting["end"],
        "place": meeting["place"].strip() or None,
        "participants": meeting["participants"],
        "absent": meeting["absent"],
        "items": corrected_items,
    }
    try:
        return MinutesDraft.model_validate(draft.model_copy(update=update).model_dump())
    except pydantic.ValidationError as exc:
        raise ValidationError(
            _("The corrected draft is not valid: %(error)s") % {"error": exc.errors()[0]["msg"]}
        ) from exc
