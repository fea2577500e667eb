"""The HorizontalPodAutoscaler controller (``pkg/controller/podautoscaler/horizontal.go``).

Every 15 s (``--horizontal-pod-autoscaler-sync-period``, a background timer) each HPA reads its
target's scale, asks the simulated metrics (``metrics.py``) for its pods' usage, computes
``desired = ceil(current * usage / target)`` per metric (no change within the 10 % tolerance;
unready and missing pods handled as the real replica calculator does), takes the largest, and then
normalises it: without ``spec.behavior`` the classic rules (scale-down only to the highest
recommendation of the last 5 minutes, scale-up at most to max(2 x current, 4) per sync) — which is
what the documented default behavior amounts to — and with ``spec.behavior`` the policies and
stabilization windows given there. It then sets the target's replicas, records
``SuccessfulRescale`` (``New size: 4; reason: cpu resource utilization (percentage of request) above
target``) and writes the status with the AbleToScale / ScalingActive / ScalingLimited conditions.

``autoscaling/v1`` objects (``targetCPUUtilizationPercentage``) are handled as the single CPU
metric they stand for; their status gets ``currentCPUUtilizationPercentage`` and the conditions go
to the ``autoscaling.alpha.kubernetes.io/conditions`` annotation, as the API server shows them.
"""

from __future__ import annotations

import json

from .. import metrics
from ..apierrors import APIError
from ..labels import SelectorError, selector_from_label_selector
from ..scheduler import cpu_millis
from .base import Component
from .hpautil import MetricError, PodSample, limit_legacy, limit_with_behavior, milli_quantity, raw_resource_replicas, \
    resource_replicas, stabilize, stabilize_legacy
from .podutil import condition as pod_condition
from .podutil import seconds

SYNC_PERIOD = 15.0
DEFAULT_CPU_UTILIZATION = 80
CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions"
SCALABLE = {"Deployment": "deployments.apps", "ReplicaSet": "replicasets.apps", "StatefulSet": "statefulsets.apps",
            "ReplicationController": "replicationcontrollers"}


def metric_specs(hpa: dict) -> list[dict]:
    spec = hpa.get("spec") or {}
    if hpa.get("apiVersion") == "autoscaling/v1":
        target = spec.get("targetCPUUtilizationPercentage") or DEFAULT_CPU_UTILIZATION
        return [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                             "averageUtilization": target}}}]
    return spec.get("metrics") or [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": DEFAULT_CPU_UTILIZATION}}}]


def _quantity_milli(value) -> int:
    return cpu_millis(value)


class HorizontalPodAutoscalerController(Component):
    caller = "horizontal-pod-autoscaler"
    name = "hpa"
    watches = ("HorizontalPodAutoscaler",)
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.recommendations: dict[str, list[list[float]]] = {}
        self.scale_ups: dict[str, list[list[float]]] = {}
        self.scale_downs: dict[str, list[list[float]]] = {}
        self.specs: dict[str, str] = {}  # what the last sync saw of each spec (status writes do not resync)

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj["metadata"]
        key = f"{meta['namespace']}/{meta['name']}"
        if op == "DELETED":
            for table in (self.recommendations, self.scale_ups, self.scale_downs, self.specs):
                table.pop(key, None)
            return
        seen = json.dumps([obj.get("apiVersion"), obj.get("spec")], sort_keys=True)
        if self.specs.get(key) != seen:
            self.specs[key] = seen
            self.enqueue(meta["namespace"], meta["name"])

    def start(self) -> None:
        for hpa in self.store.list("HorizontalPodAutoscaler"):
            self.enqueue(hpa["metadata"]["namespace"], hpa["metadata"]["name"])

    # --- one sync ----------------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        hpa = self.store.get("HorizontalPodAutoscaler", namespace, name)
        if hpa is None:
            return
        key = f"{namespace}/{name}"
        self.specs.setdefault(key, json.dumps([hpa.get("apiVersion"), hpa.get("spec")], sort_keys=True))
        status = dict(hpa.get("status") or {})
        conditions = self._conditions(hpa, status)
        try:
            self._sync(hpa, key, status, conditions)
        finally:
            self._write(hpa, status, conditions)
            self.enqueue(namespace, name, delay=SYNC_PERIOD, background=True)

    def _sync(self, hpa: dict, key: str, status: dict, conditions: list[dict]) -> None:
        spec, namespace = hpa["spec"], hpa["metadata"]["namespace"]
        ref = spec.get("scaleTargetRef") or {}
        kind, target_name = ref.get("kind") or "", ref.get("name") or ""
        target = self.store.get(kind, namespace, target_name) if kind in SCALABLE else None
        if target is None:
            what = SCALABLE.get(kind) or f"{kind.lower()}s"
            error = f'{what} "{target_name}" not found' if kind in SCALABLE else \
                f'no matches for kind "{kind}" in group "{(ref.get("apiVersion") or "").rpartition("/")[0]}"'
            self.event(hpa, "Warning", "FailedGetScale", error)
            self._set(conditions, "AbleToScale", "False", "FailedGetScale",
                      f"the HPA controller was unable to get the target's current scale: {error}")
            return
        self._set(conditions, "AbleToScale", "True", "SucceededGetScale",
                  "the HPA controller was able to get the target's current scale")
        current = int((target.get("spec") or {}).get("replicas", 1))
        low, high = int(spec.get("minReplicas") or 1), int(spec.get("maxReplicas") or 1)
        rescale_reason = ""
        statuses: list[dict] | None = None
        if current == 0 and low != 0:
            desired = 0
            self._set(conditions, "ScalingActive", "False", "ScalingDisabled",
                      "scaling is disabled since the replica count of the target is zero")
        elif current > high:
            desired, rescale_reason = high, "Current number of replicas above Spec.MaxReplicas"
        elif current < low:
            desired, rescale_reason = low, "Current number of replicas below Spec.MinReplicas"
        else:
            proposal, metric, statuses, error = self._compute(hpa, target, current, conditions)
            if error is not None:
                self._set_status(status, current, int(status.get("desiredReplicas") or 0), statuses, False, hpa)
                self.event(hpa, "Warning", "FailedComputeMetricsReplicas", error)
                return
            desired = max(proposal, 0)
            if desired > current:
                rescale_reason = f"{metric} above target"
            elif desired < current:
                rescale_reason = "All metrics below target"
            desired = self._normalize(hpa, key, current, desired, low, high, conditions)
        rescale = desired != current and not (current == 0 and low != 0)
        if rescale:
            try:
                self.api.scale(kind, namespace, target_name, desired)
            except APIError as exc:
                self._set(conditions, "AbleToScale", "False", "FailedUpdateScale",
                          f"the HPA controller was unable to update the target scale: {exc.message}")
                self.event(hpa, "Warning", "FailedRescale", f"New size: {desired}; reason: {rescale_reason}; "
                           f"error: {exc.message}")
                self._set_status(status, current, desired, statuses, False, hpa)
                return
            self._set(conditions, "AbleToScale", "True", "SucceededRescale",
                      f"the HPA controller was able to update the target scale to {desired}")
            self.event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {rescale_reason}")
            if spec.get("behavior") is not None:
                table = self.scale_ups if desired > current else self.scale_downs
                table.setdefault(key, []).append([abs(desired - current), self.clock.now])
        self._set_status(status, current, desired, statuses, rescale, hpa)

    # --- metrics -----------------------------------------------------------------------------------

    def _compute(self, hpa: dict, target: dict, current: int, conditions: list[dict]):
        """computeReplicasForMetrics: (replicas, metric name, statuses, error text or None)."""
        try:
            selector = selector_from_label_selector((target.get("spec") or {}).get("selector"))
        except SelectorError:
            selector = None
        specs = metric_specs(hpa)
        statuses: list[dict] = [{"type": ""} for _ in specs]
        if selector is None or selector.empty:
            self._set(conditions, "ScalingActive", "False", "InvalidSelector",
                      "the HPA target's scale is missing a selector")
            return -1, "", statuses, "selector is required"
        namespace = hpa["metadata"]["namespace"]
        pods = self.store.select("Pod", namespace, selector)
        shares = metrics.standing_rps(self.cluster)
        replicas, metric, invalid, first_error, first_condition = 0, "", 0, None, None
        for i, spec in enumerate(specs):
            try:
                proposal, name, statuses[i] = self._one_metric(spec, pods, current, shares)
            except MetricError as exc:
                reason, error = exc.args[1], exc.args[0]
                self.event(hpa, "Warning", reason, error.split(": ", 1)[1] if reason == "FailedGetResourceMetric" else error)
                if first_error is None:
                    first_error = error
                    first_condition = (reason, f"the HPA was unable to compute the replica count: "
                                               f"{error.split(': ', 1)[1] if reason == 'FailedGetResourceMetric' else error}")
                invalid += 1
                continue
            if replicas == 0 or proposal > replicas:
                replicas, metric = proposal, name
        if invalid >= len(specs) or (invalid and replicas < current):
            self._set(conditions, "ScalingActive", "False", *first_condition)
            return -1, "", statuses, f"invalid metrics ({invalid} invalid out of {len(specs)}), first error is: {first_error}"
        self._set(conditions, "ScalingActive", "True", "ValidMetricFound",
                  f"the HPA was able to successfully calculate a replica count from {metric}")
        return replicas, metric, statuses, None

    def _one_metric(self, spec: dict, pods: list[dict], current: int, shares: dict) -> tuple[int, str, dict]:
        if spec.get("type") != "Resource":
            kind = spec.get("type") or ""
            raise MetricError(f"failed to get {kind.lower()} metric value: unable to get metric: the sandbox simulates "
                              "resource metrics (cpu, memory) only", f"FailedGet{kind}Metric")
        resource = (spec.get("resource") or {}).get("name") or "cpu"
        target = (spec.get("resource") or {}).get("target") or {}
        samples = [self._sample(p, resource, shares) for p in pods]
        try:
            if target.get("averageValue") is not None:
                rec = raw_resource_replicas(current, _quantity_milli(target["averageValue"]) if resource == "cpu"
                                            else int(_memory_milli(target["averageValue"])), resource, samples,
                                            self.clock.now)
                current_status = {"averageValue": milli_quantity(rec.raw)}
                name = f"{resource} resource"
            else:
                utilization = target.get("averageUtilization")
                if utilization is None:
                    raise MetricError("invalid resource metric source: neither an average utilization target nor an "
                                      "average value (usage) target was set")
                rec = resource_replicas(current, int(utilization), resource, samples, self.clock.now)
                current_status = {"averageUtilization": rec.utilization, "averageValue": milli_quantity(rec.raw)}
                name = f"{resource} resource utilization (percentage of request)"
        except MetricError as exc:
            what = "usage" if target.get("averageValue") is not None else "utilization"
            raise MetricError(f"failed to get {resource} resource metric value: failed to get {resource} {what}: "
                              f"{exc.args[0]}", "FailedGetResourceMetric") from None
        return rec.replicas, name, {"type": "Resource", "resource": {"name": resource, "current": current_status}}

    def _sample(self, pod: dict, resource: str, shares: dict) -> PodSample:
        usage = metrics.pod_metrics(self.cluster, pod, shares)
        total = None
        if usage is not None:
            total = sum(c["cpu"] for c in usage) if resource == "cpu" else sum(c["memory"] for c in usage) * 1000
        requests: dict[str, int | None] = {}
        spec = pod.get("spec") or {}
        containers = list(spec.get("containers") or []) + [
            c for c in spec.get("initContainers") or () if c.get("restartPolicy") == "Always"]
        for c in containers:
            value = ((c.get("resources") or {}).get("requests") or {}).get(resource)
            requests[c["name"]] = None if value is None else (
                cpu_millis(value) if resource == "cpu" else int(_memory_milli(value)))
        ready = pod_condition(pod, "Ready")
        status = pod.get("status") or {}
        return PodSample(name=pod["metadata"]["name"], phase=status.get("phase") or "",
                         deleted=bool(pod["metadata"].get("deletionTimestamp")), usage=total, requests=requests,
                         ready=None if ready is None else ready.get("status"),
                         ready_changed=seconds(self.clock, (ready or {}).get("lastTransitionTime")),
                         started=seconds(self.clock, status.get("startTime")))

    # --- normalisation -----------------------------------------------------------------------------

    def _normalize(self, hpa: dict, key: str, current: int, desired: int, low: int, high: int,
                   conditions: list[dict]) -> int:
        now = self.clock.now
        history = self.recommendations.setdefault(key, [])
        behavior = hpa["spec"].get("behavior")
        if behavior is None:
            stabilized = stabilize_legacy(history, desired, now)
            if stabilized != desired:
                self._set(conditions, "AbleToScale", "True", "ScaleDownStabilized",
                          "recent recommendations were higher than current one, applying the highest recent recommendation")
            else:
                self._set(conditions, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
            result, reason, message = limit_legacy(current, stabilized, low, high)
        else:
            up = behavior.get("scaleUp") or {}
            down = behavior.get("scaleDown") or {}
            up_window = float(up.get("stabilizationWindowSeconds") or 0)
            down_window = float(300 if down.get("stabilizationWindowSeconds") is None else down["stabilizationWindowSeconds"])
            stabilized, s_reason, s_message = stabilize(history, desired, current, up_window, down_window, now)
            if stabilized != desired:
                self._set(conditions, "AbleToScale", "True", s_reason, s_message)
            else:
                self._set(conditions, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
            self._prune(key, max(_longest(up), _longest(down)))
            result, reason, message = limit_with_behavior(current, stabilized, low, high, self.scale_ups.get(key, []),
                                                          self.scale_downs.get(key, []), behavior, now)
        self._set(conditions, "ScalingLimited", "False" if result == stabilized else "True", reason, message)
        return result

    def _prune(self, key: str, longest: float) -> None:
        cutoff = self.clock.now - longest
        for table in (self.scale_ups, self.scale_downs):
            if key in table:
                table[key] = [e for e in table[key] if e[1] > cutoff]

    # --- status ------------------------------------------------------------------------------------

    def _conditions(self, hpa: dict, status: dict) -> list[dict]:
        if hpa.get("apiVersion") == "autoscaling/v1":
            try:
                return json.loads((hpa["metadata"].get("annotations") or {}).get(CONDITIONS_ANNOTATION) or "[]")
            except ValueError:
                return []
        return [dict(c) for c in status.get("conditions") or ()]

    def _set(self, conditions: list[dict], type_: str, value: str, reason: str, message: str) -> None:
        for c in conditions:
            if c.get("type") == type_:
                if c.get("status") != value:
                    c["lastTransitionTime"] = self.clock.timestamp()
                c.update({"status": value, "reason": reason, "message": message})
                return
        conditions.append({"lastTransitionTime": self.clock.timestamp(), "message": message, "reason": reason,
                           "status": value, "type": type_})

    def _set_status(self, status: dict, current: int, desired: int, statuses: list[dict] | None, rescale: bool,
                    hpa: dict) -> None:
        status["currentReplicas"] = current
        status["desiredReplicas"] = desired
        if rescale:
            status["lastScaleTime"] = self.clock.timestamp()
        if hpa.get("apiVersion") == "autoscaling/v1":
            utilization = ((((statuses or [{}])[0].get("resource") or {}).get("current") or {})
                           .get("averageUtilization")) if statuses else None
            if utilization is not None:
                status["currentCPUUtilizationPercentage"] = utilization
            else:
                status.pop("currentCPUUtilizationPercentage", None)
        elif statuses is not None:
            status["currentMetrics"] = statuses
        else:
            status.pop("currentMetrics", None)

    def _write(self, hpa: dict, status: dict, conditions: list[dict]) -> None:
        v1 = hpa.get("apiVersion") == "autoscaling/v1"
        if not status.get("currentReplicas"):
            status.pop("currentReplicas", None)
        if v1:
            annotations = dict(hpa["metadata"].get("annotations") or {})
            annotations[CONDITIONS_ANNOTATION] = json.dumps(
                [{k: c[k] for k in ("type", "status", "lastTransitionTime", "reason", "message")} for c in conditions],
                separators=(",", ":"))
            new = {**hpa, "metadata": {**hpa["metadata"], "annotations": annotations}, "status": status}
            changed = status != (hpa.get("status") or {}) or annotations != (hpa["metadata"].get("annotations") or {})
        else:
            if conditions:
                status["conditions"] = conditions
            new = {**hpa, "status": status}
            changed = status != (hpa.get("status") or {})
        if changed:
            try:
                self.api.update_status(new, annotations=v1)
            except APIError:
                pass

    # --- snapshot ----------------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"recommendations": self.recommendations, "scale_ups": self.scale_ups, "scale_downs": self.scale_downs,
                "specs": self.specs}

    def load(self, data: dict) -> None:
        self.recommendations = {k: [list(x) for x in v] for k, v in (data.get("recommendations") or {}).items()}
        self.scale_ups = {k: [list(x) for x in v] for k, v in (data.get("scale_ups") or {}).items()}
        self.scale_downs = {k: [list(x) for x in v] for k, v in (data.get("scale_downs") or {}).items()}
        self.specs = dict(data.get("specs") or {})


def _longest(rules: dict) -> float:
    return max((float(p.get("periodSeconds") or 0) for p in rules.get("policies") or ()), default=0.0)


def _memory_milli(value) -> int:
    from ..defaults import parse_quantity

    return int(parse_quantity(value) * 1000)
