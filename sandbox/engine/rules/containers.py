"""Containers and init containers: names, images, ports, mounts, probes, lifecycle and resources."""

from __future__ import annotations

import re
from typing import Any

from ._common import _PROTOCOLS, Key, _d, _i, _items, _s
from .context import _Ctx
from .env import _validate_env, _validate_env_from
from .quantities import Quantity, QuantityError, parse_quantity
from .syntax import Rule, _rule, dns1123_label, port_name, qualified_name
from .volumes import _local_path


def _validate_containers(ctx: _Ctx, path: tuple, containers: Any, volumes: dict, is_pod: bool) -> set:
    if containers == []:
        ctx.required("containers.required", path)
    names: set = set()
    for i, c in _items(containers):
        cp = path + (i,)
        _validate_container(ctx, cp, c, volumes, is_pod)
        name = c.get("name")
        name = "" if name is None else name
        if isinstance(name, str):
            if name in names:
                ctx.duplicate("container.name_duplicate", cp + ("name",), name)
            else:
                names.add(name)
        lifecycle = c.get("lifecycle")
        if isinstance(lifecycle, dict):
            _validate_lifecycle(ctx, cp + ("lifecycle",), lifecycle)
        _validate_probes(ctx, cp, c)
        if c.get("restartPolicy") is not None and ctx.at_least((1, 29)):
            ctx.forbidden("value.forbidden", cp + ("restartPolicy",), _rule("rule.restart_policy_non_init"))
    _host_port_conflicts(ctx, path, list(_items(containers)))
    return names


def _validate_init_containers(ctx: _Ctx, path: tuple, containers: Any, regular: set, volumes: dict,
                              is_pod: bool) -> None:
    names = set(regular)
    for i, c in _items(containers):
        cp = path + (i,)
        _validate_container(ctx, cp, c, volumes, is_pod)
        restart = c.get("restartPolicy")
        sidecar = ctx.at_least((1, 29)) and restart == "Always"
        if ctx.at_least((1, 29)) and isinstance(restart, str) and restart != "Always":
            ctx.unsupported(cp + ("restartPolicy",), restart, ["Always"])
        name = c.get("name")
        name = "" if name is None else name
        if isinstance(name, str):
            if name in names:
                ctx.duplicate("container.name_duplicate", cp + ("name",), name)
            elif name:
                names.add(name)
        _host_port_conflicts(ctx, path, [(i, c)])
        if sidecar:
            if isinstance(c.get("lifecycle"), dict):
                _validate_lifecycle(ctx, cp + ("lifecycle",), c["lifecycle"])
            _validate_probes(ctx, cp, c)
            continue
        rule = _rule("rule.init_container_field_old" if not ctx.at_least((1, 28)) else "rule.init_container_field")
        for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
            if c.get(field) is not None:
                ctx.forbidden("value.forbidden", cp + (field,), rule)


def _host_port_conflicts(ctx: _Ctx, path: tuple, containers: list) -> None:
    seen: set = set()
    for i, c in containers:
        for j, port in _items(c.get("ports")):
            host = _i(port.get("hostPort"))
            if not host:
                continue
            key = f"{_s(port.get('protocol')) or 'TCP'}/{_s(port.get('hostIP')) or ''}/{host}"
            if key in seen:
                ctx.duplicate("value.duplicate", path + (i, "ports", j, "hostPort"), key)
            seen.add(key)


def _validate_container(ctx: _Ctx, cp: tuple, c: dict, volumes: dict, is_pod: bool) -> None:
    name = c.get("name")
    if name == "":
        ctx.required("container.name_required", cp + ("name",))
    elif isinstance(name, str):
        ctx.invalid_all("container.name_invalid", cp + ("name",), name, dns1123_label(name))
    image = c.get("image")
    if image is None or image == "":
        ctx.required("container.image_required", cp + ("image",))
    elif is_pod and isinstance(image, str) and image != image.strip():
        ctx.invalid("value.invalid", cp + ("image",), image, _rule("rule.image_whitespace"))
    policy = c.get("terminationMessagePolicy")
    if isinstance(policy, str) and policy and policy not in ("File", "FallbackToLogsOnError"):
        ctx.unsupported(cp + ("terminationMessagePolicy",), policy, ["File", "FallbackToLogsOnError"])
    _validate_container_ports(ctx, cp + ("ports",), c.get("ports"))
    _validate_env(ctx, cp + ("env",), c.get("env"))
    _validate_env_from(ctx, cp + ("envFrom",), c.get("envFrom"))
    _validate_mounts(ctx, cp + ("volumeMounts",), c.get("volumeMounts"), volumes)
    pull = c.get("imagePullPolicy")
    if isinstance(pull, str) and pull and pull not in ("Always", "IfNotPresent", "Never"):
        ctx.unsupported(cp + ("imagePullPolicy",), pull, ["Always", "IfNotPresent", "Never"])
    res = c.get("resources")
    if isinstance(res, dict):
        _validate_resources(ctx, cp + ("resources",), res)
    security = _d(c.get("securityContext")) or {}
    for field in ("runAsUser", "runAsGroup"):
        ident = _i(security.get(field))
        if ident is not None and not 0 <= ident <= 4294967295:
            ctx.invalid("value.out_of_range", cp + ("securityContext", field), ident,
                        _rule("rule.range", lo=0, hi=4294967295), lo=0, hi=4294967295)


def _validate_container_ports(ctx: _Ctx, path: tuple, ports: Any) -> None:
    names: set = set()
    for j, port in _items(ports):
        pp = path + (j,)
        name = port.get("name")
        if isinstance(name, str) and name:
            rules = port_name(name)
            if rules:
                ctx.invalid_all("port.name_invalid", pp + ("name",), name, rules)
            elif name in names:
                ctx.duplicate("port.name_duplicate", pp + ("name",), name)
            else:
                names.add(name)
        cport = _i(port.get("containerPort"))
        if cport == 0:
            ctx.required("value.required", pp + ("containerPort",))
        elif cport is not None and not 1 <= cport <= 65535:
            ctx.invalid("port.out_of_range", pp + ("containerPort",), cport, _rule("rule.port_range"), lo=1, hi=65535)
        host = _i(port.get("hostPort"))
        if host and not 1 <= host <= 65535:
            ctx.invalid("port.out_of_range", pp + ("hostPort",), host, _rule("rule.port_range"), lo=1, hi=65535)
        protocol = port.get("protocol")
        if isinstance(protocol, str) and protocol and protocol not in _PROTOCOLS:
            ctx.unsupported(pp + ("protocol",), protocol, _PROTOCOLS)


def _validate_mounts(ctx: _Ctx, path: tuple, mounts: Any, volumes: dict) -> None:
    paths: set = set()
    for j, mount in _items(mounts):
        mp = path + (j,)
        name = mount.get("name", "")
        if name == "":
            ctx.required("value.required", mp + ("name",))
        if isinstance(name, str) and name not in volumes:
            ctx.add("volume_mount.not_found", mp + ("name",), "Not found", name)
        target = mount.get("mountPath")
        if target == "":
            ctx.required("value.required", mp + ("mountPath",))
        if isinstance(target, str):
            if target in paths:
                ctx.invalid("value.invalid", mp + ("mountPath",), target, _rule("rule.unique"))
            paths.add(target)
        sub = mount.get("subPath")
        if isinstance(sub, str) and sub:
            _local_path(ctx, path + ("subPath",), sub)


# --- probes and lifecycle handlers -------------------------------------------------------------

_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")


def _validate_probes(ctx: _Ctx, cp: tuple, c: dict) -> None:
    for field in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(field)
        if not isinstance(probe, dict):
            continue
        pp = cp + (field,)
        _validate_handler(ctx, pp, probe, _PROBE_HANDLERS)
        for number in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                       "failureThreshold"):
            ctx.nonnegative(pp + (number,), probe.get(number))
        grace = probe.get("terminationGracePeriodSeconds")
        if field == "readinessProbe" and grace is not None:
            ctx.invalid("value.invalid", pp + ("terminationGracePeriodSeconds",), grace,
                        _rule("rule.readiness_grace"))
        elif _i(grace) is not None and grace <= 0:
            ctx.invalid("value.invalid", pp + ("terminationGracePeriodSeconds",), grace, _rule("rule.positive"))
        success = _i(probe.get("successThreshold"))
        if field != "readinessProbe" and success not in (None, 0, 1):  # 0 is defaulted to 1
            ctx.invalid("probe.success_threshold", pp + ("successThreshold",), success, "must be 1", probe=field)


def _validate_lifecycle(ctx: _Ctx, path: tuple, lifecycle: dict) -> None:
    for hook in ("postStart", "preStop"):
        handler = lifecycle.get(hook)
        if isinstance(handler, dict):
            _validate_handler(ctx, path + (hook,), handler, _LIFECYCLE_HANDLERS)


def _validate_handler(ctx: _Ctx, path: tuple, handler: dict, kinds: tuple) -> None:
    found = False
    for kind in kinds:
        action = handler.get(kind)
        if action is None:
            continue
        if found:
            ctx.forbidden("probe.handler_multiple", path + (kind,), _rule("rule.one_handler"))
            continue
        found = True
        if not isinstance(action, dict):
            continue
        if kind == "exec" and action.get("command") == []:
            ctx.required("value.required", path + ("exec", "command"))
        elif kind in ("httpGet", "tcpSocket"):
            _port_num_or_name(ctx, path + (kind, "port"), action.get("port"))
            scheme = action.get("scheme")
            if kind == "httpGet" and isinstance(scheme, str) and scheme and scheme not in ("HTTP", "HTTPS"):
                ctx.unsupported(path + (kind, "scheme"), scheme, ["HTTP", "HTTPS"])
            for _, header in _items(action.get("httpHeaders") if kind == "httpGet" else None):
                name = header.get("name")
                if isinstance(name, str) and not re.fullmatch("[-A-Za-z0-9]+", name):
                    ctx.invalid("value.invalid", path + (kind, "httpHeaders"), name, _rule("rule.http_header"))
        elif kind == "grpc":
            _port_num_or_name(ctx, path + (kind, "port"), action.get("port"), numbers_only=True)
    if not found:
        ctx.required("probe.handler_required", path, _rule("rule.handler_required"))


def _port_num_or_name(ctx: _Ctx, path: tuple, port: Any, numbers_only: bool = False) -> None:
    """ValidatePortNumOrName for an IntOrString port (a named port must be an IANA_SVC_NAME)."""
    if _i(port) is not None:
        if not 1 <= port <= 65535:
            ctx.invalid("port.out_of_range", path, port, _rule("rule.port_range"), lo=1, hi=65535)
    elif isinstance(port, str) and not numbers_only:
        ctx.invalid_all("port.name_invalid", path, port, port_name(port))


# --- resources: requests and limits --------------------------------------------------------------

_STANDARD_RESOURCES = {
    "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
    "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
    "services.nodeports", "services.loadbalancers",
}


def _native_resource(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def _overcommit_allowed(name: str) -> bool:
    return _native_resource(name) and not name.startswith("hugepages-")


def _container_resource_name(name: str) -> list[Rule]:
    errs = qualified_name(name)
    if errs:
        return errs
    if "/" not in name:
        if name not in _STANDARD_RESOURCES and not name.startswith(("hugepages-", "requests.hugepages-")):
            errs.append(_rule("rule.resource_standard"))
        if name not in ("cpu", "memory", "ephemeral-storage") and not name.startswith("hugepages-"):
            errs.append(_rule("rule.resource_container"))
    elif not _native_resource(name) and (name.startswith("requests.") or qualified_name("requests." + name)):
        errs.append(_rule("rule.resource_extended"))
    return errs


def _validate_resources(ctx: _Ctx, path: tuple, res: dict) -> None:
    limits = {k: v for k, v in (_d(res.get("limits")) or {}).items() if isinstance(k, str)}
    requests = {k: v for k, v in (_d(res.get("requests")) or {}).items() if isinstance(k, str)}
    parsed_limits: dict[str, Quantity] = {}
    for section, values in (("limits", limits), ("requests", requests)):
        for name, raw in values.items():
            qp = path + (section, Key(name))
            ctx.invalid_all("resources.name_invalid", qp, name, _container_resource_name(name))
            try:
                quantity = parse_quantity(raw)
            except QuantityError:
                continue  # a decode error, reported before validation
            if quantity.value < 0:
                ctx.invalid("quantity.negative", qp, str(quantity), _rule("rule.nonnegative"))
            if section == "limits":
                parsed_limits[name] = quantity
                continue
            limit = parsed_limits.get(name)
            if limit is not None:
                if quantity.value != limit.value and not _overcommit_allowed(name):
                    ctx.invalid("resources.request_exceeds_limit", path + ("requests",), str(quantity),
                                f"must be equal to {name} limit of {limit}", resource=name, limit=str(limit),
                                pos=qp, relation="같아야")
                elif quantity.value > limit.value:
                    ctx.invalid("resources.request_exceeds_limit", path + ("requests",), str(quantity),
                                f"must be less than or equal to {name} limit of {limit}", resource=name,
                                limit=str(limit), pos=qp, relation="같거나 작아야")
            elif not _overcommit_allowed(name) and name not in limits:
                ctx.required("value.required", path + ("limits",), "Limit must be set for non overcommitable resources",
                             pos=qp)
