"""Websocket routes: the live sandbox."""

from django.urls import path

from .consumers import SandboxConsumer

websocket_urlpatterns = [
    path("ws/sandbox/<uuid:sandbox_id>/", SandboxConsumer.as_asgi()),
]
