from django.contrib import admin

from motebok.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``motebok api_token`` or on the user's own page, never here."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]
    fields = ["user", "name", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False
