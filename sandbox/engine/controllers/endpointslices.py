"""Pure builders for EndpointSlices (§9.2): what a slice holds and how endpoints are spread over slices.

Used by the EndpointSlice controller (slices for Services with a selector, from pods) and by the
EndpointSlice mirroring controller (slices for selector-less Services, from user-written Endpoints).
Both place endpoints the way ``pkg/controller/endpointslice/reconciler.go`` does, simplified:
endpoints stay in the slice that already holds them, new ones fill slices with room, then new
slices are created (at most MAX_ENDPOINTS each); slices that would be deleted while others are
created are recycled (updated under their old name), and a Service without endpoints keeps one
empty placeholder slice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

MAX_ENDPOINTS = 100  # --max-endpoints-per-slice
SERVICE_NAME = "kubernetes.io/service-name"
MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER = "endpointslice-controller.k8s.io"
MIRRORING_CONTROLLER = "endpointslicemirroring-controller.k8s.io"
HEADLESS = "service.kubernetes.io/headless"
TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"


class Plan(NamedTuple):
    """Writes that converge a Service's slices: (ports, endpoints) to create, (slice, ports, endpoints)
    to update, and slices to delete."""

    creates: list[tuple[list | None, list[dict]]]
    updates: list[tuple[dict, list | None, list[dict]]]
    deletes: list[dict]


def ports_key(ports: list | None) -> tuple:
    return tuple((p.get("name"), p.get("port"), p.get("protocol"), p.get("appProtocol")) for p in ports or ())


def endpoint_key(ep: dict) -> tuple:
    ref = ep.get("targetRef") or {}
    return (tuple(ep.get("addresses") or ()), ref.get("uid") or ref.get("name") or "")


def plan_slices(existing: list[dict], desired: dict[tuple, tuple[list | None, list[dict]]], *,
                placeholder: bool = True, max_endpoints: int = MAX_ENDPOINTS,
                existing_keys: list[list[tuple] | None] | None = None,
                key_of: Callable[[dict], tuple] = endpoint_key) -> Plan:
    """Place ``desired`` endpoints (grouped by port set: key -> (ports, endpoints)) into slices.

    ``existing`` are the slices this controller manages for the Service, in name order. Only the
    endpoint lists and ports are planned; the caller builds metadata and compares the rest.
    ``existing_keys`` may give the endpoint keys of each existing slice (None: compute them) and
    ``key_of`` those of desired endpoints: a caller that knows them skips the per-endpoint work.
    """
    by_ports: dict[tuple, list[tuple[dict, list[tuple]]]] = {}
    for index, sl in enumerate(existing):
        keys = existing_keys[index] if existing_keys is not None else None
        if keys is None:
            keys = [endpoint_key(ep) for ep in sl.get("endpoints") or ()]
        by_ports.setdefault(ports_key(sl.get("ports")), []).append((sl, keys))
    creates: list[tuple[list | None, list[dict]]] = []
    updates: list[tuple[dict, list | None, list[dict]]] = []
    deletes: list[dict] = []
    for key, (ports, endpoints) in desired.items():
        idents = [key_of(ep) for ep in endpoints]
        wanted = dict(zip(idents, endpoints))
        placed: set[tuple] = set()
        contents: list[tuple[dict, list[dict]]] = []
        for sl, keys in by_ports.pop(key, []):
            kept = []
            for ident in keys:
                if ident in wanted and ident not in placed:
                    kept.append(wanted[ident])
                    placed.add(ident)
            contents.append((sl, kept))
        rest = [ep for ep, ident in zip(endpoints, idents) if ident not in placed] if placed else list(endpoints)
        for sl, kept in contents:
            room = max_endpoints - len(kept)
            if room > 0 and rest:
                kept.extend(rest[:room])
                rest = rest[room:]
            if kept:
                updates.append((sl, ports, kept))
            else:
                deletes.append(sl)
        for start in range(0, len(rest), max_endpoints):
            creates.append((ports, rest[start:start + max_endpoints]))
    for stale in by_ports.values():
        deletes.extend(sl for sl, _ in stale)
    if placeholder and not desired:
        keep = next((sl for sl in deletes if not sl.get("endpoints") and not sl.get("ports")), None)
        if keep is not None:
            deletes.remove(keep)
            updates.append((keep, None, []))
        else:
            creates.append((None, []))
    # A slice about to be deleted while another is created is updated instead (fewer writes, stable names).
    while creates and deletes:
        ports, endpoints = creates.pop(0)
        updates.append((deletes.pop(0), ports, endpoints))
    return Plan(creates, updates, deletes)


def slice_body(namespace: str, service: dict, labels: dict, ports: list | None, endpoints: list[dict],
               annotations: dict | None = None) -> dict:
    """A new EndpointSlice for ``service`` (generateName ``<service>-``, owned by the Service)."""
    meta = service["metadata"]
    body: dict = {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "generateName": f"{meta['name']}-",
            "namespace": namespace,
            "labels": labels,
            "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": meta["name"], "uid": meta["uid"],
                                 "controller": True, "blockOwnerDeletion": True}],
        },
        "addressType": "IPv4",
        "endpoints": endpoints or None,  # stored empty lists come back as null from the real API server
        "ports": ports or None,
    }
    if annotations:
        body["metadata"]["annotations"] = annotations
    return body


def slice_labels(service: dict, managed_by: str, base: dict | None = None) -> dict:
    """Labels of a managed slice: the Service's (or the mirrored Endpoints') own, plus the two the
    controllers own, plus ``service.kubernetes.io/headless`` for a headless Service."""
    labels = {k: v for k, v in (base if base is not None else (service["metadata"].get("labels") or {})).items()
              if k not in (SERVICE_NAME, MANAGED_BY, HEADLESS)}
    spec = service.get("spec") or {}
    if spec.get("clusterIP") == "None":
        labels[HEADLESS] = ""
    labels[SERVICE_NAME] = service["metadata"]["name"]
    labels[MANAGED_BY] = managed_by
    return labels


def slice_differs(sl: dict, labels: dict, ports: list | None, endpoints: list[dict], owner_uid: str) -> bool:
    refs = sl["metadata"].get("ownerReferences") or []
    return ((sl.get("endpoints") or []) != endpoints or (sl.get("ports") or []) != (ports or [])
            or (sl["metadata"].get("labels") or {}) != labels or not any(r.get("uid") == owner_uid for r in refs))


def mirrored_groups(endpoints_obj: dict) -> dict[tuple, tuple[list | None, list[dict]]]:
    """The EndpointSlice endpoints mirrored from a user-written Endpoints object, by port set."""
    groups: dict[tuple, tuple[list | None, list[dict]]] = {}
    total = 0
    for subset in endpoints_obj.get("subsets") or ():
        ports = [{"name": p.get("name") or "", "port": p.get("port"), "protocol": p.get("protocol") or "TCP",
                  **({"appProtocol": p["appProtocol"]} if p.get("appProtocol") else {})}
                 for p in subset.get("ports") or ()]
        key = ports_key(ports)
        bucket = groups.setdefault(key, (ports or None, []))[1]
        for ready, addresses in ((True, subset.get("addresses")), (False, subset.get("notReadyAddresses"))):
            for address in addresses or ():
                if total >= 1000:  # the mirroring controller's maxEndpointsPerSubset
                    break
                ep: dict = {"addresses": [address.get("ip")], "conditions": {"ready": ready}}
                for field in ("hostname", "nodeName", "targetRef"):
                    if address.get(field):
                        ep[field] = address[field]
                bucket.append(ep)
                total += 1
    return {k: v for k, v in groups.items() if v[1]}
