"""Resource arguments -> objects, as cli-runtime's resource.Builder reads them.

`pods`, `pods web db`, `pod/web svc/web`, `pods,svc`, `pods,svc web`, `all`, with -n/-A, -l and
--field-selector; errors for names are collected (kubectl prints what it found, then the errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import resources
from ..resources import Resource
from .client import APIFailure, Client, Problem
from .parser import error

# `kubectl get all`: the "all" category, in discovery order (core, apps, autoscaling, batch).
ALL_CATEGORY = ("pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets",
                "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs")


@dataclass
class Request:
    """What the arguments asked for: per resource type, the names (None = list them all)."""

    groups: list[tuple[Resource, list[str] | None]] = field(default_factory=list)
    single: bool = False  # one object asked for by name (print it, not a List)
    slashed: bool = False  # given as TYPE/NAME

    @property
    def has_names(self) -> bool:
        return any(names is not None for _, names in self.groups)


def lookup_type(name: str) -> Resource:
    found = resources.lookup(name)
    if found is None:
        raise error(f'the server doesn\'t have a resource type "{name}"')
    return found


def expand_types(text: str) -> list[Resource]:
    out: list[Resource] = []
    for part in text.split(","):
        if not part:
            continue
        if part == "all":
            out.extend(lookup_type(p) for p in ALL_CATEGORY)
        else:
            out.append(lookup_type(part))
    seen: list[Resource] = []
    for res in out:
        if res not in seen:
            seen.append(res)
    return seen


def parse_args(args: list[str]) -> Request:
    """TYPE [NAME...] | TYPE/NAME... | TYPE1,TYPE2 [NAME...]."""
    if not args:
        return Request()
    slashed = [a for a in args if "/" in a]
    if slashed:
        if len(slashed) != len(args):
            raise error("there is no need to specify a resource type as a separate argument when passing arguments "
                        "in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get "
                        "resource resource/<resource_name>'")
        request = Request()
        for arg in args:
            parts = arg.split("/")
            if len(parts) > 2:
                raise error("arguments in resource/name form may not have more than one slash")
            kind, name = parts
            if not kind or not name:
                raise error("arguments in resource/name form must have a single resource and name")
            res = lookup_type(kind)
            for i, (existing, names) in enumerate(request.groups):
                if existing == res and names is not None:
                    names.append(name)
                    break
            else:
                request.groups.append((res, [name]))
        request.single = len(args) == 1
        request.slashed = True
        return request
    types = expand_types(args[0])
    names = args[1:]
    request = Request([(res, list(names) if names else None) for res in types])
    request.single = len(types) == 1 and len(names) == 1
    return request


@dataclass
class Found:
    groups: list[tuple[Resource, list[dict]]]
    errors: list[Problem]

    @property
    def objects(self) -> list[dict]:
        return [obj for _, objs in self.groups for obj in objs]

    @property
    def count(self) -> int:
        return sum(len(objs) for _, objs in self.groups)


def fetch(client: Client, request: Request, *, namespace: str, all_namespaces: bool = False,
          selector: str | None = None, field_selector: str | None = None) -> Found:
    """Get the named objects and list the rest; NotFound and other API errors become error lines."""
    if request.slashed and (selector or field_selector):
        raise error("selectors and the all flag cannot be used when passing resource/name arguments")
    if request.has_names and (selector or field_selector):
        raise error("name cannot be provided when a selector is specified")
    if request.has_names and all_namespaces:
        raise error("a resource cannot be retrieved by name across all namespaces")
    groups: list[tuple[Resource, list[dict]]] = []
    errors: list[Problem] = []
    for res, names in request.groups:
        ns = namespace if res.namespaced else ""
        objs: list[dict] = []
        if names is None:
            try:
                objs = client.list(res, None if all_namespaces else ns, selector, field_selector)
            except APIFailure as exc:
                errors.append(_list_error(exc, res, selector, field_selector))
        else:
            for name in names:
                try:
                    objs.append(client.get(res, ns, name))
                except APIFailure as exc:
                    errors.append(exc.problem)
        groups.append((res, objs))
    return Found(groups, errors)


def _list_error(exc: APIFailure, res: Resource, selector: str | None, field_selector: str | None) -> Problem:
    """cli-runtime's EnhanceListError: say which list failed, and with which selectors."""
    if exc.reason not in ("BadRequest", "NotFound") or exc.error is None or exc.error.client_side:
        return exc.problem
    group, _, version = res.api_version.rpartition("/")
    subject = f"{group}/{version}, Resource={res.plural}"
    if selector or field_selector:
        message = (f'Unable to find "{subject}" that match label selector "{selector or ""}", '
                   f'field selector "{field_selector or ""}": {exc.raw}')
    else:
        message = f'Unable to list "{subject}": {exc.raw}'
    text = f"Error from server ({exc.reason}): {message}"
    return Problem(text, text)
