from django.contrib import admin

from motebok.orgs.models import Body, CooperationRole, Membership, Organization, Person, Seat


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "cooperation", "start", "end"]
    list_filter = ["cooperation"]
    list_select_related = ["organization", "cooperation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]
    list_select_related = ["user"]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "cooperation", "kind", "parent"]
    list_filter = ["cooperation", "kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["cooperation", "parent"]
    inlines = [SeatInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "organization", "role", "start", "end"]
    list_filter = ["body__cooperation", "role"]
    list_select_related = ["person", "body", "organization"]


@admin.register(CooperationRole)
class CooperationRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "cooperation", "role"]
    list_filter = ["cooperation", "role"]
    list_select_related = ["user", "cooperation"]
