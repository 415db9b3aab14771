from django.contrib import admin

from motebok.meetings.models import (
    AgendaItem,
    Attendance,
    Case,
    Contribution,
    Correction,
    Document,
    Meeting,
)


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["number", "position", "kind", "title", "text", "conclusion", "case"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "start", "status"]
    list_filter = ["status", "kind", "body__cooperation"]
    date_hierarchy = "start"
    list_select_related = ["body"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "meeting", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "text", "conclusion"]
    list_select_related = ["meeting__body"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["organization", "item"]
    list_select_related = ["organization", "item__meeting__body"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "cooperation", "created_at"]
    list_select_related = ["cooperation"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "public", "legal_basis"]
    list_filter = ["public", "kind"]
    list_select_related = ["meeting__body"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "field", "made_by", "made_at"]
    list_select_related = ["meeting__body", "made_by"]
    readonly_fields = [
        "meeting",
        "item",
        "field",
        "old_value",
        "new_value",
        "reason",
        "made_by",
        "made_at",
    ]

    def has_delete_permission(self, request, obj=None):
        return False
