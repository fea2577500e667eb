"""Websocket ``/ws/sandbox/<uuid>/``: commands in, frames out (protocol in ARCHITECTURE.md).

connect -> check access -> group_add -> accept -> send the current state. Every connection of a
sandbox is in the group ``sandbox.<id>``; whoever runs a command publishes its frames there
(``sandbox.frames``), so every tab and every worker sees them. One owner connection at a time holds
the lease (a row in the database) and drives the virtual clock with wall time x speed; the others
poll for the lease and take over when it expires. Commands go through the service functions in
small ``database_sync_to_async`` helpers; the clock's ticks run on the event loop (see ``drive``).

Limits, so that one client cannot hurt the others: messages over MAX_MESSAGE_BYTES and commands
over the token bucket are answered with an error (the connection stays); what waits for a slow
connection is bounded by the channel layer's capacity per channel (100 messages of at most 500
frames); frames it lost that way are filled in from the cluster's frame log, or the client asks
with ``resume`` and gets the full state when they are gone.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import timedelta
from typing import Any, Callable
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from . import access, services
from .models import one_writer
from .services import ServiceError

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 256 * 1024
TICK_SECONDS = 0.25  # the clock moves in steps of about this much wall time
LEASE_SECONDS = 10.0  # a driver that stops renewing is replaced after this long
LEASE_RENEW_SECONDS = 4.0
RATE_PER_SECOND = 5.0  # commands per second per connection, sustained
RATE_BURST = 10.0  # ... and in a burst (a kubectl block runs several lines at once)
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.at = burst, clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def scope_language(scope: dict) -> str:
    """?lang=ko|en, else the language cookie, else Accept-Language; Korean when unsure."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("lang"):
        return services.language_of(query["lang"][0])
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in ("ko", "en"):
        return cookie
    headers = dict(scope.get("headers") or ())
    for code, _quality in parse_accept_lang_header(headers.get(b"accept-language", b"").decode("latin-1")):
        if code.split("-")[0] in ("ko", "en"):
            return code.split("-")[0]
    return settings.LANGUAGE_CODE


# --- database helpers (each one short, each one sync) ------------------------------------------------


@database_sync_to_async
def find_sandbox(scope: dict, sandbox_id: str):
    learner = access.learner_for_scope(scope)
    sandbox, mode = access.find_sandbox(learner, sandbox_id)
    return learner, sandbox, mode


# All of them run in Channels' one database thread. A pool of threads was slower under load (measured with
# benchmarks/ws_load.py): threads that contend for the GIL and SQLite's lock wait on each other's hand-offs.
# The clock's ticks, the frequent work, do not come here at all (see SandboxConsumer.drive).
_pooled = database_sync_to_async


@_pooled
def call_service(language: str, function: Callable, *args: Any) -> Any:
    with translation.override(language):
        return function(*args)


@_pooled
def take_lease(sandbox, holder: str) -> bool:
    return sandbox.take_lease(holder, LEASE_SECONDS)


@_pooled
def renew_leases(holders: list[str]) -> set[str]:
    """Renew every lease this process holds in two queries; returns the holders that still had theirs."""
    from django.utils import timezone

    from .models import Sandbox

    still: set[str] = set()
    expires = timezone.now() + timedelta(seconds=LEASE_SECONDS)
    for start in range(0, len(holders), 500):
        chunk = holders[start : start + 500]
        found = set(Sandbox.objects.filter(lease_holder__in=chunk).values_list("lease_holder", flat=True))
        if found:
            with one_writer():
                Sandbox.objects.filter(lease_holder__in=found).update(lease_expires=expires)
        still |= found
    return still


class LeaseKeeper:
    """One renewal round per process every LEASE_RENEW_SECONDS for all driving connections (not one
    database write per connection: with hundreds of drivers those writes crowded out everything else)."""

    def __init__(self) -> None:
        self.drivers: dict[str, SandboxConsumer] = {}
        self.task: asyncio.Task | None = None

    def hold(self, consumer: SandboxConsumer) -> None:
        self.drivers[consumer.channel_name] = consumer
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.task = loop.create_task(self.run())

    def drop(self, consumer: SandboxConsumer) -> None:
        self.drivers.pop(consumer.channel_name, None)

    async def run(self) -> None:
        while self.drivers:
            await asyncio.sleep(LEASE_RENEW_SECONDS)
            holders = list(self.drivers)
            try:
                still = await renew_leases(holders)
            except Exception:  # noqa: BLE001 - try again next round; leases last longer than a round
                log.exception("renewing sandbox leases failed")
                continue
            for holder in holders:
                consumer = self.drivers.get(holder)
                if consumer is not None and holder not in still:
                    consumer.driving = False  # it expired and another connection took it
                    self.drivers.pop(holder, None)


leases = LeaseKeeper()


@_pooled
def leave(sandbox, holder: str, driving: bool) -> None:
    if driving:
        services.flush(sandbox)
        sandbox.release_lease(holder)


class SandboxConsumer(AsyncJsonWebsocketConsumer):
    sandbox = None
    mode = ""
    driving = False
    speed = 1
    sent_seq = 0
    drive_task: asyncio.Task | None = None
    save_task: asyncio.Task | None = None

    # --- lifecycle ---------------------------------------------------------------------------------

    async def connect(self) -> None:
        self.language = scope_language(self.scope)
        translation.activate(self.language)  # this connection's task (and its clock task) speak the page's language
        self.bucket = TokenBucket(RATE_PER_SECOND, RATE_BURST)
        sandbox_id = str(self.scope["url_route"]["kwargs"]["sandbox_id"])
        learner, self.sandbox, self.mode = await find_sandbox(self.scope, sandbox_id)
        if self.sandbox is None:
            await self.accept()
            if learner is None:
                await self.send_error(
                    "forbidden", _("Open the sandbox page first (or log in): this browser has no sandbox yet.")
                )
                await self.close(code=CLOSE_FORBIDDEN)
            else:
                await self.send_error("not_found", _("There is no such sandbox, or it is not yours."))
                await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group = services.group_name(self.sandbox.pk)
        self.speed = self.sandbox.speed
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_state()
        if self.mode == "drive":
            self.drive_task = asyncio.create_task(self.drive())

    async def disconnect(self, code: int) -> None:
        if self.sandbox is None:
            return
        if self.drive_task is not None:
            self.drive_task.cancel()
            try:
                await self.drive_task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - leaving anyway
                pass
        leases.drop(self)
        if self.save_task is not None:
            await asyncio.wait([self.save_task], timeout=10)
        await self.channel_layer.group_discard(self.group, self.channel_name)
        try:
            await leave(self.sandbox, self.channel_name, self.driving)
        except Exception:  # noqa: BLE001 - the lease expires by itself
            log.exception("sandbox %s: leaving failed", self.sandbox.pk)

    # --- client -> server -----------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs) -> None:
        size = len(text_data.encode("utf-8")) if text_data is not None else len(bytes_data or b"")
        if size > MAX_MESSAGE_BYTES:
            await self.send_error(
                "too_large", _("The message is larger than %(limit)s KiB.") % {"limit": MAX_MESSAGE_BYTES // 1024}
            )
            return
        if text_data is None:
            await self.send_error("bad_request", _("Send JSON text messages."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_request", _("The message is not valid JSON."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs) -> None:
        if self.sandbox is None:
            return
        if not isinstance(content, dict) or not isinstance(content.get("action"), str):
            await self.send_error("bad_request", _('A message needs an "action".'))
            return
        action = content["action"]
        handler = getattr(self, f"do_{action}", None) if action in ACTIONS else None
        if handler is None:
            await self.send_error(
                "bad_action", _("Unknown action. Use one of: %(actions)s.") % {"actions": ", ".join(ACTIONS)}
            )
            return
        if not self.bucket.take():
            await self.send_error("rate_limited", _("Too many commands at once: wait a moment and try again."))
            return
        if action not in READ_ONLY_ACTIONS and self.mode != "drive":
            await self.send_error("read_only", _("You are watching this sandbox: only its owner can change it."))
            return
        try:
            await handler(content)
        except ServiceError as error:
            await self.send_error(error.code, error.message)

    async def do_apply(self, content: dict) -> None:
        await self.run_action(services.apply_to_sandbox, content.get("yaml"), content)

    async def do_kubectl(self, content: dict) -> None:
        await self.run_action(services.run_kubectl, content.get("line"), content)

    async def do_fault(self, content: dict) -> None:
        await self.run_action(services.inject_fault, content.get("fault"), content.get("target"), content)

    async def do_step(self, content: dict) -> None:
        outcome = await call_service(self.language, services.step_sandbox, self.sandbox)
        await self.finish(outcome, content)

    async def do_speed(self, content: dict) -> None:
        value = await call_service(self.language, services.set_speed, self.sandbox, content.get("value"))
        await self.channel_layer.group_send(self.group, {"type": "sandbox.speed", "value": value})

    async def do_resume(self, content: dict) -> None:
        since = content.get("since")
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            raise ServiceError("bad_request", _('"since" must be a frame number (0 or more).'))
        frames, seq = await call_service(self.language, services.frames_since, self.sandbox, since)
        if frames is None:
            await self.send_state()
            return
        self.sent_seq = max(self.sent_seq, seq)
        await self.send_json({"type": "frames", "frames": frames, "seq": seq})

    async def run_action(self, function: Callable, *args: Any) -> None:
        *params, content = args
        outcome = await call_service(self.language, function, self.sandbox, *params, self.language)
        await self.finish(outcome, content)

    async def finish(self, outcome: services.Outcome, content: dict) -> None:
        await services.apublish(self.sandbox.pk, outcome)
        await self.send_json(outcome.result_message(content.get("ref")))

    # --- the clock --------------------------------------------------------------------------------------

    async def drive(self) -> None:
        """Advance the clock with wall time x speed while this connection holds the lease.

        The clock runs here, on the event loop (no thread hop, no database). Time that could not run
        (the sandbox was busy with a command or a save) is owed and runs on the next tick. Loading a
        sandbox and saving it go to the database thread; a save never holds up the clock."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        poll_at = 0.0
        owed = 0.0
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = loop.time()
            owed, last = min(owed + min(now - last, 1.0) * self.speed, services.MAX_ADVANCE_SECONDS), now
            try:
                if not self.driving and now >= poll_at:  # a watcher asks whether the lease is free
                    self.driving = await take_lease(self.sandbox, self.channel_name)
                    poll_at = now + LEASE_RENEW_SECONDS
                    if self.driving:
                        leases.hold(self)  # renewed from now on with every other lease of this process
                if not self.driving or self.speed == 0:
                    owed = 0.0
                    continue
                if not services.is_loaded(self.sandbox):
                    outcome = await call_service(self.language, services.advance, self.sandbox, owed)
                else:
                    outcome = services.tick(self.sandbox, owed)
                    if outcome is None:
                        continue  # busy: the time stays owed
                owed = 0.0
                await services.apublish(self.sandbox.pk, outcome)
                if outcome.save_due and (self.save_task is None or self.save_task.done()):
                    self.save_task = asyncio.create_task(self.save())
            except asyncio.CancelledError:
                raise
            except ServiceError as error:
                owed = 0.0
                log.warning("sandbox %s: tick failed: %s", self.sandbox.pk, error.code)
            except Exception:  # noqa: BLE001 - a failed tick must not stop the clock for good
                owed = 0.0
                log.exception("sandbox %s: tick failed", self.sandbox.pk)

    async def save(self) -> None:
        try:
            outcome = await call_service(self.language, services.save_if_due, self.sandbox)
            if outcome.reset:
                await services.apublish(self.sandbox.pk, outcome)
        except Exception:  # noqa: BLE001 - the next due save tries again
            log.exception("sandbox %s: saving failed", self.sandbox.pk)

    # --- group events -> client -----------------------------------------------------------------------

    async def sandbox_frames(self, event: dict) -> None:
        first, last = event["first"], event["last"]
        if last <= self.sent_seq:
            return  # already sent (in the state message, or twice)
        if first == self.sent_seq + 1:  # the usual case: pass the encoded frames through untouched
            self.sent_seq = last
            await self.send(text_data='{"type":"frames","frames":' + event["json"] + "}")
            return
        frames = json.loads(event["json"])
        if first > self.sent_seq + 1:
            # Frames this connection never got (its queue overflowed): fill the gap from the log if it still can.
            missed, _seq = await call_service(self.language, services.frames_since, self.sandbox, self.sent_seq)
            if missed:
                frames = [f for f in missed if f["seq"] < first] + frames
        frames = [f for f in frames if f["seq"] > self.sent_seq]
        self.sent_seq = frames[-1]["seq"]
        await self.send_json({"type": "frames", "frames": frames})

    async def sandbox_reset(self, event: dict) -> None:
        await call_service(self.language, services.refresh, self.sandbox, event.get("version", 0))
        self.sent_seq = 0
        await self.send_state()

    async def sandbox_speed(self, event: dict) -> None:
        self.speed = event["value"]
        self.sandbox.speed = event["value"]
        await self.send_json(
            {
                "type": "result",
                "action": "speed",
                "exit_code": 0,
                "output": str(event["value"]),
                "errors": [],
                "value": event["value"],
            }
        )

    # --- helpers ------------------------------------------------------------------------------------------

    async def send_state(self) -> None:
        message = await call_service(self.language, services.state_message, self.sandbox)
        message["mode"] = self.mode
        self.sent_seq = message["seq"]
        await self.send_json(message)

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})

    async def send_json(self, content: Any, close: bool = False) -> None:
        await super().send(text_data=json.dumps(content, separators=(",", ":"), ensure_ascii=False), close=close)


ACTIONS = ("apply", "kubectl", "fault", "speed", "step", "resume")
READ_ONLY_ACTIONS = ("resume",)
