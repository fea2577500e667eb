"""`kubectl describe hpa`: kubectl's ``describeHorizontalPodAutoscalerV2`` (autoscaling/v1 objects are
shown as the v2 object the API server would convert them to)."""

from __future__ import annotations

import json

from .describe import _DESCRIBERS, _describe_events, _events_for, _meta, _print_annotations_multiline, \
    _print_labels_multiline, _rfc1123z, _s

CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions"


def as_v2(hpa: dict) -> dict:
    """The v1 -> v2 conversion of what describe reads (metrics, current metrics, conditions)."""
    if hpa.get("apiVersion") != "autoscaling/v1":
        return hpa
    spec, status = dict(hpa.get("spec") or {}), dict(hpa.get("status") or {})
    target = spec.pop("targetCPUUtilizationPercentage", None)
    spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": target if target is not None else 80}}}]
    current = status.pop("currentCPUUtilizationPercentage", None)
    if current is not None:
        status["currentMetrics"] = [{"type": "Resource", "resource": {"name": "cpu", "current": {
            "averageUtilization": current, "averageValue": "0"}}}]
    annotations = dict(_meta(hpa).get("annotations") or {})
    try:
        status["conditions"] = json.loads(annotations.pop(CONDITIONS_ANNOTATION, "[]"))
    except ValueError:
        status["conditions"] = []
    return {**hpa, "metadata": {**_meta(hpa), "annotations": annotations}, "spec": spec, "status": status}


def _describe_hpa(ctx, w, hpa: dict) -> None:
    hpa = as_v2(hpa)
    meta, spec, status = _meta(hpa), hpa.get("spec") or {}, hpa.get("status") or {}
    events = _events_for(ctx, hpa)
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Reference:\t{_s(ref.get('kind'))}/{_s(ref.get('name'))}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    currents = status.get("currentMetrics") or []
    for i, metric in enumerate(spec.get("metrics") or ()):
        now = currents[i] if i < len(currents) else {}
        if metric.get("type") != "Resource":
            w.write(1, f'<unknown metric type "{_s(metric.get("type"))}">\n')
            continue
        resource = metric.get("resource") or {}
        target = resource.get("target") or {}
        have = ((now.get("resource") or {}).get("current") or {}) if now.get("resource") else None
        name = _s(resource.get("name"))
        if target.get("averageValue") is not None:
            value = _s(have.get("averageValue")) if have and have.get("averageValue") is not None else "<unknown>"
            w.write(1, f"resource {name} on pods:\t{value} / {_s(target['averageValue'])}\n")
        else:
            value = "<unknown>"
            if have and have.get("averageUtilization") is not None:
                value = f"{have['averageUtilization']}% ({_s(have.get('averageValue') or '0')})"
            wanted = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
            w.write(1, f"resource {name} on pods  (as a percentage of request):\t{value} / {wanted}\n")
    low = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if low is None else low}\n")
    w.write(0, f"Max replicas:\t{int(spec.get('maxReplicas') or 0)}\n")
    behavior = spec.get("behavior")
    if behavior is not None:
        w.write(0, "Behavior:\n")
        for title, key in (("Scale Up", "scaleUp"), ("Scale Down", "scaleDown")):
            _direction(w, title, behavior.get(key))
    w.write(0, f"{_s(ref.get('kind'))} pods:\t")
    w.write(0, f"{int(status.get('currentReplicas') or 0)} current / {int(status.get('desiredReplicas') or 0)} desired\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in conditions:
            w.write(1, f"{_s(c.get('type'))}\t{_s(c.get('status'))}\t{_s(c.get('reason'))}\t{_s(c.get('message'))}\n")
    _describe_events(ctx, w, events)


def _direction(w, title: str, rules: dict | None) -> None:
    if rules is None:
        return
    w.write(1, f"{title}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {int(rules['stabilizationWindowSeconds'])} seconds\n")
    policies = rules.get("policies") or []
    if policies:
        w.write(2, f"Select Policy: {_s(rules.get('selectPolicy') or 'Max')}\n")
        w.write(2, "Policies:\n")
        for p in policies:
            w.write(3, f"- Type: {_s(p.get('type'))}\tValue: {int(p.get('value') or 0)}\t"
                       f"Period: {int(p.get('periodSeconds') or 0)} seconds\n")


_DESCRIBERS[("autoscaling", "HorizontalPodAutoscaler")] = _describe_hpa
