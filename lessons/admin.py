from django.contrib import admin

from .models import LessonProgress, Submission


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("lesson", "user", "visitor", "read_at", "quiz_score", "quiz_max", "updated")
    list_filter = ("lesson",)
    search_fields = ("user__username", "visitor", "lesson")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("exercise", "user", "score", "max_score", "late", "assignment", "created")
    list_filter = ("late", "exercise")
    search_fields = ("user__username", "exercise")
    readonly_fields = ("results", "content_hash", "created")
