"""`kubectl describe` for policies: PodDisruptionBudget, PriorityClass, NetworkPolicy, (Cluster)RoleBinding."""

from __future__ import annotations

from ._context import _Ctx
from ._labels import _format_label_selector, _format_labels
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _b, _go_time_string, _int, _meta, _s
from .events import _describe_events, _events_for


def _describe_pdb(ctx: _Ctx, w, pdb: dict) -> None:
    meta, spec, status = _meta(pdb), pdb.get("spec") or {}, pdb.get("status") or {}
    events = _events_for(ctx, pdb)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{_s(spec['minAvailable'])}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{_s(spec['maxUnavailable'])}\n")
    if spec.get("selector") is not None:
        w.write(0, f"Selector:\t{_format_label_selector(spec['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{_int(status.get('disruptionsAllowed'))}\n")
    w.write(2, f"Current:\t{_int(status.get('currentHealthy'))}\n")
    w.write(2, f"Desired:\t{_int(status.get('desiredHealthy'))}\n")
    w.write(2, f"Total:\t{_int(status.get('expectedPods'))}\n")
    _describe_events(ctx, w, events)


def _describe_priority_class(ctx: _Ctx, w, pc: dict) -> None:
    meta = _meta(pc)
    events = _events_for(ctx, pc)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Value:\t{_int(pc.get('value'))}\n")
    w.write(0, f"GlobalDefault:\t{_b(pc.get('globalDefault'))}\n")
    w.write(0, f"PreemptionPolicy:\t{_s(pc.get('preemptionPolicy'))}\n")
    w.write(0, f"Description:\t{_s(pc.get('description'))}\n")
    w.write(0, f"Annotations:\t{_format_labels(meta.get('annotations'))}\n")
    _describe_events(ctx, w, events)


def _print_policy_peers(w, rules, indent: str, peers_key: str, label: str) -> None:
    isolated = "ingress" if peers_key == "from" else "egress"
    if not rules:
        w.write(0, f"{indent}<none> (Selected pods are isolated for {isolated} connectivity)\n")
        return
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            proto = port.get("protocol") or "TCP"
            number = "<nil>" if port.get("port") is None else _s(port.get("port"))
            if port.get("endPort") is None:
                w.write(0, f"{indent}To Port: {number}/{proto}\n")
            else:
                w.write(0, f"{indent}To Port Range: {number}-{_int(port['endPort'])}/{proto}\n")
        peers = rule.get(peers_key) or []
        if not peers:
            what = "source" if peers_key == "from" else "destination"
            w.write(0, f"{indent}{label}: <any> (traffic not restricted by {what})\n")
        for peer in peers:
            w.write(0, f"{indent}{label}:\n")
            pod_sel, ns_sel, block = peer.get("podSelector"), peer.get("namespaceSelector"), peer.get("ipBlock")
            if pod_sel is not None and ns_sel is not None:
                w.write(1, f"{indent}NamespaceSelector: {_format_label_selector(ns_sel)}\n")
                w.write(1, f"{indent}PodSelector: {_format_label_selector(pod_sel)}\n")
            elif pod_sel is not None:
                w.write(1, f"{indent}PodSelector: {_format_label_selector(pod_sel)}\n")
            elif ns_sel is not None:
                w.write(1, f"{indent}NamespaceSelector: {_format_label_selector(ns_sel)}\n")
            elif block is not None:
                w.write(1, f"{indent}IPBlock:\n")
                w.write(2, f"{indent}CIDR: {_s(block.get('cidr'))}\n")
                w.write(2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(0, f"{indent}----------\n")


def _describe_network_policy(ctx: _Ctx, w, np_: dict) -> None:
    meta, spec = _meta(np_), np_.get("spec") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Created on:\t{_go_time_string(meta.get('creationTimestamp'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    pod_sel = spec.get("podSelector") or {}
    if not pod_sel.get("matchLabels") and not pod_sel.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{_format_label_selector(pod_sel)}\n")
    types = spec.get("policyTypes") or []
    if "Ingress" in types:
        w.write(1, "Allowing ingress traffic:\n")
        _print_policy_peers(w, spec.get("ingress"), "    ", "from", "From")
    else:
        w.write(1, "Not affecting ingress traffic\n")
    if "Egress" in types:
        w.write(1, "Allowing egress traffic:\n")
        _print_policy_peers(w, spec.get("egress"), "    ", "to", "To")
    else:
        w.write(1, "Not affecting egress traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) if types else '<none>'}\n")


def _describe_role_binding(ctx: _Ctx, w, binding: dict) -> None:
    meta, ref = _meta(binding), binding.get("roleRef") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{_s(ref.get('kind'))}\n")
    w.write(1, f"Name:\t{_s(ref.get('name'))}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for subject in binding.get("subjects") or []:
        w.write(1, f"{_s(subject.get('kind'))}\t{_s(subject.get('name'))}\t{_s(subject.get('namespace'))}\n")
