"""The kubectl emulator: one console line in, what the real kubectl v1.32 would print out.

``run(cluster, "get pods -o wide")`` -> ``(exit_code, output)``; output is stdout and stderr as the
terminal shows them, in the order kubectl writes them. Module map:

- ``parser``: shlex words, command path, pflag-style flags and their errors
- ``commands``: the command table; ``help``: help, unknown commands, commands not supported yet
- ``get``, ``builder`` (resource arguments -> objects), ``printers*`` (tables), ``output`` (-o formats),
  ``goyaml`` (kubectl's exact YAML/JSON), ``jsonpath``
- ``apply`` (apply/create -f), ``create`` (generators, run, expose), ``generators`` (pure builders)
- ``modify`` (delete, scale, label, annotate, set image, patch), ``targets`` (which objects they act on)
- ``info`` (api-resources, api-versions, version, cluster-info, explain, describe), ``config_cmd``
- ``rollout`` (status, history, undo, pause, resume, restart of Deployments; ``rollout_apps`` for
  DaemonSets and StatefulSets), ``top`` (pods and nodes, from the simulated metrics)
- ``client`` (the only place that calls ``cluster.api``), ``common`` (per-command context), ``texts``
  (the sandbox's own messages, English and Korean)
"""

from __future__ import annotations

from typing import Any

from . import commands, help as help_
from .client import APIFailure
from .common import SANDBOX_CONTEXT, Context
from .parser import Args, KubectlError, LineError, error, first_words, parse, split_line
from .texts import SandboxError, text

__all__ = ["run"]


def run(cluster: Any, line: str, *, stdin: str | None = None, language: str = "en") -> tuple[int, str]:
    """Run one kubectl command line against ``cluster``; never raises."""
    ctx = Context(cluster, Args((), [], {}), language, stdin)
    try:
        _dispatch(ctx, line)
    except KubectlError as exc:
        ctx.fail(exc.text)
        ctx.exit_code = exc.exit_code
    except SandboxError as exc:
        ctx.fail(text(exc.key, language, **exc.params))
    except LineError as exc:
        ctx.fail(text("quote", language, reason=str(exc)))
    except APIFailure as exc:
        ctx.fail(exc.text)
    except Exception as exc:  # noqa: BLE001 - a console must answer, whatever went wrong inside
        ctx.fail(text("internal", language, detail=f"{type(exc).__name__}: {exc}"))
    return ctx.result()


def _dispatch(ctx: Context, line: str) -> None:
    words = split_line(line)
    path = first_words(words, 1)
    if not path:
        if any(w in ("--version",) for w in words):
            raise error("unknown flag: --version\nSee 'kubectl --help' for usage.")
        # bare `kubectl` (or only global flags / --help): the root help
        parse(words, (), {}, "kubectl")
        ctx.write(help_.ROOT_HELP)
        return
    name = help_.ALIASES.get(path[0], path[0])
    if name == "help":
        topic = first_words(words, 4)[1:]
        key = " ".join(topic)
        if topic and key not in help_.USAGE and topic[0] not in help_.KUBECTL_COMMANDS:
            ctx.write(f"Unknown help topic [`{key}`]\n" + help_.ROOT_HELP)
        else:
            ctx.write(help_.usage_text(key))
        return
    if name in commands.COMMANDS:
        cmd = commands.COMMANDS[name]
        _run(ctx, words, (path[0],), cmd)
    elif name == "create":
        _create(ctx, words)
    elif name == "set":
        _set(ctx, words)
    elif name == "config":
        _config(ctx, words)
    elif name == "rollout":
        _rollout(ctx, words)
    elif name == "top":
        from . import top

        top.dispatch(ctx, words, _run)
    elif name in commands.UNSUPPORTED:
        if not _help_requested(ctx, words, (name,)):
            raise help_.unsupported(name, ctx.language)
    else:
        raise help_.unknown_command(path[0])


def _help_requested(ctx: Context, words: list[str], command: tuple[str, ...]) -> bool:
    if any(w in ("-h", "--help") for w in words[: words.index("--") if "--" in words else len(words)]):
        ctx.write(help_.usage_text(" ".join(command)))
        return True
    return False


def _run(ctx: Context, words: list[str], command: tuple[str, ...], cmd: commands.Command) -> None:
    if _help_requested(ctx, words, command):
        return
    usage = "kubectl " + " ".join(command)
    ctx.args = parse(words, command, cmd.flags, usage)
    context = ctx.args["context"]
    if context and context != SANDBOX_CONTEXT:
        raise error(f"context was not found for specified context: {context}")
    cmd.run(ctx)


def _create(ctx: Context, words: list[str]) -> None:
    path, key = commands.resolve_create(words)
    if key is None:
        if _help_requested(ctx, words, ("create",)):
            return
        ctx.args = parse(words, ("create",), commands.apply.CREATE_FLAGS, "kubectl create")
        if ctx.args.positional:
            raise commands.unexpected_args("kubectl create", ctx.args.positional)
        commands.apply.run_create_from_files(ctx)
        return
    shown = ("create",) + tuple(commands.CREATE_SUBCOMMANDS.get(p, p) for p in path[1:])
    if key in ("service", "secret"):
        if _help_requested(ctx, words, shown):
            return
        args = parse(words, path, {}, "kubectl " + " ".join(shown))
        if args.positional:
            raise commands.unknown_sub("kubectl " + " ".join(shown), " ".join(args.positional))
        raise KubectlError(help_.usage_text(" ".join(shown)))
    if key == "unsupported":
        ctx.args = Args(shown, [], {})
        commands.unsupported_create(ctx)
        return
    if not _help_requested(ctx, words, shown):
        _run(ctx, words, path, commands.generator_command(key))


def _set(ctx: Context, words: list[str]) -> None:
    path = first_words(words, 2)
    if len(path) < 2:
        if not _help_requested(ctx, words, ("set",)):
            raise KubectlError(help_.usage_text("set"))
        return
    sub = path[1]
    if sub == "image":
        _run(ctx, words, ("set", "image"), commands.Command(commands.modify.run_set_image,
                                                            commands.modify.SET_IMAGE_FLAGS))
    elif sub in ("env", "resources", "selector", "serviceaccount", "sa", "subject"):
        raise KubectlError(text("unsupported_sub", ctx.language, command=f"set {sub}", supported="set image"))
    else:
        raise commands.unknown_sub("kubectl set", " ".join(first_words(words, 10)[1:]))


def _rollout(ctx: Context, words: list[str]) -> None:
    from . import rollout

    path = first_words(words, 2)
    if len(path) >= 2 and path[1] not in rollout.SUBCOMMANDS:
        raise commands.unknown_sub("kubectl rollout", " ".join(first_words(words, 10)[1:]))
    shown = "rollout" if len(path) < 2 else f"rollout {path[1]}"
    if any(w in ("-h", "--help") for w in words[: words.index("--") if "--" in words else len(words)]):
        ctx.write(rollout.usage(shown))
    elif len(path) < 2:
        raise KubectlError(rollout.usage(shown))
    else:
        _run(ctx, words, ("rollout", path[1]), commands.Command(rollout.run, rollout.FLAGS[path[1]]))


def _config(ctx: Context, words: list[str]) -> None:
    path = first_words(words, 2)
    if len(path) < 2:
        if not _help_requested(ctx, words, ("config",)):
            raise KubectlError(help_.usage_text("config"))
        return
    sub = path[1]
    if sub not in commands.config_cmd.SUBCOMMANDS:
        raise commands.unknown_sub("kubectl config", " ".join(first_words(words, 10)[1:]))
    _run(ctx, words, ("config", sub), commands.config_command(sub))
