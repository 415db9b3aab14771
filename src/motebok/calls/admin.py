from django.contrib import admin

from motebok.calls.models import Call, Criterion, Score, Submission


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "cooperation", "opens", "deadline"]
    inlines = [CriterionInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["organization", "call", "submitted_at"]
    list_select_related = ["organization", "call"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["submission", "criterion", "evaluator", "value"]
    list_select_related = ["submission__organization", "criterion", "evaluator"]
