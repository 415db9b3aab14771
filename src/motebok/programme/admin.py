from django.contrib import admin

from motebok.programme.models import Activity, Programme, Theme


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "title", "strategy", "status", "status_reason"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "cooperation", "year"]
    inlines = [ActivityInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "cooperation", "priority_year"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["items", "contributions"]
