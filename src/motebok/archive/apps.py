from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "motebok.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from motebok.archive import signals
        from motebok.meetings.models import AgendaItem, Contribution, Document, Meeting

        uid = "motebok.archive"
        post_save.connect(signals.meeting_saved, sender=Meeting, dispatch_uid=f"{uid}.meeting")
        post_save.connect(signals.item_saved, sender=AgendaItem, dispatch_uid=f"{uid}.item")
        post_save.connect(
            signals.contribution_saved, sender=Contribution, dispatch_uid=f"{uid}.contribution"
        )
        post_save.connect(signals.document_saved, sender=Document, dispatch_uid=f"{uid}.document")
        post_delete.connect(
            signals.contribution_deleted, sender=Contribution, dispatch_uid=f"{uid}.contribution"
        )
        post_delete.connect(
            signals.document_deleted, sender=Document, dispatch_uid=f"{uid}.document"
        )
