from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motebok.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from motebok.core import checks, pagecache  # noqa: F401 (checks registers itself)

        connection_created.connect(pagecache.install)
        pre_migrate.connect(pagecache.before_migrate)
        post_migrate.connect(pagecache.after_migrate, sender=self)
