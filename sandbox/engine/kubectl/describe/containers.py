"""Containers as a pod or a pod template shows them: image, ports, state, probes, env, mounts."""

from __future__ import annotations

import math

from ._multiline import _sorted_names
from ._values import _b, _g, _go_slice, _int, _meta, _print_bool, _rfc1123z, _s, _string_or_none
from .gosort import _go_sort
from .quantity import _q, _qstr


def _port_string(value) -> str:
    """intstr.IntOrString.String()."""
    if value is None:
        return "0"
    return _s(value)


def _escape_url_path(path: str) -> str:
    out = []
    for ch in path:
        if ch.isascii() and (ch.isalnum() or ch in "-_.~$&+,/:;=@"):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def _describe_probe(probe: dict) -> str:
    attrs = (
        f"delay={_int(probe.get('initialDelaySeconds'))}s timeout={_int(probe.get('timeoutSeconds'))}s "
        f"period={_int(probe.get('periodSeconds'))}s #success={_int(probe.get('successThreshold'))} "
        f"#failure={_int(probe.get('failureThreshold'))}"
    )
    if probe.get("exec") is not None:
        return f"exec {_go_slice(_g(probe, 'exec', 'command', default=[]))} {attrs}"
    if probe.get("httpGet") is not None:
        hg = probe["httpGet"]
        scheme = _s(hg.get("scheme")).lower()
        host = _s(hg.get("host"))
        port = _port_string(hg.get("port")) if hg.get("port") is not None else ""
        if port:
            host = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        path = _s(hg.get("path"))
        url = ""
        if scheme:
            url += scheme + ":"
        if scheme or host:
            if host or path:
                url += "//"
            url += host
        escaped = _escape_url_path(path)
        if path and not path.startswith("/") and host:
            url += "/"
        url += escaped
        return f"http-get {url} {attrs}"
    if probe.get("tcpSocket") is not None:
        ts = probe["tcpSocket"]
        return f"tcp-socket {_s(ts.get('host'))}:{_port_string(ts.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        gr = probe["grpc"]
        return f"grpc <pod>:{_int(gr.get('port'))} {_s(gr.get('service'))} {attrs}"
    return f"unknown {attrs}"


def _env_value_from_pod(pod: dict | None, field_ref: dict) -> str:
    """EnvValueRetriever: only metadata.name and metadata.namespace survive kubectl's field label conversion."""
    if pod is None:
        return ""
    path = field_ref.get("fieldPath", "")
    if path == "metadata.name":
        return _meta(pod).get("name", "")
    if path == "metadata.namespace":
        return _meta(pod).get("namespace", "")
    return ""


def _container_resource_value(field: dict, container: dict) -> str:
    divisor = _q(field.get("divisor"))
    if divisor.is_zero():
        divisor = _q("1")
    res = field.get("resource", "")
    kind, _, name = res.partition(".")
    if kind not in ("limits", "requests") or not name:
        return ""
    quantity = _q(_g(container, "resources", kind, name))
    if name == "cpu":
        dv = divisor.milli_value()
        return str(math.ceil(quantity.milli_value() / dv)) if dv else ""
    dv = divisor.int_value()
    return str(math.ceil(quantity.int_value() / dv)) if dv else ""


def _describe_containers(w, label: str, containers, statuses, pod: dict | None, space: str) -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    name_indent = " " if space else ""
    for c in containers or []:
        _describe_container(w, c, by_name.get(c.get("name")), pod, name_indent)


def _describe_container(w, c: dict, status: dict | None, pod: dict | None, name_indent: str) -> None:
    ok = status is not None
    w.write(1, f"{name_indent}{_s(c.get('name'))}:\n")
    if ok:
        w.write(2, f"Container ID:\t{_s(status.get('containerID'))}\n")
    w.write(2, f"Image:\t{_s(c.get('image'))}\n")
    if ok:
        w.write(2, f"Image ID:\t{_s(status.get('imageID'))}\n")
    ports = c.get("ports") or []
    port_string = ", ".join(f"{_int(p.get('containerPort'))}/{_s(p.get('protocol'))}" for p in ports)
    if "," in port_string:
        w.write(2, f"Ports:\t{port_string}\n")
    else:
        w.write(2, f"Port:\t{_string_or_none(port_string)}\n")
    host_string = ", ".join(f"{_int(p.get('hostPort'))}/{_s(p.get('protocol'))}" for p in ports)
    if "," in host_string:
        w.write(2, f"Host Ports:\t{host_string}\n")
    else:
        w.write(2, f"Host Port:\t{_string_or_none(host_string)}\n")
    seccomp = _g(c, "securityContext", "seccompProfile")
    if seccomp is not None:
        w.write(2, f"SeccompProfile:\t{_s(seccomp.get('type'))}\n")
        if seccomp.get("type") == "Localhost":
            w.write(3, f"LocalhostProfile:\t{_s(seccomp.get('localhostProfile'))}\n")
    _print_command_lines(w, "Command", c.get("command"))
    _print_command_lines(w, "Args", c.get("args"))
    if ok:
        _describe_status(w, "State", status.get("state") or {})
        if _g(status, "lastState", "terminated") is not None:
            _describe_status(w, "Last State", status.get("lastState") or {})
        w.write(2, f"Ready:\t{_print_bool(status.get('ready'))}\n")
        w.write(2, f"Restart Count:\t{_int(status.get('restartCount'))}\n")
    _describe_resources(w, c.get("resources"), 2)
    for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
        if c.get(key) is not None:
            w.write(2, f"{title}:\t{_describe_probe(c[key])}\n")
    if c.get("envFrom"):
        _describe_env_from(w, c["envFrom"])
    _describe_env(w, c, pod)
    _describe_mounts(w, c)


def _print_command_lines(w, title: str, items) -> None:
    """Command and Args: one line a part, an item with newlines split across lines."""
    if items:
        w.write(2, f"{title}:\n")
        for item in items:
            for part in _s(item).split("\n"):
                w.write(3, f"{part}\n")


def _describe_env_from(w, env_from: list) -> None:
    w.write(2, "Environment Variables from:\n")
    for ef in env_from:
        src, name, optional = "", "", False
        if ef.get("configMapRef") is not None:
            src, name = "ConfigMap", _s(ef["configMapRef"].get("name"))
            optional = bool(ef["configMapRef"].get("optional"))
        elif ef.get("secretRef") is not None:
            src, name = "Secret", _s(ef["secretRef"].get("name"))
            optional = bool(ef["secretRef"].get("optional"))
        if ef.get("prefix"):
            w.write(3, f"{name}\t{src} with prefix '{ef['prefix']}'\tOptional: {_b(optional)}\n")
        else:
            w.write(3, f"{name}\t{src}\tOptional: {_b(optional)}\n")


def _describe_env(w, c: dict, pod: dict | None) -> None:
    env = c.get("env") or []
    w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
    for e in env:
        name = _s(e.get("name"))
        vf = e.get("valueFrom")
        if vf is None:
            for i, part in enumerate(_s(e.get("value")).split("\n")):
                w.write(3, f"{name}:\t{part}\n" if i == 0 else f"\t{part}\n")
            continue
        if vf.get("fieldRef") is not None:
            fr = vf["fieldRef"]
            value = _env_value_from_pod(pod, fr)
            w.write(3, f"{name}:\t{value} ({_s(fr.get('apiVersion'))}:{_s(fr.get('fieldPath'))})\n")
        elif vf.get("resourceFieldRef") is not None:
            rf = vf["resourceFieldRef"]
            value = _container_resource_value(rf, c)
            res = _s(rf.get("resource"))
            if value == "0" and res in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(3, f"{name}:\t{value} ({res})\n")
        elif vf.get("secretKeyRef") is not None:
            ref = vf["secretKeyRef"]
            w.write(
                3,
                f"{name}:\t<set to the key '{_s(ref.get('key'))}' in secret '{_s(ref.get('name'))}'>\tOptional: {_b(ref.get('optional'))}\n",
            )
        elif vf.get("configMapKeyRef") is not None:
            ref = vf["configMapKeyRef"]
            w.write(
                3,
                f"{name}:\t<set to the key '{_s(ref.get('key'))}' of config map '{_s(ref.get('name'))}'>\tOptional: {_b(ref.get('optional'))}\n",
            )


def _describe_mounts(w, c: dict) -> None:
    mounts = c.get("volumeMounts") or []
    w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
    for m in _go_sort(mounts, lambda a, b: (a.get("mountPath") or "") < (b.get("mountPath") or "")):
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f'path="{m["subPath"]}"')
        w.write(3, f"{_s(m.get('mountPath'))} from {_s(m.get('name'))} ({','.join(flags)})\n")
    devices = c.get("volumeDevices") or []
    if devices:
        w.write(2, "Devices:\n")
        for d in _go_sort(devices, lambda a, b: (a.get("devicePath") or "") < (b.get("devicePath") or "")):
            w.write(3, f"{_s(d.get('devicePath'))} from {_s(d.get('name'))}\n")


def _describe_status(w, state_name: str, state: dict) -> None:
    if state.get("running") is not None:
        w.write(2, f"{state_name}:\tRunning\n")
        w.write(3, f"Started:\t{_rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{state_name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{state_name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{_int(t.get('exitCode'))}\n")
        if _int(t.get("signal")) > 0:
            w.write(3, f"Signal:\t{_int(t.get('signal'))}\n")
        w.write(3, f"Started:\t{_rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{_rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{state_name}:\tWaiting\n")


def _describe_resources(w, resources, level: int) -> None:
    if resources is None:
        return
    limits = resources.get("limits") or {}
    requests = resources.get("requests") or {}
    if limits:
        w.write(level, "Limits:\n")
    for name in _sorted_names(limits):
        w.write(level + 1, f"{name}:\t{_qstr(limits[name])}\n")
    if requests:
        w.write(level, "Requests:\n")
    for name in _sorted_names(requests):
        w.write(level + 1, f"{name}:\t{_qstr(requests[name])}\n")
