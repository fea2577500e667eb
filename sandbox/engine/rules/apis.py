"""API versions that are no longer served (reference §11), and kinds that do not exist."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

import yaml

from .. import resources
from ..manifests import Document
from ..messages import CATALOGUE, Issue, issue
from ._common import _d, _s, _version
from .ingress import convert_ingress_v1beta1
from .korean import josa
from .values import _go_quote


@dataclass(frozen=True)
class _Removal:
    removed: tuple[int, int]
    replacements: tuple[tuple[tuple[int, int], str], ...]  # (served since, apiVersion) of the replacement


def _removals() -> dict[tuple[str, str], _Removal]:
    table: dict[tuple[str, str], _Removal] = {}

    def add(removed: tuple[int, int], api_versions: Iterable[str], kinds: Iterable[str], *replacements) -> None:
        for api_version in api_versions:
            for kind in kinds:
                table[(api_version, kind)] = _Removal(removed, tuple(replacements))

    workloads = ("Deployment", "DaemonSet", "ReplicaSet")
    add((1, 16), ["extensions/v1beta1"], workloads, ((1, 9), "apps/v1"))
    add((1, 16), ["apps/v1beta1"], ("Deployment", "StatefulSet", "ControllerRevision"), ((1, 9), "apps/v1"))
    add((1, 16), ["apps/v1beta2"], (*workloads, "StatefulSet", "ControllerRevision"), ((1, 9), "apps/v1"))
    add((1, 16), ["extensions/v1beta1"], ["NetworkPolicy"], ((1, 8), "networking.k8s.io/v1"))
    add((1, 16), ["extensions/v1beta1"], ["PodSecurityPolicy"], ((1, 10), "policy/v1beta1"))
    add((1, 22), ["extensions/v1beta1", "networking.k8s.io/v1beta1"], ["Ingress"], ((1, 19), "networking.k8s.io/v1"))
    add((1, 22), ["networking.k8s.io/v1beta1"], ["IngressClass"], ((1, 19), "networking.k8s.io/v1"))
    v122 = {
        "apiextensions.k8s.io": (["CustomResourceDefinition"], (1, 16)),
        "admissionregistration.k8s.io": (["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], (1, 16)),
        "apiregistration.k8s.io": (["APIService"], (1, 10)),
        "authentication.k8s.io": (["TokenReview"], (1, 6)),
        "authorization.k8s.io": (["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview",
                                  "SelfSubjectRulesReview"], (1, 6)),
        "certificates.k8s.io": (["CertificateSigningRequest"], (1, 19)),
        "coordination.k8s.io": (["Lease"], (1, 14)),
        "rbac.authorization.k8s.io": (["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], (1, 8)),
        "scheduling.k8s.io": (["PriorityClass"], (1, 14)),
        "storage.k8s.io": (["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], (1, 6)),
    }
    for group, (kinds, since) in v122.items():
        add((1, 22), [f"{group}/v1beta1"], kinds, (since, f"{group}/v1"))
    add((1, 25), ["batch/v1beta1"], ["CronJob"], ((1, 21), "batch/v1"))
    add((1, 25), ["discovery.k8s.io/v1beta1"], ["EndpointSlice"], ((1, 21), "discovery.k8s.io/v1"))
    add((1, 25), ["events.k8s.io/v1beta1"], ["Event"], ((1, 19), "events.k8s.io/v1"))
    add((1, 25), ["autoscaling/v2beta1"], ["HorizontalPodAutoscaler"], ((1, 23), "autoscaling/v2"))
    add((1, 25), ["policy/v1beta1"], ["PodDisruptionBudget"], ((1, 21), "policy/v1"))
    add((1, 25), ["policy/v1beta1"], ["PodSecurityPolicy"])
    add((1, 25), ["node.k8s.io/v1beta1"], ["RuntimeClass"], ((1, 20), "node.k8s.io/v1"))
    flow = ("FlowSchema", "PriorityLevelConfiguration")
    group = "flowcontrol.apiserver.k8s.io"
    add((1, 26), [f"{group}/v1beta1"], flow, ((1, 23), f"{group}/v1beta2"), ((1, 26), f"{group}/v1beta3"),
        ((1, 29), f"{group}/v1"))
    add((1, 26), ["autoscaling/v2beta2"], ["HorizontalPodAutoscaler"], ((1, 23), "autoscaling/v2"))
    add((1, 27), ["storage.k8s.io/v1beta1"], ["CSIStorageCapacity"], ((1, 24), "storage.k8s.io/v1"))
    add((1, 29), [f"{group}/v1beta2"], flow, ((1, 26), f"{group}/v1beta3"), ((1, 29), f"{group}/v1"))
    add((1, 32), [f"{group}/v1beta3"], flow, ((1, 29), f"{group}/v1"))
    return table


REMOVED_APIS = _removals()


def _replacement(removal: _Removal, v: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """The newest replacement served at ``v`` (a removed replacement is followed to its own)."""
    served = [(since, api) for since, api in removal.replacements if since <= v]
    return (served[-1][1], served[-1][0]) if served else None


def _mapping_params(doc: Document) -> dict:
    data = doc.data if isinstance(doc.data, dict) else {}
    meta = _d(data.get("metadata")) or {}
    return {
        "name": _go_quote(_s(meta.get("name")) or "")[1:-1],
        "namespace": _go_quote(_s(meta.get("namespace")) or "")[1:-1],
        "file": doc.file,
        "kind": _s(data.get("kind")) or "",
        "api_version": _s(data.get("apiVersion")) or "",
    }


def removed_api(doc: Document, kube_version: str) -> Issue | None:
    """The kubectl error for an apiVersion that ``kube_version`` no longer serves, with the one to use."""
    params = _mapping_params(doc)
    removal = REMOVED_APIS.get((params["api_version"], params["kind"]))
    v = _version(kube_version)
    if removal is None or v < removal.removed:
        return None
    removed = f"{removal.removed[0]}.{removal.removed[1]}"
    replacement = _replacement(removal, (removal.removed[0], 99))
    kind = params["kind"]
    if replacement is None:  # PodSecurityPolicy: gone, no successor API
        use, use_ko = CATALOGUE["hint.removed_psp"].en, CATALOGUE["hint.removed_psp"].ko
        target = ""
    else:
        target, since = replacement
        chained = REMOVED_APIS.get((target, kind))
        if chained is not None and v >= chained.removed:  # e.g. extensions/v1beta1 PSP -> policy/v1beta1, gone too
            follow = _replacement(chained, v)
            target = follow[0] if follow else ""
        hint = CATALOGUE["hint.removed_use"]
        use = hint.en.format(kind=kind, target=target) if target else CATALOGUE["hint.removed_psp"].en
        use_ko = hint.ko.format(kind=kind, target=target) if target else CATALOGUE["hint.removed_psp"].ko
    converted = ""
    if kind == "Ingress" and isinstance(doc.data, dict):
        converted = yaml.safe_dump(convert_ingress_v1beta1(doc.data), sort_keys=False, allow_unicode=True,
                                   default_flow_style=False)
        use += CATALOGUE["hint.removed_ingress"].en.format(manifest=converted)
        use_ko += CATALOGUE["hint.removed_ingress"].ko.format(manifest=converted)
    target_ko = josa(target, "을를") if target else "Pod Security Admission을"
    item = issue("api.removed", "apiVersion", doc.pos(("apiVersion",)), removed=removed,
                 kind_topic=josa(kind, "은는"), target=target or "-", target_ko=target_ko, **params)
    item.hint, item.hint_ko = use, use_ko
    return item


# --- kinds that do not exist --------------------------------------------------------------------

_BUILTIN_GROUPS = {r.group for r in resources.RESOURCES} | {"extensions", "policy", "metrics.k8s.io"}
_BUILTIN_KINDS = sorted({r.kind for r in resources.RESOURCES} - {"Binding", "ComponentStatus"})


def unknown_kind(doc: Document, kube_version: str) -> Issue:
    """kubectl's mapping error for a kind/apiVersion with no schema, with what was probably meant."""
    params = _mapping_params(doc)
    kind, api_version = params["kind"], params["api_version"]
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    known = resources.by_kind(kind)
    item = issue("kind.unknown", "kind", doc.pos(("kind",)), kind_object=josa(kind, "을를"), **params)
    if known is not None:
        entry = CATALOGUE["hint.kind_api_version"]
        pos = doc.pos(("apiVersion",))
        item.line, item.column, item.path = pos[0], pos[1], "apiVersion"
        fmt = {"kind": kind, "api_version": api_version, "preferred": known.api_version}
        item.hint, item.hint_ko = entry.en.format(**fmt), entry.ko.format(**fmt)
        return item
    if group in _BUILTIN_GROUPS:
        lowered = {k.lower(): k for k in _BUILTIN_KINDS}
        guess = lowered.get(kind.lower()) or next(iter(difflib.get_close_matches(kind, _BUILTIN_KINDS, 1, 0.75)), None)
        if guess is not None:
            target = resources.by_kind(guess)
            entry = CATALOGUE["hint.kind_did_you_mean" if target.api_version == api_version
                              else "hint.kind_did_you_mean_version"]
            fmt = {"guess": guess, "preferred": target.api_version, "guess_obj": josa(f"`{guess}`", "을를"),
                   "preferred_obj": josa(f"`apiVersion: {target.api_version}`", "을를")}
            item.hint, item.hint_ko = entry.en.format(**fmt), entry.ko.format(**fmt)
            return item
    entry = CATALOGUE["hint.kind_custom"]
    item.hint, item.hint_ko = entry.en.format(kind=kind), entry.ko.format(kind=kind)
    return item
