"""`kubectl config`: the sandbox's one kubeconfig (kubeadm's admin.conf, certificates omitted).

`config set-context --current --namespace=NS` changes the namespace later commands use; it is kept
on the cluster object (``cluster.kubectl_namespace``) so it lasts as long as the sandbox.
"""

from __future__ import annotations

from .common import SANDBOX_CONTEXT, Context
from .format import table
from .goyaml import to_json, to_yaml
from .info import control_plane_address
from .output import parse_output, render_jsonpath
from .parser import Flag, KubectlError, error, flags
from .texts import text

FLAGS = flags(
    Flag("output", "o", "str", ""), Flag("minify", "", "bool", False), Flag("raw", "", "bool", False),
    Flag("flatten", "", "bool", False), Flag("merge", "", "bool", True), Flag("no-headers", "", "bool", False),
    Flag("current", "", "bool", False), Flag("namespace", "n", "str"),
)
SUBCOMMANDS = ("current-context", "delete-cluster", "delete-context", "delete-user", "get-clusters", "get-contexts",
               "get-users", "rename-context", "set", "set-cluster", "set-context", "set-credentials", "unset",
               "use-context", "use", "view")
SUPPORTED = "view, current-context, get-contexts, get-clusters, get-users, use-context, set-context --current --namespace"
CLUSTER_NAME, USER_NAME = "kubernetes", "kubernetes-admin"


def _namespace(ctx: Context) -> str:
    return getattr(ctx.cluster, "kubectl_namespace", None) or ""


def kubeconfig(ctx: Context, typed_order: bool = False) -> dict:
    context = {"cluster": CLUSTER_NAME, "user": USER_NAME}
    if _namespace(ctx):
        context["namespace"] = _namespace(ctx)
    cluster = {"certificate-authority-data": "DATA+OMITTED", "server": control_plane_address(ctx)}
    user = {"client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED"}
    if typed_order:  # clientcmd's v1.Config field order, as `-o json` prints it
        return {"kind": "Config", "apiVersion": "v1", "preferences": {},
                "clusters": [{"name": CLUSTER_NAME, "cluster": {"server": cluster["server"],
                                                                "certificate-authority-data": "DATA+OMITTED"}}],
                "users": [{"name": USER_NAME, "user": user}],
                "contexts": [{"name": SANDBOX_CONTEXT, "context": context}],
                "current-context": SANDBOX_CONTEXT}
    return {"apiVersion": "v1", "clusters": [{"cluster": cluster, "name": CLUSTER_NAME}],
            "contexts": [{"context": context, "name": SANDBOX_CONTEXT}], "current-context": SANDBOX_CONTEXT,
            "kind": "Config", "preferences": {}, "users": [{"name": USER_NAME, "user": user}]}


def run(ctx: Context, sub: str) -> None:
    a = ctx.args
    if sub == "view":
        out = parse_output(a["output"] or "yaml", ("json", "yaml", "jsonpath", "jsonpath-as-json", "name"))
        if out.kind == "json":
            ctx.write(to_json(kubeconfig(ctx, typed_order=True), sort_keys=False))
        elif out.kind == "yaml":
            ctx.write(to_yaml(kubeconfig(ctx)))
        else:
            ctx.write(render_jsonpath(out.arg, kubeconfig(ctx), out.kind == "jsonpath-as-json"))
    elif sub == "current-context":
        ctx.print(SANDBOX_CONTEXT)
    elif sub == "get-contexts":
        names = a.positional or [SANDBOX_CONTEXT]
        if a["output"] == "name":
            ctx.print("\n".join(n for n in names if n == SANDBOX_CONTEXT))
        elif a["output"]:
            raise error(f"output must be one of '' or 'name': {a['output']}")
        else:
            rows = [] if a["no-headers"] else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
            if SANDBOX_CONTEXT in names:
                rows.append(["*", SANDBOX_CONTEXT, CLUSTER_NAME, USER_NAME, _namespace(ctx)])
            ctx.write(table(rows) + "\n" if rows else "")
        for name in names:
            if name != SANDBOX_CONTEXT:
                ctx.fail(f"error: context {name} not found")
    elif sub == "get-clusters":
        ctx.print(f"NAME\n{CLUSTER_NAME}")
    elif sub == "get-users":
        ctx.print(f"NAME\n{USER_NAME}")
    elif sub in ("use-context", "use"):
        if len(a.positional) != 1:
            raise error("Unexpected args: %s" % a.positional if a.positional else "empty context names are not allowed")
        if a.positional[0] != SANDBOX_CONTEXT:
            raise error(f'no context exists with the name: "{a.positional[0]}"')
        ctx.print(f'Switched to context "{SANDBOX_CONTEXT}".')
    elif sub == "set-context":
        _set_context(ctx)
    else:
        raise KubectlError(text("unsupported_sub", ctx.language, command=f"config {sub}", supported=SUPPORTED))


def _set_context(ctx: Context) -> None:
    a = ctx.args
    name = a.positional[0] if a.positional else ""
    if a["current"] and name:
        raise error("you cannot specify both a context name and --current")
    if not a["current"] and name != SANDBOX_CONTEXT:
        raise KubectlError(text("context", ctx.language))
    if a.has("namespace"):
        try:
            ctx.cluster.kubectl_namespace = a["namespace"] or None
        except AttributeError:
            raise KubectlError(text("server_side", ctx.language, flag="config set-context --namespace")) from None
    ctx.print(f'Context "{SANDBOX_CONTEXT}" modified.')
