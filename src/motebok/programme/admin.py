from django.contrib import admin

from motebok.programme.models import Activity, Programme, StatusChange, Theme, ThemeSuggestion


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "title", "strategy", "status", "status_reason"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "cooperation", "year"]
    inlines = [ActivityInline]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_on", "status", "reason", "meeting", "changed_by"]
    raw_id_fields = ["meeting", "changed_by"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status"]
    list_select_related = ["programme"]
    raw_id_fields = ["items", "tasks", "calls", "meetings"]
    filter_horizontal = ["themes"]
    inlines = [StatusChangeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "cooperation", "priority_year"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["items", "contributions"]


@admin.register(ThemeSuggestion)
class ThemeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["theme", "words", "state", "created_at"]
    list_filter = ["state", "theme"]
    raw_id_fields = ["item", "contribution", "activity", "decided_by"]
