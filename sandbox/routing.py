"""Websocket routes; the live sandbox consumer arrives with the live-sandbox issue."""

websocket_urlpatterns: list = []
