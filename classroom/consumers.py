"""Websocket ``/ws/classes/<id>/``: the class's instructor hears about new scores as they land.

connect -> check that the user teaches this class -> group_add ``class.<id>`` -> accept -> send the
whole grid (so a reconnect catches up on what it missed). Events from classroom.live: a submission
(``class.submission``) is answered with the student's row, anything else (``class.changed``) with the
grid, both rendered from the page's own template partials in the page's language. Anyone else gets an
error message and the close code 4403 (not logged in) or 4404 (not their class). Nothing is accepted
from the client.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from sandbox.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, scope_language

from . import live
from .models import Class


@database_sync_to_async
def class_for_instructor(scope: dict, class_id: int) -> tuple[bool, Class | None]:
    """(logged in, the class if this user teaches it)."""
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        return False, None
    return True, Class.objects.filter(id=class_id, instructor_id=user.pk).first()


@database_sync_to_async
def render_grid(klass: Class, language: str) -> str:
    return live.render_grid(klass, language)


@database_sync_to_async
def render_row(klass: Class, student_id: int, language: str) -> str | None:
    return live.render_row(klass, student_id, language)


class ClassConsumer(AsyncJsonWebsocketConsumer):
    klass: Class | None = None

    async def connect(self) -> None:
        self.language = scope_language(self.scope)
        translation.activate(self.language)
        class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        logged_in, self.klass = await class_for_instructor(self.scope, class_id)
        if self.klass is None:
            await self.accept()
            if not logged_in:
                await self.send_error("forbidden", _("Log in to follow a class."))
                await self.close(code=CLOSE_FORBIDDEN)
            else:
                await self.send_error("not_found", _("There is no such class, or you do not teach it."))
                await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group = live.group_name(self.klass.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_grid()

    async def disconnect(self, code: int) -> None:
        if self.klass is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs) -> None:
        if self.klass is not None:
            await self.send_error("read_only", _("This connection only sends updates; it takes no commands."))

    # --- group events -> client -----------------------------------------------------------------------

    async def class_submission(self, event: dict) -> None:
        html = await render_row(self.klass, event["student"], self.language)
        if html is not None:
            await self.send_json({"type": "row", "student": event["student"], "html": html})

    async def class_changed(self, event: dict) -> None:
        await self.send_grid()

    # --- helpers ------------------------------------------------------------------------------------------

    async def send_grid(self) -> None:
        await self.send_json({"type": "grid", "html": await render_grid(self.klass, self.language)})

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})

    async def send_json(self, content: Any, close: bool = False) -> None:
        await super().send(text_data=json.dumps(content, separators=(",", ":"), ensure_ascii=False), close=close)
