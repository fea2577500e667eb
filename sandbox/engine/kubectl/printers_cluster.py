"""Table rows for networking, cluster, config and storage kinds (server-side printers, v1.32)."""

from __future__ import annotations

from .printers_workloads import Age, _get, format_labels, selector_string


def _name_age(obj: dict, age: Age) -> tuple[str, str]:
    return obj["metadata"]["name"], age(obj["metadata"].get("creationTimestamp"))


def _lb_status(status: dict | None, wide: bool) -> str:
    """loadBalancerStatusStringer: ingress IPs/hostnames, clipped to 16 characters unless wide."""
    found = [i.get("ip") or i.get("hostname") for i in (status or {}).get("ingress") or []]
    text = ",".join(f for f in found if f)
    if not wide and len(text) > 16:
        text = text[:13] + "..."
    return text


def service(obj: dict, age: Age, wide: bool) -> list[str]:
    spec = obj.get("spec") or {}
    kind = spec.get("type") or "ClusterIP"
    ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    external_ips = spec.get("externalIPs") or []
    if kind in ("ClusterIP", "NodePort"):
        external = ",".join(external_ips) or "<none>"
    elif kind == "LoadBalancer":
        lb = _lb_status(_get(obj, "status", "loadBalancer"), wide)
        if external_ips:
            external = ",".join(([*lb.split(",")] if lb else []) + external_ips)
        else:
            external = lb or "<pending>"
    elif kind == "ExternalName":
        external = spec.get("externalName", "")
    else:
        external = "<unknown>"
    ports = []
    for p in spec.get("ports") or []:
        proto = p.get("protocol") or "TCP"
        ports.append(f"{p.get('port')}:{p['nodePort']}/{proto}" if p.get("nodePort") else f"{p.get('port')}/{proto}")
    name, created = _name_age(obj, age)
    row = [name, kind, ips[0] if ips else "<none>", external, ",".join(ports) or "<none>", created]
    if wide:
        row.append(format_labels(spec.get("selector")))
    return row


def endpoints(obj: dict, age: Age, wide: bool) -> list[str]:
    subsets = obj.get("subsets") or []
    cell = "<none>"
    if subsets:
        found, count, more, limit = [], 0, False, 3
        for subset in subsets:
            addresses = subset.get("addresses") or []
            ports = subset.get("ports") or []
            if not ports:
                count += len(addresses)
                for a in addresses:
                    if len(found) == limit:
                        more = True
                        break
                    found.append(a.get("ip", ""))
                continue
            for port in ports:
                count += len(addresses)
                for a in addresses:
                    if len(found) == limit:
                        more = True
                        break
                    ip = a.get("ip", "")
                    found.append(f"[{ip}]:{port.get('port')}" if ":" in ip else f"{ip}:{port.get('port')}")
        cell = ",".join(found)
        if more:
            cell = f"{cell} + {count - limit} more..."
    name, created = _name_age(obj, age)
    return [name, cell, created]


def _list_with_more(values: list[str], limit: int = 3) -> str:
    """listWithMoreString: up to three values, then `` + N more...``; ``<unset>`` when empty."""
    text = ",".join(values[:limit])
    if len(values) > limit:
        return f"{text} + {len(values) - limit} more..."
    return text or "<unset>"


def endpointslice(obj: dict, age: Age, wide: bool) -> list[str]:
    # formatDiscoveryPorts: the number, else the name, else `*`
    ports = [str(p["port"]) if p.get("port") is not None else (p["name"] if p.get("name") is not None else "*")
             for p in obj.get("ports") or []]
    addresses = [a for e in obj.get("endpoints") or [] for a in e.get("addresses") or []]
    name, created = _name_age(obj, age)
    return [name, obj.get("addressType", ""), _list_with_more(ports), _list_with_more(addresses), created]


def ingress(obj: dict, age: Age, wide: bool) -> list[str]:
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    hosts, more = [], False
    for rule in rules:
        if len(hosts) == 3:
            more = True
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    hosts_cell = ",".join(hosts) or "*"
    if hosts and more:
        hosts_cell = f"{hosts_cell} + {len(rules) - 3} more..."
    name, created = _name_age(obj, age)
    return [name, spec.get("ingressClassName") or "<none>", hosts_cell,
            _lb_status(_get(obj, "status", "loadBalancer"), wide), "80, 443" if spec.get("tls") else "80", created]


def ingressclass(obj: dict, age: Age, wide: bool) -> list[str]:
    spec = obj.get("spec") or {}
    params = spec.get("parameters")
    params_cell = "<none>"
    if params:
        group = params.get("apiGroup")
        params_cell = f"{params.get('kind')}.{group}/{params.get('name')}" if group else f"{params.get('kind')}/{params.get('name')}"
    name, created = _name_age(obj, age)
    return [name, spec.get("controller", ""), params_cell, created]


def networkpolicy(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, selector_string(_get(obj, "spec", "podSelector")) or "<none>", created]


def node(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    states = []
    if "Ready" in conditions:
        states.append("Ready" if conditions["Ready"] == "True" else "NotReady")
    if not states:
        states.append("Unknown")
    if spec.get("unschedulable"):
        states.append("SchedulingDisabled")
    roles = set()
    for key, value in (_get(obj, "metadata", "labels") or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    info = status.get("nodeInfo") or {}
    name, created = _name_age(obj, age)
    row = [name, ",".join(states), ",".join(sorted(roles)) or "<none>", created, info.get("kubeletVersion", "")]
    if wide:
        addresses = status.get("addresses") or []
        internal = next((a.get("address") for a in addresses if a.get("type") == "InternalIP"), "<none>")
        external = next((a.get("address") for a in addresses if a.get("type") == "ExternalIP"), "<none>")
        row += [internal, external, info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
                info.get("containerRuntimeVersion") or "<unknown>"]
    return row


def namespace(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, _get(obj, "status", "phase", default=""), created]


def event(obj: dict, age: Age, wide: bool) -> list[str]:
    first = age(obj["firstTimestamp"]) if obj.get("firstTimestamp") else age(obj.get("eventTime"))
    last = age(obj["lastTimestamp"]) if obj.get("lastTimestamp") else first
    count = int(obj.get("count") or 0)
    series = obj.get("series")
    if series:
        last = age(series.get("lastObservedTime"))
        count = int(series.get("count") or 0)
    elif count == 0:
        count = 1
    involved = obj.get("involvedObject") or {}
    target = involved.get("kind", "").lower()
    if involved.get("name"):
        target = f"{target}/{involved['name']}"
    message = (obj.get("message") or "").strip()
    if not wide:
        return [last, obj.get("type", ""), obj.get("reason", ""), target, message]
    source = obj.get("source") or {}
    component = source.get("component") or obj.get("reportingComponent") or obj.get("reportingController") or ""
    instance = source.get("host") or obj.get("reportingInstance") or ""
    source_cell = "<unknown>" if not component else (f"{component}, {instance}" if instance else component)
    return [last, obj.get("type", ""), obj.get("reason", ""), target, involved.get("fieldPath", ""), source_cell,
            message, first, str(count), obj["metadata"]["name"]]


def configmap(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, str(len(obj.get("data") or {}) + len(obj.get("binaryData") or {})), created]


def secret(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, obj.get("type") or "Opaque", str(len(obj.get("data") or {})), created]


def serviceaccount(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, str(len(obj.get("secrets") or [])), created]


_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"))


def _access_modes(modes: list | None) -> str:
    modes = modes or []
    return ",".join(short for long, short in _MODES if long in modes)


def pvc(obj: dict, age: Age, wide: bool) -> list[str]:
    meta, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    phase = "Terminating" if meta.get("deletionTimestamp") else status.get("phase", "")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = _access_modes(status.get("accessModes"))
        capacity = str(_get(status, "capacity", "storage", default=""))
    storage_class = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName") or ""
    row = [meta["name"], phase, spec.get("volumeName", ""), capacity, modes, storage_class,
           spec.get("volumeAttributesClassName") or "<unset>", age(meta.get("creationTimestamp"))]
    if wide:
        row.append(spec.get("volumeMode") or "<unset>")
    return row


def pv(obj: dict, age: Age, wide: bool) -> list[str]:
    meta, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    claim = spec.get("claimRef")
    claim_cell = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    phase = "Terminating" if meta.get("deletionTimestamp") else status.get("phase", "")
    storage_class = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName") or ""
    row = [meta["name"], str(_get(spec, "capacity", "storage", default="0")), _access_modes(spec.get("accessModes")),
           spec.get("persistentVolumeReclaimPolicy", ""), phase, claim_cell, storage_class,
           spec.get("volumeAttributesClassName") or "<unset>", status.get("reason", ""), age(meta.get("creationTimestamp"))]
    if wide:
        row.append(spec.get("volumeMode") or "<unset>")
    return row


def storageclass(obj: dict, age: Age, wide: bool) -> list[str]:
    meta = obj["metadata"]
    name = meta["name"]
    annotations = meta.get("annotations") or {}
    if annotations.get("storageclass.kubernetes.io/is-default-class") == "true":
        name += " (default)"
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", "true" if obj.get("allowVolumeExpansion") else "false",
            age(meta.get("creationTimestamp"))]


def created_at(obj: dict, age: Age, wide: bool) -> list[str]:
    return [obj["metadata"]["name"], obj["metadata"].get("creationTimestamp", "")]


def rolebinding(obj: dict, age: Age, wide: bool) -> list[str]:
    ref = obj.get("roleRef") or {}
    name, created = _name_age(obj, age)
    row = [name, f"{ref.get('kind', '')}/{ref.get('name', '')}", created]
    if wide:
        subjects = obj.get("subjects") or []
        users = ",".join(s.get("name", "") for s in subjects if s.get("kind") == "User")
        groups = ",".join(s.get("name", "") for s in subjects if s.get("kind") == "Group")
        sas = ",".join(f"{s.get('namespace', '')}/{s.get('name', '')}" for s in subjects if s.get("kind") == "ServiceAccount")
        row += [users, groups, sas]
    return row


def pdb(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    name, created = _name_age(obj, age)
    return [name, str(spec.get("minAvailable", "N/A")), str(spec.get("maxUnavailable", "N/A")),
            str(int(status.get("disruptionsAllowed") or 0)), created]


def priorityclass(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, str(obj.get("value", 0)), "true" if obj.get("globalDefault") else "false", created,
            obj.get("preemptionPolicy") or "PreemptLowerPriority"]


def lease(obj: dict, age: Age, wide: bool) -> list[str]:
    name, created = _name_age(obj, age)
    return [name, _get(obj, "spec", "holderIdentity", default=""), created]


def resourcequota(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    used = status.get("used") or {}
    requests, limits = [], []
    for key, hard in sorted((spec.get("hard") or {}).items()):
        cell = f"{key}: {used.get(key, '0')}/{hard}"
        (limits if key.startswith("limits.") else requests).append(cell)
    name, created = _name_age(obj, age)
    return [name, created, ", ".join(requests), ", ".join(limits)]


COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"]),
    "Endpoints": (["NAME", "ENDPOINTS", "AGE"], []),
    "EndpointSlice": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], []),
    "Ingress": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], []),
    "IngressClass": (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], []),
    "NetworkPolicy": (["NAME", "POD-SELECTOR", "AGE"], []),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]),
    "Namespace": (["NAME", "STATUS", "AGE"], []),
    "Event": (["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], []),
    "ConfigMap": (["NAME", "DATA", "AGE"], []),
    "Secret": (["NAME", "TYPE", "DATA", "AGE"], []),
    "ServiceAccount": (["NAME", "SECRETS", "AGE"], []),
    "PersistentVolumeClaim": (["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS",
                               "VOLUMEATTRIBUTESCLASS", "AGE"], ["VOLUMEMODE"]),
    "PersistentVolume": (["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                          "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], ["VOLUMEMODE"]),
    "StorageClass": (["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], []),
    "Role": (["NAME", "CREATED AT"], []),
    "ClusterRole": (["NAME", "CREATED AT"], []),
    "LimitRange": (["NAME", "CREATED AT"], []),
    "CustomResourceDefinition": (["NAME", "CREATED AT"], []),
    "RoleBinding": (["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"]),
    "ClusterRoleBinding": (["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"]),
    "PodDisruptionBudget": (["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], []),
    "PriorityClass": (["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], []),
    "Lease": (["NAME", "HOLDER", "AGE"], []),
    "ResourceQuota": (["NAME", "AGE", "REQUEST", "LIMIT"], []),
}

ROWS = {
    "Service": service, "Endpoints": endpoints, "EndpointSlice": endpointslice, "Ingress": ingress,
    "IngressClass": ingressclass, "NetworkPolicy": networkpolicy, "Node": node, "Namespace": namespace,
    "Event": event, "ConfigMap": configmap, "Secret": secret, "ServiceAccount": serviceaccount,
    "PersistentVolumeClaim": pvc, "PersistentVolume": pv, "StorageClass": storageclass, "Role": created_at,
    "ClusterRole": created_at, "LimitRange": created_at, "CustomResourceDefinition": created_at,
    "RoleBinding": rolebinding, "ClusterRoleBinding": rolebinding, "PodDisruptionBudget": pdb,
    "PriorityClass": priorityclass, "Lease": lease, "ResourceQuota": resourcequota,
}

WIDE_EVENT_COLUMNS = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
