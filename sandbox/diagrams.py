"""Graphviz: DOT text -> sanitised inline SVG, cached by content.

Lesson diagrams and (later) the live cluster diagram both come through here. The SVG that
graphviz writes is passed through an allowlist, so nothing executable (scripts, event
handlers, javascript: links) reaches a page even if the DOT source asked for it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from functools import lru_cache

import nh3

DOT_TIMEOUT_SECONDS = 10
MAX_DOT_BYTES = 200_000


class DiagramError(Exception):
    """DOT that graphviz could not render (the message is graphviz's own, first line)."""


_SVG_TAGS = {
    "svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan",
    "title", "defs", "lineargradient", "radialgradient", "stop",
}
_SVG_ATTRS = {
    "id", "class", "width", "height", "viewbox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "points", "d", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity",
    "transform", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "opacity",
    "offset", "stop-color", "stop-opacity", "gradientunits", "preserveaspectratio", "xmlns",
    "viewBox", "preserveAspectRatio", "gradientUnits",
}


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def sanitize_svg(svg: str) -> str:
    """Keep drawing elements and presentation attributes only; drop scripts, handlers and links."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.S)
    cleaned = nh3.clean(
        svg,
        tags=_SVG_TAGS,
        attributes={tag: _SVG_ATTRS for tag in _SVG_TAGS},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


@lru_cache(maxsize=512)
def _render(digest: str, source: str) -> str:
    try:
        result = subprocess.run(
            ["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT_SECONDS
        )
    except FileNotFoundError:
        raise DiagramError("graphviz is not installed (apt-get install graphviz)") from None
    except subprocess.TimeoutExpired:
        raise DiagramError(f"graphviz took longer than {DOT_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiagramError(message[0] if message else f"dot exited with {result.returncode}")
    return sanitize_svg(result.stdout.decode("utf-8", "replace"))


def dot_to_svg(source: str) -> str:
    """Render DOT to sanitised SVG; the same source is rendered once per process."""
    if len(source.encode("utf-8")) > MAX_DOT_BYTES:
        raise DiagramError(f"diagram source is larger than {MAX_DOT_BYTES} bytes")
    return _render(hashlib.sha256(source.encode("utf-8")).hexdigest(), source)


def escape_dot(text: str) -> str:
    """Text for inside a double-quoted DOT string: quotes, backslashes and newlines escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")


# --- the live cluster diagram -------------------------------------------------------------------------

POD_COLOURS = {  # fill colour by the STATUS column (kept in step with the pod cards in site.css)
    "Running": "#d1fadf", "Completed": "#e5e7eb", "Succeeded": "#e5e7eb", "Pending": "#fef3c7",
    "ContainerCreating": "#dbeafe", "PodInitializing": "#dbeafe", "Terminating": "#f3e8ff",
    "CrashLoopBackOff": "#fee2e2", "Error": "#fee2e2", "ImagePullBackOff": "#ffedd5", "ErrImagePull": "#ffedd5",
}
HIDDEN_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease")
MAX_DIAGRAM_PODS = 200


def cluster_dot(source) -> str:
    """The object graph as DOT: Ingress -> Service -> Pods <- ReplicaSet <- Deployment, pods inside their node.

    ``source`` is a Cluster (anything with ``list(kind)``) or a list of API objects. Every name and
    label comes from the student, so all text goes through :func:`escape_dot`; node ids are our own."""
    objects = source if isinstance(source, list) else [
        obj for kind in ("Node", "Pod", "ReplicaSet", "Deployment", "Service", "Ingress") for obj in source.list(kind)]
    ids: dict[tuple[str, str, str], str] = {}

    def node_id(obj: dict) -> str:
        meta = obj.get("metadata") or {}
        key = (obj.get("kind", ""), meta.get("namespace") or "", meta.get("name") or "")
        return ids.setdefault(key, f"n{len(ids)}")

    def label(*lines: str) -> str:
        return "\\n".join(escape_dot(str(line)) for line in lines if line)

    def of(kind: str) -> list[dict]:
        return [o for o in objects if o.get("kind") == kind and (o.get("metadata") or {}).get("namespace") not in HIDDEN_NAMESPACES
                and not (kind == "Service" and (o.get("metadata") or {}).get("name") == "kubernetes")]

    pods = of("Pod")[:MAX_DIAGRAM_PODS]
    lines = ["digraph cluster {", "  rankdir=LR; compound=true; bgcolor=\"transparent\";",
             '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff"];',
             '  edge [color="#64748b", arrowsize=0.7];']
    by_node: dict[str, list[dict]] = {}
    for pod in pods:
        by_node.setdefault((pod.get("spec") or {}).get("nodeName") or "", []).append(pod)
    for index, node in enumerate(of("Node")):
        name = (node.get("metadata") or {}).get("name") or ""
        members = by_node.pop(name, [])
        ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                    for c in (node.get("status") or {}).get("conditions") or ())
        lines.append(f"  subgraph cluster_node{index} {{")
        lines.append(f'    label="{label(name + ("" if ready else " (NotReady)"))}"; style="rounded"; '
                     f'color="{"#94a3b8" if ready else "#c4321b"}"; fontname="Helvetica"; fontsize=11;')
        if not members:
            lines.append(f'    {node_id(node)} [label="", shape=point, style=invis];')
        for pod in members:
            lines.append("    " + _pod_line(pod, node_id(pod), label))
        lines.append("  }")
    for pod in by_node.get("", []) + [p for key, group in by_node.items() if key for p in group]:
        lines.append("  " + _pod_line(pod, node_id(pod), label))
    for rs in of("ReplicaSet"):
        meta = rs.get("metadata") or {}
        lines.append(f'  {node_id(rs)} [label="{label("ReplicaSet", meta.get("name"))}", fillcolor="#eef2ff"];')
    for deploy in of("Deployment"):
        meta = deploy.get("metadata") or {}
        lines.append(f'  {node_id(deploy)} [label="{label("Deployment", meta.get("name"))}", fillcolor="#e0e7ff"];')
    for svc in of("Service"):
        meta = svc.get("metadata") or {}
        lines.append(f'  {node_id(svc)} [label="{label("Service", meta.get("name"))}", shape=ellipse, fillcolor="#ecfeff"];')
    for ing in of("Ingress"):
        meta = ing.get("metadata") or {}
        lines.append(f'  {node_id(ing)} [label="{label("Ingress", meta.get("name"))}", shape=hexagon, fillcolor="#fdf4ff"];')
    # owners point at what they own (ReplicaSet -> Pod reads "Pods <- ReplicaSet"); traffic flows left to right
    for obj in pods + of("ReplicaSet"):
        meta = obj.get("metadata") or {}
        for ref in meta.get("ownerReferences") or ():
            key = (ref.get("kind", ""), meta.get("namespace") or "", ref.get("name") or "")
            if key in ids:
                lines.append(f'  {ids[key]} -> {node_id(obj)} [style=dashed, dir=back, arrowtail=diamond];')
    for svc in of("Service"):
        selector = (svc.get("spec") or {}).get("selector") or {}
        namespace = (svc.get("metadata") or {}).get("namespace")
        if not selector:
            continue
        for pod in pods:
            meta = pod.get("metadata") or {}
            labels = meta.get("labels") or {}
            if meta.get("namespace") == namespace and all(labels.get(k) == v for k, v in selector.items()):
                lines.append(f"  {node_id(svc)} -> {node_id(pod)};")
    for ing in of("Ingress"):
        namespace = (ing.get("metadata") or {}).get("namespace") or ""
        backends = {((p.get("backend") or {}).get("service") or {}).get("name")
                    for r in (ing.get("spec") or {}).get("rules") or () for p in (r.get("http") or {}).get("paths") or ()}
        default = (((ing.get("spec") or {}).get("defaultBackend") or {}).get("service") or {}).get("name")
        for name in sorted(n for n in backends | {default} if n):
            key = ("Service", namespace, name)
            if key in ids:
                lines.append(f"  {node_id(ing)} -> {ids[key]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _pod_line(pod: dict, pid: str, label) -> str:
    from .engine.frames import summarize

    summary = summarize(pod)
    status = "Terminating" if summary.get("deleting") else summary.get("status") or "Pending"
    colour = POD_COLOURS.get(status, "#ffffff")
    name = (pod.get("metadata") or {}).get("name") or ""
    return f'{pid} [label="{label(name, status)}", fillcolor="{colour}"];'
