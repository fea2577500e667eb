"""`kubectl describe` for traffic: Service, Endpoints, EndpointSlice, Ingress, IngressClass."""

from __future__ import annotations

from ._context import _Ctx
from ._labels import _format_labels
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _b, _g, _int, _meta, _s
from .events import _describe_events, _events_for


def _format_endpoint_slices(slices, port_names) -> str:
    if not slices:
        return "<none>"
    items: list[str] = []
    max_items = 3
    more = False
    count = 0
    for sl in slices:
        endpoints = sl.get("endpoints") or []
        ports = sl.get("ports") or []
        if not ports:
            for ep in endpoints:
                if len(items) == max_items:
                    more = True
                ready = _g(ep, "conditions", "ready")
                if ready is not None and not ready:
                    continue
                if not more:
                    items.append(_s((ep.get("addresses") or [""])[0]))
                count += 1
        else:
            for port in ports:
                if port_names is None or (port.get("name") or "") in port_names:
                    for ep in endpoints:
                        if len(items) == max_items:
                            more = True
                        addr = _s((ep.get("addresses") or [""])[0])
                        ready = _g(ep, "conditions", "ready")
                        if ready is not None and not ready:
                            continue
                        if not more:
                            port_text = str(_int(port.get("port")))
                            items.append(f"[{addr}]:{port_text}" if ":" in addr else f"{addr}:{port_text}")
                        count += 1
    text = ",".join(items)
    if more:
        return f"{text} + {count - max_items} more..."
    return text


def _service_slices(ctx: _Ctx, namespace: str, service_name: str) -> list[dict]:
    return [
        s
        for s in ctx.list("EndpointSlice", namespace)
        if (_meta(s).get("labels") or {}).get("kubernetes.io/service-name") == service_name
    ]


def _lb_ingress_string(ingress) -> str:
    parts = []
    for item in ingress or []:
        if item.get("ip"):
            text = item["ip"]
            if item.get("ipMode"):
                text += f" ({item['ipMode']})"
            parts.append(text)
        else:
            parts.append(_s(item.get("hostname")))
    return ", ".join(parts)


def _describe_service(ctx: _Ctx, w, svc: dict) -> None:
    meta, spec, status = _meta(svc), svc.get("spec") or {}, svc.get("status") or {}
    slices = _service_slices(ctx, meta.get("namespace") or "", meta.get("name") or "")
    events = _events_for(ctx, svc)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{_format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{_s(spec.get('type'))}\n")
    if spec.get("ipFamilyPolicy") is not None:
        w.write(0, f"IP Family Policy:\t{_s(spec.get('ipFamilyPolicy'))}\n")
    families = spec.get("ipFamilies") or []
    w.write(0, f"IP Families:\t{','.join(families) if families else '<none>'}\n")
    w.write(0, f"IP:\t{_s(spec.get('clusterIP'))}\n")
    cluster_ips = spec.get("clusterIPs") or []
    w.write(0, f"IPs:\t{','.join(cluster_ips) if cluster_ips else '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    lb_ingress = _g(status, "loadBalancer", "ingress") or []
    if lb_ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_lb_ingress_string(lb_ingress)}\n")
    for sp in spec.get("ports") or []:
        name = sp.get("name") or "<unset>"
        proto = _s(sp.get("protocol"))
        w.write(0, f"Port:\t{name}\t{_int(sp.get('port'))}/{proto}\n")
        target = sp.get("targetPort")
        if isinstance(target, str):
            w.write(0, f"TargetPort:\t{target}/{proto}\n")
        else:
            w.write(0, f"TargetPort:\t{_int(target)}/{proto}\n")
        if _int(sp.get("nodePort")) != 0:
            w.write(0, f"NodePort:\t{name}\t{_int(sp.get('nodePort'))}/{proto}\n")
        w.write(0, f"Endpoints:\t{_format_endpoint_slices(slices, {sp.get('name') or ''})}\n")
    w.write(0, f"Session Affinity:\t{_s(spec.get('sessionAffinity'))}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy") is not None:
        w.write(0, f"Internal Traffic Policy:\t{_s(spec.get('internalTrafficPolicy'))}\n")
    if _int(spec.get("healthCheckNodePort")) != 0:
        w.write(0, f"HealthCheck NodePort:\t{_int(spec.get('healthCheckNodePort'))}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    _describe_events(ctx, w, events)


def _describe_endpoints(ctx: _Ctx, w, ep: dict) -> None:
    meta = _meta(ep)
    events = _events_for(ctx, ep)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        addresses = ",".join(_s(a.get("ip")) for a in subset.get("addresses") or [])
        w.write(1, f"Addresses:\t{addresses or '<none>'}\n")
        not_ready = ",".join(_s(a.get("ip")) for a in subset.get("notReadyAddresses") or [])
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{_int(port.get('port'))}\t{_s(port.get('protocol'))}\n")
        w.write(0, "\n")
    _describe_events(ctx, w, events)


def _describe_endpoint_slice(ctx: _Ctx, w, eps: dict) -> None:
    meta = _meta(eps)
    events = _events_for(ctx, eps)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"AddressType:\t{_s(eps.get('addressType'))}\n")
    ports = eps.get("ports") or []
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            name = port.get("name") or "<unset>"
            number = "<unset>" if port.get("port") is None else str(_int(port.get("port")))
            w.write(1, f"{name}\t{number}\t{_s(port.get('protocol'))}\n")
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for ep in endpoints:
            addresses = ", ".join(_s(a) for a in ep.get("addresses") or [])
            w.write(1, f"- Addresses:\t{addresses or '<none>'}\n")
            w.write(2, "Conditions:\n")
            ready = _g(ep, "conditions", "ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else _b(ready)}\n")
            hostname = ep.get("hostname")
            w.write(2, f"Hostname:\t{'<unset>' if hostname is None else _s(hostname)}\n")
            if ep.get("targetRef") is not None:
                w.write(2, f"TargetRef:\t{_s(ep['targetRef'].get('kind'))}/{_s(ep['targetRef'].get('name'))}\n")
            node = ep.get("nodeName")
            w.write(2, f"NodeName:\t{'<unset>' if node is None else _s(node)}\n")
            zone = ep.get("zone")
            w.write(2, f"Zone:\t{'<unset>' if zone is None else _s(zone)}\n")
    _describe_events(ctx, w, events)


def _ingress_backend(ctx: _Ctx, namespace: str, backend: dict) -> str:
    service = backend.get("service")
    if service is not None:
        port = service.get("port") or {}
        number = _int(port.get("number"))
        sb = f"{_s(service.get('name'))}:{number if number != 0 else _s(port.get('name'))}"
        slices = _service_slices(ctx, namespace, service.get("name") or "")
        svc = ctx.get("Service", namespace, service.get("name") or "")
        if svc is None:
            return f'{sb} (<error: services "{_s(service.get("name"))}" not found>)'
        sp_name = ""
        for sp in _g(svc, "spec", "ports") or []:
            if number != 0 and number == _int(sp.get("port")):
                sp_name = sp.get("name") or ""
            elif port.get("name") and port.get("name") == (sp.get("name") or ""):
                sp_name = sp.get("name") or ""
        return f"{sb} ({_format_endpoint_slices(slices, {sp_name})})"
    res = backend.get("resource")
    if res is not None:
        api_group = res.get("apiGroup") if res.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {_s(api_group)}, Kind: {_s(res.get('kind'))}, Name: {_s(res.get('name'))}"
    return ""


def _describe_ingress(ctx: _Ctx, w, ing: dict) -> None:
    meta, spec = _meta(ing), ing.get("spec") or {}
    ns = meta.get("namespace") or ""
    events = _events_for(ctx, ing)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    addresses = set()
    for item in _g(ing, "status", "loadBalancer", "ingress") or []:
        if item.get("ip"):
            addresses.add(item["ip"])
        elif item.get("hostname"):
            addresses.add(item["hostname"])
    w.write(0, f"Address:\t{','.join(sorted(addresses))}\n")
    class_name = spec.get("ingressClassName")
    w.write(0, f"Ingress Class:\t{'<none>' if class_name is None else _s(class_name)}\n")
    default_desc = "<default>"
    if spec.get("defaultBackend") is not None:
        default_desc = _ingress_backend(ctx, ns, spec["defaultBackend"])
    w.write(0, f"Default backend:\t{default_desc}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if not t.get("secretName"):
                w.write(1, f"SNI routes {hosts}\n")
            else:
                w.write(1, f"{t['secretName']} terminates {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            w.write(2, f"\t{_s(path.get('path'))} \t{_ingress_backend(ctx, ns, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default_desc}\n")
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    _describe_events(ctx, w, events)


def _describe_ingress_class(ctx: _Ctx, w, ic: dict) -> None:
    meta, spec = _meta(ic), ic.get("spec") or {}
    events = _events_for(ctx, ic)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Controller:\t{_s(spec.get('controller'))}\n")
    params = spec.get("parameters")
    if params is not None:
        w.write(0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{_s(params['apiGroup'])}\n")
        w.write(1, f"Kind:\t{_s(params.get('kind'))}\n")
        w.write(1, f"Name:\t{_s(params.get('name'))}\n")
    _describe_events(ctx, w, events)
