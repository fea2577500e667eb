"""The sandbox's simulated ingress-nginx controller, and Ingress rule matching (§10).

A real kubeadm cluster has no ingress controller until one is installed; the sandbox comes with
one, as if ingress-nginx had been installed on bare metal: the IngressClass ``nginx`` (controller
``k8s.io/ingress-nginx``, marked as the default class) exists from boot, the controller serves the
Ingresses of that class and reports the address of the node it runs on (the first worker, or the
control plane on a one-node cluster) in ``status.loadBalancer.ingress[0].ip`` a few seconds after
it has seen them, as ingress-nginx does with ``--report-node-internal-ip-address``.

Matching follows the Ingress specification (the docs' table, §10): a request's host picks the rules
with that exact host, else the rules with a matching single-label wildcard, else the rules without
a host; among their paths the longest match wins and ``Exact`` beats ``Prefix`` on a tie; nothing
matching goes to that Ingress's ``defaultBackend``, else to the controller's own 404. ``Prefix``
compares whole ``/``-separated elements (``/aaa/bbb`` matches ``/aaa/bbb/ccc`` but not
``/aaa/bbbxyz``), and the simulation treats ``ImplementationSpecific`` as ``Prefix``.
Like ingress-nginx, traffic goes straight to the backend Service's ready endpoints, round robin.
"""

from __future__ import annotations

from typing import NamedTuple

from .base import Component

CLASS_NAME = "nginx"
CONTROLLER_NAME = "k8s.io/ingress-nginx"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
STATUS_DELAY = 10.0  # seconds until the controller reports the address of an Ingress it serves
SYNC_DELAY = 0.1  # seconds until it has read a new or changed Ingress into its configuration
EVENT_SOURCE = "nginx-ingress-controller"  # the component its events name
CONTROLLER_VERSION = "1.12.0"


def ingress_class() -> dict:
    """The IngressClass the sandbox boots with (ingress-nginx's own manifest, marked as default)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {
            "name": CLASS_NAME,
            "annotations": {DEFAULT_CLASS_ANNOTATION: "true"},
            "labels": {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
                       "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/part-of": "ingress-nginx",
                       "app.kubernetes.io/version": CONTROLLER_VERSION},
        },
        "spec": {"controller": CONTROLLER_NAME},
    }


def default_ingress_class(store) -> str | None:
    """The DefaultIngressClass admission plugin's pick: the newest class marked as default."""
    marked = [c for c in store.list("IngressClass")
              if (c["metadata"].get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true"]
    if not marked:
        return None
    marked.sort(key=lambda c: (c["metadata"].get("creationTimestamp") or "", c["metadata"]["name"]))
    return marked[-1]["metadata"]["name"]


def admit_ingress(store, obj: dict) -> None:
    """DefaultIngressClass admission: an Ingress created without a class gets the default one."""
    if obj.get("kind") != "Ingress" or not isinstance(obj.get("spec"), dict):
        return
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    if obj["spec"].get("ingressClassName") is not None or CLASS_ANNOTATION in annotations:
        return
    name = default_ingress_class(store)
    if name is not None:
        obj["spec"]["ingressClassName"] = name


# --- matching ----------------------------------------------------------------------------------------


def path_matches(path_type: str, path: str, request_path: str) -> bool:
    """One Ingress path against a request path (query string already removed)."""
    if path_type == "Exact":
        return request_path == path
    wanted = [part for part in path.split("/") if part]
    have = [part for part in request_path.split("/") if part]
    return have[: len(wanted)] == wanted


def host_matches(rule_host: str, host: str) -> bool:
    """Exact host, or ``*.foo.com`` for exactly one more label (``bar.foo.com``, not ``foo.com``)."""
    if rule_host.startswith("*."):
        first, _, rest = host.partition(".")
        return bool(first) and rest == rule_host[2:]
    return rule_host == host


class Route(NamedTuple):
    """Where the controller sends a request: an Ingress backend (None: its own 404)."""

    ingress: dict | None
    backend: dict | None
    path: str | None  # the matching rule path (None for a default backend)
    path_type: str | None


def _specificity(rule_host: str | None, host: str) -> int:
    if not rule_host:
        return 1
    if not host_matches(rule_host, host):
        return 0
    return 2 if rule_host.startswith("*.") else 3


def route(ingresses: list[dict], host: str, request_path: str) -> Route:
    """Match a request against the Ingresses a controller serves (oldest Ingress first on equal rules)."""
    host = host.lower().rstrip(".")
    bare = request_path.split("?", 1)[0] or "/"
    ordered = sorted(ingresses, key=lambda i: (i["metadata"].get("creationTimestamp") or "",
                                               i["metadata"].get("namespace") or "", i["metadata"]["name"]))
    best_level = 0
    candidates: list[tuple[dict, dict]] = []  # (ingress, rule) at the most specific host level
    for ing in ordered:
        for rule in (ing.get("spec") or {}).get("rules") or ():
            level = _specificity(rule.get("host"), host)
            if level > best_level:
                best_level, candidates = level, []
            if level and level == best_level:
                candidates.append((ing, rule))
    best: tuple | None = None
    for ing, rule in candidates:
        for item in (rule.get("http") or {}).get("paths") or ():
            path, path_type = item.get("path") or "/", item.get("pathType") or "ImplementationSpecific"
            if not path_matches(path_type, path, bare):
                continue
            length = len(path) if path_type == "Exact" else len(path.rstrip("/"))
            rank = (length, path_type == "Exact")
            if best is None or rank > best[0]:
                best = (rank, Route(ing, item.get("backend") or {}, path, path_type))
    if best is not None:
        return best[1]
    # No path matched: the defaultBackend of an Ingress whose rules claimed this host, else of any Ingress
    # when the host fell to the catch-all server, else the controller's own default backend (404).
    owners = [ing for ing, _ in candidates] if best_level > 1 else ordered
    for ing in owners:
        backend = (ing.get("spec") or {}).get("defaultBackend")
        if backend:
            return Route(ing, backend, None, None)
    return Route(None, None, None, None)


# --- the controller -----------------------------------------------------------------------------------


class IngressController(Component):
    caller = "ingress-nginx"
    name = "ingress"
    watches = ("Ingress", "IngressClass", "Node")

    def __init__(self, cluster):
        super().__init__(cluster)
        self.round_robin: dict[str, int] = {}  # "ns/svc:port" -> next endpoint index
        self.synced: dict[str, int | None] = {}  # "ns/name" -> the Ingress generation last synced

    def start(self) -> None:
        for ing in self.store.list("Ingress"):
            self.enqueue(ing["metadata"]["namespace"], ing["metadata"]["name"], delay=STATUS_DELAY)

    def on_change(self, op: str, obj: dict) -> None:
        if obj["kind"] == "Ingress":
            meta = obj["metadata"]
            if op != "DELETED" and self.api.caller != self.caller and self.serves(obj):
                # ingress-nginx records every configuration change it picks up ("Scheduled for sync").
                generation = meta.get("generation")
                if op == "ADDED" or generation != self.synced.get(f"{meta['namespace']}/{meta['name']}"):
                    self.enqueue(meta["namespace"], meta["name"], "sync", delay=SYNC_DELAY)
            if op != "DELETED" and self.wants_status_change(obj):
                self.enqueue(meta["namespace"], meta["name"], delay=STATUS_DELAY)
        elif obj["kind"] == "IngressClass" or op != "MODIFIED":  # a class, or a node came or went
            for ing in self.store.list("Ingress"):
                if self.wants_status_change(ing):
                    self.enqueue(ing["metadata"]["namespace"], ing["metadata"]["name"], delay=STATUS_DELAY)

    # --- what this controller serves --------------------------------------------------------------

    def classes(self) -> set[str]:
        return {c["metadata"]["name"] for c in self.store.list("IngressClass")
                if (c.get("spec") or {}).get("controller") == CONTROLLER_NAME}

    def serves(self, ing: dict, classes: set[str] | None = None) -> bool:
        classes = self.classes() if classes is None else classes
        name = (ing.get("spec") or {}).get("ingressClassName")
        if name is None:
            name = (ing["metadata"].get("annotations") or {}).get(CLASS_ANNOTATION)
        return name in classes and not ing["metadata"].get("deletionTimestamp")

    def served(self) -> list[dict]:
        classes = self.classes()
        return [ing for ing in self.store.list("Ingress") if self.serves(ing, classes)]

    def address(self) -> str | None:
        """The InternalIP of the node the controller runs on: the first worker, else the control plane."""
        nodes = self.store.list("Node")
        workers = [n for n in nodes
                   if "node-role.kubernetes.io/control-plane" not in (n["metadata"].get("labels") or {})]
        for node in workers or nodes:
            for item in (node.get("status") or {}).get("addresses") or ():
                if item.get("type") == "InternalIP":
                    return item.get("address")
        return None

    def node_name(self) -> str | None:
        ip = self.address()
        for node in self.store.list("Node"):
            if any(a.get("address") == ip for a in (node.get("status") or {}).get("addresses") or ()):
                return node["metadata"]["name"]
        return None

    def _wanted_status(self, ing: dict) -> list[dict]:
        ip = self.address() if self.serves(ing) else None
        return [{"ip": ip}] if ip else []

    def wants_status_change(self, ing: dict) -> bool:
        current = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        return current != self._wanted_status(ing)

    # --- sync --------------------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str, what: str = "status") -> None:
        ing = self.store.get("Ingress", namespace, name)
        if what == "sync":
            if ing is not None and self.serves(ing):
                self.synced[f"{namespace}/{name}"] = ing["metadata"].get("generation")
                self.event(ing, "Normal", "Sync", "Scheduled for sync", component=EVENT_SOURCE)
            return
        if ing is None or not self.wants_status_change(ing):
            return
        wanted = self._wanted_status(ing)
        ing["status"] = {"loadBalancer": {"ingress": wanted} if wanted else {}}
        self.api.update_status(ing)

    def next_index(self, key: str, count: int) -> int:
        """ingress-nginx's default ``round_robin`` balancing over ``count`` endpoints."""
        index = self.round_robin.get(key, 0) % count
        self.round_robin[key] = index + 1
        return index

    def dump(self) -> dict:
        return {"round_robin": self.round_robin, "synced": self.synced}

    def load(self, data: dict) -> None:
        self.round_robin = dict(data.get("round_robin") or {})
        self.synced = dict(data.get("synced") or {})


def ingress_controller(cluster) -> IngressController:
    """The cluster's ingress controller (a private, passive one for a cluster built with ``simulate=False``)."""
    for component in cluster.components:
        if isinstance(component, IngressController):
            return component
    extra = cluster.__dict__.setdefault("_network_components", {})
    if IngressController not in extra:
        extra[IngressController] = IngressController(cluster)
    return extra[IngressController]
