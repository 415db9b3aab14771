from django.contrib import admin

from motebok.calls.models import Call, Criterion, Score, Submission, SubmissionAttachment


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = SubmissionAttachment
    extra = 0
    fields = ["filename", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "cooperation", "opens", "deadline", "extended_until"]
    list_select_related = ["cooperation"]
    raw_id_fields = ["item", "decision_item", "recommended"]
    inlines = [CriterionInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["organization", "call", "submitted_at", "updated_at"]
    list_select_related = ["organization", "call"]
    inlines = [AttachmentInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["submission", "criterion", "evaluator", "value"]
    list_select_related = ["submission__organization", "criterion", "evaluator"]
