"""The Events table at the end of most describers, and the search that fills it."""

from __future__ import annotations

from ._context import _Ctx
from ._values import _g, _int, _meta, _parse_time, _s
from .gosort import _go_sort


def _search_events(ctx: _Ctx, obj: dict, kind: str | None, uid: str | None, namespace: str | None = None) -> list[dict]:
    """The events kubectl's searchEvents finds: involvedObject name/namespace (and kind, uid when the
    reference has them). An event that carries no uid is matched by kind and name."""
    meta = _meta(obj)
    name = meta.get("name", "")
    ns = meta.get("namespace") or "" if namespace is None else namespace
    found = []
    for ev in ctx.list("Event", ns or None):
        inv = ev.get("involvedObject") or {}
        if inv.get("name") != name:
            continue
        inv_ns = inv.get("namespace") or ""
        if inv_ns != ns and not (ns and not inv_ns and (_meta(ev).get("namespace") or "") == ns):
            continue
        if kind and inv.get("kind") and inv.get("kind") != kind:
            continue
        if uid and inv.get("uid") and inv.get("uid") != uid:
            continue
        found.append(ev)
    return found


def _describe_events(ctx: _Ctx, w, events: list[dict] | None) -> None:
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return

    def last(ev):
        return _parse_time(ev.get("lastTimestamp"))

    ordered = _go_sort(events, lambda a, b: last(a) < last(b))
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for ev in ordered:
        if ev.get("eventTime"):
            first = ctx.since(ev.get("eventTime"))
        else:
            first = ctx.since(ev.get("firstTimestamp"))
        series = ev.get("series")
        if series is not None:
            interval = f"{ctx.since(series.get('lastObservedTime'))} (x{_int(series.get('count'))} over {first})"
        elif _int(ev.get("count")) > 1:
            interval = f"{ctx.since(ev.get('lastTimestamp'))} (x{_int(ev.get('count'))} over {first})"
        else:
            interval = first
        source = _g(ev, "source", "component") or ev.get("reportingComponent") or ev.get("reportingController") or ""
        w.write(
            1, f"{_s(ev.get('type'))}\t{_s(ev.get('reason'))}\t{interval}\t{source}\t{_s(ev.get('message')).strip()}\n"
        )


def _events_for(ctx: _Ctx, obj: dict, kind: str | None = None) -> list[dict]:
    return _search_events(ctx, obj, kind if kind is not None else obj.get("kind"), _meta(obj).get("uid"))
