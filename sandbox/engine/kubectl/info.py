"""Read-only commands about the cluster itself: api-resources, api-versions, version, cluster-info,
explain and describe."""

from __future__ import annotations

import importlib

from .. import resources
from .builder import ALL_CATEGORY, lookup_type
from .client import APIFailure
from .common import Context
from .format import table
from .goyaml import to_json, to_yaml
from .parser import Flag, KubectlError, error, flags
from .texts import text

CLIENT_VERSION = "v1.32.4"
KUSTOMIZE_VERSION = "v5.5.0"
SERVER_ADDRESS = "https://192.168.56.10:6443"

API_RESOURCES_FLAGS = flags(
    Flag("namespaced", "", "bool", True), Flag("api-group", "", "str", ""), Flag("output", "o", "str"),
    Flag("no-headers", "", "bool", False), Flag("sort-by", "", "str", ""), Flag("verbs", "", "list"),
    Flag("cached", "", "bool", False), Flag("categories", "", "list"),
)
VERSION_FLAGS = flags(Flag("client", "", "bool", False), Flag("output", "o", "str", ""))
EXPLAIN_FLAGS = flags(Flag("recursive", "", "bool", False), Flag("api-version", "", "str", ""),
                      Flag("output", "o", "str", "plaintext"))
DESCRIBE_FLAGS = flags(Flag("selector", "l", "str"), Flag("all-namespaces", "A", "bool", False),
                       Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False),
                       Flag("show-events", "", "bool", True), Flag("chunk-size", "", "int", 500))


def run_api_resources(ctx: Context) -> None:
    a = ctx.args
    out = a["output"] or ""
    if out not in ("", "wide", "name"):
        raise error(f"--output {out} is not available")
    if a["sort-by"] not in ("", "name", "kind"):
        raise error("--sort-by accepts only name or kind")
    rows = []
    for res in resources.RESOURCES:
        if a.has("namespaced") and res.namespaced != a["namespaced"]:
            continue
        if a["api-group"] and res.group != a["api-group"]:
            continue
        if a["verbs"] and not all(v in res.verbs for v in a["verbs"]):
            continue
        categories = ["all"] if res.plural in ALL_CATEGORY else []
        if a["categories"] and not all(c in categories for c in a["categories"]):
            continue
        rows.append((res, categories))
    if a["sort-by"] == "name":
        rows.sort(key=lambda r: r[0].plural)
    elif a["sort-by"] == "kind":
        rows.sort(key=lambda r: r[0].kind)
    if out == "name":
        ctx.write("".join(f"{r.plural}.{r.group}\n" if r.group else f"{r.plural}\n" for r, _ in rows))
        return
    cells = [] if a["no-headers"] else [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
                                         + (["VERBS", "CATEGORIES"] if out == "wide" else [])]
    for res, categories in rows:
        row = [res.plural, ",".join(res.short_names), res.api_version, "true" if res.namespaced else "false", res.kind]
        if out == "wide":
            row += [",".join(res.verbs), ",".join(categories)]
        cells.append(row)
    ctx.write(table(cells) + "\n" if cells else "")


def run_api_versions(ctx: Context) -> None:
    versions = sorted({r.api_version for r in resources.RESOURCES})
    ctx.write("".join(v + "\n" for v in versions))


def server_version(ctx: Context) -> str:
    """The API server's gitVersion: the kubelets' version (`v1.32.0` for kube_version 1.32)."""
    kubelet = getattr(ctx.cluster, "kubelet_version", None)
    if isinstance(kubelet, str) and kubelet.startswith("v"):
        return kubelet
    version = str(getattr(ctx.cluster, "kube_version", "1.32")).lstrip("v")
    parts = version.split(".")
    if len(parts) == 2:
        parts.append("0")
    return "v" + ".".join(parts[:3])


def _version_info(git: str) -> dict:
    major, minor = git.lstrip("v").split(".")[:2]
    return {"major": major, "minor": minor, "gitVersion": git, "gitTreeState": "clean", "goVersion": "go1.23.8",
            "compiler": "gc", "platform": "linux/amd64"}


def run_version(ctx: Context) -> None:
    a = ctx.args
    if a["output"] not in ("", "json", "yaml"):
        raise error("--output must be 'yaml' or 'json'")
    server = server_version(ctx)
    if a["output"]:
        data = {"clientVersion": _version_info(CLIENT_VERSION), "kustomizeVersion": KUSTOMIZE_VERSION}
        if not a["client"]:
            data["serverVersion"] = _version_info(server)
        ctx.write(to_json(data, sort_keys=False, indent=2) if a["output"] == "json" else to_yaml(data))
        return
    ctx.print(f"Client Version: {CLIENT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}")
    if a["client"]:
        return
    ctx.print(f"Server Version: {server}")
    client_minor, server_minor = int(CLIENT_VERSION.split(".")[1]), int(server.split(".")[1])
    if abs(client_minor - server_minor) > 1:
        ctx.warn(f"WARNING: version difference between client (1.{client_minor}) and server (1.{server_minor}) "
                 "exceeds the supported minor version skew of +/-1")


def control_plane_address(ctx: Context) -> str:
    try:
        nodes = ctx.client.list(lookup_type("nodes"), None)
    except APIFailure:
        return SERVER_ADDRESS
    for node in nodes:
        labels = (node.get("metadata") or {}).get("labels") or {}
        if "node-role.kubernetes.io/control-plane" in labels:
            for addr in (node.get("status") or {}).get("addresses") or []:
                if addr.get("type") == "InternalIP" and addr.get("address"):
                    return f"https://{addr['address']}:6443"
    return SERVER_ADDRESS


def run_cluster_info(ctx: Context) -> None:
    if ctx.args.positional:
        if ctx.args.positional[0] == "dump":
            raise KubectlError(text("unsupported_sub", ctx.language, command="cluster-info dump", supported="cluster-info"))
        raise error(f'unknown command "{ctx.args.positional[0]}"\nSee \'kubectl cluster-info -h\' for help and examples')
    server = control_plane_address(ctx)
    lines = [f"Kubernetes control plane is running at {server}"]
    try:
        services = ctx.client.list(lookup_type("services"), "kube-system", "kubernetes.io/cluster-service=true")
    except APIFailure:
        services = []
    for svc in services:
        labels = svc["metadata"].get("labels") or {}
        name = labels.get("kubernetes.io/name") or svc["metadata"]["name"]
        ports = (svc.get("spec") or {}).get("ports") or []
        port = ports[0].get("name") or str(ports[0].get("port")) if ports else ""
        target = f"{svc['metadata']['name']}:{port}" if port else svc["metadata"]["name"]
        lines.append(f"{name} is running at {server}/api/v1/namespaces/kube-system/services/{target}/proxy")
    if not services:
        lines.append(f"CoreDNS is running at {server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy")
    lines += ["", "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."]
    ctx.print("\n".join(lines))


def run_explain(ctx: Context) -> None:
    a = ctx.args
    if not a.positional:
        raise error('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete '
                    "list of supported resources.")
    if len(a.positional) > 1:
        raise error("We accept only this format: explain RESOURCE\nSee 'kubectl explain -h' for help and examples")
    if a["output"] not in ("plaintext", "plaintext-openapiv2"):
        raise error(f"unsupported output format: {a['output']}; supported formats: plaintext, plaintext-openapiv2")
    path = a.positional[0].split(".")
    res = lookup_type(path[0])
    api_version = a["api-version"] or res.api_version
    try:
        schema = importlib.import_module("sandbox.engine.schema")
        explain = schema.explain
    except (ImportError, AttributeError):
        raise KubectlError(text("explain_missing", ctx.language)) from None
    version = str(getattr(ctx.cluster, "kube_version", "1.32"))
    try:
        ctx.write(explain(version, api_version, res.kind, path[1:], recursive=a["recursive"]))
    except LookupError as exc:
        raise error(str(exc)) from None


def run_describe(ctx: Context) -> None:
    from . import builder, targets

    a = ctx.args
    try:
        describe = importlib.import_module("sandbox.engine.kubectl.describe").describe
    except (ImportError, AttributeError):
        raise KubectlError(text("describe_missing", ctx.language)) from None
    if not a.positional and not a["filename"]:
        raise error('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete '
                    "list of supported resources.")
    if a["filename"]:
        ctx.args.values.update({"all": False, "field-selector": None})
        objs, errors = targets.find(ctx, [], use_all=False)
    else:
        request = builder.parse_args(a.positional)
        found = builder.fetch(ctx.client, request, namespace=ctx.namespace, all_namespaces=a["all-namespaces"],
                              selector=a["selector"])
        objs = [(res, obj) for res, group in found.groups for obj in group]
        errors = found.errors
        if errors and len(a.positional) == 2 and "/" not in a.positional[0] and "," not in a.positional[0]:
            objs, errors = _by_prefix(ctx, request.groups[0][0], a.positional[1], errors)
    texts = []
    for res, obj in objs:
        texts.append(describe(ctx.cluster, res, obj))
    if texts:
        ctx.write("\n\n".join(texts))
        for _, obj in objs:
            _sandbox_note(ctx, obj)
    elif not errors:
        ctx.warn("No resources found" if a["all-namespaces"] else f"No resources found in {ctx.namespace} namespace.")
    ctx.report(errors)


def _sandbox_note(ctx: Context, obj: dict) -> None:
    """Where the sandbox differs from a cloud cluster or chose for a controller, say so (on stderr)."""
    spec = obj.get("spec") or {}
    name = obj["metadata"]["name"]
    if obj.get("kind") == "Service" and spec.get("type") == "LoadBalancer" and not (
            (obj.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
        ports = ", ".join(str(p["nodePort"]) for p in spec.get("ports") or () if p.get("nodePort")) or "-"
        ctx.warn(text("lb_pending", ctx.language, name=name, ports=ports))
    elif obj.get("kind") == "Ingress" and any(
            p.get("pathType") == "ImplementationSpecific"
            for rule in spec.get("rules") or () for p in (rule.get("http") or {}).get("paths") or ()):
        ctx.warn(text("ingress_notes", ctx.language, name=name))


def _by_prefix(ctx: Context, res, prefix: str, errors: list[str]):
    """`kubectl describe pods web` describes every pod whose name starts with `web` when none is called that."""
    try:
        listed = ctx.client.list(res, ctx.namespace if res.namespaced else None)
    except APIFailure as exc:
        return [], [exc.problem]
    matches = [(res, o) for o in listed if o["metadata"]["name"].startswith(prefix)]
    return (matches, []) if matches else ([], errors)
