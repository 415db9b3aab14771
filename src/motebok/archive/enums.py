from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    ITEM_TITLE = "item_title", _("Agenda item")
    MINUTES = "minutes", _("Minutes")
    CONTRIBUTION = "contribution", _("Round the table")
    DOCUMENT = "document", _("Document")


class Level(models.TextChoices):
    """Which part of a meeting an entry belongs to; who may see it follows from the meeting's status."""

    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Minutes")
    EXEMPT = "exempt", _("Exempt")
