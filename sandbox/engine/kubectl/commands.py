"""The command table: which words reach which function with which flags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import apply, config_cmd, cordon, create, drain, exec_cmd, get, info, logs, modify
from .common import Context
from .parser import Flag, KubectlError, error, flags
from .texts import text


@dataclass(frozen=True)
class Command:
    run: Callable[[Context], None]
    flags: dict[str, Flag]


def _edit(ctx: Context) -> None:
    target = "/".join(ctx.args.positional[:2]) if len(ctx.args.positional) == 2 else (
        ctx.args.positional[0] if ctx.args.positional else "TYPE/NAME")
    raise KubectlError(text("edit", ctx.language, target=target))


def _expose(ctx: Context) -> None:
    from . import targets

    ctx.args.values.update({"all": False, "all-namespaces": False, "field-selector": None})

    def find(c: Context):
        objs, errors = targets.find(c, c.args.positional, use_selector=False, use_all=False)
        if errors:
            raise KubectlError(errors[0].single)
        return objs

    create.run_expose(ctx, find)


EDIT_FLAGS = flags(Flag("filename", "f", "list"), Flag("output", "o", "str"), Flag("output-patch", "", "bool", False),
                   Flag("windows-line-endings", "", "bool", False), Flag("save-config", "", "bool", False),
                   Flag("validate", "", "str", "strict", no_opt="strict"), Flag("subresource", "", "str"))

COMMANDS: dict[str, Command] = {
    "get": Command(get.run, get.FLAGS),
    "apply": Command(apply.run_apply, apply.APPLY_FLAGS),
    "run": Command(create.run_run, create.RUN_FLAGS),
    "expose": Command(_expose, create.EXPOSE_FLAGS),
    "delete": Command(modify.run_delete, modify.DELETE_FLAGS),
    "scale": Command(modify.run_scale, modify.SCALE_FLAGS),
    "label": Command(lambda c: modify.run_label(c, "label"), modify.LABEL_FLAGS),
    "annotate": Command(lambda c: modify.run_label(c, "annotation"), modify.LABEL_FLAGS),
    "patch": Command(modify.run_patch, modify.PATCH_FLAGS),
    "edit": Command(_edit, EDIT_FLAGS),
    "describe": Command(info.run_describe, info.DESCRIBE_FLAGS),
    "explain": Command(info.run_explain, info.EXPLAIN_FLAGS),
    "api-resources": Command(info.run_api_resources, info.API_RESOURCES_FLAGS),
    "api-versions": Command(info.run_api_versions, {}),
    "version": Command(info.run_version, info.VERSION_FLAGS),
    "cluster-info": Command(info.run_cluster_info, {}),
    "exec": Command(exec_cmd.run, exec_cmd.FLAGS),
    "logs": Command(logs.run, logs.FLAGS),
    "cordon": Command(lambda c: cordon.run(c, True), cordon.FLAGS),
    "uncordon": Command(lambda c: cordon.run(c, False), cordon.FLAGS),
    "drain": Command(drain.run, drain.FLAGS),
}

# Later engine issues: routed to a clear "not supported yet" message.
UNSUPPORTED = ("autoscale", "certificate", "taint", "attach",
               "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "replace", "wait", "kustomize",
               "completion", "plugin", "options", "alpha")

CREATE_SUBCOMMANDS = {
    "deployment": "deployment", "deploy": "deployment", "namespace": "namespace", "ns": "namespace",
    "configmap": "configmap", "cm": "configmap", "job": "job", "cronjob": "cronjob", "cj": "cronjob",
    "ingress": "ingress", "ing": "ingress", "serviceaccount": "serviceaccount", "sa": "serviceaccount",
    "service": "service", "svc": "service", "secret": "secret",
}
CREATE_UNSUPPORTED = ("clusterrole", "clusterrolebinding", "role", "rolebinding", "poddisruptionbudget", "pdb",
                      "priorityclass", "pc", "quota", "resourcequota", "token")
SERVICE_TYPES = ("clusterip", "nodeport", "loadbalancer", "externalname")
SECRET_TYPES = ("generic", "docker-registry", "tls")


def resolve_create(words: list[str]) -> tuple[tuple[str, ...], str | None]:
    """(command path, generator key) of a `create ...` line: key None means `create -f`."""
    from .parser import first_words

    path = first_words(words, 3)
    if len(path) < 2 or path[1] not in CREATE_SUBCOMMANDS and path[1] not in CREATE_UNSUPPORTED:
        return ("create",), None
    if path[1] in CREATE_UNSUPPORTED:
        return ("create", path[1]), "unsupported"
    sub = CREATE_SUBCOMMANDS[path[1]]
    if sub == "service":
        if len(path) < 3 or path[2] not in SERVICE_TYPES:
            return ("create", path[1]), "service"
        return ("create", path[1], path[2]), f"service {path[2]}"
    if sub == "secret":
        if len(path) < 3 or path[2] not in SECRET_TYPES:
            return ("create", path[1]), "secret"
        if path[2] != "generic":
            return ("create", path[1], path[2]), "unsupported"
        return ("create", path[1], path[2]), "secret generic"
    return ("create", path[1]), sub


def generator_command(key: str) -> Command:
    def go(ctx: Context) -> None:
        create.run_generator(ctx, key)

    return Command(go, create.GENERATOR_FLAGS[key])


def unsupported_create(ctx: Context) -> None:
    raise KubectlError(text("generator_unsupported", ctx.language, what=" ".join(ctx.args.command[1:]),
                            supported=create.SUPPORTED_LIST))


def unexpected_args(path: str, args: list[str]) -> KubectlError:
    return error(f"Unexpected args: [{' '.join(args)}]\nSee '{path} -h' for help and examples")


def unknown_sub(path: str, word: str) -> KubectlError:
    return error(f'unknown command "{word}"\nSee \'{path} -h\' for help and examples')


def config_command(sub: str) -> Command:
    return Command(lambda ctx: config_cmd.run(ctx, sub), config_cmd.FLAGS)
