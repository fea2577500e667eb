"""Ingress (networking.k8s.io/v1), and converting one from the removed v1beta1 APIs."""

from __future__ import annotations

import copy
import re
from typing import Any

from ._common import _d, _i, _items, _l, _s
from .context import _Ctx, _spec
from .syntax import _is_ip, _rule, dns1035_label, dns1123_subdomain, path_segment_name, port_name, wildcard_subdomain
from .values import GoValue

_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]


def _validate_ingress(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    rules, default = spec.get("rules"), spec.get("defaultBackend")
    if not _l(rules) and default is None:
        value = GoValue("[]networking.IngressRule(nil)", None) if rules is None else GoValue(
            "[]networking.IngressRule{}", [])
        ctx.invalid("ingress.rules_required", ("spec",), value, _rule("rule.ingress_rules_required"))
    if isinstance(default, dict):
        _ingress_backend(ctx, ("spec", "defaultBackend"), default)
    for i, rule in _items(rules):
        rp = ("spec", "rules", i)
        host = rule.get("host")
        if isinstance(host, str) and host:
            if _is_ip(host):
                ctx.invalid("ingress.host_invalid", rp + ("host",), host, _rule("rule.host_not_ip"))
            rules_for = wildcard_subdomain(host) if "*" in host else dns1123_subdomain(host)
            ctx.invalid_all("ingress.host_invalid", rp + ("host",), host, rules_for)
        http = rule.get("http")
        if not isinstance(http, dict):
            continue
        if http.get("paths") == []:
            ctx.required("value.required", rp + ("http", "paths"))
        for j, item in _items(http.get("paths")):
            _ingress_path(ctx, rp + ("http", "paths", j), item)
    for i, tls in _items(spec.get("tls")):
        for j, host in enumerate(_l(tls.get("hosts")) or []):
            if isinstance(host, str):
                rules_for = wildcard_subdomain(host) if "*" in host else dns1123_subdomain(host)
                ctx.invalid_all("ingress.host_invalid", ("spec", "tls", i, "hosts", j), host, rules_for)
        secret = tls.get("secretName")
        if isinstance(secret, str) and secret:
            ctx.invalid_all("value.invalid", ("spec", "tls", i, "secretName"), secret, dns1123_subdomain(secret))
    class_name = spec.get("ingressClassName")
    if isinstance(class_name, str):
        ctx.invalid_all("value.invalid", ("spec", "ingressClassName"), class_name, dns1123_subdomain(class_name))
        annotations = _d((_d(ctx.data.get("metadata")) or {}).get("annotations")) or {}
        annotated = annotations.get(_INGRESS_CLASS_ANNOTATION)
        if isinstance(annotated, str) and annotated != class_name:
            ctx.invalid("value.invalid", ("annotations", _INGRESS_CLASS_ANNOTATION), annotated,
                        _rule("rule.ingress_class_mismatch"),
                        pos=("metadata", "annotations", _INGRESS_CLASS_ANNOTATION))


_INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
_BAD_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_BAD_PATH_SUFFIXES = ("/..", "/.")


def _ingress_path(ctx: _Ctx, path: tuple, item: dict) -> None:
    kind = item.get("pathType")
    if kind is None:
        ctx.required("ingress.path_type_required", path + ("pathType",), _rule("rule.path_type_required"))
        return
    value = item.get("path")
    value = "" if value is None else value
    if kind in ("Exact", "Prefix"):
        if isinstance(value, str):
            if not value.startswith("/"):
                ctx.invalid("ingress.path_not_absolute", path + ("path",), value, _rule("rule.absolute_path"))
            for bad in _BAD_PATH_SEQUENCES if value else ():
                if bad in value:
                    ctx.invalid("value.invalid", path + ("path",), value, _rule("rule.path_sequence", bad=bad))
            for bad in _BAD_PATH_SUFFIXES if value else ():
                if value.endswith(bad):
                    ctx.invalid("value.invalid", path + ("path",), value, _rule("rule.path_suffix", bad=bad))
    elif kind == "ImplementationSpecific":
        if isinstance(value, str) and value and not value.startswith("/"):
            ctx.invalid("ingress.path_not_absolute", path + ("path",), value, _rule("rule.absolute_path"))
    elif isinstance(kind, str):
        ctx.unsupported(path + ("pathType",), kind, _PATH_TYPES)
    backend = item.get("backend")
    if isinstance(backend, dict):
        _ingress_backend(ctx, path + ("backend",), backend)


def _ingress_backend(ctx: _Ctx, path: tuple, backend: dict) -> None:
    resource, service = backend.get("resource"), backend.get("service")
    if resource is not None and service is not None:
        ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_both"))
        return
    if isinstance(resource, dict):
        group = resource.get("apiGroup")
        if isinstance(group, str):
            ctx.invalid_all("value.invalid", path + ("resource", "apiGroup"), group, dns1123_subdomain(group))
        for field in ("kind", "name"):
            value = resource.get(field)
            if value == "":
                ctx.required("value.required", path + ("resource", field))
            elif isinstance(value, str):
                ctx.invalid_all("value.invalid", path + ("resource", field), value, path_segment_name(value))
    elif isinstance(service, dict):
        name = service.get("name")
        if name == "":
            ctx.required("value.required", path + ("service", "name"))
        elif isinstance(name, str):
            ctx.invalid_all("value.invalid", path + ("service", "name"), name, dns1035_label(name))
        port = _d(service.get("port")) or {}
        port_name_value, number = _s(port.get("name")) or "", _i(port.get("number")) or 0
        if port_name_value and number:
            ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_port_both"))
        elif port_name_value:
            ctx.invalid_all("port.name_invalid", path + ("service", "port", "name"), port_name_value,
                            port_name(port_name_value))
        elif number:
            if not 1 <= number <= 65535:
                ctx.invalid("port.out_of_range", path + ("service", "port", "number"), number,
                            _rule("rule.port_range"), lo=1, hi=65535)
        else:
            ctx.required("ingress.backend_invalid", path, _rule("rule.backend_port_required"),
                         pos=path + ("service", "port"))
    elif resource is None and service is None:
        ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_required"))


# --- converting an Ingress from extensions/v1beta1 or networking.k8s.io/v1beta1 -------------------


def _convert_backend(backend: Any) -> Any:
    if not isinstance(backend, dict) or "service" in backend or "resource" in backend:
        return copy.deepcopy(backend)
    out = {k: copy.deepcopy(v) for k, v in backend.items() if k not in ("serviceName", "servicePort")}
    if "serviceName" in backend or "servicePort" in backend:
        port = backend.get("servicePort")
        if isinstance(port, str) and re.fullmatch(r"\d+", port):
            port = int(port)
        service: dict = {"name": backend.get("serviceName")}
        if _i(port) is not None:
            service["port"] = {"number": port}
        elif isinstance(port, str):
            service["port"] = {"name": port}
        out["service"] = service
    return out


def _convert_path(path: Any) -> Any:
    if isinstance(path, str):
        if path.endswith("/*"):
            return path[:-2] or "/"
        if path.endswith("*") and not path.endswith(".*"):
            return path[:-1] or "/"
    return path


def convert_ingress_v1beta1(obj: dict) -> dict:
    """An extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress rewritten for networking.k8s.io/v1.

    ``serviceName``/``servicePort`` become ``service.name`` and ``service.port.number`` (int) or
    ``.name``; ``spec.backend`` becomes ``spec.defaultBackend``; each path gets ``pathType: Prefix``
    unless it has one, and a trailing ``/*`` glob is dropped (``/reservation/*`` -> ``/reservation``);
    the ``kubernetes.io/ingress.class`` annotation becomes ``spec.ingressClassName``.
    """
    src = obj if isinstance(obj, dict) else {}
    out: dict = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress"}
    meta = copy.deepcopy(_d(src.get("metadata")) or {})
    annotations = _d(meta.get("annotations"))
    class_name = None
    if annotations is not None and _INGRESS_CLASS_ANNOTATION in annotations:
        class_name = annotations.pop(_INGRESS_CLASS_ANNOTATION)
        if not annotations:
            meta.pop("annotations")
    out["metadata"] = meta
    spec_in = _d(src.get("spec")) or {}
    spec: dict = {}
    if class_name is not None or spec_in.get("ingressClassName") is not None:
        spec["ingressClassName"] = spec_in.get("ingressClassName", class_name)
    backend = spec_in.get("defaultBackend", spec_in.get("backend"))
    if backend is not None:
        spec["defaultBackend"] = _convert_backend(backend)
    for key, value in spec_in.items():
        if key in ("backend", "defaultBackend", "ingressClassName", "rules"):
            continue
        spec[key] = copy.deepcopy(value)
    if "rules" in spec_in:
        rules = []
        for rule in _l(spec_in.get("rules")) or []:
            if not isinstance(rule, dict):
                rules.append(copy.deepcopy(rule))
                continue
            rule = copy.deepcopy(rule)
            http = _d(rule.get("http"))
            if http is not None:
                paths = []
                for item in _l(http.get("paths")) or []:
                    if isinstance(item, dict):
                        converted = {"path": _convert_path(item.get("path", "/"))}
                        converted["pathType"] = item.get("pathType") or "Prefix"
                        converted["backend"] = _convert_backend(item.get("backend"))
                        converted.update({k: v for k, v in item.items() if k not in ("path", "pathType", "backend")})
                        item = converted
                    paths.append(item)
                http["paths"] = paths
            rules.append(rule)
        spec["rules"] = rules
    out["spec"] = spec
    return out
