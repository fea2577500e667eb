from django.contrib import admin

from .models import Assignment, Class, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["student"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(Class)
class ClassAdmin(admin.ModelAdmin):
    list_display = ("name", "instructor", "language", "created")
    list_filter = ("language",)
    search_fields = ("name", "instructor__username")
    readonly_fields = ("join_code",)
    inlines = [AssignmentInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("klass", "student", "joined")
    search_fields = ("klass__name", "student__username")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("target", "klass", "due", "created")
    list_filter = ("klass",)
    search_fields = ("target", "klass__name")
