"""The commands that wait: `kubectl get --watch` and `kubectl delete`'s wait for the object to go.

A real kubectl blocks while the cluster moves on; the sandbox's console answers at once, so these run
the simulation forward themselves, a bounded stretch of virtual time, and print what kubectl would
have printed meanwhile. The watch prints a row for every change of a watched object (kubectl's
RememberWidths tabwriter: columns never get narrower than what was printed before, headers once)
and ends with a line saying that the sandbox stopped watching.
"""

from __future__ import annotations

import re
from typing import Any

from .. import resources
from ..labels import SelectorError, parse_label_selector
from ..store import copy_json
from . import builder
from .common import Context, strip_managed_fields
from .output import parse_output, print_objects
from .parser import error
from .printers import TableOptions, rows_for
from .texts import text

_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
WATCH_SECONDS = 60.0  # virtual seconds a watch runs at most
WAIT_SLACK_SECONDS = 10.0  # delete waits for the grace period and this much more


class RememberingTable:
    """liggitt/tabwriter with RememberWidths, as kubectl's watch output uses it."""

    def __init__(self, padding: int = 3, minwidth: int = 6):
        self.widths: list[int] = []
        self.padding, self.minwidth = padding, minwidth

    def render(self, rows: list[list[str]]) -> str:
        for row in rows:
            for i, cell in enumerate(row[:-1]):
                if i >= len(self.widths):
                    self.widths.append(0)
                self.widths[i] = max(self.widths[i], len(cell))
        lines = []
        for row in rows:
            cells = [cell.ljust(max(self.widths[i] + self.padding, self.minwidth)) for i, cell in enumerate(row[:-1])]
            lines.append("".join(cells) + (row[-1] if row else ""))
        return "".join(line + "\n" for line in lines)


def run_watch(ctx: Context) -> None:
    """`kubectl get TYPE [NAME] -w`: the current objects, then each change while the simulation runs."""
    a = ctx.args
    out = parse_output(a["output"])
    request = builder.parse_args(a.positional)
    if len(request.groups) != 1:
        raise error(f"watch is only supported on individual resources and resource collections, but "
                    f"{len(request.groups)} resources were found")
    res, names = request.groups[0]
    found = builder.fetch(ctx.client, request, namespace=ctx.namespace, all_namespaces=a["all-namespaces"],
                          selector=a["selector"], field_selector=a["field-selector"])
    if found.errors:
        ctx.report(found.errors)
        return
    opts = TableOptions(wide=out.kind == "wide", all_namespaces=a["all-namespaces"], no_headers=a["no-headers"],
                        show_labels=a["show-labels"], label_columns=list(a["label-columns"]))
    events = a["output-watch-events"]
    printer = RememberingTable()
    headers_done = [opts.no_headers]

    def show(objs: list[dict], event: str = "ADDED") -> None:
        objs = [strip_managed_fields(o) for o in objs]
        if not out.is_table:
            ctx.write(print_objects(objs, out, single=True))
            return
        rows = rows_for(res, objs, ctx.age, TableOptions(**{**opts.__dict__, "no_headers": headers_done[0]}))
        if not headers_done[0]:
            if events:
                rows[0].insert(0, "EVENT")
            headers_done[0] = True
            body = rows[1:]
        else:
            body = rows
        if events:
            for row in body:
                row.insert(0, event)
        ctx.write(printer.render(rows))

    if not a["watch-only"] and found.objects:
        show(found.objects)
    namespace = None if a["all-namespaces"] or not res.namespaced else ctx.namespace
    wanted = set(names or ())
    try:
        selector = parse_label_selector(a["selector"]) if a["selector"] else None
    except SelectorError as exc:
        raise error(str(exc)) from None
    changes: list[tuple[str, dict]] = []

    def listen(op: str, obj: dict) -> None:
        meta = obj.get("metadata") or {}
        if obj.get("kind") != res.kind or (namespace is not None and meta.get("namespace") != namespace):
            return
        if wanted and meta.get("name") not in wanted:
            return
        if selector is not None and not selector.matches(meta.get("labels") or {}):
            return
        changes.append((op, copy_json(obj)))
        # kubectl prints as the event arrives: AGE is counted at that moment
        show([changes[-1][1]], op)

    cluster = ctx.cluster
    start = cluster.now
    cluster.store.listeners.append(listen)
    try:
        reason = _run_until(cluster, start + WATCH_SECONDS, done=lambda: not cluster.timers.busy)
    finally:
        cluster.store.listeners.remove(listen)
    seconds = f"{max(0.0, cluster.now - start):g}s"
    ctx.warn(text("watch_stopped" if reason == "stable" else "watch_limit", ctx.language, seconds=seconds))


def _run_until(cluster: Any, deadline: float, done: Any) -> str:
    """Step the simulation until ``done()`` or the deadline; returns "stable", "done" or "limit"."""
    timers = cluster.timers
    while True:
        if done():
            return "stable"
        next_time = timers.next_time()
        if next_time is None:
            return "stable"
        if next_time > deadline:
            cluster.clock.advance_to(max(deadline, cluster.now))
            return "limit"
        timers.step()


def wait_for_deletion(ctx: Context, deleted: list[tuple[Any, dict]], grace: int | None, timeout: float) -> None:
    """`kubectl delete` waits (--wait=true) until every deleted object is gone from the API server."""
    cluster = ctx.cluster
    keys = []
    longest = 0.0
    for res, obj in deleted:
        meta = obj.get("metadata") or {}
        keys.append((res.kind, meta.get("namespace") or "", meta.get("name"), meta.get("uid")))
        if res.kind == "Pod":
            own = (obj.get("spec") or {}).get("terminationGracePeriodSeconds", 30)
            longest = max(longest, float(grace if grace is not None and grace >= 0 else (own or 0)))
        else:
            longest = max(longest, 30.0)  # a namespace or a foreground deletion waits for pods too

    def gone() -> bool:
        for kind, namespace, name, uid in keys:
            current = cluster.store.get(kind, namespace, name)
            if current is not None and current["metadata"].get("uid") == uid:
                return False
        return True

    if not keys or gone():
        return
    start = cluster.now
    bound = timeout if timeout > 0 else longest + WAIT_SLACK_SECONDS
    _run_until(cluster, start + bound, done=gone)
    if gone():
        return
    left = next(f"{resources.by_kind(k).plural}/{n}" for k, ns, n, u in keys
                if (cluster.store.get(k, ns, n) or {}).get("metadata", {}).get("uid") == u)
    if timeout > 0:
        ctx.fail(f"error: timed out waiting for the condition on {left}")
        return
    ctx.warn(text("wait_stopped", ctx.language, seconds=f"{cluster.now - start:g}s", what=left))


def parse_duration(value: str, flag: str, command: str) -> float:
    """Go's time.ParseDuration, in seconds (``0`` alone is allowed)."""
    if value in ("0", ""):
        return 0.0
    pos, total = 0, 0.0
    while pos < len(value):
        match = _DURATION.match(value, pos)
        if match is None:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(value) or pos == 0:
        raise error(f'invalid argument "{value}" for "{flag}" flag: time: invalid duration "{value}"\n'
                    f"See '{command} --help' for usage.")
    return total
