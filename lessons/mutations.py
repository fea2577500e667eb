"""Broken variants of a reference solution, for `lessons check`: every check must be able to fail.

A check that passes for the starter, for an empty submission and for every targeted mutation of
the solution tests nothing. The mutations are the mistakes students make: a missing object, a
wrong field, zero replicas, a selector that matches nothing, a probe left out, an image that does
not exist, a typo that makes the manifest invalid, the wrong namespace, a command skipped.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import yaml

from .exercises import Check, Exercise

_STEP = re.compile(r"\.?([A-Za-z0-9_\-/]+)|\[(\d+)\]|\['([^']+)'\]")


def _path(expr: str) -> list[str | int] | None:
    """`.spec.containers[0].image` -> ["spec", "containers", 0, "image"]; None for filters and wildcards."""
    text = expr.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if any(mark in text for mark in ("*", "?", "..", ":", ",")):
        return None
    steps: list[str | int] = []
    pos = 0
    while pos < len(text):
        m = _STEP.match(text, pos)
        if not m or m.end() == pos:
            return None
        steps.append(int(m.group(2)) if m.group(2) is not None else (m.group(1) or m.group(3)))
        pos = m.end()
    return steps or None


def _parent(data: Any, steps: list[str | int]) -> Any:
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return None
            data = data[step]
        else:
            if not isinstance(data, dict) or step not in data:
                return None
            data = data[step]
    return data


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    return "changed"


def _dump(docs: list[Any]) -> str:
    return "---\n".join(yaml.safe_dump(d, sort_keys=False, allow_unicode=True) for d in docs if d is not None)


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _same_object(doc: Any, kind: str, name: str) -> bool:
    return (
        isinstance(doc, dict)
        and str(doc.get("kind", "")).lower() == kind.lower()
        and (doc.get("metadata") or {}).get("name") == name
    )


def _edit_all(docs: list[Any], edit) -> list[Any] | None:
    out = copy.deepcopy(docs)
    changed = False
    for doc in out:
        for node in _walk(doc):
            changed = edit(node) or changed
    return out if changed else None


def _field_mutations(docs: list[Any], check_params: dict) -> Iterator[tuple[str, list[Any]]]:
    steps = _path(str(check_params.get("path", "")))
    if steps is None:
        return
    for i, doc in enumerate(docs):
        if not _same_object(doc, str(check_params.get("kind", "")), str(check_params.get("name", ""))):
            continue
        parent = _parent(doc, steps)
        last = steps[-1]
        if isinstance(last, int) and isinstance(parent, list) and last < len(parent):
            value = parent[last]
        elif isinstance(last, str) and isinstance(parent, dict) and last in parent:
            value = parent[last]
        else:
            continue
        for label, new in (("change", _changed(value)), ("remove", None)):
            variant = copy.deepcopy(docs)
            target = _parent(variant[i], steps)
            if new is None:
                del target[last]
            else:
                target[last] = new
            yield f"{label} {check_params['path']}", variant


def manifest_variants(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """(description, manifest text) for each broken variant of the solution."""
    try:
        docs = [d for d in yaml.safe_load_all(exercise.solution) if d is not None]
    except yaml.YAMLError:
        return
    for check in _all_checks(exercise):
        if check["type"] == "field":
            for label, variant in _field_mutations(docs, check):
                yield label, _dump(variant)
    for i, doc in enumerate(docs):
        kind = doc.get("kind") if isinstance(doc, dict) else "?"
        yield f"drop document {i} ({kind})", _dump(docs[:i] + docs[i + 1 :])

    def replicas(value):
        def edit(node):
            if "replicas" in node and isinstance(node["replicas"], int):
                node["replicas"] = value
                return True
            return False

        return edit

    def service_selector(node):
        if node.get("kind") == "Service" and isinstance((node.get("spec") or {}).get("selector"), dict):
            node["spec"]["selector"] = {k: f"{v}x" for k, v in node["spec"]["selector"].items()}
            return True
        return False

    def probes(node):
        found = False
        for key in ("livenessProbe", "readinessProbe", "startupProbe"):
            if key in node:
                del node[key]
                found = True
        return found

    def probe_ports(node):
        found = False
        for key in ("livenessProbe", "readinessProbe", "startupProbe"):
            action = (node.get(key) or {}).get("httpGet") or (node.get(key) or {}).get("tcpSocket")
            if isinstance(action, dict) and isinstance(action.get("port"), int):
                action["port"] += 1
                found = True
        return found

    def images(node):
        if "image" in node and "name" in node and isinstance(node["image"], str):
            node["image"] = "registry.example.com/missing/image:0.0"
            return True
        return False

    def ports(node):
        found = False
        for key in ("containerPort", "targetPort", "port", "nodePort"):
            if isinstance(node.get(key), int) and not isinstance(node.get(key), bool):
                node[key] = node[key] + 1 if key != "nodePort" else node[key] - 1
                found = True
        return found

    def namespaces(node):
        meta = node.get("metadata")
        if isinstance(meta, dict) and meta.get("namespace") not in (None, "default") and "kind" in node:
            meta["namespace"] = "default"
            return True
        return False

    def backends(node):
        service = node.get("service")
        if isinstance(service, dict) and isinstance(service.get("name"), str):
            service["name"] += "x"
            return True
        return False

    def paths(node):
        if isinstance(node.get("path"), str) and node.get("path").startswith("/") and "pathType" in node:
            node["path"] = node["path"] + "x"
            return True
        return False

    def hosts(node):
        if isinstance(node.get("host"), str) and isinstance(node.get("http"), dict):
            node["host"] = "x" + node["host"]
            return True
        return False

    def labels(node):
        found = False
        for key in ("labels", "matchLabels"):
            if isinstance(node.get(key), dict) and node[key]:
                node[key] = {k: f"{v}x" for k, v in node[key].items()}
                found = True
        return found

    edits = [
        ("replicas 0", replicas(0)),
        ("replicas 1", replicas(1)),
        ("break Service selectors", service_selector),
        ("remove probes", probes),
        ("probe on the wrong port", probe_ports),
        ("unknown images", images),
        ("shift every port", ports),
        ("move to the default namespace", namespaces),
        ("wrong Ingress backends", backends),
        ("wrong Ingress paths", paths),
        ("wrong Ingress hosts", hosts),
        ("rename every label", labels),
    ]
    for label, edit in edits:
        variant = _edit_all(docs, edit)
        if variant is not None:
            yield label, _dump(variant)
    if docs and isinstance(docs[0], dict):
        broken = copy.deepcopy(docs)
        broken[0]["spec" if "spec" in broken[0] else "metadata"]["bogusField"] = True
        yield "an unknown field (invalid)", _dump(broken)


def kubectl_variants(exercise: Exercise) -> Iterator[tuple[str, str]]:
    commands = [line for line in exercise.solution.splitlines() if line.strip()]
    for i, command in enumerate(commands):
        yield f"skip `{command}`", "".join(c + "\n" for j, c in enumerate(commands) if j != i)
    if commands:
        yield "only the first command", commands[0] + "\n"


def _all_checks(exercise: Exercise) -> Iterator[dict]:
    for check in exercise.checks:
        params = check.params["check"] if check.type == "survives" else {"type": check.type, **check.params}
        yield params


def variants(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """Starter, empty, then the targeted mutations (so the cheap, telling ones come first)."""
    yield "the starter", exercise.starter
    yield "an empty submission", ""
    if exercise.kind == "manifest":
        yield from manifest_variants(exercise)
    else:
        yield from kubectl_variants(exercise)


def unfailable_checks(exercise: Exercise, grade) -> tuple[list[Check], dict[str, str]]:
    """(checks that passed for every variant, check id -> the variant that first failed it)."""
    failed_by: dict[str, str] = {}
    wanted = {c.id for c in exercise.checks}
    for label, text in variants(exercise):
        result = grade(exercise, text)
        for check in result.checks:
            if not check.passed and check.id not in failed_by:
                failed_by[check.id] = label
        if wanted <= set(failed_by):
            break
    return [c for c in exercise.checks if c.id not in failed_by], failed_by
