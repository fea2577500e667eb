"""The Endpoints, EndpointSlice and EndpointSlice-mirroring controllers (§9.2), as one component.

For every Service with a selector it writes the ``Endpoints`` object named like the Service (ready
pods in ``subsets[].addresses``, not-ready ones in ``notReadyAddresses``, terminating pods left out
unless ``publishNotReadyAddresses``) and the Service's ``EndpointSlices`` (terminating pods kept with
``terminating: true``). Ports come from each port's ``targetPort``, resolved per pod, so pods whose
named ports differ land in different subsets and slices. A Service without a selector is left alone,
except that user-written Endpoints are mirrored into slices, as the mirroring controller does.

The component is its own informer: small facts per pod, an index of pods by label and of Services by
one term of their selector. A pod change only enqueues the Services whose selectors match the pod
before or after the change, and a sync reads facts, not pods, so big clusters stay cheap.
"""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from ..apierrors import APIError
from ..labels import selector_from_map
from . import endpointslices as slices
from .base import Component

MAX_ENDPOINTS_PER_OBJECT = 1000  # the Endpoints API's cap; beyond it the object is truncated
OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity"
ENDPOINTS_CALLER = "endpoint-controller"
SLICES_CALLER = "endpointslice-controller"
MIRRORING_CALLER = "endpointslicemirroring-controller"


class PodFacts(NamedTuple):
    """What endpoints are made of (equal facts: nothing to do for this pod)."""

    name: str
    uid: str
    labels: tuple  # sorted (key, value) pairs
    ip: str
    ready: bool  # the Ready condition is True
    terminating: bool  # deletionTimestamp set
    terminal: bool  # Succeeded or Failed
    node: str
    hostname: str
    subdomain: str
    ports: tuple  # (name, protocol, containerPort) of every container port


def pod_facts(pod: dict) -> PodFacts:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    ip = status.get("podIP") or next((i.get("ip") for i in status.get("podIPs") or () if i.get("ip")), "")
    ports = []
    for container in (spec.get("containers") or []) + [c for c in spec.get("initContainers") or []
                                                      if c.get("restartPolicy") == "Always"]:
        for port in container.get("ports") or ():
            if port.get("name"):
                ports.append((port["name"], port.get("protocol") or "TCP", port.get("containerPort")))
    return PodFacts(
        name=meta["name"], uid=meta.get("uid") or "", labels=tuple(sorted((meta.get("labels") or {}).items())),
        ip=ip or "", ready=any(c.get("type") == "Ready" and c.get("status") == "True"
                               for c in status.get("conditions") or ()),
        terminating=bool(meta.get("deletionTimestamp")), terminal=status.get("phase") in ("Succeeded", "Failed"),
        node=spec.get("nodeName") or "", hostname=spec.get("hostname") or "", subdomain=spec.get("subdomain") or "",
        ports=tuple(ports),
    )


def resolve_port(pod: PodFacts, service_port: dict) -> int | None:
    """podutil.FindPort: a number as it is, a name looked up in the pod's container ports (same protocol)."""
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    protocol = service_port.get("protocol") or "TCP"
    for name, proto, number in pod.ports:
        if name == target and proto == protocol:
            return number
    return None


def pod_ports(pod: PodFacts, service: dict) -> tuple[dict, ...]:
    """The endpoint ports of one pod for ``service``; ports whose target the pod lacks are left out."""
    out = []
    for sp in (service.get("spec") or {}).get("ports") or ():
        number = resolve_port(pod, sp)
        if number is None:
            continue
        port = {"name": sp.get("name") or "", "port": number, "protocol": sp.get("protocol") or "TCP"}
        if sp.get("appProtocol"):
            port["appProtocol"] = sp["appProtocol"]
        out.append(port)
    return tuple(out)


def _target_ref(namespace: str, pod: PodFacts) -> dict:
    return {"kind": "Pod", "name": pod.name, "namespace": namespace, "uid": pod.uid}


def _sets_hostname(pod: PodFacts, service_name: str) -> bool:
    return bool(pod.hostname) and pod.subdomain == service_name


class PodEntry(NamedTuple):
    """What one pod contributes to its Service's Endpoints and slices (built once per pod facts and
    Service spec, then reused by every sync until one of them changes)."""

    facts: PodFacts
    subset_key: tuple | None  # port set of its Endpoints subset; None: not in the Endpoints object
    address: dict | None
    ready: bool  # in ``addresses`` (else ``notReadyAddresses``)
    order: tuple  # RepackSubsets' address order
    slice_key: tuple | None  # port set of its slice; None: in no slice
    slice_ports: list | None
    endpoint: dict | None
    ident: tuple  # endpointslices.endpoint_key(endpoint)


def pod_entry(namespace: str, service: dict, pod: PodFacts) -> PodEntry:
    """``pod``'s address in the Endpoints object and its endpoint in the slices of ``service``."""
    spec = service.get("spec") or {}
    publish = bool(spec.get("publishNotReadyAddresses"))
    headless_without_ports = spec.get("clusterIP") == "None" and not spec.get("ports")
    name = service["metadata"]["name"]
    ident = ((pod.ip,), pod.uid or pod.name)
    if pod.terminal or not pod.ip:
        return PodEntry(pod, None, None, False, (), None, None, None, ident)
    ports = () if headless_without_ports else pod_ports(pod, service)
    key = slices.ports_key(list(ports))
    address = None
    if not (pod.terminating and not publish) and (ports or headless_without_ports):
        address = {"ip": pod.ip}
        if _sets_hostname(pod, name):
            address["hostname"] = pod.hostname
        if pod.node:
            address["nodeName"] = pod.node
        address["targetRef"] = _target_ref(namespace, pod)
    serving = pod.ready
    ep: dict = {"addresses": [pod.ip],
                "conditions": {"ready": publish or (serving and not pod.terminating), "serving": serving,
                               "terminating": pod.terminating}}
    if _sets_hostname(pod, name):
        ep["hostname"] = pod.hostname
    if pod.node:
        ep["nodeName"] = pod.node
    ep["targetRef"] = _target_ref(namespace, pod)
    return PodEntry(pod, key if address is not None else None, address, publish or pod.ready,
                    (pod.ip.encode(), pod.uid), key, list(ports) or None, ep, ident)


def group_subsets(entries: list[PodEntry]) -> tuple[list[dict], bool]:
    """``subsets`` of the Endpoints object (RepackSubsets: addresses grouped by identical port sets,
    sorted by IP) and whether it had to be truncated at MAX_ENDPOINTS_PER_OBJECT. ``entries`` in
    pod name order."""
    groups: dict[tuple, tuple[list, list]] = {}  # port set -> (ready, not ready) entries
    for entry in entries:
        if entry.subset_key is not None:
            group = groups.get(entry.subset_key)
            if group is None:
                group = groups[entry.subset_key] = ([], [])
            (group[0] if entry.ready else group[1]).append(entry)
    subsets = []
    total = 0
    truncated = False
    for key in sorted(groups, key=repr):
        ready_entries, not_ready_entries = groups[key]
        ready_entries.sort(key=_ORDER)
        not_ready_entries.sort(key=_ORDER)
        ready = [e.address for e in ready_entries]
        not_ready = [e.address for e in not_ready_entries]
        room = MAX_ENDPOINTS_PER_OBJECT - total
        if len(ready) + len(not_ready) > room:
            truncated = True
            ready = ready[:room]
            not_ready = not_ready[:max(0, room - len(ready))]
        total += len(ready) + len(not_ready)
        subset: dict = {}
        if ready:
            subset["addresses"] = ready
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        ports = _subset_ports(key)
        if ports:
            subset["ports"] = ports
        if ready or not_ready:
            subsets.append(subset)
    return subsets, truncated


def _subset_ports(key: tuple) -> list[dict]:
    """An Endpoints subset's ports from their port set (``slices.ports_key``); unnamed ports have no name."""
    out = []
    for name, number, protocol, app_protocol in key:
        port: dict = {"name": name} if name else {}
        port["port"] = number
        port["protocol"] = protocol
        if app_protocol:
            port["appProtocol"] = app_protocol
        out.append(port)
    return out


def group_slice_endpoints(entries: list[PodEntry]) -> dict[tuple, tuple[list | None, list]]:
    """Slice endpoints by port set (podToEndpoint): terminating pods stay, with their conditions.
    ``entries`` in pod name order."""
    groups: dict[tuple, tuple[list | None, list]] = {}
    for entry in entries:
        if entry.slice_key is not None:
            group = groups.get(entry.slice_key)
            if group is None:
                group = groups[entry.slice_key] = (entry.slice_ports, [])
            group[1].append(entry.endpoint)
    return groups


_ORDER = attrgetter("order")


def build_subsets(namespace: str, service: dict, pods: list[PodFacts]) -> tuple[list[dict], bool]:
    """``group_subsets`` of ``pods`` (sorted by name) for ``service``."""
    return group_subsets([pod_entry(namespace, service, pod) for pod in pods])


def build_slice_endpoints(namespace: str, service: dict, pods: list[PodFacts]) -> dict[tuple, tuple[list | None, list]]:
    """``group_slice_endpoints`` of ``pods`` (sorted by name) for ``service``."""
    return group_slice_endpoints([pod_entry(namespace, service, pod) for pod in pods])


# --- the component ---------------------------------------------------------------------------------


class EndpointsController(Component):
    caller = ENDPOINTS_CALLER
    name = "endpoints"
    watches = ("Service", "Pod", "Endpoints", "EndpointSlice")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self._reset()

    def _reset(self) -> None:
        # Pods are followed only in namespaces that have a Service with a selector (the others' pods
        # cannot be anyone's endpoints): a namespace's pods are read when its first such Service comes.
        self.tracked: set[str] = set()
        self.pods: dict[str, dict[str, PodFacts]] = {}  # namespace -> pod name -> facts
        self.pod_index: dict[tuple[str, str, str], dict[str, None]] = {}  # (ns, key, value) -> pod names
        self.selectors: dict[tuple[str, str], dict] = {}  # (ns, service) -> selector
        self.service_index: dict[tuple[str, str, str], dict[str, None]] = {}  # (ns, first term) -> services
        # Kept current by on_change, so a sync touches only what changed since the last one:
        self.members: dict[tuple[str, str], dict[str, PodFacts]] = {}  # (ns, service) -> selected pods
        self.built: dict[tuple[str, str], tuple[tuple, dict[str, PodEntry]]] = {}  # -> (spec key, entries)
        self.matches: dict[tuple[str, tuple], list[str]] = {}  # (ns, pod labels) -> services_for
        self.slice_idents: dict[tuple[str, str], tuple[str, list]] = {}  # (ns, slice) -> (rv, endpoint keys)

    # --- the informer ------------------------------------------------------------------------

    def rebuild(self) -> None:
        self._reset()
        for svc in self.store.list("Service"):
            self._put_service(svc)  # and the pods of its namespace
        for namespace, name in self.selectors:
            self._select_members(namespace, name)

    def start(self) -> None:
        for svc in self.store.list("Service"):
            self.enqueue(svc["metadata"]["namespace"], svc["metadata"]["name"])

    def _put_service(self, svc: dict) -> None:
        meta = svc["metadata"]
        selector = (svc.get("spec") or {}).get("selector") or {}
        if selector:
            term = min(selector.items())
            self.selectors[(meta["namespace"], meta["name"])] = dict(selector)
            self.service_index.setdefault((meta["namespace"], *term), {})[meta["name"]] = None
            self._track(meta["namespace"])

    def _track(self, namespace: str) -> None:
        if namespace in self.tracked:
            return
        self.tracked.add(namespace)
        for pod in self.store.iter("Pod", namespace):
            self._put_pod(namespace, pod_facts(pod))

    def _select_members(self, namespace: str, name: str) -> None:
        selector = self.selectors.get((namespace, name))
        if selector:
            self.members[(namespace, name)] = {p.name: p for p in self.selected_pods(namespace, selector)}

    def _drop_service(self, namespace: str, name: str) -> None:
        self.members.pop((namespace, name), None)
        self.built.pop((namespace, name), None)
        self.matches.clear()
        selector = self.selectors.pop((namespace, name), None)
        if selector:
            bucket = (namespace, *min(selector.items()))
            members = self.service_index.get(bucket)
            if members is not None:
                members.pop(name, None)
                if not members:
                    del self.service_index[bucket]

    def _put_pod(self, namespace: str, facts: PodFacts) -> None:
        self.pods.setdefault(namespace, {})[facts.name] = facts
        for key, value in facts.labels:
            self.pod_index.setdefault((namespace, key, value), {})[facts.name] = None

    def _drop_pod(self, namespace: str, facts: PodFacts) -> None:
        del self.pods[namespace][facts.name]
        for key, value in facts.labels:
            members = self.pod_index.get((namespace, key, value))
            if members is not None:
                members.pop(facts.name, None)
                if not members:
                    del self.pod_index[(namespace, key, value)]

    def services_for(self, namespace: str, labels: tuple) -> list[str]:
        """Services in ``namespace`` whose selector matches ``labels`` (sorted pairs)."""
        found = self.matches.get((namespace, labels))
        if found is not None:
            return found
        if len(self.matches) >= 4096:  # pods share few label sets; a bound keeps odd clusters in check
            self.matches.clear()
        found = self.matches[(namespace, labels)] = []
        have = dict(labels)
        for key, value in labels:
            for service in self.service_index.get((namespace, key, value), ()):
                selector = self.selectors[(namespace, service)]
                if all(have.get(k) == v for k, v in selector.items()):
                    found.append(service)
        return found

    def selected_pods(self, namespace: str, selector: dict) -> list[PodFacts]:
        """Facts of the pods matching ``selector``, by name (through the smallest label bucket)."""
        buckets = [self.pod_index.get((namespace, k, v), {}) for k, v in selector.items()]
        smallest = min(buckets, key=len) if buckets else {}
        pods = self.pods.get(namespace, {})
        chosen = [pods[name] for name in smallest]
        out = [p for p in chosen if all(dict(p.labels).get(k) == v for k, v in selector.items())]
        out.sort(key=lambda p: p.name)
        return out

    def on_change(self, op: str, obj: dict) -> None:
        kind, meta = obj["kind"], obj["metadata"]
        namespace = meta.get("namespace") or ""
        if kind == "Pod":
            if namespace not in self.tracked:
                return
            old = self.pods.get(namespace, {}).get(meta["name"])
            new = None if op == "DELETED" else pod_facts(obj)
            if old == new:
                return
            if old is not None:
                self._drop_pod(namespace, old)
            if new is not None:
                self._put_pod(namespace, new)
            services = dict.fromkeys(self.services_for(namespace, old.labels) if old else ())
            for service in services:
                self.members[(namespace, service)].pop(meta["name"], None)
            if new is not None:
                for service in self.services_for(namespace, new.labels):
                    self.members[(namespace, service)][new.name] = new
                    services[service] = None
            for service in services:
                self.enqueue(namespace, service)
        elif kind == "Service":
            self._drop_service(namespace, meta["name"])
            if op != "DELETED":
                self._put_service(obj)
                self._select_members(namespace, meta["name"])
            self.enqueue(namespace, meta["name"])
        elif kind == "EndpointSlice" and op == "DELETED":
            self.slice_idents.pop((namespace, meta["name"]), None)
        elif self.api.caller not in (ENDPOINTS_CALLER, SLICES_CALLER, MIRRORING_CALLER):
            # Someone else changed what we manage (or wrote Endpoints to be mirrored): look again.
            if kind == "Endpoints":
                self.enqueue(namespace, meta["name"])
            else:
                service = (meta.get("labels") or {}).get(slices.SERVICE_NAME)
                if service:
                    self.enqueue(namespace, service)

    # --- sync ------------------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        svc = self.store.get("Service", namespace, name)
        try:
            if svc is None:
                with self.api.acting_as(ENDPOINTS_CALLER):
                    if self.store.exists("Endpoints", namespace, name):
                        self.api.delete("Endpoints", namespace, name)
                return  # the slices go with the Service (ownerReferences, garbage collector)
            spec = svc.get("spec") or {}
            if spec.get("type") == "ExternalName":
                return
            if not spec.get("selector"):
                self._mirror(namespace, svc)
                return
            entries = self._entries(namespace, svc)
            self._sync_endpoints(namespace, svc, entries)
            self._sync_slices(namespace, svc, slices.CONTROLLER, SLICES_CALLER, group_slice_endpoints(entries),
                              placeholder=True, idents={id(e.endpoint): e.ident for e in entries if e.endpoint})
        except APIError:
            # The namespace is terminating or the object changed meanwhile: try again shortly,
            # as the real controllers requeue with back-off.
            if self.store.exists("Service", namespace, name) or self.store.exists("Endpoints", namespace, name):
                self.enqueue(namespace, name, delay=1.0)

    def _entries(self, namespace: str, svc: dict) -> list[PodEntry]:
        """The entries of the Service's pods, in pod name order: cached ones for pods whose facts
        are unchanged since the last sync (so a sync builds only what changed)."""
        name, spec = svc["metadata"]["name"], svc.get("spec") or {}
        members = self.members.get((namespace, name), {})
        spec_key = (spec.get("ports"), spec.get("publishNotReadyAddresses"), spec.get("clusterIP"))
        cached = self.built.get((namespace, name))
        if cached is None or cached[0] != spec_key:
            cached = self.built[(namespace, name)] = (spec_key, {})
        built = cached[1]
        entries = []
        for pod_name in sorted(members):
            pod = members[pod_name]
            entry = built.get(pod_name)
            if entry is None or entry.facts is not pod:
                entry = built[pod_name] = pod_entry(namespace, svc, pod)
            entries.append(entry)
        if len(built) > len(entries):
            for gone in [n for n in built if n not in members]:
                del built[gone]
        return entries

    def _sync_endpoints(self, namespace: str, svc: dict, entries: list[PodEntry]) -> None:
        subsets, truncated = group_subsets(entries)
        name = svc["metadata"]["name"]
        labels = {k: v for k, v in (svc["metadata"].get("labels") or {}).items() if k != slices.HEADLESS}
        if (svc.get("spec") or {}).get("clusterIP") == "None":
            labels[slices.HEADLESS] = ""
        current = self.store.get("Endpoints", namespace, name)
        if current is not None:
            annotations = current["metadata"].get("annotations") or {}
            if ((current.get("subsets") or []) == subsets and (current["metadata"].get("labels") or {}) == labels
                    and (OVER_CAPACITY in annotations) == truncated):
                return
        annotations = {slices.TRIGGER_TIME: self.clock.timestamp()}
        if truncated:
            annotations[OVER_CAPACITY] = "truncated"
        with self.api.acting_as(ENDPOINTS_CALLER):
            if current is None:
                body: dict = {"apiVersion": "v1", "kind": "Endpoints",
                              "metadata": {"name": name, "namespace": namespace, "annotations": annotations}}
                if labels:
                    body["metadata"]["labels"] = labels
                if subsets:
                    body["subsets"] = subsets
                self.api.create(body, validate=False)
                return
            meta = current["metadata"]
            kept = {k: v for k, v in (meta.get("annotations") or {}).items() if k != OVER_CAPACITY}
            meta["annotations"] = {**kept, **annotations}
            if labels:
                meta["labels"] = labels
            else:
                meta.pop("labels", None)
            if subsets:
                current["subsets"] = subsets
            else:
                current.pop("subsets", None)
            self.api.update(current, validate=False)

    def _mirror(self, namespace: str, svc: dict) -> None:
        """Selector-less Service: mirror user-written Endpoints into slices (unless they opt out)."""
        endpoints = self.store.get("Endpoints", namespace, svc["metadata"]["name"])
        groups: dict = {}
        base: dict | None = None
        if endpoints is not None and (endpoints["metadata"].get("labels") or {}).get(
                "endpointslice.kubernetes.io/skip-mirror") != "true":
            groups = slices.mirrored_groups(endpoints)
            base = endpoints["metadata"].get("labels") or {}
        self._sync_slices(namespace, svc, slices.MIRRORING_CONTROLLER, MIRRORING_CALLER, groups,
                          placeholder=False, base_labels=base)

    def _sync_slices(self, namespace: str, svc: dict, managed_by: str, caller: str, groups: dict, *,
                     placeholder: bool, base_labels: dict | None = None, idents: dict | None = None) -> None:
        """Converge the Service's slices on ``groups``; ``idents`` (id of an endpoint -> its key) spares
        recomputing the keys of built endpoints, and the keys of slices written here are remembered."""
        name = svc["metadata"]["name"]
        existing = [s for s in self.store.select("EndpointSlice", namespace,
                                                 selector_from_map({slices.SERVICE_NAME: name}))
                    if (s["metadata"].get("labels") or {}).get(slices.MANAGED_BY) == managed_by]
        if not existing and not groups and not placeholder:
            return
        known = []
        for sl in existing:
            cached = self.slice_idents.get((namespace, sl["metadata"]["name"]))
            known.append(cached[1] if cached is not None and cached[0] == sl["metadata"]["resourceVersion"]
                         else None)
        key_of = slices.endpoint_key if idents is None else (
            lambda ep: idents.get(id(ep)) or slices.endpoint_key(ep))
        plan = slices.plan_slices(existing, groups, placeholder=placeholder, existing_keys=known, key_of=key_of)
        labels = slices.slice_labels(svc, managed_by, base_labels)
        uid = svc["metadata"]["uid"]
        trigger = {slices.TRIGGER_TIME: self.clock.timestamp()}
        with self.api.acting_as(caller):
            for sl, ports, endpoints in plan.updates:
                if not slices.slice_differs(sl, labels, ports, endpoints, uid):
                    continue
                fresh = slices.slice_body(namespace, svc, labels, ports, endpoints)
                sl["metadata"]["labels"] = labels
                sl["metadata"]["ownerReferences"] = fresh["metadata"]["ownerReferences"]
                sl["metadata"]["annotations"] = {**(sl["metadata"].get("annotations") or {}), **trigger}
                sl["endpoints"], sl["ports"] = fresh["endpoints"], fresh["ports"]
                self._remember(namespace, self.api.update(sl, validate=False), endpoints, key_of)
            for ports, endpoints in plan.creates:
                self._remember(namespace, self.api.create(slices.slice_body(namespace, svc, labels, ports, endpoints,
                                                                            dict(trigger)), validate=False),
                               endpoints, key_of)
            for sl in plan.deletes:
                self.api.delete("EndpointSlice", namespace, sl["metadata"]["name"])

    def _remember(self, namespace: str, stored: dict, endpoints: list[dict], key_of) -> None:
        meta = stored["metadata"]
        self.slice_idents[(namespace, meta["name"])] = (meta["resourceVersion"], [key_of(ep) for ep in endpoints])
