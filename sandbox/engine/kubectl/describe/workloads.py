"""`kubectl describe` for workloads: ReplicaSet, Deployment, Job, DaemonSet, StatefulSet, CronJob."""

from __future__ import annotations

from ._context import _Ctx
from ._labels import (
    _controlled_by,
    _format_label_selector,
    _format_labels,
    _print_controller,
    _selector_matches,
    _selector_string,
)
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _b, _g, _go_slice, _int, _meta, _parse_time, _print_bool_ptr, _rfc1123z, _s
from .events import _describe_events, _events_for
from .gosort import _go_sort
from .pods import _describe_pod_template
from .quantity import _qstr
from .volumes import _storage_class


def _pod_status_for_controller(ctx: _Ctx, owner: dict, selector_matches) -> str:
    running = waiting = succeeded = failed = 0
    for pod in ctx.list("Pod", _meta(owner).get("namespace")):
        if not selector_matches(_meta(pod).get("labels")):
            continue
        if not _controlled_by(pod, owner):
            continue
        phase = _g(pod, "status", "phase")
        if phase == "Running":
            running += 1
        elif phase == "Pending":
            waiting += 1
        elif phase == "Succeeded":
            succeeded += 1
        elif phase == "Failed":
            failed += 1
    return f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"


def _replicas(spec) -> int:
    value = (spec or {}).get("replicas")
    return 1 if value is None else _int(value)


def _describe_replicaset(ctx: _Ctx, w, rs: dict) -> None:
    meta, spec, status = _meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, rs, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, rs)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Selector:\t{_format_label_selector(selector)}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    controlled = _print_controller(rs)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    w.write(0, f"Replicas:\t{_int(status.get('replicas'))} current / {_replicas(spec)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, pods_status + "\n")
    _describe_pod_template(w, spec.get("template"))
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in status["conditions"]:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))}\t{_s(c.get('reason'))}\n")
    _describe_events(ctx, w, events)


def _template_equal_ignore_hash(a, b) -> bool:
    def strip(t):
        t = _drop_empty(t or {})
        labels = dict(_g(t, "metadata", "labels") or {})
        labels.pop("pod-template-hash", None)
        meta = dict(t.get("metadata") or {})
        if labels:
            meta["labels"] = labels
        else:
            meta.pop("labels", None)
        meta.pop("creationTimestamp", None)
        out = dict(t)
        if meta:
            out["metadata"] = meta
        else:
            out.pop("metadata", None)
        return out

    return strip(a) == strip(b)


def _drop_empty(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _drop_empty(v)
            if v is None or v == {} or v == [] or v == "" or v is False or v == 0:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def _describe_deployment(ctx: _Ctx, w, d: dict) -> None:
    meta, spec, status = _meta(d), d.get("spec") or {}, d.get("status") or {}
    events = _events_for(ctx, d)
    selector = spec.get("selector")
    owned = [
        rs
        for rs in ctx.list("ReplicaSet", meta.get("namespace"))
        if _selector_matches(selector, _meta(rs).get("labels")) and _controlled_by(rs, d)
    ]

    def created_before(a, b):
        ta, tb = _parse_time(_meta(a).get("creationTimestamp")), _parse_time(_meta(b).get("creationTimestamp"))
        if ta == tb:
            return (_meta(a).get("name") or "") < (_meta(b).get("name") or "")
        return ta < tb

    owned = _go_sort(owned, created_before)
    new_rs = next(
        (rs for rs in owned if _template_equal_ignore_hash(_g(rs, "spec", "template"), spec.get("template"))), None
    )
    old_rss = [rs for rs in owned if rs is not new_rs]

    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    w.write(
        0,
        f"Replicas:\t{_replicas(spec)} desired | {_int(status.get('updatedReplicas'))} updated | "
        f"{_int(status.get('replicas'))} total | {_int(status.get('availableReplicas'))} available | "
        f"{_int(status.get('unavailableReplicas'))} unavailable\n",
    )
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{_s(strategy.get('type'))}\n")
    w.write(0, f"MinReadySeconds:\t{_int(spec.get('minReadySeconds'))}\n")
    if strategy.get("rollingUpdate") is not None:
        ru = strategy["rollingUpdate"]
        mu = "<nil>" if ru.get("maxUnavailable") is None else _s(ru.get("maxUnavailable"))
        ms = "<nil>" if ru.get("maxSurge") is None else _s(ru.get("maxSurge"))
        w.write(0, f"RollingUpdateStrategy:\t{mu} max unavailable, {ms} max surge\n")
    _describe_pod_template(w, spec.get("template"))
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in status["conditions"]:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))}\t{_s(c.get('reason'))}\n")
    if owned:
        w.write(0, f"OldReplicaSets:\t{_rs_list(old_rss)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_list([new_rs] if new_rs is not None else [])}\n")
    _describe_events(ctx, w, events)


def _rs_list(rss) -> str:
    text = ", ".join(
        f"{_s(_meta(rs).get('name'))} ({_int(_g(rs, 'status', 'replicas'))}/{_replicas(rs.get('spec'))} replicas created)"
        for rs in rss
    )
    return text or "<none>"


def _describe_job(ctx: _Ctx, w, job: dict) -> None:
    meta, spec, status = _meta(job), job.get("spec") or {}, job.get("status") or {}
    events = _events_for(ctx, job)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Selector:\t{_selector_string(spec.get('selector'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    controlled = _print_controller(job)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{_int(spec['parallelism'])}\n")
    if spec.get("completions") is not None:
        w.write(0, f"Completions:\t{_int(spec['completions'])}\n")
    else:
        w.write(0, "Completions:\t<unset>\n")
    if spec.get("completionMode") is not None:
        w.write(0, f"Completion Mode:\t{_s(spec['completionMode'])}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{_b(spec['suspend'])}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{_int(spec['backoffLimit'])}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{_int(spec['ttlSecondsAfterFinished'])}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{_rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(0, f"Completed At:\t{_rfc1123z(status['completionTime'])}\n")
    if status.get("startTime") and status.get("completionTime"):
        w.write(0, f"Duration:\t{ctx.duration(status['startTime'], status['completionTime'])}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{_int(spec['activeDeadlineSeconds'])}s\n")
    if status.get("ready") is None:
        w.write(
            0,
            f"Pods Statuses:\t{_int(status.get('active'))} Active / {_int(status.get('succeeded'))} Succeeded / {_int(status.get('failed'))} Failed\n",
        )
    else:
        w.write(
            0,
            f"Pods Statuses:\t{_int(status.get('active'))} Active ({_int(status.get('ready'))} Ready) / "
            f"{_int(status.get('succeeded'))} Succeeded / {_int(status.get('failed'))} Failed\n",
        )
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(status.get('completedIndexes') or '', 50)}\n")
    _describe_pod_template(w, spec.get("template"))
    _describe_events(ctx, w, events)


def _cap_indexes(indexes: str, soft_limit: int) -> str:
    if not indexes:
        return "<none>"
    ix = soft_limit
    while ix < len(indexes) and indexes[ix] != ",":
        ix += 1
    if ix >= len(indexes):
        return indexes
    return indexes[: ix + 1] + "..."


def _describe_daemonset(ctx: _Ctx, w, ds: dict) -> None:
    meta, spec, status = _meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, ds, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, ds)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")  # kubectl 1.32 prints no Namespace line here
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    w.write(0, f"Node-Selector:\t{_format_labels(_g(spec, 'template', 'spec', 'nodeSelector'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Desired Number of Nodes Scheduled: {_int(status.get('desiredNumberScheduled'))}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {_int(status.get('currentNumberScheduled'))}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {_int(status.get('updatedNumberScheduled'))}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {_int(status.get('numberAvailable'))}\n")
    w.write(0, f"Number of Nodes Misscheduled: {_int(status.get('numberMisscheduled'))}\n")
    w.write(0, f"Pods Status:\t{pods_status}\n")
    _describe_pod_template(w, spec.get("template"))
    _describe_events(ctx, w, events)


def _describe_statefulset(ctx: _Ctx, w, sts: dict) -> None:
    meta, spec, status = _meta(sts), sts.get("spec") or {}, sts.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, sts, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, sts)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{_replicas(spec)} desired | {_int(status.get('replicas'))} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{_s(strategy.get('type'))}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(1, f"Partition:\t{_int(ru['partition'])}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{_s(ru['maxUnavailable'])}\n")
    w.write(0, f"Pods Status:\t{pods_status}\n")
    _describe_pod_template(w, spec.get("template"))
    templates = spec.get("volumeClaimTemplates") or []
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
    else:
        w.write(0, "Volume Claims:\n")
        for pvc in templates:
            pmeta, pspec = _meta(pvc), pvc.get("spec") or {}
            w.write(1, f"Name:\t{_s(pmeta.get('name'))}\n")
            w.write(1, f"StorageClass:\t{_storage_class(pvc)}\n")
            _print_labels_multiline(w, "Labels", pmeta.get("labels"), initial_indent="  ")
            _print_labels_multiline(w, "Annotations", pmeta.get("annotations"), initial_indent="  ")
            storage = _g(pspec, "resources", "requests", "storage")
            w.write(1, f"Capacity:\t{_qstr(storage) if storage is not None else '<default>'}\n")
            w.write(1, f"Access Modes:\t{_go_slice(pspec.get('accessModes'))}\n")
    _describe_events(ctx, w, events)


def _describe_cronjob(ctx: _Ctx, w, cj: dict) -> None:
    meta, spec, status = _meta(cj), cj.get("spec") or {}, cj.get("status") or {}
    events = _events_for(ctx, cj)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{_s(spec.get('schedule'))}\n")
    w.write(0, f"Concurrency Policy:\t{_s(spec.get('concurrencyPolicy'))}\n")
    w.write(0, f"Suspend:\t{_print_bool_ptr(spec.get('suspend'))}\n")
    for title, key in (
        ("Successful Job History Limit", "successfulJobsHistoryLimit"),
        ("Failed Job History Limit", "failedJobsHistoryLimit"),
    ):
        value = spec.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else _int(value)}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{'<unset>' if deadline is None else str(_int(deadline)) + 's'}\n")
    jt = _g(spec, "jobTemplate", "spec") or {}
    if jt.get("selector") is not None:
        w.write(0, f"Selector:\t{_selector_string(jt['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    for title, key in (("Parallelism", "parallelism"), ("Completions", "completions")):
        value = jt.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else _int(value)}\n")
    if jt.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{_int(jt['activeDeadlineSeconds'])}s\n")
    _describe_pod_template(w, jt.get("template") or {})
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{_rfc1123z(last) if last else '<unset>'}\n")
    w.write(0, "Active Jobs:\t")
    active = status.get("active") or []
    if not active:
        w.write_line("<none>")
    else:
        for i, ref in enumerate(active):
            if i:
                w.write(0, ", ")
            w.write(0, _s(ref.get("name")))
        w.write_line("")
    _describe_events(ctx, w, events)
