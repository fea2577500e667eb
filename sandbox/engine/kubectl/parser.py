"""The command line: shlex words -> command path, positional arguments and flags, as cobra/pflag read them.

Flags may appear anywhere (`kubectl -n dev get pods`, `get pods -ndev`, `-owide`, `--output=yaml`),
`--` ends flag parsing, and every mistake is answered with kubectl's own wording
(`unknown flag: --foo`, `flag needs an argument: 'n' in -n`, ...).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any


class LineError(ValueError):
    """The console line itself cannot be split into words (an unclosed quote)."""


class KubectlError(Exception):
    """Something kubectl prints to stderr before exiting with ``exit_code``; ``text`` is printed as is."""

    def __init__(self, text: str, exit_code: int = 1, stdout: str = ""):
        super().__init__(text)
        self.text = text
        self.exit_code = exit_code
        self.stdout = stdout


def error(message: str) -> KubectlError:
    """kubectl's CheckErr: `error: ` in front unless the message already has it."""
    return KubectlError(message if message.startswith("error: ") else f"error: {message}")


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "bool"  # bool | str | int | list (repeatable, comma-split) | array (repeatable, kept whole)
    default: Any = None
    no_opt: str | None = None  # value when given without `=value` (pflag NoOptDefVal)


def flags(*specs: Flag) -> dict[str, Flag]:
    return {f.name: f for f in specs}


# Global flags every kubectl command accepts (the ones that make sense in the sandbox).
GLOBAL = flags(
    Flag("namespace", "n", "str"),
    Flag("context", "", "str"),
    Flag("cluster", "", "str"),
    Flag("user", "", "str"),
    Flag("kubeconfig", "", "str"),
    Flag("request-timeout", "", "str", "0"),
    Flag("v", "v", "str", "0"),
    Flag("server", "s", "str"),
    Flag("help", "h", "bool", False),
    Flag("warnings-as-errors", "", "bool", False),
)


@dataclass
class Args:
    """One parsed invocation: the command path (``("create", "deployment")``), positionals and flags."""

    command: tuple[str, ...]
    positional: list[str]
    values: dict[str, Any]
    given: set[str] = field(default_factory=set)
    after_dash: list[str] = field(default_factory=list)  # words after `--`
    dash_at: int = -1  # how many positionals preceded `--` (-1: no `--`)

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def has(self, name: str) -> bool:
        return name in self.given

    @property
    def path(self) -> str:
        return "kubectl " + " ".join(self.command) if self.command else "kubectl"


def split_line(line: str) -> list[str]:
    """shlex words of a console line; a leading `kubectl` (or `k`) is dropped."""
    try:
        words = shlex.split(line, posix=True)
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        raise LineError(str(exc).lower()) from None
    if words and words[0] in ("kubectl", "k"):
        words = words[1:]
    return words


def first_words(words: list[str], count: int) -> list[str]:
    """The first ``count`` non-flag words (the command path), skipping global flags and their values."""
    found: list[str] = []
    i = 0
    while i < len(words) and len(found) < count:
        word = words[i]
        if word == "--":
            break
        if word.startswith("-") and len(word) > 1:
            i += 1 + _takes_separate_value(word)
            continue
        found.append(word)
        i += 1
    return found


def _takes_separate_value(word: str) -> int:
    """1 when a global flag's value is the next word (`-n dev`, `--namespace dev`)."""
    if word.startswith("--"):
        name = word[2:]
        if "=" in name:
            return 0
        spec = GLOBAL.get(name)
        return 1 if spec and spec.kind != "bool" else 0
    short = word[1:]
    spec = next((f for f in GLOBAL.values() if f.short == short[:1]), None)
    return 1 if spec and spec.kind != "bool" and len(short) == 1 else 0


def parse(words: list[str], command: tuple[str, ...], specs: dict[str, Flag], usage: str) -> Args:
    """Parse ``words`` (the command words included; they are removed) against ``specs`` + global flags."""
    table = {**GLOBAL, **specs}
    shorts = {f.short: f for f in table.values() if f.short}
    values: dict[str, Any] = {name: (list(f.default) if isinstance(f.default, list) else f.default)
                              for name, f in table.items()}
    for name, f in table.items():
        if f.kind in ("list", "array") and values[name] is None:
            values[name] = []
    given: set[str] = set()
    positional: list[str] = []
    remaining = list(command)
    after_dash: list[str] = []
    dash_at = -1

    def fail(message: str) -> KubectlError:
        return error(f"{message}\nSee '{usage} --help' for usage.")

    def store(spec: Flag, raw: str, shown: str) -> None:
        given.add(spec.name)
        if spec.kind == "bool":
            lowered = raw.lower()
            if lowered in ("1", "t", "true"):
                values[spec.name] = True
            elif lowered in ("0", "f", "false"):
                values[spec.name] = False
            else:
                raise fail(f'invalid argument "{raw}" for "{shown}" flag: strconv.ParseBool: parsing "{raw}": invalid syntax')
        elif spec.kind == "int":
            try:
                values[spec.name] = int(raw, 10)
            except ValueError:
                raise fail(f'invalid argument "{raw}" for "{shown}" flag: strconv.ParseInt: parsing "{raw}": invalid syntax') from None
        elif spec.kind == "list":
            values[spec.name].extend(_split_csv(raw))
        elif spec.kind == "array":
            values[spec.name].append(raw)
        else:
            values[spec.name] = raw

    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            dash_at = len(positional) - 0
            after_dash = words[i:]
            break
        if word.startswith("--") and len(word) > 2:
            name, eq, raw = word[2:].partition("=")
            spec = table.get(name)
            if spec is None:
                raise fail(f"unknown flag: --{name}")
            shown = f"--{name}"
            if eq:
                store(spec, raw, shown)
            elif spec.kind == "bool":
                store(spec, "true", shown)
            elif spec.no_opt is not None:
                store(spec, spec.no_opt, shown)
            elif i < len(words):
                store(spec, words[i], shown)
                i += 1
            else:
                raise fail(f"flag needs an argument: {shown}")
            continue
        if word.startswith("-") and len(word) > 1:
            letters = word[1:]
            j = 0
            while j < len(letters):
                ch = letters[j]
                spec = shorts.get(ch)
                if spec is None:
                    raise fail(f"unknown shorthand flag: '{ch}' in {word}")
                rest = letters[j + 1:]
                shown = f"-{ch}, --{spec.name}"
                if spec.kind == "bool":
                    if rest.startswith("="):
                        store(spec, rest[1:], shown)
                        break
                    store(spec, "true", shown)
                    j += 1
                    continue
                if rest:
                    store(spec, rest[1:] if rest.startswith("=") else rest, shown)
                elif spec.no_opt is not None:
                    store(spec, spec.no_opt, shown)
                elif i < len(words):
                    store(spec, words[i], shown)
                    i += 1
                else:
                    raise fail(f"flag needs an argument: '{ch}' in -{ch}")
                break
            continue
        if remaining and word == remaining[0]:
            remaining.pop(0)
            continue
        positional.append(word)
    return Args(command, positional, values, given, after_dash, dash_at if dash_at < 0 else len(positional))


def _split_csv(raw: str) -> list[str]:
    """pflag's StringSlice: comma-separated, with CSV quoting."""
    if raw == "":
        return []
    out, current, quoted = [], [], False
    for ch in raw:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out
