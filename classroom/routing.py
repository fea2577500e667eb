"""Websocket routes: the live class dashboard."""

from django.urls import path

from .consumers import ClassConsumer

websocket_urlpatterns = [
    path("ws/classes/<int:class_id>/", ClassConsumer.as_asgi()),
]
