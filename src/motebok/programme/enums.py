from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    DEPRIORITIZED = "deprioritized", _("Deprioritized")


class SuggestionState(models.TextChoices):
    PENDING = "pending", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    DROPPED = "dropped", _("Dropped")
