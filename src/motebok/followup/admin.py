from django.contrib import admin

from motebok.followup.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["text", "due", "status", "responsible_person", "responsible_organization"]
    list_filter = ["status", "cooperation"]
    search_fields = ["text"]
    list_select_related = ["responsible_person", "responsible_organization"]
