"""Pure pieces of the HorizontalPodAutoscaler: the replica calculator and the scaling rules.

Ported from ``pkg/controller/podautoscaler`` (``replica_calculator.go``, ``horizontal.go``) and
``pkg/controller/podautoscaler/metrics/utilization.go``; every function is a function of its
arguments, times in virtual seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TOLERANCE = 0.1  # --horizontal-pod-autoscaler-tolerance
CPU_INITIALIZATION_PERIOD = 300.0  # --horizontal-pod-autoscaler-cpu-initialization-period
INITIAL_READINESS_DELAY = 30.0  # --horizontal-pod-autoscaler-initial-readiness-delay
METRIC_WINDOW = 15.0  # the window metrics-server reports (its resolution)
DOWNSCALE_STABILIZATION = 300.0  # --horizontal-pod-autoscaler-downscale-stabilization
SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM = 2.0, 4.0
MAX_INT32, MIN_INT32 = 2**31 - 1, -(2**31)


class MetricError(Exception):
    """A metric could not be computed; the text is the controller's."""


@dataclass
class PodSample:
    name: str
    phase: str
    deleted: bool
    usage: int | None  # milli-units, None: no metrics
    requests: dict[str, int | None]  # container -> request in milli-units (None: missing)
    ready: str | None  # the Ready condition's status, None without one
    ready_changed: float | None  # its lastTransitionTime
    started: float | None  # status.startTime


@dataclass
class Recommendation:
    replicas: int
    utilization: int | None = None
    raw: int = 0
    notes: list[str] = field(default_factory=list)


def _group(pods: list[PodSample], resource: str, now: float) -> tuple[int, set, set, set]:
    """groupPods: (ready count, unready, missing, ignored)."""
    ready_count, unready, missing, ignored = 0, set(), set(), set()
    for pod in pods:
        if pod.deleted or pod.phase == "Failed":
            ignored.add(pod.name)
            continue
        if pod.phase == "Pending":
            unready.add(pod.name)
            continue
        if pod.usage is None:
            missing.add(pod.name)
            continue
        if resource == "cpu":
            if pod.ready is None or pod.started is None:
                is_unready = True
            elif pod.started + CPU_INITIALIZATION_PERIOD > now:
                is_unready = pod.ready == "False" or now < (pod.ready_changed or 0.0) + METRIC_WINDOW
            else:
                is_unready = pod.ready == "False" and pod.started + INITIAL_READINESS_DELAY > (pod.ready_changed or 0.0)
            if is_unready:
                unready.add(pod.name)
                continue
        ready_count += 1
    return ready_count, unready, missing, ignored


def _requests(pods: list[PodSample], resource: str) -> dict[str, int]:
    """calculatePodRequests: every container must request the resource."""
    out = {}
    for pod in pods:
        total = 0
        for container, request in pod.requests.items():
            if request is None:
                raise MetricError(f"missing request for {resource} in container {container} of Pod {pod.name}")
            total += request
        out[pod.name] = total
    return out


def _utilization_ratio(metrics: dict[str, int], requests: dict[str, int], target: int) -> tuple[float, int, int]:
    """GetResourceUtilizationRatio: (ratio, utilization %, average raw usage)."""
    total = requested = entries = 0
    for name, value in metrics.items():
        if name not in requests:
            continue
        total += value
        requested += requests[name]
        entries += 1
    if requested == 0:
        raise MetricError("no metrics returned matched known pods")
    utilization = int(total * 100 // requested)
    return utilization / target, utilization, total // entries


def resource_replicas(current: int, target_utilization: int, resource: str, pods: list[PodSample],
                      now: float) -> Recommendation:
    """GetResourceReplicas for a Utilization target."""
    metrics = {p.name: p.usage for p in pods if p.usage is not None}
    if not metrics:
        raise MetricError(f"unable to get metrics for resource {resource}: no metrics returned from resource metrics API")
    if not pods:
        raise MetricError("no pods returned by selector while calculating replica count")
    ready_count, unready, missing, ignored = _group(pods, resource, now)
    for name in ignored | unready:
        metrics.pop(name, None)
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")
    requests = _requests(pods, resource)
    ratio, utilization, raw = _utilization_ratio(metrics, requests, target_utilization)
    scale_up_with_unready = bool(unready) and ratio > 1.0
    if not scale_up_with_unready and not missing:
        if abs(1.0 - ratio) <= TOLERANCE:
            return Recommendation(current, utilization, raw)
        return Recommendation(math.ceil(ratio * ready_count), utilization, raw)
    if missing:
        fallback = max(100, target_utilization)
        for name in missing:
            metrics[name] = requests[name] * fallback // 100 if ratio < 1.0 else 0
    if scale_up_with_unready:
        for name in unready:
            metrics[name] = 0
    new_ratio, _, _ = _utilization_ratio(metrics, requests, target_utilization)
    if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (new_ratio < 1.0 < ratio):
        return Recommendation(current, utilization, raw)
    replicas = math.ceil(new_ratio * len(metrics))
    if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
        return Recommendation(current, utilization, raw)
    return Recommendation(replicas, utilization, raw)


def raw_resource_replicas(current: int, target_milli: int, resource: str, pods: list[PodSample],
                          now: float) -> Recommendation:
    """GetRawResourceReplicas (calcPlainMetricReplicas) for an AverageValue target."""
    metrics = {p.name: p.usage for p in pods if p.usage is not None}
    if not metrics:
        raise MetricError(f"unable to get metrics for resource {resource}: no metrics returned from resource metrics API")
    ready_count, unready, missing, ignored = _group(pods, resource, now)
    for name in ignored | unready:
        metrics.pop(name, None)
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")

    def usage_ratio() -> tuple[float, int]:
        usage = sum(metrics.values()) // len(metrics)
        return usage / target_milli, usage

    ratio, usage = usage_ratio()
    scale_up_with_unready = bool(unready) and ratio > 1.0
    if not scale_up_with_unready and not missing:
        if abs(1.0 - ratio) <= TOLERANCE:
            return Recommendation(current, None, usage)
        return Recommendation(math.ceil(ratio * ready_count), None, usage)
    for name in missing:
        metrics[name] = target_milli if ratio < 1.0 else 0
    if scale_up_with_unready:
        for name in unready:
            metrics[name] = 0
    new_ratio, _ = usage_ratio()
    if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (new_ratio < 1.0 < ratio):
        return Recommendation(current, None, usage)
    replicas = math.ceil(new_ratio * len(metrics))
    if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
        return Recommendation(current, None, usage)
    return Recommendation(replicas, None, usage)


# --- normalisation without spec.behavior (the defaults' equivalent) ----------------------------------------


def stabilize_legacy(history: list[list[float]], desired: int, now: float) -> int:
    """stabilizeRecommendation: the highest recommendation of the last 5 minutes; records ``desired``."""
    best = desired
    old_index = None
    cutoff = now - DOWNSCALE_STABILIZATION
    for i, (replicas, at) in enumerate(history):
        if at < cutoff:
            old_index = i
        elif replicas > best:
            best = int(replicas)
    if old_index is not None:
        history[old_index] = [desired, now]
    else:
        history.append([desired, now])
    return best


def limit_legacy(current: int, desired: int, low: int, high: int) -> tuple[int, str, str]:
    """convertDesiredReplicasWithRules: min/max and the 2x-or-4 scale-up limit."""
    scale_up_limit = int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))
    if high > scale_up_limit:
        most, reason, message = scale_up_limit, "ScaleUpLimit", \
            "the desired replica count is increasing faster than the maximum scale rate"
    else:
        most, reason, message = high, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
    if desired < low:
        return low, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
    if desired > most:
        return most, reason, message
    return desired, "DesiredWithinRange", "the desired count is within the acceptable range"


# --- normalisation with spec.behavior ---------------------------------------------------------------


def stabilize(history: list[list[float]], desired: int, current: int, up_window: float, down_window: float,
              now: float) -> tuple[int, str, str]:
    """stabilizeRecommendationWithBehaviors."""
    up, down = desired, desired
    up_cutoff, down_cutoff = now - up_window, now - down_window
    old_index = None
    for i, (replicas, at) in enumerate(history):
        if at > up_cutoff:
            up = min(int(replicas), up)
        if at > down_cutoff:
            down = max(int(replicas), down)
        if at < up_cutoff and at < down_cutoff:
            old_index = i
    recommendation = max(current, up)
    recommendation = min(recommendation, down)
    if old_index is not None:
        history[old_index] = [desired, now]
    else:
        history.append([desired, now])
    if desired >= current:
        return recommendation, "ScaleUpStabilized", \
            "recent recommendations were lower than current one, applying the lowest recent recommendation"
    return recommendation, "ScaleDownStabilized", \
        "recent recommendations were higher than current one, applying the highest recent recommendation"


def _changes(events: list[list[float]], period: float, now: float) -> int:
    return int(sum(change for change, at in events if at > now - period))


def scale_up_limit(current: int, ups: list, downs: list, rules: dict, now: float) -> int:
    policy = rules.get("selectPolicy") or "Max"
    if policy == "Disabled":
        return current
    result = MAX_INT32 if policy == "Min" else MIN_INT32
    pick = min if policy == "Min" else max
    for rule in rules.get("policies") or ():
        period = float(rule.get("periodSeconds") or 0)
        start = current - _changes(ups, period, now) + _changes(downs, period, now)
        value = int(rule.get("value") or 0)
        proposed = start + value if rule.get("type") == "Pods" else math.ceil(start * (1 + value / 100))
        result = pick(result, proposed)
    return result


def scale_down_limit(current: int, ups: list, downs: list, rules: dict, now: float) -> int:
    policy = rules.get("selectPolicy") or "Max"
    if policy == "Disabled":
        return current
    result = MIN_INT32 if policy == "Min" else MAX_INT32
    pick = max if policy == "Min" else min
    for rule in rules.get("policies") or ():
        period = float(rule.get("periodSeconds") or 0)
        start = current - _changes(ups, period, now) + _changes(downs, period, now)
        value = int(rule.get("value") or 0)
        proposed = start - value if rule.get("type") == "Pods" else int(start * (1 - value / 100))
        result = pick(result, proposed)
    return result


def limit_with_behavior(current: int, desired: int, low: int, high: int, ups: list, downs: list,
                        behavior: dict, now: float) -> tuple[int, str, str]:
    """convertDesiredReplicasWithBehaviorRate."""
    if desired > current:
        limit = max(scale_up_limit(current, ups, downs, behavior.get("scaleUp") or {}, now), current)
        if high > limit:
            most, reason, message = limit, "ScaleUpLimit", \
                "the desired replica count is increasing faster than the maximum scale rate"
        else:
            most, reason, message = high, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
        if desired > most:
            return most, reason, message
    elif desired < current:
        limit = min(scale_down_limit(current, ups, downs, behavior.get("scaleDown") or {}, now), current)
        if low < limit:
            least, reason, message = limit, "ScaleDownLimit", \
                "the desired replica count is decreasing faster than the maximum scale rate"
        else:
            least, reason, message = low, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
        if desired < least:
            return least, reason, message
    return desired, "DesiredWithinRange", "the desired count is within the acceptable range"


def milli_quantity(milli: int) -> str:
    """resource.NewMilliQuantity(v, DecimalSI).String()."""
    if milli == 0:
        return "0"
    sign = "-" if milli < 0 else ""
    value, exponent = abs(milli), -3
    while value % 10 == 0 and exponent < 18:
        value //= 10
        exponent += 1
    while exponent % 3:
        value *= 10
        exponent -= 1
    suffix = {-3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}[exponent]
    return f"{sign}{value}{suffix}"
