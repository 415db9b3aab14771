from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COOPERATION = "cooperation", _("Cooperation")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County")
    OTHER = "other", _("Other")


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    COUNCIL = "council", _("Council of representatives")
    COORDINATION_GROUP = "coordination_group", _("Coordination group")
    POLITICAL_COMMITTEE = "political_committee", _("Political committee")
    EXPERT_GROUP = "expert_group", _("Expert group")
    WORKING_GROUP = "working_group", _("Working group")
    PROGRAMME_COMMITTEE = "programme_committee", _("Programme committee")
    SECRETARIAT = "secretariat", _("Secretariat")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy member")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")


class AccessRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
