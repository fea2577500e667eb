from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Sandbox


@admin.register(Sandbox)
class SandboxAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "user",
        "visitor",
        "context",
        "context_key",
        "version",
        "virtual_time",
        "speed",
        "lease_holder",
        "updated",
    )
    list_filter = ("context",)
    search_fields = ("id", "user__username", "visitor", "context_key")
    readonly_fields = (
        "id",
        "state_size",
        "version",
        "last_seq",
        "virtual_time",
        "lease_holder",
        "lease_expires",
        "created",
        "updated",
    )
    exclude = ("state",)

    @admin.display(description=_("snapshot size"))
    def state_size(self, obj: Sandbox) -> str:
        return f"{len(obj.state or b'') / 1024:.1f} KiB"
