"""Objects that `kubectl create <kind>`, `run` and `expose` build on the client (kubectl `pkg/cmd/create`).

Pure builders: arguments in, a dict out, keys in Go struct order so `-o json` matches kubectl's
typed output (YAML output sorts keys anyway). Each raises KubectlError with kubectl's wording.
"""

from __future__ import annotations

import base64
import random
import re
from typing import Any

from .parser import KubectlError, error

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def _meta(name: str, namespace: str | None, **extra: Any) -> dict:
    meta: dict[str, Any] = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    meta["creationTimestamp"] = None
    for key, value in extra.items():
        if value:
            meta[key] = value
    return meta


def _container(name: str, image: str, command: list[str] | None = None, args: list[str] | None = None,
               ports: list | None = None, env: list | None = None, pull_policy: str = "") -> dict:
    c: dict[str, Any] = {"name": name, "image": image}
    if command:
        c["command"] = list(command)
    if args:
        c["args"] = list(args)
    if ports:
        c["ports"] = ports
    if env:
        c["env"] = env
    c["resources"] = {}
    if pull_policy:
        c["imagePullPolicy"] = pull_policy
    return c


def usage_error(message: str, command: str) -> KubectlError:
    return error(f"{message}\nSee '{command} -h' for help and examples")


def one_name(positional: list[str], command: str) -> str:
    if len(positional) != 1:
        raise usage_error(f"exactly one NAME is required, got {len(positional)}", command)
    return positional[0]


# --- deployment, job, cronjob ------------------------------------------------------------------


def container_name_for(image: str, rng: random.Random) -> str:
    """create deployment: last path element of the image, tag/digest removed, `_`/`.` made DNS-safe."""
    name = image.split("/")[-1]
    name = name.split(":")[0] if ":" in name else name
    name = name.split("@")[0] if "@" in name else name
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-")
        name = f"{name}-{''.join(rng.choice(ALPHABET) for _ in range(5))}"
    return name


def deployment(name: str, images: list[str], *, replicas: int, port: int, command: list[str],
               namespace: str | None, rng: random.Random) -> dict:
    if len(images) > 1 and command:
        raise error("cannot specify multiple --image options and command")
    labels = {"app": name}
    containers = [_container(container_name_for(img, rng), img, command=command) for img in images]
    if port >= 0 and containers:
        containers[0] = _container(containers[0]["name"], containers[0]["image"], command=command,
                                   ports=[{"containerPort": port}])
    return {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": _meta(name, namespace, labels=dict(labels)),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                         "spec": {"containers": containers}},
            "strategy": {},
        },
        "status": {},
    }


def job(name: str, image: str, command: list[str], namespace: str | None) -> dict:
    return {
        "kind": "Job", "apiVersion": "batch/v1",
        "metadata": _meta(name, namespace),
        "spec": {"template": {"metadata": {"creationTimestamp": None},
                              "spec": {"containers": [_container(name, image, command=command)],
                                       "restartPolicy": "Never"}}},
        "status": {},
    }


def job_from_cronjob(name: str, cronjob: dict, namespace: str | None) -> dict:
    template = (cronjob.get("spec") or {}).get("jobTemplate") or {}
    tmeta = template.get("metadata") or {}
    annotations = {"cronjob.kubernetes.io/instantiate": "manual", **(tmeta.get("annotations") or {})}
    meta = _meta(name, namespace, labels=tmeta.get("labels"), annotations=annotations)
    meta["ownerReferences"] = [{"apiVersion": "batch/v1", "kind": "CronJob", "name": cronjob["metadata"]["name"],
                                "uid": cronjob["metadata"].get("uid", ""), "controller": True}]
    return {"kind": "Job", "apiVersion": "batch/v1", "metadata": meta, "spec": template.get("spec") or {},
            "status": {}}


def cronjob(name: str, image: str, schedule: str, restart: str, command: list[str], namespace: str | None) -> dict:
    return {
        "kind": "CronJob", "apiVersion": "batch/v1",
        "metadata": _meta(name, namespace),
        "spec": {
            "schedule": schedule,
            "jobTemplate": {
                "metadata": {"name": name, "creationTimestamp": None},
                "spec": {"template": {"metadata": {"creationTimestamp": None},
                                      "spec": {"containers": [_container(name, image, command=command)],
                                               "restartPolicy": restart}}},
            },
        },
        "status": {},
    }


# --- services -------------------------------------------------------------------------------

_PORT_NAME = re.compile(r"^[-a-z0-9]+$")


def _port_name_errors(name: str) -> list[str]:
    errs = []
    if len(name) > 15:
        errs.append("must be no more than 15 characters")
    if not _PORT_NAME.match(name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search("[a-z]", name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name.startswith("-") or name.endswith("-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def _parse_port(text: str) -> int:
    if not re.fullmatch(r"\+?[0-9]+", text) or int(text) > 65535:
        raise error(f'strconv.ParseUint: parsing "{text}": '
                    + ("value out of range" if text.isdigit() else "invalid syntax"))
    return int(text)


def parse_tcp(spec: str) -> tuple[int, int | str]:
    """`--tcp=8080:80` -> (8080, 80); `--tcp=80:http` -> (80, "http"); `--tcp=443` -> (443, 443)."""
    parts = spec.split(":")
    port = _parse_port(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[-+]?[0-9]+", target):
        number = int(target)
        if not 1 <= number <= 65535:
            raise error("must be between 1 and 65535, inclusive")
        return port, number
    problems = _port_name_errors(target)
    if problems:
        raise error(",".join(problems))
    return port, target


def service(kind: str, name: str, *, tcp: list[str], cluster_ip: str = "", node_port: int = 0,
            external_name: str = "", namespace: str | None) -> dict:
    if kind != "ExternalName" and not tcp and cluster_ip != "None":
        raise error("at least one tcp port specifier must be provided")
    if cluster_ip == "None" and kind != "ClusterIP":
        raise error("ClusterIP=None can only be used with ClusterIP service type")
    ports = []
    for spec in tcp:
        port, target = parse_tcp(spec)
        entry: dict[str, Any] = {"name": spec.replace(":", "-"), "protocol": "TCP", "port": port, "targetPort": target}
        if node_port:
            entry["nodePort"] = node_port
        ports.append(entry)
    spec_out: dict[str, Any] = {}
    if ports:
        spec_out["ports"] = ports
    spec_out["selector"] = {"app": name}
    if cluster_ip:
        spec_out["clusterIP"] = cluster_ip
    spec_out["type"] = kind
    if external_name:
        spec_out["externalName"] = external_name
    return {"kind": "Service", "apiVersion": "v1", "metadata": _meta(name, namespace, labels={"app": name}),
            "spec": spec_out, "status": {"loadBalancer": {}}}


# --- namespace, configmap, secret, serviceaccount ---------------------------------------------


def namespace(name: str) -> dict:
    return {"kind": "Namespace", "apiVersion": "v1", "metadata": _meta(name, None), "spec": {}, "status": {}}


def serviceaccount(name: str, namespace_: str | None) -> dict:
    return {"kind": "ServiceAccount", "apiVersion": "v1", "metadata": _meta(name, namespace_)}


_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def _config_key_errors(key: str) -> list[str]:
    errs = []
    if len(key) > 253:
        errs.append("must be no more than 253 characters")
    if not _CONFIG_KEY.match(key):
        errs.append("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
                    "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
    if key == ".":
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def _literals(sources: list[str]) -> list[tuple[str, str]]:
    out = []
    for source in sources:
        key, sep, value = source.partition("=")
        if not sep or not key:
            raise error(f"invalid literal source {source}, expected key=value")
        out.append((key, value))
    return out


def configmap(name: str, literals: list[str], namespace_: str | None) -> dict:
    data: dict[str, str] = {}
    for key, value in _literals(literals):
        problems = _config_key_errors(key)
        if problems:
            raise error(f'"{key}" is not a valid key name for a ConfigMap: {",".join(problems)}')
        if key in data:
            raise error(f'cannot add key "{key}", another key by that name already exists in Data for ConfigMap "{name}"')
        data[key] = value
    obj: dict[str, Any] = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": _meta(name, namespace_)}
    if data:
        obj["data"] = dict(sorted(data.items()))
    return obj


def secret(name: str, literals: list[str], secret_type: str, namespace_: str | None) -> dict:
    data: dict[str, str] = {}
    for key, value in _literals(literals):
        problems = _config_key_errors(key)
        if problems:
            raise error(f'"{key}" is not valid key name for a Secret {",".join(problems)}')
        if key in data:
            raise error(f"cannot add key {key}, another key by that name already exists")
        data[key] = base64.b64encode(value.encode("utf-8")).decode("ascii")
    obj: dict[str, Any] = {"kind": "Secret", "apiVersion": "v1", "metadata": _meta(name, namespace_)}
    if data:
        obj["data"] = dict(sorted(data.items()))
    if secret_type:
        obj["type"] = secret_type
    return obj


# --- ingress ----------------------------------------------------------------------------------

_RULE = re.compile(r"^(?P<host>[\w*\-.]*)(?P<path>/[^,=\n]*)=(?P<svc>[\w\-]+):(?P<port>[\w\-]+)"
                   r"(,(?P<tls>tls)=?(?P<secret>[\w\-]+)?)?$")


def _backend(service_port: str) -> dict:
    name, port = service_port.split(":")[0], service_port.split(":")[1]
    port_obj: dict[str, Any] = {"number": int(port)} if re.fullmatch(r"-?[0-9]+", port) else {"name": port}
    return {"service": {"name": name, "port": port_obj}}


def ingress(name: str, rules: list[str], *, ingress_class: str, default_backend: str, annotations: list[str],
            namespace_: str | None) -> dict:
    if not default_backend and not rules:
        raise error("not enough information provided: every ingress has to either specify a default-backend (which "
                    "catches all traffic) or a list of rules (which catch specific paths)")
    for rule in rules:
        if not _RULE.match(rule):
            raise error(f"rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    for annotation in annotations:
        if "=" not in annotation:
            raise error(f"annotation {annotation} is invalid and should be in format key=[value]")
    if default_backend and len(default_backend.split(":")) != 2:
        raise error("default-backend should be in format servicename:serviceport")

    spec: dict[str, Any] = {}
    if ingress_class:
        spec["ingressClassName"] = ingress_class
    if default_backend:
        spec["defaultBackend"] = _backend(default_backend)
    tls_list: list[dict] = []
    seen_hosts: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret_name = secret_parts[1] if len(secret_parts) > 1 else ""
        index = next((i for i, t in enumerate(tls_list) if t.get("secretName", "") == secret_name), -1)
        if host in seen_hosts:
            continue
        seen_hosts.add(host)
        if index > -1:
            tls_list[index].setdefault("hosts", []).append(host)
            continue
        entry: dict[str, Any] = {}
        if host:
            entry["hosts"] = [host]
        if secret_name:
            entry["secretName"] = secret_name
        if entry:
            tls_list.append(entry)
    if tls_list:
        spec["tls"] = tls_list
    rule_list: list[dict] = []
    for rule in rules:
        host, path_svc = rule.split(",")[0].split("/", 1)
        path_text, service_port = path_svc.split("=")[0], path_svc.split("=")[1]
        path = "/" + path_text
        path_type = "Exact"
        if path.endswith("*"):
            path_type, path = "Prefix", path[:-1]
        http_path = {"path": path, "pathType": path_type, "backend": _backend(service_port)}
        existing = next((r for r in rule_list if r.get("host", "") == host), None)
        if existing is not None:
            existing["http"]["paths"].append(http_path)
            continue
        entry = {"host": host} if host else {}
        entry["http"] = {"paths": [http_path]}
        rule_list.append(entry)
    if rule_list:
        spec["rules"] = rule_list
    meta = _meta(name, namespace_, annotations=dict(a.split("=", 1) for a in annotations))
    return {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}


# --- run ---------------------------------------------------------------------------------------


def parse_labels(text: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise error(f"invalid label spec: {part}")
        labels[key] = value
    return labels


def pod(name: str, image: str, *, labels: dict[str, str], annotations: dict[str, str], restart: str,
        args: list[str], command: bool, env: list[str], port: str, pull_policy: str,
        namespace_: str | None) -> dict:
    env_list = []
    for item in env:
        key, sep, value = item.partition("=")
        if not sep:
            raise error(f"invalid env: {item}")
        env_list.append({"name": key, "value": value})
    ports = None
    if port:
        try:
            ports = [{"containerPort": int(port)}]
        except ValueError:
            raise error(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
    container = _container(name, image, command=args if command else None, args=None if command else args,
                           ports=ports, env=env_list, pull_policy=pull_policy)
    return {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": _meta(name, namespace_, labels=labels, annotations=annotations),
        "spec": {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"},
        "status": {},
    }
