"""NetworkPolicy: pod selector, ports, peers and policy types."""

from __future__ import annotations

from ._common import _d, _i, _items, _l
from .context import _Ctx, _spec
from .selectors import _validate_selector
from .syntax import _is_cidr, _rule, port_name
from .values import GoValue


def _validate_network_policy(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    _validate_selector(ctx, ("spec", "podSelector"), spec.get("podSelector"))
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for i, rule in _items(spec.get(direction)):
            rp = ("spec", direction, i)
            for j, port in _items(rule.get("ports")):
                _network_policy_port(ctx, rp + ("ports", j), port)
            for j, peer in _items(rule.get(peers_key)):
                _network_policy_peer(ctx, rp + (peers_key, j), peer)
    types = _l(spec.get("policyTypes")) or []
    if len(types) > 2:
        ctx.invalid("value.invalid", ("spec", "policyTypes"), GoValue("&[]networking.PolicyType{...}", types),
                    "may not specify more than two policyTypes")
        return
    for i, kind in enumerate(types):
        if isinstance(kind, str) and kind not in ("Ingress", "Egress"):
            ctx.unsupported(("spec", "policyTypes", i), kind, ["Ingress", "Egress"])


def _network_policy_port(ctx: _Ctx, path: tuple, port: dict) -> None:
    protocol = port.get("protocol")
    if isinstance(protocol, str) and protocol not in ("TCP", "UDP", "SCTP"):
        ctx.unsupported(path + ("protocol",), protocol, ["TCP", "UDP", "SCTP"])
    number, end = port.get("port"), _i(port.get("endPort"))
    if _i(number) is not None:
        if not 1 <= number <= 65535:
            ctx.invalid("port.out_of_range", path + ("port",), number, _rule("rule.port_range"), lo=1, hi=65535)
        if end is not None:
            if end < number:
                ctx.invalid("value.invalid", path + ("endPort",), end, "must be greater than or equal to `port`")
            if not 1 <= end <= 65535:
                ctx.invalid("port.out_of_range", path + ("endPort",), end, _rule("rule.port_range"), lo=1, hi=65535)
    elif isinstance(number, str):
        if end is not None:
            ctx.invalid("value.invalid", path + ("endPort",), end, "may not be specified when `port` is non-numeric")
        ctx.invalid_all("port.name_invalid", path + ("port",), number, port_name(number))
    elif end is not None:
        ctx.invalid("value.invalid", path + ("endPort",), end, "may not be specified when `port` is not specified")


def _network_policy_peer(ctx: _Ctx, path: tuple, peer: dict) -> None:
    present = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    for key in ("podSelector", "namespaceSelector"):
        _validate_selector(ctx, path + (key,), peer.get(key))
    block = _d(peer.get("ipBlock"))
    if block is not None:
        cidr = block.get("cidr")
        if cidr == "":
            ctx.required("value.required", path + ("ipBlock", "cidr"))
        elif isinstance(cidr, str) and not _is_cidr(cidr):
            ctx.invalid("value.invalid", path + ("ipBlock", "cidr"), cidr, _rule("rule.cidr"))
    if not present:
        ctx.required("value.required", path, "must specify a peer")
    elif len(present) > 1 and "ipBlock" in present:
        ctx.forbidden("value.forbidden", path, "may not specify both ipBlock and another peer")
