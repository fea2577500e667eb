"""`kubectl create <kind>` generators, `kubectl run` and `kubectl expose`."""

from __future__ import annotations

import random
from typing import Any, Callable

from .. import resources
from . import generators as gen
from .client import APIFailure
from .common import Context, dry_run_strategy, required_flag
from .goyaml import to_yaml
from .output import ACTION_FORMATS, action, parse_output, print_each
from .parser import Flag, KubectlError, error, flags
from .texts import text

_PRINT = (Flag("output", "o", "str"), Flag("dry-run", "", "str", None, no_opt="unchanged"),
          Flag("validate", "", "str", "strict", no_opt="strict"), Flag("save-config", "", "bool", False),
          Flag("field-manager", "", "str", "kubectl-create"), Flag("show-managed-fields", "", "bool", False),
          Flag("template", "", "str"), Flag("allow-missing-template-keys", "", "bool", True))

GENERATOR_FLAGS = {
    "deployment": flags(*_PRINT, Flag("image", "", "list"), Flag("replicas", "r", "int", 1), Flag("port", "", "int", -1)),
    "service clusterip": flags(*_PRINT, Flag("tcp", "", "list"), Flag("clusterip", "", "str", "")),
    "service nodeport": flags(*_PRINT, Flag("tcp", "", "list"), Flag("node-port", "", "int", 0)),
    "service loadbalancer": flags(*_PRINT, Flag("tcp", "", "list")),
    "service externalname": flags(*_PRINT, Flag("tcp", "", "list"), Flag("external-name", "", "str", "")),
    "namespace": flags(*_PRINT),
    "configmap": flags(*_PRINT, Flag("from-literal", "", "array"), Flag("from-file", "", "array"),
                       Flag("from-env-file", "", "array"), Flag("append-hash", "", "bool", False)),
    "secret generic": flags(*_PRINT, Flag("from-literal", "", "array"), Flag("from-file", "", "array"),
                            Flag("from-env-file", "", "array"), Flag("type", "", "str", ""),
                            Flag("append-hash", "", "bool", False)),
    "job": flags(*_PRINT, Flag("image", "", "str", ""), Flag("from", "", "str", "")),
    "cronjob": flags(*_PRINT, Flag("image", "", "str", ""), Flag("schedule", "", "str", ""),
                     Flag("restart", "", "str", "OnFailure")),
    "ingress": flags(*_PRINT, Flag("rule", "", "array"), Flag("class", "", "str", ""),
                     Flag("default-backend", "", "str", ""), Flag("annotation", "", "array")),
    "serviceaccount": flags(*_PRINT),
}

# what each generator's API errors are prefixed with (None: printed as kubectl prints API errors)
_FAILED = {
    "deployment": "failed to create deployment: ", "configmap": "failed to create configmap: ",
    "secret generic": "failed to create secret ", "job": "failed to create job: ",
    "cronjob": "failed to create cronjob: ", "ingress": "failed to create ingress: ",
    "serviceaccount": "failed to create serviceaccount: ", "namespace": None,
    "service clusterip": "failed to create ClusterIP service: ", "service nodeport": "failed to create NodePort service: ",
    "service loadbalancer": "failed to create LoadBalancer service: ",
    "service externalname": "failed to create ExternalName service: ",
}

ALIASES = {"deploy": "deployment", "svc": "service", "ns": "namespace", "cm": "configmap", "cj": "cronjob",
           "ing": "ingress", "sa": "serviceaccount"}
KNOWN_UNSUPPORTED = ("clusterrole", "clusterrolebinding", "role", "rolebinding", "poddisruptionbudget", "pdb",
                     "priorityclass", "pc", "quota", "resourcequota", "token", "secret docker-registry", "secret tls")
SUPPORTED_LIST = ("deployment, service (clusterip|nodeport|loadbalancer|externalname), namespace, configmap, "
                  "secret generic, job, cronjob, ingress, serviceaccount")


def _rng(ctx: Context) -> random.Random:
    return getattr(ctx.cluster, "rng", None) or random.Random(0)


def _enforced_namespace(ctx: Context) -> str | None:
    return ctx.namespace if ctx.namespace_given else None


def _need(ctx: Context, name: str) -> None:
    if not ctx.args.has(name):
        raise required_flag(name)


def build(ctx: Context, sub: str) -> dict:
    """The object a generator subcommand describes."""
    a, ns = ctx.args, _enforced_namespace(ctx)
    usage = f"kubectl create {sub}"
    if sub == "deployment":
        _need(ctx, "image")
        name = gen.one_name(a.positional, usage)
        return gen.deployment(name, a["image"], replicas=a["replicas"], port=a["port"], command=a.after_dash,
                              namespace=ns, rng=_rng(ctx))
    if sub.startswith("service "):
        kind = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
                "externalname": "ExternalName"}[sub.split()[1]]
        if kind == "ExternalName":
            _need(ctx, "external-name")
        name = gen.one_name(a.positional, usage)
        return gen.service(kind, name, tcp=a["tcp"], cluster_ip=a["clusterip"] or "", node_port=a["node-port"] or 0,
                           external_name=a["external-name"] or "", namespace=ns)
    if sub == "namespace":
        return gen.namespace(gen.one_name(a.positional, usage))
    if sub == "serviceaccount":
        return gen.serviceaccount(gen.one_name(a.positional, usage), ns)
    if sub in ("configmap", "secret generic"):
        name = gen.one_name(a.positional, usage)
        for flag in ("from-file", "from-env-file"):
            if a[flag]:
                raise KubectlError(text("from_file", ctx.language, flag="--" + flag))
        if sub == "configmap":
            return gen.configmap(name, a["from-literal"], ns)
        return gen.secret(name, a["from-literal"], a["type"] or "", ns)
    if sub == "job":
        name = gen.one_name(a.positional, usage)
        if bool(a["image"]) == bool(a["from"]):
            raise error("either --image or --from must be specified")
        if a.after_dash and a["from"]:
            raise error("cannot specify --from and command")
        if a["from"]:
            return _job_from(ctx, name, a["from"], ns)
        return gen.job(name, a["image"], a.after_dash, ns)
    if sub == "cronjob":
        _need(ctx, "image")
        _need(ctx, "schedule")
        name = gen.one_name(a.positional, usage)
        if a["restart"] not in ("OnFailure", "Never"):
            raise error(f"invalid restart policy: {a['restart']}")
        return gen.cronjob(name, a["image"], a["schedule"], a["restart"], a.after_dash, ns)
    if sub == "ingress":
        name = gen.one_name(a.positional, usage)
        return gen.ingress(name, a["rule"], ingress_class=a["class"] or "", default_backend=a["default-backend"] or "",
                           annotations=a["annotation"], namespace_=ns)
    raise AssertionError(sub)


def _job_from(ctx: Context, name: str, source: str, ns: str | None) -> dict:
    kind, _, cron_name = source.partition("/")
    res = resources.lookup(kind)
    if res is None or res.kind != "CronJob" or not cron_name:
        raise error(f"from must be an existing cronjob: {source}" if res is None or res.kind != "CronJob"
                    else "from must be an existing cronjob")
    try:
        cronjob = ctx.client.get(res, ctx.namespace, cron_name)
    except APIFailure as exc:
        raise KubectlError(exc.text) from None
    return gen.job_from_cronjob(name, cronjob, ns)


def run_generator(ctx: Context, sub: str) -> None:
    out = parse_output(ctx.args["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    obj = build(ctx, sub)
    _create_and_print(ctx, obj, out, dry_run, "created", _FAILED[sub])


def _create_and_print(ctx: Context, obj: dict, out: Any, dry_run: str, verb: str, failed_prefix: str | None) -> None:
    result, sort_keys = obj, False
    if dry_run != "client":
        to_send = {k: v for k, v in obj.items() if k != "status"}
        res = resources.by_kind(obj["kind"])
        if res is not None and res.namespaced:
            to_send["metadata"] = {**obj["metadata"], "namespace": ctx.namespace}
        to_send["metadata"] = {k: v for k, v in to_send["metadata"].items() if k != "creationTimestamp"}
        try:
            result = ctx.client.create(to_send, dry_run=dry_run == "server")
        except APIFailure as exc:
            if failed_prefix is None:
                raise KubectlError(exc.text) from None
            raise error(failed_prefix + exc.raw) from None
        sort_keys = True
    if out.kind:
        ctx.write(print_each([result], out, sort_keys=sort_keys))
    else:
        ctx.print(action(result, verb, dry_run))


# --- run -------------------------------------------------------------------------------------

RUN_FLAGS = flags(
    *_PRINT, Flag("image", "", "str", ""), Flag("restart", "", "str", "Always"), Flag("port", "", "str", ""),
    Flag("env", "", "array"), Flag("labels", "l", "str", ""), Flag("annotations", "", "array"),
    Flag("command", "", "bool", False), Flag("image-pull-policy", "", "str", ""), Flag("expose", "", "bool", False),
    Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False), Flag("attach", "", "bool", False),
    Flag("rm", "", "bool", False), Flag("leave-stdin-open", "", "bool", False), Flag("overrides", "", "str", ""),
    Flag("override-type", "", "str", "merge"), Flag("privileged", "", "bool", False), Flag("quiet", "q", "bool", False),
    Flag("pod-running-timeout", "", "str", "1m0s"), Flag("cascade", "", "str", "background"),
    Flag("filename", "f", "list"), Flag("force", "", "bool", False), Flag("grace-period", "", "int", -1),
    Flag("timeout", "", "str", "0s"), Flag("wait", "", "bool", False),
)


def run_run(ctx: Context) -> None:
    a = ctx.args
    _need(ctx, "image")
    if not a.positional:
        raise gen.usage_error("NAME is required for run", "kubectl run")
    if any(a[f] for f in ("stdin", "tty", "attach", "rm")):
        raise KubectlError(text("interactive", ctx.language))
    if a["overrides"]:
        raise KubectlError(text("server_side", ctx.language, flag="--overrides"))
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    name = a.positional[0]
    if a["restart"] not in ("Always", "OnFailure", "Never"):
        raise gen.usage_error(f"invalid restart policy: {a['restart']}", "kubectl run")
    if a["image-pull-policy"] and a["image-pull-policy"] not in ("Always", "IfNotPresent", "Never"):
        raise gen.usage_error(f"invalid image pull policy: {a['image-pull-policy']}", "kubectl run")
    if a["expose"] and not a["port"]:
        raise gen.usage_error("--port must be set when exposing a service", "kubectl run")
    labels = gen.parse_labels(a["labels"]) if a["labels"] else {"run": name}
    annotations = dict(x.split("=", 1) if "=" in x else (x, "") for x in a["annotations"])
    pod = gen.pod(name, a["image"], labels=labels, annotations=annotations, restart=a["restart"],
                  args=a.positional[1:] + a.after_dash, command=a["command"], env=a["env"], port=a["port"],
                  pull_policy=a["image-pull-policy"] or "", namespace_=_enforced_namespace(ctx))
    if a["expose"]:
        svc = _service_for(ctx, name, None, labels, [a["port"]], {})
        if dry_run == "client" and out.kind == "yaml":  # kubectl prints the separator twice here
            ctx.write(to_yaml(svc) + "---\n---\n" + to_yaml(pod))
            return
        _create_and_print(ctx, svc, out, dry_run, "created", None)
    _create_and_print(ctx, pod, out, dry_run, "created", None)


# --- expose ------------------------------------------------------------------------------------

EXPOSE_FLAGS = flags(
    *_PRINT, Flag("port", "", "str", ""), Flag("target-port", "", "str", ""), Flag("type", "", "str", ""),
    Flag("name", "", "str", ""), Flag("protocol", "", "str", ""), Flag("selector", "", "str", ""),
    Flag("labels", "l", "str", ""), Flag("external-ip", "", "str", ""), Flag("cluster-ip", "", "str", ""),
    Flag("load-balancer-ip", "", "str", ""), Flag("session-affinity", "", "str", ""),
    Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False), Flag("override-type", "", "str", "merge"),
    Flag("overrides", "", "str", ""),
)

_EXPOSABLE = ("Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet")


def _service_for(ctx: Context, name: str, labels: dict | None, selector: dict, ports: list[str],
                 protocols: dict[str, str]) -> dict:
    a = ctx.args
    svc_ports = []
    for i, port in enumerate(ports):
        try:
            number = int(port)
        except ValueError:
            raise error(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
        entry: dict[str, Any] = {}
        if len(ports) > 1:
            entry["name"] = f"port-{i + 1}"
        protocol = a["protocol"] or protocols.get(port, "TCP")
        entry["protocol"] = protocol
        entry["port"] = number
        target = a["target-port"] or ""
        if target:
            entry["targetPort"] = int(target) if target.lstrip("-").isdigit() else target
        else:
            entry["targetPort"] = number
        svc_ports.append(entry)
    meta: dict[str, Any] = {"name": name}
    if ctx.namespace_given:
        meta["namespace"] = ctx.namespace
    meta["creationTimestamp"] = None
    if labels:
        meta["labels"] = dict(labels)
    spec: dict[str, Any] = {"ports": svc_ports, "selector": dict(selector)}
    if a["cluster-ip"]:
        spec["clusterIP"] = a["cluster-ip"]
    if a["type"]:
        spec["type"] = a["type"]
    if a["external-ip"]:
        spec["externalIPs"] = [a["external-ip"]]
    if a["session-affinity"]:
        if a["session-affinity"] not in ("None", "ClientIP"):
            raise error(f"unknown session affinity: {a['session-affinity']}")
        spec["sessionAffinity"] = a["session-affinity"]
    if a["type"] == "LoadBalancer" and a["load-balancer-ip"]:
        spec["loadBalancerIP"] = a["load-balancer-ip"]
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}}


def _ports_of(obj: dict) -> tuple[list[str], dict[str, str]]:
    kind = obj.get("kind")
    if kind == "Service":
        found = [(p.get("port"), p.get("protocol") or "TCP") for p in (obj.get("spec") or {}).get("ports") or []]
    else:
        spec = obj.get("spec") or {}
        pod_spec = spec if kind == "Pod" else (spec.get("template") or {}).get("spec") or {}
        found = [(p.get("containerPort"), p.get("protocol") or "TCP")
                 for c in pod_spec.get("containers") or [] for p in c.get("ports") or []]
    ports = [str(p) for p, _ in found if p is not None]
    return ports, {str(p): proto for p, proto in found if p is not None}


def _selector_of(obj: dict) -> dict:
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "Pod":
        return dict((obj.get("metadata") or {}).get("labels") or {})
    if kind in ("Service", "ReplicationController"):
        return dict(spec.get("selector") or {})
    selector = spec.get("selector") or {}
    if selector.get("matchExpressions"):
        raise error("couldn't convert expressions - \"%s\" to map-based selector format" %
                    ",".join(e.get("key", "") for e in selector["matchExpressions"]))
    return dict(selector.get("matchLabels") or {})


def run_expose(ctx: Context, find: Callable[[Context], list[tuple[Any, dict]]]) -> None:
    a = ctx.args
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    for res, obj in find(ctx):
        if obj.get("kind") not in _EXPOSABLE:
            raise error(f"cannot expose a {obj.get('kind')}")
        selector = gen.parse_labels(a["selector"]) if a["selector"] else _selector_of(obj)
        if not selector:
            raise error(f"couldn't retrieve selectors via --selector flag or introspection: the {obj['kind'].lower()} "
                        "has no selector")
        if a["port"]:
            ports, protocols = [a["port"]], _ports_of(obj)[1]
        else:
            ports, protocols = _ports_of(obj)
            if not ports:
                raise gen.usage_error("couldn't find port via --port flag or introspection", "kubectl expose")
        labels = gen.parse_labels(a["labels"]) if a["labels"] else (obj.get("metadata") or {}).get("labels")
        svc = _service_for(ctx, a["name"] or obj["metadata"]["name"], labels, selector, ports, protocols)
        _create_and_print(ctx, svc, out, dry_run, "exposed", None)
