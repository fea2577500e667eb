from django.contrib import admin

from .models import LessonProgress


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("lesson", "user", "visitor", "read_at", "quiz_score", "quiz_max", "updated")
    list_filter = ("lesson",)
    search_fields = ("user__username", "visitor", "lesson")
