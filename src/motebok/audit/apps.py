from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "motebok.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from auditlog.signals import pre_log

        from motebok.audit.receivers import skip_bulk_children

        pre_log.connect(skip_bulk_children, dispatch_uid="motebok.audit.skip_bulk_children")
