"""`kubectl top pod|node`: CPU and memory from the simulated metrics (``metrics.py``).

kubectl's ``pkg/cmd/top`` and ``pkg/metricsutil/metrics_printer.go`` (v1.32): CPU as ``<n>m``,
memory as ``<n>Mi``, nodes with percentages of their allocatable, every cell followed by a tab in
cli-runtime's tabwriter (padding 3, minimum width 6), so lines end in padding like the real ones.
"""

from __future__ import annotations

from .. import metrics
from ..labels import SelectorError, parse_field_selector, parse_label_selector
from ..runtime import go_duration
from .client import APIFailure
from .common import Context
from .parser import Flag, KubectlError, error, flags

SUBCOMMANDS = {"pod": "pod", "pods": "pod", "po": "pod", "node": "node", "nodes": "node", "no": "node"}
POD_COLUMNS = ["NAME", "CPU(cores)", "MEMORY(bytes)"]
NODE_COLUMNS = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
METRICS_CREATION_DELAY = 120.0  # a pod younger than this may simply not have been scraped yet
MIB = 1024 * 1024
FLAGS = {
    "pod": flags(Flag("all-namespaces", "A", "bool", False), Flag("selector", "l", "str"),
                 Flag("field-selector", "", "str"), Flag("containers", "", "bool", False),
                 Flag("no-headers", "", "bool", False), Flag("sort-by", "", "str", ""), Flag("sum", "", "bool", False),
                 Flag("use-protocol-buffers", "", "bool", True)),
    "node": flags(Flag("selector", "l", "str"), Flag("no-headers", "", "bool", False), Flag("sort-by", "", "str", ""),
                  Flag("show-capacity", "", "bool", False), Flag("use-protocol-buffers", "", "bool", True)),
}
USAGE = {
    "top": ("Display resource (CPU/memory) usage.", "kubectl top [flags] [options]"),
    "top pod": ("Display resource (CPU/memory) usage of pods.", "kubectl top pod [NAME | -l label] [options]"),
    "top node": ("Display resource (CPU/memory) usage of nodes.", "kubectl top node [NAME | -l label] [options]"),
}


def usage(path: str) -> str:
    description, line = USAGE.get(path, USAGE["top"])
    more = 'Use "kubectl top <command> --help" for more information about a given command.\n' if path == "top" else ""
    return (f"{description}\n\nUsage:\n  {line}\n\n{more}"
            'Use "kubectl options" for a list of global command-line options (applies to all commands).\n')


def tab_table(rows: list[list[str]]) -> str:
    """cli-runtime's tabwriter with every cell tab-terminated: all columns padded, the last one too."""
    if not rows:
        return ""
    widths = [0] * max(len(r) for r in rows)
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    return "".join("".join(cell.ljust(max(widths[i] + 3, 6)) for i, cell in enumerate(row)) + "\n" for row in rows)


def _sort_by(ctx: Context) -> str:
    value = ctx.args["sort-by"] or ""
    if value not in ("", "cpu", "memory"):
        raise error("--sort-by accepts only cpu or memory")
    return value


def run(ctx: Context) -> None:
    sub = ctx.args.command[1]
    (_pods if sub == "pod" else _nodes)(ctx)


# --- pods ------------------------------------------------------------------------------------------


def _pods(ctx: Context) -> None:
    a = ctx.args
    sort_by = _sort_by(ctx)
    if len(a.positional) > 1:
        raise error("only one pod name may be given")  # cobra's args check would list usage; keep it short
    name = a.positional[0] if a.positional else ""
    all_ns = bool(a["all-namespaces"]) and not name
    namespace = None if all_ns else ctx.namespace
    cluster = ctx.cluster
    try:
        selector = parse_label_selector(a["selector"])
        fields = parse_field_selector(a["field-selector"])
    except SelectorError as exc:
        raise error(str(exc)) from None
    pods = [p for p in cluster.store.list("Pod", namespace)
            if (not name or p["metadata"]["name"] == name) and selector.matches(p["metadata"].get("labels") or {})
            and all(f.matches(_field(p, f.field)) for f in fields)]
    shares = metrics.standing_rps(cluster)
    found = [(p, metrics.pod_metrics(cluster, p, shares)) for p in pods]
    found = [(p, m) for p, m in found if m is not None]
    if name and not found:
        raise KubectlError(f'Error from server (NotFound): podmetrics.metrics.k8s.io "{ctx.namespace}/{name}" not found')
    if not found:
        for pod in pods:
            age = cluster.clock.seconds_since(pod["metadata"].get("creationTimestamp") or "")
            if age > METRICS_CREATION_DELAY:
                raise error(f"Metrics not available for pod {pod['metadata']['namespace']}/{pod['metadata']['name']}, "
                            f"age: {go_duration(age, 0)}")
        if pods:
            raise error("metrics not available yet")
        ctx.warn("No resources found" if all_ns else f"No resources found in {ctx.namespace} namespace.")
        return
    if sort_by:
        key = "cpu" if sort_by == "cpu" else "memory"
        found.sort(key=lambda pm: -sum(c[key] for c in pm[1]))
    else:
        found.sort(key=lambda pm: (pm[0]["metadata"]["namespace"] if all_ns else "", pm[0]["metadata"]["name"]))
    rows: list[list[str]] = []
    columns = POD_COLUMNS
    if a["containers"]:
        columns = ["POD"] + columns
    if all_ns:
        columns = ["NAMESPACE"] + columns
    if not a["no-headers"]:
        rows.append(list(columns))
    total_cpu = total_mem = 0
    for pod, usage in found:
        prefix = [pod["metadata"]["namespace"]] if all_ns else []
        if a["containers"]:
            ordered = sorted(usage, key=lambda c: -c[sort_by]) if sort_by else usage
            for c in ordered:
                rows.append(prefix + [pod["metadata"]["name"], c["name"], f"{c['cpu']}m", f"{c['memory'] // MIB}Mi"])
        else:
            cpu, mem = sum(c["cpu"] for c in usage), sum(c["memory"] for c in usage)
            rows.append(prefix + [pod["metadata"]["name"], f"{cpu}m", f"{mem // MIB}Mi"])
        total_cpu += sum(c["cpu"] for c in usage)
        total_mem += sum(c["memory"] for c in usage)
    if a["sum"]:
        width = len(columns)
        rows.append([""] * (width - 2) + ["________", "________"])
        rows.append([""] * (width - 3) + ["", f"{total_cpu}m", f"{total_mem // MIB}Mi"])
    ctx.write(tab_table(rows))


def _field(pod: dict, path: str) -> str:
    value = pod
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else str(value)


# --- nodes -------------------------------------------------------------------------------------------


def _nodes(ctx: Context) -> None:
    a = ctx.args
    sort_by = _sort_by(ctx)
    name = a.positional[0] if a.positional else ""
    cluster = ctx.cluster
    try:
        selector = parse_label_selector(a["selector"])
    except SelectorError as exc:
        raise error(str(exc)) from None
    nodes = [n for n in cluster.store.list("Node") if (not name or n["metadata"]["name"] == name)
             and selector.matches(n["metadata"].get("labels") or {})]
    shares = metrics.standing_rps(cluster)
    usage = {n["metadata"]["name"]: metrics.node_metrics(cluster, n, shares) for n in nodes}
    if name and usage.get(name) is None:
        raise KubectlError(f'Error from server (NotFound): nodemetrics.metrics.k8s.io "{name}" not found')
    measured = [(n, usage[n["metadata"]["name"]]) for n in nodes if usage[n["metadata"]["name"]] is not None]
    if not measured:
        raise error("metrics not available yet")
    if sort_by:
        measured.sort(key=lambda nm: -nm[1][sort_by])
    rows: list[list[str]] = [] if a["no-headers"] else [list(NODE_COLUMNS)]
    for node, use in measured:
        status = node.get("status") or {}
        available = (status.get("capacity") if a["show-capacity"] else status.get("allocatable")) or {}
        cpu_avail = _milli(available.get("cpu", "0"))
        mem_avail = _milli(available.get("memory", "0"))
        rows.append([node["metadata"]["name"], f"{use['cpu']}m", _percent(use["cpu"], cpu_avail),
                     f"{use['memory'] // MIB}Mi", _percent(use["memory"] * 1000, mem_avail)])
    for node in nodes:  # nodes whose metrics are unreachable come last
        if usage[node["metadata"]["name"]] is None:
            rows.append([node["metadata"]["name"]] + ["<unknown>"] * 4)
    ctx.write(tab_table(rows))


def _milli(value) -> int:
    from ..defaults import parse_quantity

    try:
        return int(parse_quantity(value) * 1000)
    except (ValueError, ArithmeticError):
        return 0


def _percent(milli_used: int, milli_available: int) -> str:
    if not milli_available:
        return "0%"
    return f"{int(milli_used / milli_available * 100)}%"


def dispatch(ctx: Context, words: list[str], run_command) -> None:
    """Called by the command router for `kubectl top ...`."""
    from .parser import first_words

    path = first_words(words, 2)
    if len(path) >= 2 and path[1] not in SUBCOMMANDS:
        raise error(f'unknown command "{path[1]}" for "kubectl top"')  # cobra falls back to the usage text
    help_asked = any(w in ("-h", "--help") for w in words[: words.index("--") if "--" in words else len(words)])
    if len(path) < 2:
        if help_asked:
            ctx.write(usage("top"))
            return
        raise KubectlError(usage("top"))
    sub = SUBCOMMANDS[path[1]]
    if help_asked:
        ctx.write(usage(f"top {sub}"))
        return
    from .commands import Command

    def go(c: Context) -> None:
        c.args.command = ("top", sub)
        try:
            run(c)
        except APIFailure as exc:
            raise KubectlError(exc.text) from None

    run_command(ctx, words, ("top", path[1]), Command(go, FLAGS[sub]))
