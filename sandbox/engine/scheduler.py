"""The kube-scheduler's algorithm: filter, score and pick a node, as pure functions over plain dicts.

Follows ``reference/k8s-behavior.md`` §7 (sources: ``pkg/scheduler/schedule_one.go``,
``pkg/scheduler/framework/types.go`` FitError, ``pkg/scheduler/framework/plugins/*``,
``pkg/scheduler/internal/cache/node_tree.go``, ``k8s.io/component-helpers/resource``), v1.32.

What is here, and what the caller (the simulation loop) does:

* :class:`NodeIndex` is the scheduler's cache: one :class:`NodeInfo` per Node with the summed
  requests of the pods bound to it, updated in O(1) per pod added or removed. Nodes are kept in the
  real scheduler's order (insertion order, interleaved across zones like ``nodeTree.list``).
* :func:`schedule` is one scheduling cycle for one pod: PreFilter, Filter over the nodes starting at
  ``start_index`` until ``numFeasibleNodesToFind`` feasible nodes are found, Score, select. It does not
  bind: the caller binds through the API server, then calls ``index.add_pod(pod, node)`` (the real
  scheduler "assumes" the pod the same way), records the event and keeps ``next_start_index``.
* :func:`failed_scheduling_message` is the FailedScheduling event / PodScheduled condition text.

Simplifications (the UI says so): volumes, inter-pod (anti-)affinity, explicit
``topologySpreadConstraints``, ImageLocality and scheduler extenders are not evaluated; the
system-default spreading counts the pods of the same controller (ReplicaSet, ReplicationController,
StatefulSet) instead of evaluating the Service/controller selectors; preemption only classifies nodes
(no victims are chosen, as if every pod had priority 0). Node readiness is not a filter in the real
scheduler either: a NotReady node is kept away by its ``node.kubernetes.io/not-ready`` taint.

Speed: :func:`schedule` has an exact fast path for the common pod (no host ports, not pinned to a
node by name). Per pod shape it keeps one list of "feasible? then LeastAllocated +
BalancedAllocation score" per node, refreshed from a change log of the nodes whose usage changed, and
scans the window of nodes with C-level list operations. It picks the same node as the plain
algorithm (``fast=False``) for the same rng state; the tests check this on random clusters.
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from bisect import bisect_left, insort
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from functools import lru_cache
from itertools import chain, compress, count, islice, repeat
from operator import add
from typing import Any, Iterable, Mapping

from .labels import DOES_NOT_EXIST, EXISTS, IN, NOT_IN, Requirement, label_value_errors, qualified_name_errors

# --- the plugin table a lesson can show --------------------------------------------------------------------------

REASON_UNSCHEDULABLE = "node(s) were unschedulable"
REASON_NODE_NAME = "node(s) didn't match the requested node name"
REASON_TAINT = "node(s) had untolerated taint {%s: %s}"
REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
REASON_PORTS = "node(s) didn't have free ports for the requested pod ports"
REASON_TOO_MANY_PODS = "Too many pods"
REASON_INSUFFICIENT = "Insufficient %s"
REASON_PREFILTER_ABSENT = "node(s) didn't satisfy plugin(s) [NodeAffinity]"
REASON_AFFINITY_CONFLICT = "pod affinity terms conflict"
NO_NODES_AVAILABLE = "no nodes available to schedule pods"
PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling"
PREEMPTION_NO_VICTIMS = "No preemption victims found for incoming pod"
PREEMPTION_POLICY_NEVER = "not eligible due to preemptionPolicy=Never."

#: The filter plugins the simulation runs, in the default profile's order (§7.1), with their reason
#: texts (§7.2). A node is rejected by the first plugin that fails; NodeResourcesFit reports every
#: resource that is short on that node (``Too many pods``, then ``Insufficient cpu``, ``memory`` ...).
FILTER_PLUGINS: tuple[tuple[str, str], ...] = (
    ("NodeUnschedulable", REASON_UNSCHEDULABLE),
    ("NodeName", REASON_NODE_NAME),
    ("TaintToleration", "node(s) had untolerated taint {KEY: VALUE}"),
    ("NodeAffinity", REASON_AFFINITY),
    ("NodePorts", REASON_PORTS),
    ("NodeResourcesFit", REASON_TOO_MANY_PODS),
    ("NodeResourcesFit", "Insufficient cpu"),
    ("NodeResourcesFit", "Insufficient memory"),
    ("NodeResourcesFit", "Insufficient ephemeral-storage"),
    ("NodeResourcesFit", "Insufficient RESOURCE-NAME"),
)

#: The score plugins the simulation runs, with their weights in the default profile (§7.1).
SCORE_PLUGINS: tuple[tuple[str, int], ...] = (
    ("TaintToleration", 3),  # fewer untolerated PreferNoSchedule taints is better
    ("NodeAffinity", 2),  # sum of the weights of matching preferredDuringScheduling terms
    ("PodTopologySpread", 2),  # system default: spread the pods of one controller over nodes (and zones)
    ("NodeResourcesFit", 1),  # LeastAllocated: the emptier node is better
    ("NodeResourcesBalancedAllocation", 1),  # cpu and memory used in the same proportion is better
)

#: The whole default profile in order, and whether the simulation evaluates the plugin.
DEFAULT_PLUGINS: tuple[tuple[str, bool], ...] = (
    ("SchedulingGates", False), ("PrioritySort", False), ("NodeUnschedulable", True), ("NodeName", True),
    ("TaintToleration", True), ("NodeAffinity", True), ("NodePorts", True), ("NodeResourcesFit", True),
    ("VolumeRestrictions", False), ("NodeVolumeLimits", False), ("VolumeBinding", False), ("VolumeZone", False),
    ("PodTopologySpread", True), ("InterPodAffinity", False), ("DefaultPreemption", True),
    ("NodeResourcesBalancedAllocation", True), ("ImageLocality", False), ("DefaultBinder", False),
)

_UNRESOLVABLE_PLUGINS = frozenset({"NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity"})
_UNRESOLVABLE_REASONS = frozenset({REASON_UNSCHEDULABLE, REASON_NODE_NAME, REASON_AFFINITY,
                                   "node(s) didn't match scheduler-enforced node affinity"})

MAX_NODE_SCORE = 100
DEFAULT_MILLI_CPU_REQUEST = 100  # schedutil.DefaultMilliCPURequest: scoring counts 0.1 core for no request
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024  # schedutil.DefaultMemoryRequest: 200 MB
MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5
WEIGHT_TAINT, WEIGHT_AFFINITY, WEIGHT_SPREAD, WEIGHT_FIT, WEIGHT_BALANCED = 3, 2, 2, 1, 1
HOSTNAME_LABEL = "kubernetes.io/hostname"
ZONE_LABEL = "topology.kubernetes.io/zone"
REGION_LABEL = "topology.kubernetes.io/region"
UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"
_SPREAD_OWNER_KINDS = ("ReplicaSet", "ReplicationController", "StatefulSet")  # helper.DefaultSelector
_HOSTNAME_MAX_SKEW, _ZONE_MAX_SKEW = 3, 5  # PodTopologySpread systemDefaultConstraints

# --- quantities -------------------------------------------------------------------------------------------------

_QUANTITY_PATTERN = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"  # the text of apimachinery's ErrFormatWrong
_NUMBER = re.compile(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)", re.S)
_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)")
_SUFFIXES = {
    "": Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": Decimal(10) ** 3,
    "M": Decimal(10) ** 6, "G": Decimal(10) ** 9, "T": Decimal(10) ** 12, "P": Decimal(10) ** 15,
    "E": Decimal(10) ** 18, "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30,
    "Ti": Decimal(2) ** 40, "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}


def parse_quantity(q: str | int | float) -> Decimal:
    """A resource quantity as an exact number: cpu in cores (``"500m"`` -> 0.5), memory in bytes.

    Accepts apimachinery's grammar: a signed decimal number, then a binary suffix (Ki Mi Gi Ti Pi Ei),
    a decimal suffix (n u m k M G T P E) or an exponent (``1e3``, ``2E-2``). Raises ValueError with
    apimachinery's message otherwise (``""``, ``"1.5.2"``, ``"10 Mi"``, ``"1KB"``, booleans).
    """
    if isinstance(q, bool):
        raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'")
    if isinstance(q, int):
        return Decimal(q)
    if isinstance(q, float):
        if not math.isfinite(q):
            raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'")
        return Decimal(repr(q))
    if isinstance(q, Decimal):
        return q
    if not isinstance(q, str):
        raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'")
    return _parse_quantity_text(q)


@lru_cache(maxsize=4096)
def _parse_quantity_text(text: str) -> Decimal:
    match = _NUMBER.fullmatch(text)
    if not match:
        raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'")
    number, suffix = match.groups()
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'") from None
    multiplier = _SUFFIXES.get(suffix)
    if multiplier is not None:
        return value * multiplier
    exponent = _EXPONENT.fullmatch(suffix)
    if exponent:
        return value.scaleb(int(exponent.group(1)))
    if re.fullmatch(r"[eEinumkKMGTP]*[-+]?[0-9]*", suffix):
        raise ValueError("unable to parse quantity's suffix")
    raise ValueError(f"quantities must match the regular expression '{_QUANTITY_PATTERN}'")


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def cpu_millis(q: str | int | float) -> int:
    """Quantity.MilliValue(): millicores, rounded up (``"1"`` -> 1000, ``"0.5"`` -> 500, ``"1n"`` -> 1)."""
    return _ceil(parse_quantity(q) * 1000)


def quantity_value(q: str | int | float) -> int:
    """Quantity.Value(): the integer value, rounded up (``"128Mi"`` -> 134217728)."""
    return _ceil(parse_quantity(q))


def _to_units(name: str, amount: Decimal) -> int:
    return _ceil(amount * 1000) if name == "cpu" else _ceil(amount)


def _is_scalar_resource(name: str) -> bool:
    """schedutil.IsScalarResourceName: extended (``example.com/gpu``), hugepages-*, attachable-volumes-*."""
    return "/" in name or name.startswith("hugepages-") or name.startswith("attachable-volumes-")


# --- requests -----------------------------------------------------------------------------------------------------

_ZERO = Decimal(0)
_NON_MISSING = {"cpu": Decimal("0.1"), "memory": Decimal(DEFAULT_MEMORY_REQUEST)}


def _container_requests(container: Any, non_zero: bool) -> dict[str, Decimal]:
    """One container's requests; requests default from limits (§12), and for scoring missing cpu/memory
    count as 100m / 200MB (resourcehelper NonMissingContainerRequests)."""
    resources = container.get("resources") if isinstance(container, dict) else None
    if resources:
        requests = resources.get("requests") or {}
        limits = resources.get("limits")
        if limits:
            requests = dict(requests)
            for name, value in limits.items():
                requests.setdefault(name, value)  # SetDefaults_Pod: missing requests are copied from limits
        out = {name: _parse_quantity_text(value) if type(value) is str else parse_quantity(value)
               for name, value in requests.items()}
    else:
        out = {}
    if non_zero:
        for name, default in _NON_MISSING.items():
            if name not in out:
                out[name] = default
    return out


def _add_into(total: dict, more: Mapping) -> dict:
    for name, value in more.items():
        total[name] = total.get(name, 0) + value
    return total


def _max_into(total: dict, other: Mapping) -> None:
    for name, value in other.items():
        if name not in total or value > total[name]:
            total[name] = value


def _aggregate_requests(spec: Mapping, non_zero: bool = False) -> dict[str, Decimal]:
    """resourcehelper.PodRequests: Σ containers, max with every init container (sidecars, i.e. init
    containers with ``restartPolicy: Always``, keep running and add up), plus ``spec.overhead``."""
    requests: dict[str, Decimal] = {}
    for container in spec.get("containers") or []:
        _add_into(requests, _container_requests(container, non_zero))
    restartable: dict[str, Decimal] = {}
    init_max: dict[str, Decimal] = {}
    for container in spec.get("initContainers") or []:
        own = _container_requests(container, non_zero)
        if isinstance(container, dict) and container.get("restartPolicy") == "Always":
            _add_into(requests, own)
            _add_into(restartable, own)
            use = restartable
        else:
            use = _add_into(dict(own), restartable)
        _max_into(init_max, use)
    _max_into(requests, init_max)
    overhead = spec.get("overhead") or {}
    if overhead:
        _add_into(requests, {name: parse_quantity(value) for name, value in overhead.items()})
    return requests


def pod_resource_requests(pod: Mapping, non_zero: bool = False) -> dict[str, int]:
    """Every resource the pod requests, in scheduler units (cpu in millicores, the rest as integers)."""
    spec = pod.get("spec") or {}
    return {name: _to_units(name, amount) for name, amount in _aggregate_requests(spec, non_zero).items()}


def pod_requests(pod: Mapping, non_zero: bool = False) -> tuple[int, int]:
    """(cpu millicores, memory bytes) the scheduler reserves for ``pod`` on its node.

    ``non_zero=True`` gives what the scoring plugins count instead (a container without a cpu or
    memory request counts as 100m / 200MB so that empty pods still spread).
    """
    requests = pod_resource_requests(pod, non_zero)
    return requests.get("cpu", 0), requests.get("memory", 0)


# --- taints and tolerations ----------------------------------------------------------------------------------------

Toleration = tuple  # (key, operator, value, effect) with "" for unset fields
Taint = tuple  # (key, value, effect)


def _toleration(t: Any) -> Toleration:
    if isinstance(t, tuple):
        return t
    t = t if isinstance(t, dict) else {}
    value = t.get("value")
    return (t.get("key") or "", t.get("operator") or "", "" if value is None else str(value), t.get("effect") or "")


def _taint(t: Any) -> Taint:
    if isinstance(t, tuple):
        return t
    t = t if isinstance(t, dict) else {}
    value = t.get("value")
    return (str(t.get("key") or ""), "" if value is None else str(value), str(t.get("effect") or ""))


def _tolerates(tol: Toleration, key: str, value: str, effect: str) -> bool:
    """core/v1 Toleration.ToleratesTaint."""
    t_key, op, t_value, t_effect = tol
    if t_effect and t_effect != effect:
        return False
    if t_key and t_key != key:
        return False
    if op in ("", "Equal"):
        return t_value == value
    return op == "Exists"


def toleration_tolerates(toleration: Mapping | tuple, taint: Mapping | tuple) -> bool:
    """Whether one toleration tolerates one taint: an empty effect matches every effect, an empty key
    (only valid with ``Exists``) every key; ``Equal`` (the default operator) also compares values."""
    key, value, effect = _taint(taint)
    return _tolerates(_toleration(toleration), key, value, effect)


def tolerates(pod_tolerations: Iterable[Mapping | tuple] | None, taint: Mapping | tuple) -> bool:
    """Whether any of the pod's tolerations tolerates ``taint`` (v1helper.TolerationsTolerateTaint)."""
    key, value, effect = _taint(taint)
    return any(_tolerates(_toleration(t), key, value, effect) for t in pod_tolerations or ())


# --- node affinity --------------------------------------------------------------------------------------------------


class _IntRequirement:
    """A Gt / Lt requirement: the label must parse as a Go int64 (strconv.ParseInt)."""

    __slots__ = ("key", "greater", "value")

    def __init__(self, key: str, greater: bool, value: int):
        self.key, self.greater, self.value = key, greater, value

    def matches(self, labels: Mapping[str, str]) -> bool:
        have = _go_int(labels.get(self.key))
        if have is None:
            return False
        return have > self.value if self.greater else have < self.value


def _go_int(text: Any) -> int | None:
    if not isinstance(text, str) or not re.fullmatch(r"[+-]?[0-9]+", text):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


class _TermError(ValueError):
    pass


_LABEL_OPERATORS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}


def _label_requirement(expr: Any):
    """nodeSelectorRequirementsAsSelector for one expression (labels.NewRequirement's validation)."""
    if not isinstance(expr, dict):
        raise _TermError("not a requirement")
    key, operator = str(expr.get("key") or ""), expr.get("operator")
    values = [str(v) for v in expr.get("values") or []]
    if qualified_name_errors(key):
        raise _TermError("invalid key")
    for value in values:
        if label_value_errors(value):
            raise _TermError("invalid value")
    if operator in ("In", "NotIn"):
        if not values:
            raise _TermError("values must be non-empty")
        return Requirement(key, _LABEL_OPERATORS[operator], tuple(sorted(set(values))))
    if operator in ("Exists", "DoesNotExist"):
        if values:
            raise _TermError("values must be empty")
        return Requirement(key, _LABEL_OPERATORS[operator])
    if operator in ("Gt", "Lt"):
        number = _go_int(values[0]) if len(values) == 1 else None
        if number is None:
            raise _TermError("for 'Gt', 'Lt' operators, the value must be an integer")
        return _IntRequirement(key, operator == "Gt", number)
    raise _TermError(f"operator {operator!r} not supported")


def _field_requirement(expr: Any) -> tuple[str, bool, str]:
    """nodeSelectorRequirementsAsFieldSelector: In / NotIn with exactly one value."""
    if not isinstance(expr, dict):
        raise _TermError("not a requirement")
    operator, values = expr.get("operator"), [str(v) for v in expr.get("values") or []]
    if operator not in ("In", "NotIn"):
        raise _TermError(f"operator {operator!r} not supported")
    if len(values) != 1:
        raise _TermError("must have one element")
    return str(expr.get("key") or ""), operator == "In", values[0]


class _Term:
    """One parsed NodeSelectorTerm: matchExpressions AND matchFields (``metadata.name`` only)."""

    __slots__ = ("labels", "fields")

    def __init__(self, term: Mapping):
        expressions, fields_ = term.get("matchExpressions") or [], term.get("matchFields") or []
        self.labels = tuple(_label_requirement(e) for e in expressions) if expressions else None
        self.fields = tuple(_field_requirement(e) for e in fields_) if fields_ else None

    def matches(self, node_name: str, labels: Mapping[str, str]) -> bool:
        if self.labels is not None and not all(r.matches(labels) for r in self.labels):
            return False
        if self.fields is not None and node_name:
            for key, equal, value in self.fields:
                have = node_name if key == "metadata.name" else ""
                if (have == value) != equal:
                    return False
        return True


def _is_empty_term(term: Any) -> bool:
    return not isinstance(term, dict) or (not term.get("matchExpressions") and not term.get("matchFields"))


def _parse_terms(terms: Iterable[Any]) -> list[_Term]:
    """NewLazyErrorNodeSelector: empty terms select nothing and are dropped, terms that do not parse
    never match (the API server rejects them anyway)."""
    out = []
    for term in terms:
        if _is_empty_term(term):
            continue
        try:
            out.append(_Term(term))
        except _TermError:
            continue
    return out


def _prefilter_node_names(terms: list) -> tuple[frozenset[str] | None, bool]:
    """NodeAffinity PreFilter: the node names a pod is pinned to by ``matchFields metadata.name In``
    in every term (DaemonSet pods), and whether the terms conflict (empty intersection)."""
    names: set[str] | None = None
    for term in terms:
        if not isinstance(term, dict):
            return None, False
        term_names: set[str] | None = None
        for r in term.get("matchFields") or []:
            if isinstance(r, dict) and r.get("key") == "metadata.name" and r.get("operator") == "In":
                values = {str(v) for v in r.get("values") or []}
                term_names = values if term_names is None else term_names & values
        if term_names is None:
            return None, False
        names = term_names if names is None else names | term_names
    if names is None:
        return None, False
    if not names:
        return None, True
    return frozenset(names), False


# --- the pod, prepared once per scheduling cycle ---------------------------------------------------------------------


def pod_key(pod: Mapping) -> str:
    meta = pod.get("metadata") or {}
    return f"{meta.get('namespace') or 'default'}/{meta.get('name') or ''}"


def spread_owner(pod: Mapping) -> tuple | None:
    """Whose pods the system-default spreading counts together: the controlling ReplicaSet,
    ReplicationController or StatefulSet (Jobs and DaemonSets get no default spreading)."""
    meta = pod.get("metadata") or {}
    for ref in meta.get("ownerReferences") or []:
        if isinstance(ref, dict) and ref.get("controller") and ref.get("kind") in _SPREAD_OWNER_KINDS:
            return (meta.get("namespace") or "default", ref.get("kind"), ref.get("uid") or ref.get("name"))
    return None


class PodInfo:
    """Everything the filters and scores need from one pod, computed once (requests parsed, tolerations
    normalised, node affinity parsed). :func:`schedule` and ``NodeIndex.add_pod`` accept it in place
    of the pod dict."""

    __slots__ = ("key", "namespace", "node_name", "cpu", "mem", "nz_cpu", "nz_mem", "other",
                 "host_ports", "tolerations", "prefer_tolerations", "tolerates_unschedulable", "node_selector",
                 "required", "preferred", "prefilter_names", "prefilter_conflict", "owner", "terminating",
                 "priority", "preemption_never", "_static_sig")

    def __init__(self, pod: Mapping):
        meta = pod.get("metadata") or {}
        spec = pod.get("spec") or {}
        self.namespace = meta.get("namespace") or "default"
        self.key = f"{self.namespace}/{meta.get('name') or ''}"
        self.node_name = spec.get("nodeName") or ""
        requests = _aggregate_requests(spec)
        self.cpu = _ceil(requests.pop("cpu", _ZERO) * 1000)
        self.mem = _ceil(requests.pop("memory", _ZERO))
        # fitsRequest checks ephemeral-storage, then the scalar resources (in Go's map order; here by name)
        names = sorted(requests, key=lambda name: (name != "ephemeral-storage", name))
        self.other = {name: _ceil(requests[name]) for name in names
                      if name == "ephemeral-storage" or _is_scalar_resource(name)}
        non_zero = _aggregate_requests(spec, non_zero=True)
        self.nz_cpu = _ceil(non_zero.get("cpu", _ZERO) * 1000)
        self.nz_mem = _ceil(non_zero.get("memory", _ZERO))
        self.host_ports = _host_ports(spec)
        self.tolerations = tuple(_toleration(t) for t in spec.get("tolerations") or [])
        self.prefer_tolerations = tuple(t for t in self.tolerations if t[3] in ("", "PreferNoSchedule"))
        self.tolerates_unschedulable = any(_tolerates(t, UNSCHEDULABLE_TAINT, "", "NoSchedule")
                                           for t in self.tolerations)
        selector = spec.get("nodeSelector") or {}
        self.node_selector = tuple((str(k), str(v)) for k, v in sorted(selector.items()))
        node_affinity = ((spec.get("affinity") or {}).get("nodeAffinity") or {})
        required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
        raw_terms = (required.get("nodeSelectorTerms") or []) if isinstance(required, dict) else []
        self.required = _parse_terms(raw_terms) if required is not None else None
        self.prefilter_names, self.prefilter_conflict = _prefilter_node_names(raw_terms) if raw_terms else (None, False)
        preferred = []
        for item in node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution") or []:
            if not isinstance(item, dict) or not item.get("weight") or _is_empty_term(item.get("preference")):
                continue
            try:
                preferred.append((int(item["weight"]), _Term(item["preference"])))
            except (_TermError, TypeError, ValueError):
                continue
        self.preferred = tuple(preferred)
        self.owner = spread_owner(pod)
        self.terminating = bool(meta.get("deletionTimestamp"))
        self.priority = int(spec.get("priority") or 0)
        self.preemption_never = spec.get("preemptionPolicy") == "Never"
        self._static_sig = None
        if node_affinity or selector:
            self._static_sig = json.dumps([selector, node_affinity], sort_keys=True, default=str)

    @property
    def static_signature(self) -> tuple:
        """What decides the node-only filters and scores (taints, cordon, affinity) for this pod."""
        return (self.tolerations, self._static_sig)

    def matches_node_affinity(self, node_name: str, labels: Mapping[str, str]) -> bool:
        """RequiredNodeAffinity.Match: nodeSelector labels, then required node affinity terms (ORed)."""
        for key, value in self.node_selector:
            if labels.get(key) != value:
                return False
        if self.required is not None:
            return any(term.matches(node_name, labels) for term in self.required)
        return True


def prepare_pod(pod: Mapping | PodInfo) -> PodInfo:
    return pod if isinstance(pod, PodInfo) else PodInfo(pod)


def _host_ports(spec: Mapping) -> tuple[tuple[str, str, int], ...]:
    """schedutil.GetHostPorts: hostPort > 0 of the containers and of sidecar init containers."""
    out = []
    sidecars = [c for c in spec.get("initContainers") or []
                if isinstance(c, dict) and c.get("restartPolicy") == "Always"]
    for container in chain(sidecars, spec.get("containers") or []):
        if not isinstance(container, dict):
            continue
        for port in container.get("ports") or []:
            if not isinstance(port, dict):
                continue
            try:
                host_port = int(port.get("hostPort") or 0)
            except (TypeError, ValueError):
                continue
            if host_port > 0:
                out.append((str(port.get("hostIP") or "0.0.0.0"), str(port.get("protocol") or "TCP"), host_port))
    return tuple(out)


# --- nodes ------------------------------------------------------------------------------------------------------------


def zone_key(labels: Mapping[str, str]) -> str:
    """utilnode.GetZoneKey: region + ":\\x00:" + zone (beta labels as fallback); "" without zone labels."""
    zone = labels.get(ZONE_LABEL, labels.get("failure-domain.beta.kubernetes.io/zone", ""))
    region = labels.get(REGION_LABEL, labels.get("failure-domain.beta.kubernetes.io/region", ""))
    if not zone and not region:
        return ""
    return f"{region}:\x00:{zone}"


@dataclass(slots=True, eq=False)
class NodeInfo:
    """One node as the scheduler sees it: its Node object parsed once, plus the summed requests of the
    pods bound to it (``nz_*`` are the sums with the 100m / 200MB scoring defaults)."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    taints: tuple[Taint, ...] = ()
    unschedulable: bool = False
    ready: bool = True  # informational: the scheduler filters on the not-ready taint, not on this
    alloc_cpu: int = 0
    alloc_mem: int = 0
    alloc_pods: int = 0
    alloc_other: dict[str, int] = field(default_factory=dict)
    req_cpu: int = 0
    req_mem: int = 0
    nz_cpu: int = 0
    nz_mem: int = 0
    pod_count: int = 0
    req_other: dict[str, int] = field(default_factory=dict)
    ports: dict[tuple[str, str, int], int] = field(default_factory=dict)  # (hostIP, protocol, hostPort) -> pods
    port_any: dict[tuple[str, int], int] = field(default_factory=dict)  # (protocol, hostPort) -> pods, any IP
    zone: str = ""

    @classmethod
    def from_node(cls, node: Mapping, pods: Iterable[Mapping | PodInfo] = ()) -> "NodeInfo":
        """Build from a Node dict (``status.allocatable``, falling back to ``capacity`` as the API server
        defaults it) and the pods bound to it."""
        info = cls(name=(node.get("metadata") or {}).get("name") or "")
        info.set_node(node)
        for pod in pods:
            info.add(prepare_pod(pod))
        return info

    def set_node(self, node: Mapping) -> None:
        meta, spec, status = node.get("metadata") or {}, node.get("spec") or {}, node.get("status") or {}
        self.labels = {str(k): str(v) for k, v in (meta.get("labels") or {}).items()}
        self.taints = tuple(_taint(t) for t in spec.get("taints") or [])
        self.unschedulable = bool(spec.get("unschedulable"))
        ready = [c for c in status.get("conditions") or [] if isinstance(c, dict) and c.get("type") == "Ready"]
        self.ready = ready[0].get("status") == "True" if ready else True
        allocatable = status.get("allocatable") or status.get("capacity") or {}
        self.alloc_cpu = cpu_millis(allocatable["cpu"]) if "cpu" in allocatable else 0
        self.alloc_mem = quantity_value(allocatable["memory"]) if "memory" in allocatable else 0
        self.alloc_pods = quantity_value(allocatable["pods"]) if "pods" in allocatable else 0
        self.alloc_other = {name: quantity_value(v) for name, v in allocatable.items()
                            if name == "ephemeral-storage" or _is_scalar_resource(name)}
        self.zone = zone_key(self.labels)

    @property
    def allocatable(self) -> tuple[int, int, int]:
        """(cpu millicores, memory bytes, pods)."""
        return self.alloc_cpu, self.alloc_mem, self.alloc_pods

    @property
    def requested(self) -> tuple[int, int, int]:
        """(cpu millicores, memory bytes, pods) of the pods bound to the node."""
        return self.req_cpu, self.req_mem, self.pod_count

    def add(self, pod: PodInfo, sign: int = 1) -> None:
        self.req_cpu += sign * pod.cpu
        self.req_mem += sign * pod.mem
        self.nz_cpu += sign * pod.nz_cpu
        self.nz_mem += sign * pod.nz_mem
        self.pod_count += sign
        for name, value in pod.other.items():
            self.req_other[name] = self.req_other.get(name, 0) + sign * value
        for ip, protocol, port in pod.host_ports:
            for table, key in ((self.ports, (ip, protocol, port)), (self.port_any, (protocol, port))):
                left = table.get(key, 0) + sign
                if left > 0:
                    table[key] = left
                else:
                    table.pop(key, None)

    def remove(self, pod: PodInfo) -> None:
        self.add(pod, -1)

    def port_conflict(self, ip: str, protocol: str, port: int) -> bool:
        """HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP, a specific IP with itself and 0.0.0.0."""
        if port <= 0:
            return False
        if ip == "0.0.0.0":
            return (protocol, port) in self.port_any
        return ("0.0.0.0", protocol, port) in self.ports or (ip, protocol, port) in self.ports


def _as_node_info(node: NodeInfo | Mapping) -> NodeInfo:
    return node if isinstance(node, NodeInfo) else NodeInfo.from_node(node)


# --- filters ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilterFailure:
    """Why one node was rejected: the first failing plugin and its reasons (several only for
    NodeResourcesFit). ``unresolvable``: preemption cannot help (§7.3)."""

    plugin: str
    reasons: tuple[str, ...]

    @property
    def unresolvable(self) -> bool:
        return self.plugin in _UNRESOLVABLE_PLUGINS


_FAIL_UNSCHEDULABLE = FilterFailure("NodeUnschedulable", (REASON_UNSCHEDULABLE,))
_FAIL_NODE_NAME = FilterFailure("NodeName", (REASON_NODE_NAME,))
_FAIL_AFFINITY = FilterFailure("NodeAffinity", (REASON_AFFINITY,))
_FAIL_PORTS = FilterFailure("NodePorts", (REASON_PORTS,))


def _untolerated_taint(pp: PodInfo, ni: NodeInfo) -> Taint | None:
    """FindMatchingUntoleratedTaint over NoSchedule / NoExecute taints, in the node's order."""
    for taint in ni.taints:
        key, value, effect = taint
        if effect != "NoSchedule" and effect != "NoExecute":
            continue
        for tol in pp.tolerations:
            if _tolerates(tol, key, value, effect):
                break
        else:
            return taint
    return None


def _static_failure(pp: PodInfo, ni: NodeInfo) -> FilterFailure | None:
    """The filters that look only at the Node object (cordon, node name, taints, affinity)."""
    if ni.unschedulable and not pp.tolerates_unschedulable:
        return _FAIL_UNSCHEDULABLE
    if pp.node_name and pp.node_name != ni.name:
        return _FAIL_NODE_NAME
    if ni.taints:
        taint = _untolerated_taint(pp, ni)
        if taint is not None:
            return FilterFailure("TaintToleration", (REASON_TAINT % (taint[0], taint[1]),))
    if (pp.node_selector or pp.required is not None) and not pp.matches_node_affinity(ni.name, ni.labels):
        return _FAIL_AFFINITY
    return None


def _fit_reasons(pp: PodInfo, ni: NodeInfo) -> tuple[str, ...]:
    """noderesources.fitsRequest: every resource that is short on this node."""
    reasons = []
    if ni.pod_count + 1 > ni.alloc_pods:
        reasons.append(REASON_TOO_MANY_PODS)
    if pp.cpu == 0 and pp.mem == 0 and not pp.other:
        return tuple(reasons)
    if pp.cpu > 0 and pp.cpu > ni.alloc_cpu - ni.req_cpu:
        reasons.append("Insufficient cpu")
    if pp.mem > 0 and pp.mem > ni.alloc_mem - ni.req_mem:
        reasons.append("Insufficient memory")
    for name, value in pp.other.items():  # ephemeral-storage first, then extended resources by name
        if value > 0 and value > ni.alloc_other.get(name, 0) - ni.req_other.get(name, 0):
            reasons.append(REASON_INSUFFICIENT % name)
    return tuple(reasons)


def _run_filters(pp: PodInfo, ni: NodeInfo) -> FilterFailure | None:
    failure = _static_failure(pp, ni)
    if failure is not None:
        return failure
    for ip, protocol, port in pp.host_ports:
        if ni.port_conflict(ip, protocol, port):
            return _FAIL_PORTS
    reasons = _fit_reasons(pp, ni)
    return FilterFailure("NodeResourcesFit", reasons) if reasons else None


def filter_node_status(pod: Mapping | PodInfo, node: NodeInfo | Mapping) -> FilterFailure | None:
    """The first failing filter plugin on ``node`` with all its reasons, or None when the pod fits."""
    return _run_filters(prepare_pod(pod), _as_node_info(node))


def filter_node(pod: Mapping | PodInfo, node: NodeInfo | Mapping) -> str | None:
    """The reason text of the first failing filter (§7.2), or None when the pod fits on ``node``.

    When NodeResourcesFit fails for several resources this is the first of them; the
    FailedScheduling histogram counts each one (see :func:`filter_node_status`).
    """
    failure = filter_node_status(pod, node)
    return failure.reasons[0] if failure else None


# --- scores ----------------------------------------------------------------------------------------------------------


def _least_allocated(pp: PodInfo, ni: NodeInfo) -> int:
    """NodeResourcesFit LeastAllocated over cpu and memory (weight 1 each), with the non-zero requests."""
    total = weights = 0
    alloc = ni.alloc_cpu
    if alloc:
        req = ni.nz_cpu + pp.nz_cpu
        total += (alloc - req) * MAX_NODE_SCORE // alloc if req <= alloc else 0
        weights += 1
    alloc = ni.alloc_mem
    if alloc:
        req = ni.nz_mem + pp.nz_mem
        total += (alloc - req) * MAX_NODE_SCORE // alloc if req <= alloc else 0
        weights += 1
    return total // weights if weights else 0


def _balanced_allocation(pp: PodInfo, ni: NodeInfo) -> int:
    """NodeResourcesBalancedAllocation: 100 × (1 − std of the cpu and memory fractions), actual requests."""
    fractions = []
    if ni.alloc_cpu:
        fractions.append(min((ni.req_cpu + pp.cpu) / ni.alloc_cpu, 1.0))
    if ni.alloc_mem:
        fractions.append(min((ni.req_mem + pp.mem) / ni.alloc_mem, 1.0))
    std = abs((fractions[0] - fractions[1]) / 2) if len(fractions) == 2 else 0.0
    return int((1 - std) * MAX_NODE_SCORE)


def _prefer_no_schedule_count(pp: PodInfo, ni: NodeInfo) -> int:
    count_ = 0
    for key, value, effect in ni.taints:
        if effect == "PreferNoSchedule" and not any(_tolerates(t, key, value, effect) for t in pp.prefer_tolerations):
            count_ += 1
    return count_


def _preferred_affinity(pp: PodInfo, ni: NodeInfo) -> int:
    return sum(weight for weight, term in pp.preferred if term.matches(ni.name, ni.labels))


def _default_normalize(scores: list[int], reverse: bool) -> list[int]:
    """helper.DefaultNormalizeScore."""
    highest = max(scores, default=0)
    if highest == 0:
        return [MAX_NODE_SCORE if reverse else 0 for _ in scores]
    out = [MAX_NODE_SCORE * s // highest for s in scores]
    return [MAX_NODE_SCORE - s for s in out] if reverse else out


def _go_round(x: float) -> int:
    """math.Round for x >= 0: halves away from zero."""
    whole = math.floor(x)
    return whole + 1 if x - whole >= 0.5 else whole


def _spread_scores(pp: PodInfo, feasible: list[NodeInfo], counts: Mapping[str, int],
                   all_nodes: Iterable[NodeInfo]) -> list[int]:
    """PodTopologySpread with the system default constraints (hostname maxSkew 3, zone maxSkew 5,
    ScheduleAnyway), scored and normalised (higher = fewer pods of the same owner)."""
    zone_pairs = {ni.labels.get(ZONE_LABEL, "") for ni in feasible}
    zone_counts = dict.fromkeys(zone_pairs, 0)
    if any(ZONE_LABEL in ni.labels for ni in feasible):
        for ni in all_nodes:  # pods of the owner per zone, over the nodes the pod may run on
            c = counts.get(ni.name, 0)
            zone = ni.labels.get(ZONE_LABEL, "")
            if c and zone in zone_counts and pp.matches_node_affinity(ni.name, ni.labels):
                zone_counts[zone] += c
    host_weight = math.log(len(feasible) + 2)
    zone_weight = math.log(len(zone_pairs) + 2)
    raw = []
    for ni in feasible:
        score = 0.0
        if HOSTNAME_LABEL in ni.labels:
            score += counts.get(ni.name, 0) * host_weight + (_HOSTNAME_MAX_SKEW - 1)
        if ZONE_LABEL in ni.labels:
            score += zone_counts[ni.labels[ZONE_LABEL]] * zone_weight + (_ZONE_MAX_SKEW - 1)
        raw.append(_go_round(score))
    low, high = min(raw), max(raw)
    if high == 0:
        return [MAX_NODE_SCORE] * len(raw)
    return [MAX_NODE_SCORE * (high + low - s) // high for s in raw]


@dataclass(frozen=True, slots=True)
class NodeScore:
    name: str
    total: int
    plugins: dict[str, int]  # plugin -> weighted, normalised score


def score_nodes_detailed(pod: Mapping | PodInfo, feasible: list[NodeInfo],
                         pods_of_owner_per_node: Mapping[str, int] | None = None, *,
                         all_nodes: Iterable[NodeInfo] | None = None) -> list[NodeScore]:
    """Each feasible node's weighted score per plugin and in total, in the order given.

    ``pods_of_owner_per_node``: node name -> pods of the same owner on it (see :func:`spread_owner`);
    None skips PodTopologySpread (a pod no controller selects). ``all_nodes`` (default: ``feasible``)
    are the nodes whose pods count towards zone spreading.
    """
    pp = prepare_pod(pod)
    feasible = [_as_node_info(n) for n in feasible]
    taint = _default_normalize([_prefer_no_schedule_count(pp, ni) for ni in feasible], reverse=True)
    if pp.preferred:
        affinity = _default_normalize([_preferred_affinity(pp, ni) for ni in feasible], reverse=False)
    else:
        affinity = [0] * len(feasible)
    if pods_of_owner_per_node is not None and feasible:
        nodes = feasible if all_nodes is None else [_as_node_info(n) for n in all_nodes]
        spread = _spread_scores(pp, feasible, pods_of_owner_per_node, nodes)
    else:
        spread = [0] * len(feasible)
    out = []
    for i, ni in enumerate(feasible):
        plugins = {
            "TaintToleration": WEIGHT_TAINT * taint[i],
            "NodeAffinity": WEIGHT_AFFINITY * affinity[i],
            "PodTopologySpread": WEIGHT_SPREAD * spread[i],
            "NodeResourcesFit": WEIGHT_FIT * _least_allocated(pp, ni),
            "NodeResourcesBalancedAllocation": WEIGHT_BALANCED * _balanced_allocation(pp, ni),
        }
        out.append(NodeScore(ni.name, sum(plugins.values()), plugins))
    return out


def score_nodes(pod: Mapping | PodInfo, feasible: list[NodeInfo],
                pods_of_owner_per_node: Mapping[str, int] | None = None, *,
                all_nodes: Iterable[NodeInfo] | None = None) -> list[tuple[str, int]]:
    """(node name, total weighted score) for each feasible node, in the order given."""
    return [(s.name, s.total) for s in score_nodes_detailed(pod, feasible, pods_of_owner_per_node,
                                                            all_nodes=all_nodes)]


def select_host(scores: list[tuple[str, int]], rng) -> str:
    """The highest score; ties broken uniformly at random (as selectHost's reservoir sampling), with
    one ``rng.randrange`` call when there is more than one top node and none otherwise."""
    best = max(score for _, score in scores)
    ties = [name for name, score in scores if score == best]
    return ties[0] if len(ties) == 1 else ties[rng.randrange(len(ties))]


# --- the FailedScheduling message ------------------------------------------------------------------------------------


def reason_is_unresolvable(reason: str) -> bool:
    """Whether a node failing with ``reason`` is one preemption cannot help (UnschedulableAndUnresolvable)."""
    return (reason in _UNRESOLVABLE_REASONS or reason.startswith("node(s) had untolerated taint")
            or reason.startswith("node(s) didn't satisfy plugin(s)"))


def _histogram(counts: Mapping[str, int]) -> str:
    return ", ".join(sorted(f"{c} {reason}" for reason, c in counts.items() if c > 0))  # sort.Strings


def failed_scheduling_message(num_nodes: int, reasons: Mapping[str, int], preemption: bool = True, *,
                              pre_filter_msg: str | None = None, preemption_policy_never: bool = False) -> str:
    """FitError.Error() plus DefaultPreemption's message (§7.3).

    ``reasons`` is the histogram reason -> number of nodes. Entries ``"<count> <reason>"`` are sorted
    as strings, so ``10 Insufficient cpu`` comes before ``2 node(s) ...``. Every node failed, and each
    node failing an unresolvable filter contributes exactly one reason, so the preemption histogram
    is exact: those nodes are "not helpful", the rest (ports, resources) have no victims, since the
    simulation's pods all have the same priority.
    """
    if num_nodes <= 0:
        return NO_NODES_AVAILABLE
    message = f"0/{num_nodes} nodes are available:"
    if pre_filter_msg:
        message += f" {pre_filter_msg}."
    else:
        histogram = _histogram(reasons)
        if histogram:
            message += f" {histogram}."
    if preemption:
        if preemption_policy_never:
            post = f"preemption: {PREEMPTION_POLICY_NEVER}"
        else:
            if pre_filter_msg:
                unresolvable = num_nodes
            else:
                unresolvable = min(num_nodes, sum(c for r, c in reasons.items() if c > 0 and reason_is_unresolvable(r)))
            post = "preemption: 0/%d nodes are available: %s." % (num_nodes, _histogram(
                {PREEMPTION_NOT_HELPFUL: unresolvable, PREEMPTION_NO_VICTIMS: num_nodes - unresolvable}))
        message += " " + post
    return message


# --- the node index (the scheduler's cache) --------------------------------------------------------------------------


class _PodRecord:
    __slots__ = ("info", "node", "owner")

    def __init__(self, info: PodInfo, node: str, owner):
        self.info, self.node, self.owner = info, node, owner


class _ShapeCache:
    """Per pod shape (requests + what the node-only filters depend on), per node position: 0 when the
    pod does not fit there, else 256 + LeastAllocated + BalancedAllocation (an unsigned 16-bit lane, so
    that a spreading bonus of at most 200 never lifts an infeasible node above a feasible one).
    ``negs`` is the sorted list of the infeasible positions."""

    __slots__ = ("epoch", "synced", "scores", "negs", "static_ok", "pref", "pref_nodes")

    def __init__(self):
        self.epoch = -1
        self.synced = 0
        self.scores = array("H")
        self.negs: list[int] = []
        self.static_ok: list[bool] = []
        self.pref: list[bool] = []
        self.pref_nodes = 0


_FEASIBLE = 256  # lane offset of a feasible node's score
_MASKED = 255  # an owner count that stands for "infeasible node" in the dense spreading pass


class NodeIndex:
    """Nodes and the requests of the pods bound to them, kept current in O(1) per change.

    ``add_node``/``update_node``/``remove_node`` take Node dicts (or names); ``add_pod`` takes a bound
    pod (``spec.nodeName``, or the node it is being assumed on) and ``remove_pod`` its
    ``namespace/name`` key. Pods may arrive before their node; they count once it is added. A
    terminating pod (``deletionTimestamp``) keeps its resources until it is removed, but no longer
    counts for spreading. :meth:`nodes` is the scheduling order: insertion order, interleaved
    across zones like the real ``nodeTree``.
    """

    MAX_SHAPES = 256

    def __init__(self, nodes: Iterable[Mapping] = (), pods: Iterable[Mapping] = ()):
        self._nodes: dict[str, NodeInfo] = {}
        self._zones: dict[str, list[str]] = {}  # zone key -> node names in insertion order (dict keeps zone order)
        self._order: list[NodeInfo] = []
        self._names: list[str] = []
        self._pos: dict[str, int] = {}
        self._dirty = False
        self.epoch = 0  # bumped whenever positions change
        self._log: list[int] = []  # positions whose usage (>= 0) or Node object (< 0, ~pos) changed
        self._pods: dict[str, _PodRecord] = {}
        self._pods_by_node: dict[str, set[str]] = {}
        self._owners: dict[tuple, dict[str, int]] = {}
        self._shapes: OrderedDict[tuple, _ShapeCache] = OrderedDict()
        self._dense: dict[tuple, bytearray] = {}  # owner -> pods per node position (owners on many nodes)
        self._dense_top: dict[tuple, int] = {}  # owner -> at least the most pods of it on one node
        self._no_hostname = 0
        self._zoned = 0
        self.stats = {"schedule": 0, "fast": 0, "reference": 0, "evaluated_nodes": 0, "shape_rebuilds": 0}
        for node in nodes:
            self.add_node(node)
        for pod in pods:
            self.add_pod(pod)

    # nodes ------------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, name: str) -> bool:
        return name in self._nodes

    def get(self, name: str) -> NodeInfo | None:
        return self._nodes.get(name)

    def nodes(self) -> list[NodeInfo]:
        """All nodes in scheduling order (do not modify the list)."""
        if self._dirty:
            self._rebuild_order()
        return self._order

    def node_names(self) -> list[str]:
        if self._dirty:
            self._rebuild_order()
        return self._names

    def _rebuild_order(self) -> None:
        """nodeTree.list(): round-robin over the zones, each zone's nodes in insertion order."""
        zones = [names for names in self._zones.values() if names]
        names: list[str] = []
        for i in range(max((len(z) for z in zones), default=0)):
            names.extend(z[i] for z in zones if i < len(z))
        self._names = names
        self._order = [self._nodes[name] for name in names]
        self._pos = {name: i for i, name in enumerate(names)}
        self._dirty = False
        self.epoch += 1
        self._log = []
        self._dense = {}
        self._dense_top = {}

    def _count_labels(self, ni: NodeInfo, sign: int) -> None:
        if HOSTNAME_LABEL not in ni.labels:
            self._no_hostname += sign
        if ZONE_LABEL in ni.labels:
            self._zoned += sign

    def add_node(self, node: Mapping) -> NodeInfo:
        name = (node.get("metadata") or {}).get("name") or ""
        if name in self._nodes:
            return self.update_node(node)
        ni = NodeInfo.from_node(node)
        for key in self._pods_by_node.get(name, ()):
            ni.add(self._pods[key].info)
        self._nodes[name] = ni
        self._zones.setdefault(ni.zone, []).append(name)
        self._count_labels(ni, 1)
        self._dirty = True
        return ni

    def update_node(self, node: Mapping) -> NodeInfo:
        name = (node.get("metadata") or {}).get("name") or ""
        ni = self._nodes.get(name)
        if ni is None:
            return self.add_node(node)
        before = (ni.labels, ni.taints, ni.unschedulable, ni.alloc_cpu, ni.alloc_mem, ni.alloc_pods, ni.alloc_other)
        old_zone = ni.zone
        self._count_labels(ni, -1)
        ni.set_node(node)
        self._count_labels(ni, 1)
        if ni.zone != old_zone:  # nodeTree.updateNode: moves to the end of its new zone
            self._zones[old_zone].remove(name)
            if not self._zones[old_zone]:
                del self._zones[old_zone]
            self._zones.setdefault(ni.zone, []).append(name)
            self._dirty = True
        elif before != (ni.labels, ni.taints, ni.unschedulable, ni.alloc_cpu, ni.alloc_mem, ni.alloc_pods,
                        ni.alloc_other):
            self._touch(name, static=True)
        return ni

    def remove_node(self, node: Mapping | str) -> None:
        name = node if isinstance(node, str) else (node.get("metadata") or {}).get("name") or ""
        ni = self._nodes.pop(name, None)
        if ni is None:
            return
        self._count_labels(ni, -1)
        self._zones[ni.zone].remove(name)
        if not self._zones[ni.zone]:
            del self._zones[ni.zone]
        self._dirty = True

    def _touch(self, name: str, static: bool = False) -> None:
        if self._dirty:
            return
        pos = self._pos.get(name)
        if pos is not None:
            self._log.append(~pos if static else pos)
            if len(self._log) > 4 * len(self._names) + 10_000:  # bound the log: shapes rebuild instead
                self._log = []
                self.epoch += 1

    # pods -------------------------------------------------------------------------------------------------------

    def add_pod(self, pod: Mapping | PodInfo, node_name: str | None = None) -> bool:
        """Count a pod bound (or being bound) to a node; replaces an earlier record with the same key.
        Returns False for a pod without a node."""
        info = prepare_pod(pod)
        node = node_name or info.node_name
        if info.key in self._pods:
            self.remove_pod(info.key)
        if not node:
            return False
        owner = info.owner if info.owner is not None and not info.terminating else None
        self._pods[info.key] = _PodRecord(info, node, owner)
        self._pods_by_node.setdefault(node, set()).add(info.key)
        if owner is not None:
            per_node = self._owners.setdefault(owner, {})
            per_node[node] = per_node.get(node, 0) + 1
            dense = self._dense.get(owner)
            if dense is not None and not self._dirty and node in self._pos:
                c = dense[self._pos[node]] + 1
                if c >= _MASKED:
                    del self._dense[owner]  # rebuilt (or refused) on next use
                else:
                    dense[self._pos[node]] = c
                    if c > self._dense_top[owner]:
                        self._dense_top[owner] = c
        ni = self._nodes.get(node)
        if ni is not None:
            ni.add(info)
            self._touch(node)
        return True

    update_pod = add_pod
    assume = add_pod

    def remove_pod(self, pod: str | Mapping | PodInfo) -> bool:
        key = pod if isinstance(pod, str) else pod.key if isinstance(pod, PodInfo) else pod_key(pod)
        record = self._pods.pop(key, None)
        if record is None:
            return False
        keys = self._pods_by_node.get(record.node)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._pods_by_node[record.node]
        if record.owner is not None:
            per_node = self._owners[record.owner]
            left = per_node[record.node] - 1
            if left:
                per_node[record.node] = left
            else:
                del per_node[record.node]
                if not per_node:
                    del self._owners[record.owner]
            dense = self._dense.get(record.owner)
            if dense is not None:
                if record.owner not in self._owners:
                    del self._dense[record.owner], self._dense_top[record.owner]
                elif not self._dirty and record.node in self._pos:
                    dense[self._pos[record.node]] -= 1
        ni = self._nodes.get(record.node)
        if ni is not None:
            ni.remove(record.info)
            self._touch(record.node)
        return True

    def pod_node(self, key: str) -> str | None:
        record = self._pods.get(key)
        return record.node if record else None

    def pods_on(self, node_name: str) -> list[str]:
        return sorted(self._pods_by_node.get(node_name, ()))

    def owner_counts(self, owner: tuple | None) -> dict[str, int]:
        """node name -> non-terminating pods of ``owner`` on it (see :func:`spread_owner`)."""
        return self._owners.get(owner, {}) if owner is not None else {}

    def _dense_counts(self, owner: tuple) -> bytearray | None:
        """Pods of ``owner`` per node position, kept current by add_pod / remove_pod once built; None
        when a node holds more than 254 of them (then the slower mapping pass is used)."""
        dense = self._dense.get(owner)
        if dense is None:
            counts = self._owners.get(owner, {})
            if max(counts.values(), default=0) >= _MASKED:
                return None
            dense = bytearray(len(self._names))
            for name, c in counts.items():
                pos = self._pos.get(name)
                if pos is not None:
                    dense[pos] = c
            self._dense[owner] = dense
            self._dense_top[owner] = max(dense, default=0)
        return dense

    # the fast path's per-shape score lists ----------------------------------------------------------------------

    def _shape(self, pp: PodInfo) -> _ShapeCache:
        key = (pp.cpu, pp.mem, pp.nz_cpu, pp.nz_mem, tuple(pp.other.items()), pp.static_signature)
        cache = self._shapes.get(key)
        if cache is None:
            cache = self._shapes[key] = _ShapeCache()
            if len(self._shapes) > self.MAX_SHAPES:
                self._shapes.popitem(last=False)
        else:
            self._shapes.move_to_end(key)
        order = self.nodes()
        if cache.epoch != self.epoch or len(self._log) - cache.synced > len(order) // 2:
            self._build_shape(cache, pp, order)
        elif cache.synced < len(self._log):
            changed = self._log[cache.synced:]
            statics = {~p for p in changed if p < 0}
            for pos in statics:
                self._static_entry(cache, pp, order[pos], pos)
            scores, static_ok, negs = cache.scores, cache.static_ok, cache.negs
            for pos in set(p for p in changed if p >= 0) | statics:
                value = _fit_score(pp, order[pos]) if static_ok[pos] else 0
                if (value == 0) != (scores[pos] == 0):
                    if value == 0:
                        insort(negs, pos)
                    else:
                        del negs[bisect_left(negs, pos)]
                scores[pos] = value
            cache.synced = len(self._log)
        return cache

    def _build_shape(self, cache: _ShapeCache, pp: PodInfo, order: list[NodeInfo]) -> None:
        self.stats["shape_rebuilds"] += 1
        n = len(order)
        cache.static_ok = [False] * n
        cache.pref = [False] * n
        cache.pref_nodes = 0
        values = [0] * n
        for pos, ni in enumerate(order):
            self._static_entry(cache, pp, ni, pos)
            if cache.static_ok[pos]:
                values[pos] = _fit_score(pp, ni)
        cache.scores = array("H", values)
        cache.negs = [pos for pos, v in enumerate(values) if v == 0]
        cache.epoch = self.epoch
        cache.synced = len(self._log)

    @staticmethod
    def _static_entry(cache: _ShapeCache, pp: PodInfo, ni: NodeInfo, pos: int) -> None:
        ok = _static_failure(pp, ni) is None
        pref = ok and bool(_prefer_no_schedule_count(pp, ni) or (pp.preferred and _preferred_affinity(pp, ni)))
        cache.static_ok[pos] = ok
        cache.pref_nodes += pref - cache.pref[pos]
        cache.pref[pos] = pref


def _fit_score(pp: PodInfo, ni: NodeInfo) -> int:
    """0 if NodeResourcesFit rejects the pod, else 256 + LeastAllocated + BalancedAllocation."""
    if ni.pod_count + 1 > ni.alloc_pods:
        return 0
    cpu, mem = pp.cpu, pp.mem
    if cpu > 0 and cpu > ni.alloc_cpu - ni.req_cpu:
        return 0
    if mem > 0 and mem > ni.alloc_mem - ni.req_mem:
        return 0
    for name, value in pp.other.items():
        if value > 0 and value > ni.alloc_other.get(name, 0) - ni.req_other.get(name, 0):
            return 0
    return _FEASIBLE + _least_allocated(pp, ni) + _balanced_allocation(pp, ni)


# --- one scheduling cycle ---------------------------------------------------------------------------------------------


def num_feasible_nodes_to_find(num_all_nodes: int, percentage_of_nodes_to_score: int | None = None) -> int:
    """Scheduler.numFeasibleNodesToFind: every node below 100 nodes; else the percentage (unset or 0:
    adaptive, 50 − nodes/125, at least 5) of the nodes, but at least 100."""
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND:
        return num_all_nodes
    percentage = percentage_of_nodes_to_score or 0
    if percentage == 0:
        percentage = max(50 - num_all_nodes // 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    if percentage >= 100:
        return num_all_nodes
    return max(num_all_nodes * percentage // 100, MIN_FEASIBLE_NODES_TO_FIND)


@dataclass(slots=True)
class ScheduleResult:
    """``node`` chosen (None: unschedulable, then ``message`` is the FailedScheduling text and
    ``diagnosis`` the reason histogram). ``next_start_index`` is where the next cycle starts;
    ``evaluated_nodes`` how many nodes the filters ran on, ``feasible_nodes`` how many passed."""

    node: str | None
    message: str | None
    diagnosis: dict[str, int]
    next_start_index: int
    evaluated_nodes: int = 0
    feasible_nodes: int = 0
    num_nodes: int = 0
    pre_filter_msg: str | None = None
    pod_info: PodInfo | None = None  # pass to ``index.add_pod(result.pod_info, result.node)`` to assume it


def schedule(pod: Mapping | PodInfo, index: NodeIndex, rng, *, percentage_of_nodes_to_score: int | None = None,
             start_index: int = 0, preemption: bool = True, spread_counts: Mapping[str, int] | None = None,
             fast: bool = True) -> ScheduleResult:
    """One scheduling cycle (schedulePod): pick a node for ``pod`` or explain why none fits.

    Filters run on the nodes from ``start_index`` round-robin until ``numFeasibleNodesToFind`` feasible
    nodes are found (like the real scheduler with parallelism 1, the node that would be one too many
    stops the search and is not counted); a single feasible node is taken without scoring; otherwise
    the best score wins and ties are broken with ``rng``. ``spread_counts`` overrides the index's
    per-owner pod counts for spreading. ``fast=False`` forces the plain algorithm.
    """
    pp = prepare_pod(pod)
    index.stats["schedule"] += 1
    if fast and not (pp.host_ports or pp.node_name or pp.prefilter_names is not None or pp.prefilter_conflict):
        result = _schedule_fast(pp, index, rng, percentage_of_nodes_to_score, start_index, spread_counts)
        if result is not None:
            index.stats["fast"] += 1
            index.stats["evaluated_nodes"] += result.evaluated_nodes
            result.pod_info = pp
            return result
    index.stats["reference"] += 1
    result = _schedule_reference(pp, index, rng, percentage_of_nodes_to_score, start_index, preemption, spread_counts)
    index.stats["evaluated_nodes"] += result.evaluated_nodes
    result.pod_info = pp
    return result


def _counts_for(pp: PodInfo, index: NodeIndex, spread_counts: Mapping[str, int] | None) -> Mapping[str, int] | None:
    if spread_counts is not None:
        return spread_counts
    return index.owner_counts(pp.owner) if pp.owner is not None else None


def _schedule_reference(pp: PodInfo, index: NodeIndex, rng, percentage: int | None, start: int, preemption: bool,
                        spread_counts: Mapping[str, int] | None) -> ScheduleResult:
    order = index.nodes()
    n = len(order)
    if n == 0:
        return ScheduleResult(None, NO_NODES_AVAILABLE, {}, 0)
    if pp.prefilter_conflict:  # PreFilter rejected the pod: every node gets the same status
        message = failed_scheduling_message(n, {}, preemption, pre_filter_msg=REASON_AFFINITY_CONFLICT,
                                            preemption_policy_never=pp.preemption_never)
        return ScheduleResult(None, message, {}, start, 0, 0, n, REASON_AFFINITY_CONFLICT)
    nodes = order if pp.prefilter_names is None else [ni for ni in order if ni.name in pp.prefilter_names]
    m = len(nodes)
    to_find = num_feasible_nodes_to_find(m, percentage)
    feasible: list[NodeInfo] = []
    histogram: dict[str, int] = {}
    failed = 0
    for i in range(m):
        ni = nodes[(start + i) % m]
        failure = _run_filters(pp, ni)
        if failure is None:
            if len(feasible) == to_find:
                break  # one more feasible node than needed: the search is cancelled
            feasible.append(ni)
        else:
            failed += 1
            for reason in failure.reasons:
                histogram[reason] = histogram.get(reason, 0) + 1
    processed = len(feasible) + failed
    next_start = (start + processed) % n
    if not feasible:
        if m < n:
            histogram[REASON_PREFILTER_ABSENT] = histogram.get(REASON_PREFILTER_ABSENT, 0) + n - m
        message = failed_scheduling_message(n, histogram, preemption, preemption_policy_never=pp.preemption_never)
        return ScheduleResult(None, message, histogram, next_start, processed, 0, n)
    if len(feasible) == 1:
        return ScheduleResult(feasible[0].name, None, {}, next_start, processed, 1, n)
    scores = score_nodes(pp, feasible, _counts_for(pp, index, spread_counts), all_nodes=order)
    return ScheduleResult(select_host(scores, rng), None, {}, next_start, processed, len(feasible), n)


def _rotated(values, start: int, a: int, b: int, n: int):
    """values[(start + a) % n ... (start + b - 1) % n] for 0 <= a <= b <= n (list, array or bytearray)."""
    i, j = start + a, start + b
    if j <= n:
        return values[i:j]
    if i >= n:
        return values[i - n:j - n]
    return values[i:] + values[:j - n]


def _negs_in(negs: list[int], start: int, length: int, n: int) -> int:
    """How many infeasible positions lie in the rotated range [start, start + length)."""
    end = start + length
    if end <= n:
        return bisect_left(negs, end) - bisect_left(negs, start)
    return len(negs) - bisect_left(negs, start) + bisect_left(negs, end - n)


def _schedule_fast(pp: PodInfo, index: NodeIndex, rng, percentage: int | None, start: int,
                   spread_counts: Mapping[str, int] | None) -> ScheduleResult | None:
    """The same cycle as :func:`_schedule_reference` on the per-shape score lanes; None when it does
    not apply (preferences on some node, spreading on nodes without hostname or with zone labels)
    or when nothing fits (the reference path then builds the diagnosis)."""
    order = index.nodes()
    n = len(order)
    if n == 0:
        return None
    counts = _counts_for(pp, index, spread_counts)
    if counts is not None and (index._no_hostname or index._zoned):
        return None  # zone labels, or nodes without a hostname label, make spreading uneven even with no pods
    cache = index._shape(pp)
    if cache.pref_nodes:
        return None
    negs = cache.negs
    start %= n
    to_find = num_feasible_nodes_to_find(n, percentage)
    if n - len(negs) <= to_find:  # every node is looked at
        length, found = n, n - len(negs)
        if found == 0:
            return None
    else:  # the shortest range holding to_find + 1 feasible nodes; the last one stops the search
        length = to_find + 1
        while True:
            grown = to_find + 1 + _negs_in(negs, start, length, n)
            if grown == length:
                break
            length = grown
        length -= 1
        found = to_find
    window = _rotated(cache.scores, start, 0, length, n)
    next_start = (start + length) % n
    if found == 1:
        chosen = next(compress(count(), window))
        return ScheduleResult(order[(start + chosen) % n].name, None, {}, next_start, length, 1, n)
    if counts:
        totals = _with_spread(window, counts, index, None if spread_counts is not None else pp.owner,
                              negs, start, length, n, found)
    else:
        totals = window.tolist()
    best = max(totals)
    ties = totals.count(best)
    if ties == 1:
        chosen = totals.index(best)
    else:
        chosen = next(islice(compress(count(), map(best.__eq__, totals)), rng.randrange(ties), None))
    return ScheduleResult(order[(start + chosen) % n].name, None, {}, next_start, length, found, n)


def _with_spread(window: array, counts: Mapping[str, int], index: NodeIndex, owner: tuple | None, negs: list[int],
                 start: int, length: int, n: int, feasible: int) -> list[int]:
    """The window's lanes + 2 × normalised hostname spreading score (every node has a hostname label,
    none a zone label), as a list."""
    weight = math.log(feasible + 2)
    if len(counts) * 8 < length:  # few nodes hold pods of this owner: adjust just those
        hits = []
        for name, c in counts.items():
            r = (index._pos[name] - start) % n if name in index._pos else n
            if r < length and window[r]:
                hits.append((r, c))
        totals = window.tolist()
        if not hits:
            return totals
        present = [c for _, c in hits]
        if len(hits) < feasible:
            present.append(0)
        low, high = min(present), max(present)
        if low != high:
            bonus = _spread_bonus(low, high, max(present), weight)
            for r, c in hits:  # the feasible nodes without a pod of the owner all get bonus[0]: shift the hits
                totals[r] += bonus[c] - bonus[0]
        return totals
    dense = index._dense_counts(owner) if owner is not None else None
    if dense is None:  # counts given by the caller, or more than 254 pods of the owner on a node
        node_counts = list(map(counts.get, _rotated(index._names, start, 0, length, n), repeat(0)))
        present = list(compress(node_counts, window))
        low, high = min(present), max(present)
        if low == high:
            return window.tolist()
        bonus = _spread_bonus(low, high, max(node_counts), weight)
        return list(map(add, window, map(bonus.__getitem__, node_counts)))
    node_counts = _rotated(dense, start, 0, length, n)
    if feasible < length:  # hide the infeasible nodes' counts
        node_counts = bytearray(node_counts)
        lo = bisect_left(negs, start)
        for pos in chain(islice(negs, lo, None), negs[:lo]):
            r = (pos - start) % n
            if r < length:
                node_counts[r] = _MASKED
    low = 0
    while low not in node_counts:
        low += 1
    high = index._dense_top[owner]
    while high not in node_counts:
        high -= 1
    if low == high:
        return window.tolist()
    table = bytearray(256)
    table[:high + 1] = _spread_bonus(low, high, high, weight)
    lanes = bytearray(2 * length)
    lanes[_LOW_BYTE::2] = node_counts.translate(table)
    total = int.from_bytes(window.tobytes(), sys.byteorder) + int.from_bytes(lanes, sys.byteorder)
    return memoryview(total.to_bytes(2 * length, sys.byteorder)).cast("H").tolist()


_LOW_BYTE = 0 if sys.byteorder == "little" else 1


def _spread_bonus(low: int, high: int, top: int, weight: float) -> list[int]:
    """Weighted, normalised PodTopologySpread score (0..200) for 0..top pods of the owner on a node,
    given the window's fewest (``low``) and most (``high``) on a feasible node."""
    raw = [_go_round(c * weight + (_HOSTNAME_MAX_SKEW - 1)) for c in range(top + 1)]
    s_high, s_low = raw[high], raw[low]
    return [max(0, min(2 * MAX_NODE_SCORE, WEIGHT_SPREAD * (MAX_NODE_SCORE * (s_high + s_low - r) // s_high)))
            for r in raw]
