"""The outbox, included by the root URLconf at ``outbox/``."""

from django.urls import path

from motebok.core import views_outbox

urlpatterns = [
    path("", views_outbox.outbox, name="outbox"),
    path("<int:pk>/", views_outbox.message_detail, name="outbox_message"),
    path("attachments/<int:pk>/", views_outbox.attachment_download, name="outbox_attachment"),
]
