"""The simulated container runtime: what containers do, as data, and the rules around them.

Pure functions and tables; no loop, no API server. The kubelet asks:

* which image a container needs and how a pull goes (``images.resolve_image``, :func:`pull_seconds`),
* what the container's process does (:func:`behaviour` -> a :class:`Behaviour` plan of steps),
* what that plan has done by a given elapsed time (:func:`run`, :func:`logs_at`, :func:`files_at`,
  :func:`listening`, :func:`http_answer`),
* how probes, stops, OOM kills and back-offs turn out (:func:`probe_result`, :func:`termination`,
  :func:`oom_after`, :func:`restart_backoff`, :func:`image_pull_backoff`),
* and which lifecycle stage comes next (:data:`STAGES`, meant to be shown in lessons too).

A plan is a tuple of steps; each step is a tuple whose first item names it:

========================================  =============================================================
``("log", text)`` / ``("err", text)``     print a line on stdout / stderr ($? = 0)
``("logf", t)`` / ``("errf", t)``         same, ``{now:STRFTIME}`` filled with the virtual wall time
``("sleep", seconds)``                    wait (``math.inf`` = forever)
``("exit", code)``                        the process exits (``None`` = with the last status)
``("status", code)``                      set $? (``false``, a failed ``cat``, a missing command ...)
``("not",)``                              invert $? (``! cmd``)
``("serve", Serve)``                      start listening, then run until stopped
``("loop", steps)``                       ``while true; do ...; done``
``("while"|"until", cond, body)``         loops on the status of ``cond``
``("if", cond, then, else)``              branches on the status of ``cond``
``("and_then", steps)`` / ``("or_else", steps)``  ``&&`` / ``||``
``("net", NetworkCall)``                  DNS or HTTP from inside the pod, answered by a resolver
``("touch"|"rm"|"cat"|"ls"|"test", ...)`` the container's files (mounted ones and those it makes)
``("redirect", out, err, append, steps)`` ``>``, ``>>``, ``2>&1``, ``>/dev/null``
``("buffered", steps)``                   stdout held back until 8 KiB or exit (Python without ``-u``)
``("sub", steps)``                        a child process; its ``exit`` only sets $?
``("oom",)``                              the kernel's OOM killer (exit 137, OOMKilled)
========================================  =============================================================
"""

from __future__ import annotations

import ast
import hashlib
import math
import operator
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from .images import (
    BASES,
    DEFAULT_PATH,
    PATH_DIRS,
    ImageRef,
    Program,
    Repository,
    Route,
    lookup,
)

Step = tuple

MiB = 1024 * 1024
EPS = 1e-9
MAX_LOG_LINES = 5000  # lines kept per run (the kubelet rotates container logs too)
MAX_STEPS = 200_000  # work budget of one run; a plan that needs more is cut short (``truncated``)
BUSY_TICK = 0.001  # a loop iteration that takes no virtual time still takes this long
OOM_AFTER_SECONDS = 1.0  # how soon after start a container over its memory limit is killed
STOP_SECONDS = 0.1  # how long a process that handles SIGTERM takes to exit
MAX_FILE_BYTES = 65536  # a file the container writes stops growing here (the node's disk is not simulated)
STDOUT_BUFFER = 8192  # bytes of block-buffered stdout (Python without -u) before a flush
PULL_BASE_SECONDS = 2.0  # per pull: registry round trips, unpacking
PULL_BYTES_PER_SECOND = 30_000_000
CREATE_SECONDS = 0.1  # Created -> Started
DEFAULT_EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)
DNS_SERVER = "10.96.0.10"

# --- messages (reference sheet §1.2, §2, §16) -------------------------------------------------

MESSAGES: dict[str, str] = {
    "pulling": 'Pulling image "{image}"',
    "pulled": 'Successfully pulled image "{image}" in {pull} ({total} including waiting). Image size: {size} bytes.',
    "present": 'Container image "{image}" already present on machine',
    "never_pull": 'Container image "{image}" is not present with pull policy of Never',
    "pull_failed": 'Failed to pull image "{image}": {error}',
    "pull_backoff": 'Back-off pulling image "{image}"',
    "pull_backoff_waiting": 'Back-off pulling image "{image}": ErrImagePull: {error}',
    "error_reason": "Error: {reason}",
    "created": "Created container: {container}",  # v1.32-1.34; <=1.31 "Created container NAME"; >=1.35 "Container created"
    "started": "Started container {container}",  # <=1.34; >=1.35 "Container started"
    "killing": "Stopping container {container}",
    "liveness_kill": "Container {container} failed liveness probe, will be restarted",
    "startup_kill": "Container {container} failed startup probe, will be restarted",
    "crash_backoff_event": "Back-off restarting failed container {container} in pod {pod}_{namespace}({uid})",
    "crash_backoff_waiting": "back-off {backoff} restarting failed container={container} pod={pod}_{namespace}({uid})",
    "probe_failed": "{probe} probe failed: {message}",
    "probe_errored": "{probe} probe errored and resulted in unknown state: {message}",
}


def message(key: str, **values: Any) -> str:
    return MESSAGES[key].format(**values)


# --- durations and back-off (§6) --------------------------------------------------------------

RESTART_BACKOFF_BASE = 10.0
BACKOFF_CAP = 300.0
BACKOFF_RESET_SECONDS = 600.0  # running this long (2 x cap) resets the crash back-off


def restart_backoff(restarts: int) -> float:
    """Seconds before the next restart after ``restarts`` restarts: 0, 10, 20, 40, 80, 160, 300 ..."""
    if restarts <= 0:
        return 0.0
    return min(BACKOFF_CAP, RESTART_BACKOFF_BASE * 2 ** (restarts - 1))


def image_pull_backoff(failures: int) -> float:
    """Seconds before the next pull after ``failures`` failed pulls: 0, 10, 20, 40 ... 300."""
    if failures <= 0:
        return 0.0
    return min(BACKOFF_CAP, RESTART_BACKOFF_BASE * 2 ** (failures - 1))


def go_duration(seconds: float, truncate: float = 0.001) -> str:
    """Go's ``time.Duration.String()`` after ``Truncate(truncate)``: ``7.264s``, ``512ms``, ``1m2.5s``, ``5m0s``."""
    ns = int(round(seconds * 1e9))
    step = int(round(truncate * 1e9)) if truncate else 1
    if step > 1:
        ns -= int(math.copysign(abs(ns) % step, ns))
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _fraction(ns, size) + unit
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    text = _fraction(rest, 10**9) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{text}"
    if minutes:
        return f"{sign}{minutes}m{text}"
    return sign + text


def _fraction(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    digits = str(frac).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


def go_backoff_string(seconds: float) -> str:
    """The back-off in ``back-off 10s restarting failed container=...``: ``10s``, ``1m20s``, ``5m0s``."""
    return go_duration(seconds)


# --- pulls ------------------------------------------------------------------------------------


def pull_seconds(size_bytes: int, rng) -> float:
    """Virtual seconds a pull takes: 2 s + size at 30 MB/s, +-10 % jitter from ``rng``, in whole ms."""
    base = PULL_BASE_SECONDS + size_bytes / PULL_BYTES_PER_SECOND
    return round(base * rng.uniform(0.9, 1.1), 3)


def pulled_message(image: str, pull: float, total: float, size_bytes: int) -> str:
    """The ``Pulled`` event: durations truncated to milliseconds as the kubelet does."""
    return message("pulled", image=image, pull=go_duration(pull), total=go_duration(total), size=size_bytes)


# --- data types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Serve:
    """A listening process: its ports, whether they speak HTTP, and what it answers."""

    ports: tuple[int, ...]
    http: bool = True
    routes: tuple[Route, ...] = ()
    not_found: tuple[int, str] = (404, "404 page not found\n")
    values: tuple[tuple[str, str], ...] = ()  # template values for bodies: version, text, hostname ...


@dataclass(frozen=True)
class NetworkCall:
    """A request a container makes (``nslookup``, ``wget``, ``curl``, ``nc -z``), for the network layer."""

    tool: str
    kind: str  # "dns" | "http" | "tcp"
    host: str
    port: int | None = None
    path: str = "/"
    url: str = ""
    options: tuple[str, ...] = ()  # quiet, stdout, silent, show-error, fail, spider
    output: str | None = None  # file written by wget/curl -o


@dataclass(frozen=True)
class NetworkAnswer:
    """What the network layer says about a :class:`NetworkCall`."""

    error: str | None = None  # "no such host" | "connection refused" | "timeout"
    address: str | None = None  # the resolved IP
    name: str | None = None  # the fully qualified name (DNS)
    status: int | None = None
    body: str = ""
    seconds: float = 0.0


Resolver = Callable[[NetworkCall, float], NetworkAnswer]


def offline_resolver(call: NetworkCall, elapsed: float) -> NetworkAnswer:
    """The default network: names do not resolve; addresses refuse connections."""
    if re.fullmatch(r"[0-9.]+", call.host):
        return NetworkAnswer(error="connection refused", address=call.host)
    return NetworkAnswer(error="no such host")


class StartError(RuntimeError):
    """The runtime could not start the process (exit code 128, reason ``StartError``)."""

    reason = "StartError"
    exit_code = 128

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Behaviour:
    """What a container's process does: a plan of steps plus facts the kubelet needs."""

    image: str
    argv: tuple[str, ...]
    steps: tuple[Step, ...]
    long_running: bool
    memory_bytes: int
    sigterm: int | None  # exit code after SIGTERM; None = ignores it, SIGKILLed at the end of the grace period
    oom_after: float | None = None
    env: tuple[tuple[str, str], ...] = ()
    hostname: str = ""
    pod_ip: str = ""
    notes: tuple[str, ...] = ()  # simplifications the UI should mention


@dataclass
class RunState:
    """A plan run up to ``elapsed`` virtual seconds after the container started."""

    elapsed: float
    logs: list[tuple[float, str, str]]  # (t, "out"|"err", line), oldest first, at most MAX_LOG_LINES
    lines_total: int
    files: dict[str, str]
    status: int
    exit: tuple[float, int, str] | None  # (t, exit code, reason) once the process has ended
    serving: tuple[float, Serve] | None  # (since, what) while listening
    truncated: bool = False


class HttpReply(NamedTuple):
    status: int
    body: str
    error: str | None = None  # "connection refused" | "EOF" (not HTTP)


class ProbeResult(NamedTuple):
    ok: bool
    message: str

    @property
    def errored(self) -> bool:
        """The probe could not run (the kubelet reports it as ``errored`` and does not count it)."""
        return self.message.startswith(("rpc error:", "strconv.Atoi:"))


class ExecResult(NamedTuple):
    exit_code: int
    output: str
    timed_out: bool = False
    error: str | None = None  # the runtime could not start the command


# --- shell: lexer -----------------------------------------------------------------------------


class _Syntax(Exception):
    def __init__(self, unexpected: str, expecting: str | None = None):
        self.unexpected = unexpected
        self.expecting = expecting
        super().__init__(unexpected)


_OPERATORS = ("2>&1", "2>>", ">&2", "&&", "||", ">>", "&>", "2>", ";", "|", "&", "(", ")", "<", ">")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _lex(script: str) -> list[tuple]:
    """Shell words and operators. A word is ``("w", parts, quoted)``; parts are
    ``("lit", s)``, ``("var", name, quoted)``, ``("cmd", script, quoted)``, ``("arith", expr, quoted)``."""
    tokens: list[tuple] = []
    parts: list[tuple] = []
    state = {"word": False, "quoted": False}

    def flush() -> None:
        if state["word"]:
            merged: list[tuple] = []
            for part in parts:
                if part[0] == "lit" and merged and merged[-1][0] == "lit":
                    merged[-1] = ("lit", merged[-1][1] + part[1])
                else:
                    merged.append(part)
            tokens.append(("w", tuple(merged), state["quoted"]))
        parts.clear()
        state["word"] = state["quoted"] = False

    pending: list[int] = []  # token indexes of here-documents whose bodies start on the next line
    i, n = 0, len(script)
    while i < n:
        c = script[i]
        if c in " \t\r":
            flush()
            i += 1
        elif c == "\n":
            flush()
            tokens.append(("op", "nl"))
            i += 1
            for index in pending:
                tokens[index], i = _heredoc_body(script, i, tokens[index])
            pending.clear()
        elif script.startswith("<<", i) and not state["word"]:
            flush()
            j = i + 2
            strip_tabs = script.startswith("-", j)
            j += strip_tabs
            while j < n and script[j] in " \t":
                j += 1
            k = j
            while k < n and script[k] not in " \t\n;&|<>()":
                k += 1
            raw = script[j:k]
            delimiter = raw.replace("'", "").replace('"', "").replace("\\", "")
            if not delimiter:
                raise _Syntax("newline" if k >= n or script[k] == "\n" else script[k])
            tokens.append(("op", "<<"))
            tokens.append(("heredoc", delimiter, delimiter != raw, strip_tabs))
            pending.append(len(tokens) - 1)
            i = k
        elif c == "#" and not state["word"]:
            while i < n and script[i] != "\n":
                i += 1
        elif c == "\\":
            if i + 1 < n and script[i + 1] == "\n":
                i += 2
                continue
            parts.append(("lit", script[i + 1 : i + 2]))
            state["word"] = state["quoted"] = True
            i += 2
        elif c == "'":
            end = script.find("'", i + 1)
            if end < 0:
                raise _Syntax("end of file", "'")
            parts.append(("lit", script[i + 1 : end]))
            state["word"] = state["quoted"] = True
            i = end + 1
        elif c == '"':
            i = _lex_double(script, i + 1, parts)
            state["word"] = state["quoted"] = True
        elif c == "$":
            part, i = _lex_dollar(script, i, quoted=False)
            parts.append(part)
            state["word"] = True
        elif c == "`":
            end = script.find("`", i + 1)
            if end < 0:
                raise _Syntax("end of file", "`")
            parts.append(("cmd", script[i + 1 : end], False))
            state["word"] = True
            i = end + 1
        else:
            op = next((o for o in _OPERATORS if script.startswith(o, i)), None)
            if op and op.startswith("2") and state["word"]:
                op = None  # "a2>b" is a word, not a redirection
            if op:
                flush()
                tokens.append(("op", op))
                i += len(op)
            else:
                parts.append(("lit", c))
                state["word"] = True
                i += 1
    flush()
    for index in pending:
        tokens[index], _ = _heredoc_body(script, n, tokens[index])
    return tokens


def _heredoc_body(script: str, i: int, placeholder: tuple) -> tuple[tuple, int]:
    """Read a here-document's lines from ``i`` up to its delimiter line: a word token and the new position."""
    _, delimiter, quoted, strip_tabs = placeholder
    lines = []
    while i < len(script):
        end = script.find("\n", i)
        end = len(script) if end < 0 else end
        line = script[i:end]
        i = end + 1
        if (line.lstrip("\t") if strip_tabs else line) == delimiter:
            break
        lines.append(line.lstrip("\t") if strip_tabs else line)
    body = "".join(line + "\n" for line in lines)
    if quoted:
        return ("w", (("lit", body),), True), min(i, len(script))
    parts: list[tuple] = []
    j = 0
    while j < len(body):
        c = body[j]
        if c == "\\" and j + 1 < len(body) and body[j + 1] in "$`\\\n":
            if body[j + 1] != "\n":
                parts.append(("lit", body[j + 1]))
            j += 2
        elif c == "$":
            part, j = _lex_dollar(body, j, quoted=True)
            parts.append(part)
        else:
            parts.append(("lit", c))
            j += 1
    return ("w", tuple(parts) or (("lit", ""),), True), min(i, len(script))


def _lex_double(script: str, i: int, parts: list[tuple]) -> int:
    n = len(script)
    while i < n:
        c = script[i]
        if c == '"':
            if not parts or parts[-1] != ("lit", ""):
                parts.append(("lit", ""))  # "" is an (empty) word
            return i + 1
        if c == "\\" and i + 1 < n and script[i + 1] in '$`"\\\n':
            if script[i + 1] != "\n":
                parts.append(("lit", script[i + 1]))
            i += 2
        elif c == "$":
            part, i = _lex_dollar(script, i, quoted=True)
            parts.append(part)
        elif c == "`":
            end = script.find("`", i + 1)
            if end < 0:
                raise _Syntax("end of file", "`")
            parts.append(("cmd", script[i + 1 : end], True))
            i = end + 1
        else:
            parts.append(("lit", c))
            i += 1
    raise _Syntax("end of file", '"')


def _matching(script: str, i: int, open_: str = "(", close: str = ")") -> int:
    depth = 0
    quote = None
    while i < len(script):
        c = script[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Syntax("end of file", close)


def _lex_dollar(script: str, i: int, quoted: bool) -> tuple[tuple, int]:
    rest = script[i + 1 :]
    if rest.startswith("(("):
        end = _matching(script, i + 1)
        return ("arith", script[i + 3 : end - 1], quoted), end + 1
    if rest.startswith("("):
        end = _matching(script, i + 1)
        return ("cmd", script[i + 2 : end], quoted), end + 1
    if rest.startswith("{"):
        end = script.find("}", i)
        if end < 0:
            raise _Syntax("end of file", "}")
        return ("var", script[i + 2 : end], quoted), end + 1
    m = _NAME_RE.match(rest)
    if m:
        return ("var", m.group(0), quoted), i + 1 + m.end()
    if rest[:1] and rest[0] in "?$#@*0123456789!-":
        return ("var", rest[0], quoted), i + 2
    return ("lit", "$"), i + 1


# --- shell: parser ----------------------------------------------------------------------------

_KEYWORDS = {"if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "{", "}", "!"}
_SEPARATORS = (";", "nl", "&")
_REDIRECTS = (">", ">>", "<", "<<", "2>", "2>>", "&>")


class _Parser:
    """Recursive descent over :func:`_lex` tokens into a small tuple AST."""

    def __init__(self, tokens: list[tuple]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    @staticmethod
    def keyword(tok: tuple | None) -> str | None:
        if tok and tok[0] == "w" and not tok[2] and len(tok[1]) == 1 and tok[1][0][0] == "lit":
            return tok[1][0][1] if tok[1][0][1] in _KEYWORDS else None
        return None

    def skip(self, ops: tuple[str, ...] = _SEPARATORS) -> None:
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in ops:
            self.i += 1

    def expect(self, word: str) -> None:
        tok = self.peek()
        if self.keyword(tok) != word and tok != ("op", word):
            raise _Syntax(_describe(tok), word)
        self.i += 1

    def program(self) -> tuple:
        node = self.list(())
        if self.peek() is not None:
            raise _Syntax(_describe(self.peek()))
        return node

    def list(self, stop: tuple[str, ...]) -> tuple:
        items = []
        self.skip()
        while (tok := self.peek()) is not None:
            if self.keyword(tok) in stop or (tok == ("op", ")") and ")" in stop):
                break
            items.append(self.and_or())
            nxt = self.peek()
            if not (nxt and nxt[0] == "op" and nxt[1] in _SEPARATORS):
                break
            self.skip()
        return ("seq", tuple(items))

    def and_or(self) -> tuple:
        node = self.pipeline()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in ("&&", "||"):
            self.i += 1
            self.skip(("nl",))
            node = ("and" if tok[1] == "&&" else "or", node, self.pipeline())
        return node

    def pipeline(self) -> tuple:
        negate = self.keyword(self.peek()) == "!"
        if negate:
            self.i += 1
        commands = [self.command()]
        while self.peek() == ("op", "|"):
            self.i += 1
            self.skip(("nl",))
            commands.append(self.command())
        node = commands[0] if len(commands) == 1 else ("pipe", tuple(commands))
        return ("neg", node) if negate else node

    def command(self) -> tuple:
        tok = self.peek()
        if tok is None:
            raise _Syntax("end of file")
        word = self.keyword(tok)
        if word in ("while", "until"):
            self.i += 1
            cond = self.list(("do",))
            self.expect("do")
            body = self.list(("done",))
            self.expect("done")
            return (word, cond, body)
        if word == "for":
            return self.for_loop()
        if word == "if":
            self.i += 1
            return self.if_tail()
        if word == "{":
            self.i += 1
            body = self.list(("}",))
            self.expect("}")
            return ("group", body)
        if tok == ("op", "("):
            self.i += 1
            body = self.list((")",))
            self.expect(")")
            return ("group", body)
        if word in ("do", "done", "then", "fi", "elif", "else", "}", "in") or (
            tok[0] == "op" and tok[1] not in _REDIRECTS + ("2>&1", ">&2")
        ):
            raise _Syntax(_describe(tok))
        return self.simple()

    def for_loop(self) -> tuple:
        self.i += 1
        tok = self.peek()
        if not tok or tok[0] != "w":
            raise _Syntax(_describe(tok))
        name = "".join(p[1] for p in tok[1] if p[0] == "lit")
        self.i += 1
        self.skip(("nl",))
        words = None
        if self.keyword(self.peek()) == "in":
            self.i += 1
            words = []
            while (tok := self.peek()) and tok[0] == "w":
                words.append(tok[1])
                self.i += 1
        self.skip()
        self.expect("do")
        body = self.list(("done",))
        self.expect("done")
        return ("for", name, None if words is None else tuple(words), body)

    def if_tail(self) -> tuple:
        cond = self.list(("then",))
        self.expect("then")
        then = self.list(("elif", "else", "fi"))
        word = self.keyword(self.peek())
        if word == "elif":
            self.i += 1
            return ("if", cond, then, self.if_tail())
        if word == "else":
            self.i += 1
            other = self.list(("fi",))
            self.expect("fi")
            return ("if", cond, then, other)
        self.expect("fi")
        return ("if", cond, then, None)

    def simple(self) -> tuple:
        assigns: list[tuple] = []
        words: list[tuple] = []
        redirs: list[tuple] = []
        while (tok := self.peek()) is not None:
            if tok[0] == "op":
                if tok[1] in _REDIRECTS:
                    self.i += 1
                    target = self.peek()
                    if not target or target[0] != "w":
                        raise _Syntax(_describe(target))
                    redirs.append((tok[1], target[1]))
                    self.i += 1
                    continue
                if tok[1] in ("2>&1", ">&2"):
                    redirs.append((tok[1], None))
                    self.i += 1
                    continue
                break
            first = tok[1][0] if tok[1] else None
            if not words and first and first[0] == "lit" and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", first[1]):
                name, _, value = first[1].partition("=")
                assigns.append((name, (("lit", value),) + tuple(tok[1][1:])))
            else:
                words.append(tok[1])
            self.i += 1
        return ("cmd", tuple(assigns), tuple(words), tuple(redirs))


def _describe(tok: tuple | None) -> str:
    if tok is None:
        return "end of file"
    if tok[0] == "op":
        return "newline" if tok[1] == "nl" else tok[1]
    return "".join(p[1] if p[0] == "lit" else "$" for p in tok[1])


def _syntax_message(flavor: str, zero: str, error: _Syntax) -> str:
    if flavor == "dash":
        what = "end of file unexpected" if error.unexpected == "end of file" else f'"{error.unexpected}" unexpected'
        return f"{zero}: 1: Syntax error: {what}" + (f' (expecting "{error.expecting}")' if error.expecting else "")
    if flavor == "bash":
        if error.unexpected == "end of file":
            return f"{zero}: -c: line 1: syntax error: unexpected end of file"
        return f"{zero}: -c: line 1: syntax error near unexpected token `{error.unexpected}'"
    what = "unexpected end of file" if error.unexpected == "end of file" else f'unexpected "{error.unexpected}"'
    return f"{zero}: syntax error: {what}" + (f' (expecting "{error.expecting}")' if error.expecting else "")


# --- compiling commands into plans ------------------------------------------------------------


@dataclass
class _Shell:
    flavor: str  # "ash" | "dash" | "bash"
    zero: str
    positional: list[str]
    errexit: bool
    env: dict[str, str]


@dataclass
class _Ctx:
    ref: ImageRef
    repo: Repository
    tag: str
    version: str
    base_name: str
    files: Mapping[str, str]
    hostname: str
    pod_ip: str
    notes: list[str] = field(default_factory=list)
    memory: int = MiB
    depth: int = 0

    @property
    def base(self):
        return BASES[self.base_name]

    @property
    def busybox(self) -> bool:
        return self.base_name in ("busybox", "alpine")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def needs(self, mib: float) -> None:
        self.memory = max(self.memory, int(mib * MiB))


def _contains(steps: Sequence[Step], kinds: tuple[str, ...]) -> bool:
    for step in steps:
        if step[0] in kinds:
            return True
        for item in step[1:]:
            if isinstance(item, tuple) and item and isinstance(item[0], tuple) and _contains(item, kinds):
                return True
    return False


def _as_child(steps: list[Step]) -> list[Step]:
    """A program run from a shell: its ``exit`` ends only that program and sets $?."""
    if not _contains(steps, ("exit",)):
        return steps
    if steps and steps[-1][0] == "exit" and not _contains(steps[:-1], ("exit",)):
        code = steps[-1][1]
        return steps[:-1] + ([("status", code)] if code is not None else [])
    return [("sub", tuple(steps))]


def _assigns_in(node: tuple) -> bool:
    if node[0] == "cmd":
        return bool(node[1]) or any(p[0] == "lit" and p[1] in ("export", "read") for w in node[2][:1] for p in w)
    return any(
        isinstance(item, tuple) and item and isinstance(item[0], str) and _assigns_in(item) for item in node[1:]
    ) or any(
        isinstance(item, tuple) and item and isinstance(item[0], tuple) and any(_assigns_in(sub) for sub in item)
        for item in node[1:]
    )


def _uses_vars(node: Any) -> bool:
    if isinstance(node, tuple):
        if node and node[0] in ("var", "arith", "cmd") and len(node) == 3 and isinstance(node[1], str):
            return True
        return any(_uses_vars(item) for item in node)
    return False


def _runs_forever(steps: Sequence[Step]) -> bool:
    for step in steps:
        kind = step[0]
        if kind in ("serve", "loop") or (kind == "sleep" and math.isinf(step[1])):
            return True
        if kind == "exit":
            return False
        if kind in ("buffered", "sub") and _runs_forever(step[1]):
            return True
        if kind == "redirect" and _runs_forever(step[4]):
            return True
    return False


def _finish(steps: list[Step]) -> tuple[Step, ...]:
    """Close a top-level plan with an explicit exit when it can end."""
    if _runs_forever(steps) or (steps and steps[-1][0] == "exit"):
        return tuple(steps)
    if steps and steps[-1][0] == "status":
        return tuple(steps[:-1]) + (("exit", steps[-1][1]),)
    if steps and steps[-1][0] in ("log", "err", "logf", "errf", "sleep", "touch", "serve"):
        return tuple(steps) + (("exit", 0),)
    return tuple(steps) + (("exit", None),)


def _parse_seconds(text: str) -> float | None:
    if text in ("inf", "infinity", "Inf", "INF"):
        return math.inf
    m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", text)
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _parse_size(text: str) -> int | None:
    m = re.fullmatch(r"(\d+)([bBkKmMgG]?)", text)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}[m.group(2).lower()]


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def _output_lines(text: str, stream: str = "log") -> list[Step]:
    if text == "":
        return []
    if text.endswith("\n"):
        text = text[:-1]
    return [(stream, line) for line in text.split("\n")]


_SHELL_BUILTINS = frozenset(
    ": true false exit echo printf test [ cd export set exec trap wait unset read kill pwd eval source . type "
    "command return break continue shift ulimit umask".split()
)


class _Compiler:
    """Turns argv (and shell scripts) into plan steps, for one image."""

    def __init__(self, ctx: _Ctx):
        self.ctx = ctx
        self.sigterm: int | None = None

    # -- top level --

    def top(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        found = self.find(argv[0])
        if found is None:
            raise StartError(_start_error(argv[0]))
        key, program = found
        if program is not None and program.kind in ("server", "exit", "repl"):
            self.sigterm = program.sigterm
        return self.run_found(key, program, argv, env, top=True)

    def find(self, name: str) -> tuple[str, Program | None] | None:
        """Where ``name`` resolves in the image (``$PATH`` or a path): (key, catalogue program)."""
        programs = self.ctx.repo.programs
        bins = self.ctx.base.bins | self.ctx.repo.extra_bins | {p for p in programs if "/" not in p}
        if "/" in name:
            if name in programs:
                return name, programs[name]
            folder, _, base = name.rpartition("/")
            if folder in PATH_DIRS and base in bins:
                return base, programs.get(base)
            return None
        if name in bins:
            return name, programs.get(name)
        return None

    def run_found(self, key: str, program: Program | None, argv: list[str], env: dict[str, str], top: bool = False):
        if self.ctx.depth > 20:
            return [("err", f"{key}: too many nested commands"), ("status", 1)]
        self.ctx.depth += 1
        try:
            if program is not None:
                return self.program(key, program, argv, env, top)
            method = getattr(self, "cmd_" + key.replace("-", "_").replace(".", "_"), None)
            if method is not None:
                try:
                    return method(argv, env)
                except (ValueError, IndexError, TypeError, KeyError, ArithmeticError) as error:
                    # A malformed command line: fail like a tool rejecting its arguments, never crash.
                    self.ctx.note(f"`{key}` got arguments the simulation does not understand ({error})")
                    return [("err", f"{key}: invalid argument"), ("status", 1)]
            self.ctx.note(f"`{key}` is not simulated: it does nothing and exits 0")
            return [("status", 0)]
        finally:
            self.ctx.depth -= 1

    # -- catalogue programs --

    def program(self, key: str, program: Program, argv: list[str], env: dict[str, str], top: bool) -> list[Step]:
        ctx = self.ctx
        if program.kind == "entrypoint":
            args = list(argv[1:])
            if (
                args
                and program.prepend_if_flag
                and (args[0].startswith("-") or (program.prepend_if_not_command and self.find(args[0]) is None))
            ):
                args.insert(0, program.prepend_if_flag)
            steps: list[Step] = []
            if args and args[0].rsplit("/", 1)[-1] in program.announce_for:
                steps += self.timed_logs(program.logs, key_logs=self.entry_logs(program))
            if not args:
                return steps + [("status", 0)]
            found = self.find(args[0])
            if found is None:
                return steps + [("err", f"{key}: exec: {args[0]}: not found"), ("exit", 127)]
            inner_key, inner = found
            if top and inner is not None:
                self.sigterm = inner.sigterm
            return steps + self.run_found(inner_key, inner, args, env, top)
        ctx.needs(program.memory_mib)
        if program.kind == "repl":
            return [("status", 0)]
        if program.requires_env and not any(all(env.get(n) for n in group) for group in program.requires_env):
            lines = [(0.0, stream, text) for stream, text in program.missing_env_logs]
            return self.timed_logs(tuple(lines)) + [("exit", 1)]
        if program.kind == "exit":
            return self.timed_logs(program.logs) + [("exit", program.exit_code)]
        hook = _HOOKS.get(program.hook or "")
        spec = {
            "ports": program.ports,
            "routes": program.routes,
            "not_found": program.not_found,
            "values": {},
            "logs": list(program.logs),
        }
        if hook is not None:
            try:
                early = hook(self, program, argv, env, spec)
            except (ValueError, IndexError) as error:
                ctx.note(f"`{key}` got arguments the simulation does not understand ({error})")
                return [("err", f"{key}: invalid argument"), ("exit", 2)]
            if early is not None:
                return early
        values = {"version": ctx.version, "hostname": ctx.hostname, "pod_ip": ctx.pod_ip, **spec["values"]}
        if spec["ports"]:
            values.setdefault("port", str(spec["ports"][0]))
        serve = Serve(
            ports=tuple(spec["ports"]),
            http=program.http,
            routes=tuple(spec["routes"]),
            not_found=spec["not_found"],
            values=tuple(sorted(values.items())),
        )
        return self.timed_logs(tuple(spec["logs"]), values=values, until=program.ready_after) + [("serve", serve)]

    def entry_logs(self, program: Program) -> tuple | None:
        conf = "/etc/nginx/conf.d/default.conf"
        if program.announce_for and conf in self.ctx.files:
            # A mounted default.conf is read-only: the IPv6 script says so instead of editing it.
            logs = [entry for entry in program.logs if "10-listen-on-ipv6" not in entry[2] or "Launching" in entry[2]]
            at = next(i for i, e in enumerate(logs) if "Launching /docker-entrypoint.d/10" in e[2]) + 1
            logs.insert(
                at,
                (0.0, "out", f"10-listen-on-ipv6-by-default.sh: info: can not modify {conf} (read-only file system?)"),
            )
            return tuple(logs)
        return None

    def fill(self, text: str, values: Mapping[str, str] | None = None) -> str:
        values = values or {"version": self.ctx.version, "hostname": self.ctx.hostname, "pod_ip": self.ctx.pod_ip}
        return _fill(text, values)

    def timed_logs(self, logs, values=None, until: float | None = None, key_logs=None) -> list[Step]:
        steps: list[Step] = []
        now = 0.0
        for at, stream, line in key_logs or logs:
            if at > now:
                steps.append(("sleep", round(at - now, 6)))
                now = at
            text = self.fill(line, values)
            timed = "{now:" in text
            steps.append((("errf" if timed else "err") if stream == "err" else ("logf" if timed else "log"), text))
        if until is not None and until > now:
            steps.append(("sleep", round(until - now, 6)))
        return steps

    # -- shells --

    def shell_flavor(self, name: str) -> str:
        base = name.rsplit("/", 1)[-1]
        if base in ("bash", "dash", "ash"):
            return base
        return self.ctx.base.shell or "ash"

    def cmd_sh(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        flavor = self.shell_flavor(argv[0])
        i, opts = 1, ""
        while i < len(argv) and argv[i][:1] in "-+" and argv[i] not in ("-", "--"):
            opts += argv[i][1:]
            i += 1
            if argv[i - 1] in ("-o", "+o"):
                i += 1
            if "c" in argv[i - 1]:
                break
        if "c" in opts:
            if i >= len(argv):
                return [("err", f"{argv[0]}: -c requires an argument"), ("exit", 2)]
            script, zero, positional = argv[i], (argv[i + 1] if len(argv) > i + 1 else argv[0]), argv[i + 2 :]
        elif i < len(argv):
            script = self.ctx.files.get(argv[i])
            if script is None:
                if flavor == "dash":
                    err = f"{argv[0]}: 0: cannot open {argv[i]}: No such file"
                elif flavor == "bash":
                    err = f"{argv[0]}: {argv[i]}: No such file or directory"
                else:
                    err = f"{argv[0]}: can't open '{argv[i]}': No such file or directory"
                return [("err", err), ("exit", 127 if flavor == "bash" else 2)]
            zero, positional = argv[i], argv[i + 1 :]
        else:
            return [("status", 0)]  # reads commands from stdin; a container has none, so it ends at once
        return self.script(script, _Shell(flavor, zero, list(positional), "e" in opts, dict(env)))

    cmd_bash = cmd_ash = cmd_dash = cmd_sh

    def script(self, text: str, sh: _Shell) -> list[Step]:
        try:
            tree = _Parser(_lex(text)).program()
        except _Syntax as error:
            return [("err", _syntax_message(sh.flavor, sh.zero, error)), ("exit", 2)]
        return self.node(tree, sh)

    def node(self, node: tuple, sh: _Shell) -> list[Step]:
        kind = node[0]
        if kind == "seq":
            steps: list[Step] = []
            for index, item in enumerate(node[1]):
                steps += self.node(item, sh)
                if sh.errexit and index < len(node[1]) - 1 and item[0] not in ("and", "or", "neg"):
                    steps.append(("or_else", (("exit", None),)))
            return steps
        if kind in ("and", "or"):
            return self.node(node[1], sh) + [
                ("and_then" if kind == "and" else "or_else", tuple(self.node(node[2], sh)))
            ]
        if kind == "neg":
            return self.node(node[1], sh) + [("not",)]
        if kind == "group":
            return self.node(node[1], sh)
        if kind == "pipe":
            return self.pipe(node[1], sh)
        if kind in ("while", "until"):
            if _uses_vars(node[1]) and _assigns_in(node[2]):
                unrolled = self.unroll(node, sh)
                if unrolled is not None:
                    return unrolled
            cond, body = self.node(node[1], sh), tuple(self.node(node[2], sh))
            if _assigns_in(node[2]):
                self.ctx.note("variables changed inside loops keep the value they had before the loop")
            if kind == "while" and cond in ([("status", 0)], []):
                return [("loop", body)]
            if kind == "until" and cond == [("status", 1)]:
                return [("loop", body)]
            return [(kind, tuple(cond), body)]
        if kind == "for":
            values = sh.positional if node[2] is None else [v for w in node[2] for v in self.expand(w, sh)]
            steps = []
            for value in values[:1000]:
                sh.env[node[1]] = value
                steps += self.node(node[3], sh)
            return steps
        if kind == "if":
            other = node[3]
            other_steps = () if other is None else tuple(self.node(other, sh))
            return [("if", tuple(self.node(node[1], sh)), tuple(self.node(node[2], sh)), other_steps)]
        return self.simple(node, sh)

    def unroll(self, node: tuple, sh: _Shell) -> list[Step] | None:
        """A counter loop (``while [ $i -lt 3 ]; do ...; i=$((i+1)); done``): run it now, once per turn."""
        steps: list[Step] = []
        for _ in range(1000):
            cond = self.node(node[1], sh)
            if any(step[0] != "status" for step in cond):
                return None if not steps else steps + [(node[0], tuple(cond), tuple(self.node(node[2], sh)))]
            ok = not cond or cond[-1][1] == 0
            if ok != (node[0] == "while"):
                return steps or [("status", 0)]
            steps += self.node(node[2], sh)
        self.ctx.note("a loop was cut after 1000 turns")
        return steps

    def pipe(self, commands: tuple, sh: _Shell) -> list[Step]:
        self.ctx.note("pipes are simplified: only the last command's output is kept")
        last = commands[-1]
        last_words = [w for part in last[2][:1] for w in self.expand(part, sh)] if last[0] == "cmd" else []
        if last_words and last_words[0] in ("cat", "tee") and len(last[2]) == 1:
            return self.pipe(commands[:-1], sh) if len(commands) > 2 else self.node(commands[0], sh)
        steps: list[Step] = []
        for command in commands[:-1]:
            steps.append(("redirect", "/dev/null", None, False, tuple(self.node(command, sh))))
        return steps + self.node(last, sh)

    def simple(self, node: tuple, sh: _Shell) -> list[Step]:
        _, assigns, words, redirs = node
        env = sh.env
        if words:
            env = dict(sh.env)
        for name, parts in assigns:
            env[name] = "".join(self.expand(parts, sh, split=False))
        argv = [v for w in words for v in self.expand(w, sh)]
        stdin = None
        for op, target in redirs:
            if op == "<<":
                stdin = "".join(self.expand(target, sh, split=False))
            elif op == "<":
                stdin = self.ctx.files.get("".join(self.expand(target, sh, split=False)), "")
        if stdin is not None and argv:
            steps = self.with_stdin(argv, env, sh, stdin)
        else:
            steps = self.command(argv, env, sh) if argv else []
        for op, target in reversed(redirs):
            path = None if target is None else "".join(self.expand(target, sh, split=False))
            if op in ("<", "<<"):
                continue
            out, err = {
                ">": (path, None),
                ">>": (path, None),
                "2>": (None, path),
                "2>>": (None, path),
                "&>": (path, path),
                "2>&1": (None, "&1"),
                ">&2": ("&2", None),
            }[op]
            steps = [("redirect", out, err, op in (">>", "2>>"), tuple(steps))]
        return steps

    def with_stdin(self, argv: list[str], env: dict[str, str], sh: _Shell, stdin: str) -> list[Step]:
        """``cat <<EOF``, ``sh <<EOF``, ``python - <<EOF``: the commands whose input matters here."""
        name = argv[0].rsplit("/", 1)[-1]
        if name == "cat" and all(a == "-" for a in argv[1:]) and self.find(argv[0]):
            return _output_lines(stdin) or [("status", 0)]
        if name in ("sh", "bash", "ash", "dash") and len(argv) == 1 and self.find(argv[0]):
            return _as_child(self.script(stdin, _Shell(self.shell_flavor(argv[0]), argv[0], [], False, dict(env))))
        if name in ("python", "python3") and argv[1:] in ([], ["-"]) and self.find(argv[0]):
            self.ctx.needs(30)
            return _as_child(_python(stdin, env, self.ctx, bool(env.get("PYTHONUNBUFFERED")), "<stdin>"))
        self.ctx.note(f"the input given to `{name}` is not simulated")
        return self.command(argv, env, sh)

    def command(self, argv: list[str], env: dict[str, str], sh: _Shell) -> list[Step]:
        name = argv[0]
        if name in _SHELL_BUILTINS:
            return self.builtin(argv, env, sh)
        found = self.find(name)
        if found is None:
            return [("err", _not_found(sh.flavor, sh.zero, name)), ("status", 127)]
        key, program = found
        return _as_child(self.run_found(key, program, argv, env))

    def builtin(self, argv: list[str], env: dict[str, str], sh: _Shell) -> list[Step]:
        name, args = argv[0], argv[1:]
        if name in (
            ":",
            "true",
            "cd",
            "trap",
            "wait",
            "unset",
            "read",
            "kill",
            "ulimit",
            "umask",
            "shift",
            "continue",
            "break",
            "type",
            "return",
        ):
            if name in ("kill", "read", "trap"):
                self.ctx.note(f"`{name}` is not simulated")
            return [("status", 0)]
        if name == "false":
            return [("status", 1)]
        if name == "exit":
            if not args:
                return [("exit", None)]
            if not re.fullmatch(r"-?\d+", args[0]):
                return [("err", f"{sh.zero}: 1: exit: Illegal number: {args[0]}"), ("exit", 2)]
            return [("exit", int(args[0]) & 0xFF)]
        if name == "export":
            for arg in args:
                key, eq, value = arg.partition("=")
                if eq:
                    sh.env[key] = value
            return [("status", 0)]
        if name == "set":
            if any(a.startswith("-") and "e" in a for a in args):
                sh.errexit = True
            return [("status", 0)]
        if name == "exec":
            return self.command(args, env, sh) if args else [("status", 0)]
        if name in ("eval", "source", "."):
            text = " ".join(args) if name == "eval" else (self.ctx.files.get(args[0]) if args else None)
            if text is None:
                return [("err", f"{sh.zero}: {args[0] if args else name}: not found"), ("status", 1)]
            try:
                return self.node(_Parser(_lex(text)).program(), sh)
            except _Syntax as error:
                return [("err", _syntax_message(sh.flavor, sh.zero, error)), ("status", 2)]
        if name == "command":
            return self.command(args, env, sh) if args else [("status", 0)]
        if name == "pwd":
            return [("log", "/")]
        if name in ("test", "["):
            return self.test(args[:-1] if name == "[" and args[-1:] == ["]"] else args)
        return self.run_found(name, None, argv, env)  # echo, printf

    def test(self, args: list[str]) -> list[Step]:
        if args[:1] == ["!"]:
            return self.test(args[1:]) + [("not",)]
        if len(args) == 2 and args[0] in ("-f", "-e", "-s", "-d", "-r", "-x"):
            return [("test", args[0], args[1])]
        if len(args) == 2 and args[0] in ("-z", "-n"):
            return [("status", int((args[1] == "") != (args[0] == "-z")))]
        if len(args) == 1:
            return [("status", int(args[0] == ""))]
        if len(args) == 3:
            a, op, b = args
            if op in ("=", "==", "!="):
                return [("status", int((a == b) == (op == "!=")))]
            ops = {
                "-eq": operator.eq,
                "-ne": operator.ne,
                "-lt": operator.lt,
                "-le": operator.le,
                "-gt": operator.gt,
                "-ge": operator.ge,
            }
            if op in ops and re.fullmatch(r"-?\d+", a) and re.fullmatch(r"-?\d+", b):
                return [("status", int(not ops[op](int(a), int(b))))]
        self.ctx.note("this `test` expression is not simulated; it is false")
        return [("status", 1)]

    # -- expansion --

    def expand(self, parts: tuple, sh: _Shell, split: bool = True) -> list[str]:
        fields = [""]
        nonempty = False
        for part in parts:
            kind = part[0]
            if kind == "lit":
                fields[-1] += part[1]
                nonempty = True
                continue
            value = self.value(part, sh)
            if part[2] or not split:
                fields[-1] += value
                nonempty = True
                continue
            pieces = value.split()
            if not pieces:
                continue
            if value[:1].isspace() and fields[-1]:
                fields.append("")
            fields[-1] += pieces[0]
            fields.extend(pieces[1:])
            if value[-1:].isspace():
                fields.append("")
            nonempty = True
        if fields and fields[-1] == "" and len(fields) > 1:
            fields.pop()
        return fields if nonempty else []

    def value(self, part: tuple, sh: _Shell) -> str:
        kind, text = part[0], part[1]
        if kind == "var":
            name, _, default = text.partition(":-")
            if name.isdigit():
                index = int(name)
                value = sh.zero if index == 0 else (sh.positional[index - 1] if index <= len(sh.positional) else "")
            elif name in ("@", "*"):
                value = " ".join(sh.positional)
            elif name == "#":
                value = str(len(sh.positional))
            elif name in ("?", "!", "-"):
                value = "0"
            elif name == "$":
                value = "1"
            else:
                value = sh.env.get(name, "")
            return value if value or not default else default
        if kind == "arith":
            return str(_arith(text, sh.env))
        return self.substitute(text, sh)

    def substitute(self, text: str, sh: _Shell) -> str:
        """``$(...)``: run the command now (time 0, no network) and take its output."""
        try:
            steps = self.node(
                _Parser(_lex(text)).program(), _Shell(sh.flavor, sh.zero, sh.positional, False, dict(sh.env))
            )
        except _Syntax:
            return ""
        if _contains(steps, ("logf", "net", "sleep")):
            self.ctx.note("command substitution runs once, when the script is read")
        state = _Machine(0.0, self.ctx.files, offline_resolver, DEFAULT_EPOCH, 1000)
        try:
            state.run_steps(tuple(steps))
        except (_Halt, _Exited, _OOM, _Budget):
            pass
        return "\n".join(line for _, stream, line in state.logs if stream == "out")

    # -- utilities --

    def cmd_echo(self, argv: list[str], env) -> list[Step]:
        args = argv[1:]
        newline, escapes = True, self.ctx.base.shell == "dash"
        while args and re.fullmatch(r"-[neE]+", args[0]):
            newline = newline and "n" not in args[0]
            escapes = escapes or "e" in args[0]
            args = args[1:]
        text = " ".join(args)
        if escapes:
            text = _unescape(text)
        if not newline and text == "":
            return [("status", 0)]
        return [("log", line) for line in text.split("\n")]

    def cmd_printf(self, argv: list[str], env) -> list[Step]:
        if len(argv) < 2:
            return [("err", "printf: missing operand"), ("status", 1)]
        fmt, args = _unescape(argv[1]), list(argv[2:])
        out = re.sub(r"%([sd%])", lambda m: "%" if m.group(1) == "%" else (args.pop(0) if args else ""), fmt)
        return _output_lines(out) or [("status", 0)]

    def cmd_true(self, argv, env):
        return [("status", 0)]

    def cmd_false(self, argv, env):
        return [("status", 1)]

    def cmd_sleep(self, argv: list[str], env) -> list[Step]:
        if len(argv) < 2:
            if self.ctx.busybox:
                return [
                    ("err", f"BusyBox v{self._busybox_version()} multi-call binary."),
                    ("err", ""),
                    ("err", "Usage: sleep [N]..."),
                    ("status", 1),
                ]
            return [
                ("err", "sleep: missing operand"),
                ("err", "Try 'sleep --help' for more information."),
                ("status", 1),
            ]
        total = 0.0
        for arg in argv[1:]:
            seconds = _parse_seconds(arg)
            if seconds is None:
                if self.ctx.busybox:
                    return [("err", f"sleep: invalid number '{arg}'"), ("status", 1)]
                return [
                    ("err", f"sleep: invalid time interval '{arg}'"),
                    ("err", "Try 'sleep --help' for more information."),
                    ("status", 1),
                ]
            total += seconds
        return [("sleep", total)]

    def _busybox_version(self) -> str:
        return self.ctx.version if self.ctx.repo.name.endswith("busybox") else "1.37.0"

    def cmd_cat(self, argv: list[str], env) -> list[Step]:
        paths = [a for a in argv[1:] if not a.startswith("-")]
        if not paths:
            return [("status", 0)]  # reads stdin: there is none
        return [("cat", path, self._missing("cat", path)) for path in paths]

    def _missing(self, tool: str, path: str) -> str:
        if self.ctx.busybox:
            return f"{tool}: can't open '{path}': No such file or directory"
        return f"{tool}: {path}: No such file or directory"

    def cmd_env(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        args = argv[1:]
        extra = {}
        while args and "=" in args[0]:
            key, _, value = args.pop(0).partition("=")
            extra[key] = value
        if args:
            sub_env = {**env, **extra}
            found = self.find(args[0])
            if found is None:
                return [
                    (
                        "err",
                        f"env: can't execute '{args[0]}': No such file or directory"
                        if self.ctx.busybox
                        else f"env: '{args[0]}': No such file or directory",
                    ),
                    ("status", 127),
                ]
            return _as_child(self.run_found(found[0], found[1], args, sub_env))
        return [("log", f"{k}={v}") for k, v in {**env, **extra}.items()]

    def cmd_printenv(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        if len(argv) == 1:
            return [("log", f"{k}={v}") for k, v in env.items()]
        steps: list[Step] = [("log", env[name]) for name in argv[1:] if name in env]
        if any(name not in env for name in argv[1:]):
            steps.append(("status", 1))
        return steps or [("status", 1)]

    def cmd_date(self, argv: list[str], env) -> list[Step]:
        fmt = "%a %b %e %H:%M:%S UTC %Y"
        for arg in argv[1:]:
            if arg.startswith("+"):
                fmt = arg[1:]
        return [("logf", "{now:" + fmt.replace("}", "") + "}")]

    def cmd_hostname(self, argv: list[str], env) -> list[Step]:
        return [("log", self.ctx.pod_ip if "-i" in argv[1:] else self.ctx.hostname)]

    def cmd_uname(self, argv: list[str], env) -> list[Step]:
        flag = argv[1] if len(argv) > 1 else "-s"
        text = {
            "-r": "6.8.0-51-generic",
            "-n": self.ctx.hostname,
            "-m": "x86_64",
            "-a": f"Linux {self.ctx.hostname} 6.8.0-51-generic #52-Ubuntu SMP x86_64 GNU/Linux",
        }.get(flag, "Linux")
        return [("log", text)]

    def cmd_whoami(self, argv, env):
        return [("log", "root")]

    def cmd_id(self, argv, env):
        return [("log", "uid=0(root) gid=0(root) groups=0(root)")]

    def cmd_pwd(self, argv, env):
        return [("log", "/")]

    def cmd_touch(self, argv: list[str], env) -> list[Step]:
        return [("touch", p) for p in argv[1:] if not p.startswith("-")] or [("status", 0)]

    def cmd_rm(self, argv: list[str], env) -> list[Step]:
        force = any(a.startswith("-") and "f" in a for a in argv[1:])
        tool_error = (
            "rm: can't remove '{}': No such file or directory"
            if self.ctx.busybox
            else "rm: cannot remove '{}': No such file or directory"
        )
        paths = [a for a in argv[1:] if not a.startswith("-")]
        return [("rm", p, None if force else tool_error.format(p)) for p in paths] or [("status", 0)]

    def cmd_mkdir(self, argv, env):
        return [("status", 0)]

    def cmd_ls(self, argv: list[str], env) -> list[Step]:
        paths = [a for a in argv[1:] if not a.startswith("-")] or ["/"]
        return [
            (
                "ls",
                p,
                f"ls: {p}: No such file or directory"
                if self.ctx.busybox
                else f"ls: cannot access '{p}': No such file or directory",
            )
            for p in paths
        ]

    def cmd_seq(self, argv: list[str], env) -> list[Step]:
        try:
            nums = [int(a) for a in argv[1:]]
        except ValueError:
            return [("err", f"seq: invalid number '{argv[1]}'"), ("status", 1)]
        if not nums:
            return [("err", "seq: missing operand"), ("status", 1)]
        first, step, last = (1, 1, nums[0]) if len(nums) == 1 else (nums[0], 1, nums[1]) if len(nums) == 2 else nums[:3]
        values = range(first, last + (1 if step > 0 else -1), step or 1)
        return [("log", str(v)) for v in list(values)[:10000]] or [("status", 0)]

    def cmd_tail(self, argv: list[str], env) -> list[Step]:
        if any(a.startswith("-") and "f" in a.lstrip("-") for a in argv[1:]) or "-F" in argv:
            return [("sleep", math.inf)]  # `tail -f /dev/null`: the classic keep-alive
        self.ctx.note("`tail` without -f is shown as `cat`")
        return self.cmd_cat([a for a in argv if not a.startswith("-") and not a.isdigit()], env)

    def cmd_yes(self, argv: list[str], env) -> list[Step]:
        return [("loop", (("log", " ".join(argv[1:]) or "y"),))]

    def cmd_top(self, argv, env):
        self.ctx.note("`top` runs until stopped and prints nothing here")
        return [("sleep", math.inf)]

    def cmd_stress(self, argv: list[str], env) -> list[Step]:
        opts: dict[str, str] = {}
        args = argv[1:]
        aliases = {"-m": "--vm", "-c": "--cpu", "-i": "--io", "-t": "--timeout", "-d": "--hdd"}
        while args:
            flag = aliases.get(args[0], args[0])
            if flag.startswith("--") and len(args) > 1 and not args[1].startswith("-"):
                opts[flag], args = args[1], args[2:]
            else:
                opts[flag], args = "", args[1:]
        if not any(k in opts for k in ("--vm", "--cpu", "--io", "--hdd")):
            return [
                ("err", "`stress' imposes certain types of compute stress on your system"),
                ("err", ""),
                ("err", "Usage: stress [OPTION [ARG]] ..."),
                ("exit", 1),
            ]
        vm = int(opts["--vm"]) if opts.get("--vm", "").isdigit() else 0
        size = _parse_size(opts.get("--vm-bytes", "256M")) or 256 * MiB
        self.ctx.needs(1 + vm * size / MiB)
        steps: list[Step] = [
            (
                "log",
                f"stress: info: [1] dispatching hogs: {opts.get('--cpu', 0) or 0} cpu, "
                f"{opts.get('--io', 0) or 0} io, {vm} vm, {opts.get('--hdd', 0) or 0} hdd",
            )
        ]
        timeout = _parse_seconds(opts.get("--timeout", "")) if "--timeout" in opts else None
        if timeout is None:
            return steps + [("sleep", math.inf)]
        return steps + [
            ("sleep", timeout),
            ("log", f"stress: info: [1] successful run completed in {int(timeout)}s"),
            ("exit", 0),
        ]

    # -- network tools --

    def cmd_nslookup(self, argv: list[str], env) -> list[Step]:
        names = [a for a in argv[1:] if not a.startswith("-")]
        if not names:
            return [("err", "Usage: nslookup [HOST] [SERVER]"), ("status", 1)]
        return [("net", NetworkCall(tool="nslookup", kind="dns", host=names[0]))]

    def cmd_wget(self, argv: list[str], env) -> list[Step]:
        options: list[str] = []
        output = None
        url = None
        args = list(argv[1:])
        while args:
            arg = args.pop(0)
            if arg in ("-O", "--output-document") and args:
                output = args.pop(0)
            elif arg.startswith("-O") and len(arg) > 2:
                output = arg[2:]
            elif arg in ("-T", "--timeout", "-U", "--header") and args:
                args.pop(0)
            elif arg == "--spider":
                options.append("spider")
            elif re.fullmatch(r"-[qOS]+-?", arg):
                if "q" in arg:
                    options.append("quiet")
                if arg.endswith("O-") or arg.endswith("O"):
                    output = "-" if arg.endswith("-") else (args.pop(0) if args else None)
            elif not arg.startswith("-"):
                url = arg
        if url is None:
            return [("err", "wget: missing URL"), ("status", 1)]
        if output == "-":
            options.append("stdout")
            output = None
        return [("net", _http_call("wget", url, tuple(options), output))]

    def cmd_curl(self, argv: list[str], env) -> list[Step]:
        options: list[str] = []
        output = None
        url = None
        args = list(argv[1:])
        with_value = {
            "-o",
            "--output",
            "-m",
            "--max-time",
            "--connect-timeout",
            "-H",
            "--header",
            "-X",
            "--request",
            "-d",
            "--data",
            "-w",
            "--write-out",
            "-u",
            "--user",
            "-A",
            "--user-agent",
        }
        while args:
            arg = args.pop(0)
            if arg in with_value and args:
                value = args.pop(0)
                if arg in ("-o", "--output"):
                    output = value
            elif arg.startswith("--"):
                options += {
                    "--silent": ["silent"],
                    "--show-error": ["show-error"],
                    "--fail": ["fail"],
                    "--head": ["head"],
                }.get(arg, [])
            elif arg.startswith("-") and len(arg) > 1:
                letters = arg[1:]
                options += [
                    name
                    for letter, name in (("s", "silent"), ("S", "show-error"), ("f", "fail"), ("I", "head"))
                    if letter in letters
                ]
                if letters.endswith("o") and args:
                    output = args.pop(0)
            else:
                url = arg
        if url is None:
            return [("err", "curl: try 'curl --help' or 'curl --manual' for more information"), ("status", 2)]
        return [("net", _http_call("curl", url, tuple(options), output))]

    def cmd_nc(self, argv: list[str], env) -> list[Step]:
        args = [a for a in argv[1:]]
        if "-l" in args or any(a.startswith("-l") for a in args):
            port = next((int(a) for a in args if a.isdigit()), None)
            if "-p" in args and args.index("-p") + 1 < len(args):
                port = int(args[args.index("-p") + 1])
            return [("serve", Serve(ports=(port or 0,), http=False))]
        rest = [a for a in args if not a.startswith("-")]
        if len(rest) >= 2 and rest[1].isdigit():
            return [("net", NetworkCall(tool="nc", kind="tcp", host=rest[0], port=int(rest[1])))]
        self.ctx.note("`nc` is simulated only as `nc -z HOST PORT` and `nc -l -p PORT`")
        return [("status", 1)]

    # -- interpreters --

    def cmd_python(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        self.ctx.needs(30)
        args = list(argv[1:])
        unbuffered = bool(env.get("PYTHONUNBUFFERED"))
        while args and args[0].startswith("-") and args[0] not in ("-c", "-m"):
            unbuffered = unbuffered or "u" in args[0]
            args.pop(0)
        if not args:
            return [("status", 0)]  # the REPL: no TTY and no input, so it exits at once
        if args[0] == "-c":
            return _python(args[1] if len(args) > 1 else "", env, self.ctx, unbuffered, "<string>")
        if args[0] == "-m":
            module = args[1] if len(args) > 1 else ""
            if module == "http.server":
                return self.python_http_server(args[2:], unbuffered)
            return [("err", f"/usr/local/bin/{argv[0].rsplit('/', 1)[-1]}: No module named {module}"), ("exit", 1)]
        path = args[0] if args[0].startswith("/") else "/" + args[0]
        code = self.ctx.files.get(path)
        if code is None:
            return [
                ("err", f"{argv[0].rsplit('/', 1)[-1]}: can't open file '{path}': [Errno 2] No such file or directory"),
                ("exit", 2),
            ]
        return _python(code, env, self.ctx, unbuffered, path)

    cmd_python3 = cmd_python

    def python_http_server(self, args: list[str], unbuffered: bool) -> list[Step]:
        port = next((int(a) for a in args if a.isdigit()), 8000)
        serve = Serve(
            ports=(port,),
            routes=(Route("/", 200, _DIR_LISTING),),
            not_found=(404, _PY_404),
            values=(("hostname", self.ctx.hostname), ("pod_ip", self.ctx.pod_ip)),
        )
        banner: list[Step] = [
            ("log", f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."),
            ("serve", serve),
        ]
        return [("sleep", 0.2)] + (banner if unbuffered else [("buffered", tuple(banner))])

    def cmd_node(self, argv: list[str], env: dict[str, str]) -> list[Step]:
        self.ctx.needs(40)
        args = [a for a in argv[1:]]
        if not args:
            return [("status", 0)]
        if args[0] in ("-e", "--eval", "-p"):
            return _node(args[1] if len(args) > 1 else "", self.ctx)
        path = args[0] if args[0].startswith("/") else "/" + args[0]
        code = self.ctx.files.get(path)
        if code is None:
            return [
                ("err", "node:internal/modules/cjs/loader:1228"),
                ("err", "  throw err;"),
                ("err", "  ^"),
                ("err", ""),
                ("err", f"Error: Cannot find module '{path}'"),
                ("err", ""),
                ("err", f"Node.js v{self.ctx.version}"),
                ("exit", 1),
            ]
        return _node(code, self.ctx)


def _start_error(name: str) -> str:
    if "/" in name:
        detail = f'exec: "{name}": stat {name}: no such file or directory'
    else:
        detail = f'exec: "{name}": executable file not found in $PATH'
    return (
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
        f"failed: unable to start container process: {detail}: unknown"
    )


def _not_found(flavor: str, zero: str, name: str) -> str:
    if flavor == "bash":
        return f"{zero}: line 1: {name}: " + ("No such file or directory" if "/" in name else "command not found")
    if flavor == "dash":
        return f"{zero}: 1: {name}: not found"
    return f"{zero}: {name}: not found"


def _http_call(tool: str, url: str, options: tuple[str, ...], output: str | None) -> NetworkCall:
    m = re.match(r"^(?:(https?)://)?([^/:?#]+)(?::(\d+))?([^?#]*)", url)
    scheme = (m.group(1) if m else None) or "http"
    host = m.group(2) if m else url
    port = int(m.group(3)) if m and m.group(3) else (443 if scheme == "https" else 80)
    path = (m.group(4) if m else "") or "/"
    full = url if "://" in url else f"http://{url}"
    return NetworkCall(
        tool=tool, kind="http", host=host, port=port, path=path, url=full, options=options, output=output
    )


def _arith(expr: str, env: Mapping[str, str]) -> int:
    text = re.sub(r"\$?([A-Za-z_][A-Za-z0-9_]*)", lambda m: env.get(m.group(1), "0") or "0", expr)
    try:
        return int(_safe_eval(ast.parse(text.strip() or "0", mode="eval").body, {}, {}))
    except Exception:
        return 0


_DIR_LISTING = (
    '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n'
    "</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n</ul>\n<hr>\n</body>\n</html>\n"
)
_PY_404 = (
    '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n'
    "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
    "        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n    </body>\n</html>\n"
)


# --- hooks: catalogue programs whose answers depend on arguments, environment or files ----------


def _flag(argv: Sequence[str], *names: str) -> str | None:
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(name + "="):
                return arg[len(name) + 1 :]
    return None


def _docroot_routes(files: Mapping[str, str], docroot: str) -> list[Route]:
    routes = []
    prefix = docroot.rstrip("/") + "/"
    for path, content in sorted(files.items()):
        if path.startswith(prefix):
            rel = "/" + path[len(prefix) :]
            routes.append(Route(rel, 200, content))
            if rel.endswith("/index.html"):
                routes.append(Route(rel[: -len("index.html")], 200, content))
    return routes


def _hook_nginx(c: _Compiler, program: Program, argv, env, spec) -> list[Step] | None:
    args = argv[1:]
    if "-v" in args or "-V" in args:
        return [("err", f"nginx version: nginx/{c.ctx.version}"), ("exit", 0)]
    if "-t" in args:
        return [
            ("err", "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok"),
            ("err", "nginx: configuration file /etc/nginx/nginx.conf test is successful"),
            ("exit", 0),
        ]
    global_directives = _flag(args, "-g") or ""
    if "daemon off" not in global_directives:
        c.ctx.note("nginx without `-g 'daemon off;'` forks into the background, so the container's process exits 0")
        return [("sleep", 0.05), ("exit", 0)]
    files = c.ctx.files
    conf = files.get("/etc/nginx/conf.d/default.conf") or files.get("/etc/nginx/nginx.conf") or ""
    ports = [int(p) for p in re.findall(r"^\s*listen\s+(?:\[::\]:)?(\d+)", conf, re.M)]
    if ports:
        spec["ports"] = tuple(dict.fromkeys(ports))
    if c.ctx.base_name == "alpine":
        spec["logs"] = [
            (at, s, t.replace("built by gcc 12.2.0 (Debian 12.2.0-14) ", "built by gcc 14.2.0 (Alpine 14.2.0) "))
            for at, s, t in spec["logs"]
        ]
    spec["routes"] = tuple(_docroot_routes(files, program.docroot or "")) + tuple(spec["routes"])
    return None


def _hook_docroot(c: _Compiler, program: Program, argv, env, spec) -> None:
    spec["routes"] = tuple(_docroot_routes(c.ctx.files, program.docroot or "")) + tuple(spec["routes"])


def _hook_redis(c: _Compiler, program: Program, argv, env, spec) -> None:
    port = _flag(argv[1:], "--port")
    if port and port.isdigit():
        spec["ports"] = (int(port),)


def _hook_http_echo(c: _Compiler, program: Program, argv, env, spec) -> list[Step] | None:
    args = argv[1:]
    text = _flag(args, "-text", "--text")
    if text is None:
        text = env.get("ECHO_TEXT")
    if text is None:
        return [("err", "Missing -text option!"), ("exit", 127)]
    listen = _flag(args, "-listen", "--listen") or ":5678"
    port = listen.rsplit(":", 1)[-1]
    status = _flag(args, "-status-code", "--status-code")
    spec["ports"] = (int(port),) if port.isdigit() else spec["ports"]
    spec["values"]["text"] = text
    if status and status.isdigit():
        spec["routes"] = (Route("*", int(status), "{text}\n"),)
    return None


def _hook_hello_app(c: _Compiler, program: Program, argv, env, spec) -> None:
    if env.get("PORT", "").isdigit():
        spec["ports"] = (int(env["PORT"]),)


def _hook_whoami(c: _Compiler, program: Program, argv, env, spec) -> None:
    port = _flag(argv[1:], "--port", "-port") or env.get("WHOAMI_PORT_NUMBER")
    if port and port.isdigit():
        spec["ports"] = (int(port),)


def _hook_nginxdemos(c: _Compiler, program: Program, argv, env, spec) -> list[Step] | None:
    early = _hook_nginx(c, program, argv, env, spec)
    if early is None and c.ctx.tag == "plain-text":
        from .images import NGINXDEMOS_TEXT

        spec["routes"] = (Route("*", 200, NGINXDEMOS_TEXT),)
    return early


def _hook_agnhost(c: _Compiler, program: Program, argv, env, spec) -> list[Step] | None:
    sub = argv[1] if len(argv) > 1 else ""
    ts = "{now:%Y/%m/%d %H:%M:%S} "
    if sub == "liveness":
        # agnhost liveness: /healthz answers 200 for the first 10 seconds, then 500.
        spec["routes"] = (Route("/healthz", 200, "ok", before=10.0), Route("/healthz", 500, "error: 10.0", after=10.0))
        spec["logs"] = [(0.0, "err", ts + "Started HTTP server on port 8080")]
        return None
    if sub == "netexec":
        port = _flag(argv[2:], "--http-port") or "8080"
        spec["ports"] = (int(port),)
        spec["routes"] = (
            Route("/hostname", 200, "{hostname}"),
            Route("/", 200, "NOW: {now}"),
            Route("/healthz", 200, ""),
            Route("/echo", 200, ""),
        )
        spec["logs"] = [(0.0, "err", ts + f"Started HTTP server on port {port}")]
        return None
    if sub == "serve-hostname":
        port = _flag(argv[2:], "--port") or "9376"
        spec["ports"] = (int(port),)
        spec["routes"] = (Route("*", 200, "{hostname}"),)
        spec["logs"] = [(0.0, "err", ts + f"Serving on port {port}.")]
        return None
    if sub == "pause":
        spec["ports"] = ()
        spec["logs"] = [(0.0, "out", "Paused")]
        return None
    if sub == "":
        return [("log", "Usage:"), ("log", "  app [command]"), ("exit", 0)]
    return [("err", f'Error: unknown command "{sub}" for "app"'), ("err", "Run 'app --help' for usage."), ("exit", 1)]


_HOOKS: dict[str, Callable] = {
    "nginx": _hook_nginx,
    "docroot": _hook_docroot,
    "redis": _hook_redis,
    "http-echo": _hook_http_echo,
    "hello-app": _hook_hello_app,
    "whoami": _hook_whoami,
    "nginxdemos": _hook_nginxdemos,
    "agnhost": _hook_agnhost,
}


# --- Python and Node one-liners ---------------------------------------------------------------


class _Unsupported(Exception):
    pass


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_CMPOPS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _safe_eval(node: ast.AST, names: dict, env: Mapping[str, str], hostname: str = "") -> Any:
    """Literals, arithmetic, f-strings, names, ``os.environ``/``os.getenv`` and ``socket.gethostname()``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise _Unsupported(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _safe_eval(node.left, names, env, hostname), _safe_eval(node.right, names, env, hostname)
        if isinstance(node.op, ast.Mult) and isinstance(left, str) and isinstance(right, int) and right > 10000:
            raise _Unsupported("big string")
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        left, right = _safe_eval(node.left, names, env, hostname), _safe_eval(node.right, names, env, hostname)
        if abs(right) > 64:
            raise _Unsupported("big power")
        return left**right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
        value = _safe_eval(node.operand, names, env, hostname)
        return -value if isinstance(node.op, ast.USub) else (+value if isinstance(node.op, ast.UAdd) else not value)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
        return _CMPOPS[type(node.ops[0])](
            _safe_eval(node.left, names, env, hostname), _safe_eval(node.comparators[0], names, env, hostname)
        )
    if isinstance(node, ast.JoinedStr):
        return "".join(str(_safe_eval(v, names, env, hostname)) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return format(_safe_eval(node.value, names, env, hostname))
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_safe_eval(e, names, env, hostname) for e in node.elts]
    dotted = ast.unparse(node)
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
        key = _safe_eval(node.slice, names, env, hostname)
        if key not in env:
            raise _Unsupported(f"KeyError: '{key}'")
        return env[key]
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        args = [_safe_eval(a, names, env, hostname) for a in node.args]
        if func in ("os.environ.get", "os.getenv"):
            return env.get(args[0], args[1] if len(args) > 1 else None)
        if func == "socket.gethostname":
            return hostname
        if func in ("str", "int", "float", "len", "abs", "round", "repr"):
            return {"str": str, "int": int, "float": float, "len": len, "abs": abs, "round": round, "repr": repr}[func](
                *args
            )
        if func == "range":
            return list(range(*args))[:10000]
    raise _Unsupported(dotted)


def _python(code: str, env: Mapping[str, str], ctx: _Ctx, unbuffered: bool, filename: str) -> list[Step]:
    try:
        tree = ast.parse(code, filename=filename)
    except SyntaxError as error:
        line = (error.text or "").rstrip("\n")
        return [
            ("err", f'  File "{filename}", line {error.lineno}'),
            ("err", "    " + line.strip()),
            ("err", f"SyntaxError: {error.msg}"),
            ("exit", 1),
        ]
    names: dict[str, Any] = {}
    try:
        steps = _python_block(tree.body, names, env, ctx, filename)
    except _Unsupported as error:
        text = str(error)
        if text.startswith("KeyError"):
            return _traceback(filename, text)
        ctx.note("only simple Python is simulated: print, time.sleep, loops over literals, sys.exit")
        return [("status", 0)]
    except (ArithmeticError, TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError) as error:
        return _traceback(filename, f"{type(error).__name__}: {error}")
    if not unbuffered and _contains(steps, ("sleep", "loop")):
        # stdout to a pipe is block-buffered: `kubectl logs` shows nothing until 8 KiB or exit.
        ctx.note("Python buffers its output when not run with -u or PYTHONUNBUFFERED=1")
        return [("buffered", tuple(steps))]
    return steps


def _traceback(filename: str, last: str) -> list[Step]:
    return [
        ("err", "Traceback (most recent call last):"),
        ("err", f'  File "{filename}", line 1, in <module>'),
        ("err", last),
        ("exit", 1),
    ]


def _python_block(body: list[ast.stmt], names: dict, env, ctx: _Ctx, filename: str) -> list[Step]:
    steps: list[Step] = []
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            names[stmt.targets[0].id] = _safe_eval(stmt.value, names, env, ctx.hostname)
            continue
        if isinstance(stmt, ast.While) and isinstance(stmt.test, ast.Constant) and stmt.test.value:
            steps.append(("loop", tuple(_python_block(stmt.body, names, env, ctx, filename))))
            return steps
        if isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Name):
            for value in _safe_eval(stmt.iter, names, env, ctx.hostname)[:1000]:
                names[stmt.target.id] = value
                steps += _python_block(stmt.body, names, env, ctx, filename)
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            func = ast.unparse(call.func)
            if func == "print":
                sep = next((_safe_eval(k.value, names, env) for k in call.keywords if k.arg == "sep"), " ")
                end = next((_safe_eval(k.value, names, env) for k in call.keywords if k.arg == "end"), "\n")
                to_err = any(k.arg == "file" and ast.unparse(k.value) == "sys.stderr" for k in call.keywords)
                text = sep.join(str(_safe_eval(a, names, env, ctx.hostname)) for a in call.args) + end
                steps += _output_lines(text, "err" if to_err else "log") or [("status", 0)]
                continue
            if func in ("time.sleep", "sleep"):
                steps.append(("sleep", float(_safe_eval(call.args[0], names, env))))
                continue
            if func in ("sys.exit", "exit", "quit", "os._exit"):
                value = _safe_eval(call.args[0], names, env) if call.args else 0
                if isinstance(value, str):
                    return steps + [("err", value), ("exit", 1)]
                return steps + [("exit", int(value or 0) & 0xFF)]
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            exc = stmt.exc
            name = ast.unparse(exc.func if isinstance(exc, ast.Call) else exc)
            arg = _safe_eval(exc.args[0], names, env) if isinstance(exc, ast.Call) and exc.args else ""
            return steps + [
                ("err", "Traceback (most recent call last):"),
                ("err", f'  File "{filename}", line {stmt.lineno}, in <module>'),
                ("err", f"{name}: {arg}" if arg != "" else name),
                ("exit", 1),
            ]
        raise _Unsupported(type(stmt).__name__)
    return steps


def _node(code: str, ctx: _Ctx) -> list[Step]:
    listen = re.search(r"\.listen\(\s*(\d+)", code)
    if listen:
        body = re.search(r"\.end\(\s*(['\"`])(.*?)\1", code)
        port = int(listen.group(1))
        return [
            ("sleep", 0.1),
            ("serve", Serve(ports=(port,), routes=(Route("*", 200, body.group(2) if body else ""),))),
        ]
    steps: list[Step] = []
    for m in re.finditer(r"console\.(log|error)\(\s*(['\"`])(.*?)\2\s*\)|process\.exit\(\s*(\d*)\s*\)", code):
        if m.group(4) is not None:
            return steps + [("exit", int(m.group(4) or 0))]
        steps.append(("log" if m.group(1) == "log" else "err", m.group(3)))
    if not steps:
        ctx.note("only console.log of literals, process.exit and http .listen(PORT) are simulated for Node")
    return steps or [("status", 0)]


# --- building a behaviour ---------------------------------------------------------------------


def _fill(text: str, values: Mapping[str, str]) -> str:
    return re.sub(
        r"\{(version|hostname|pod_ip|port|text|path)\}", lambda m: str(values.get(m.group(1), m.group(0))), text
    )


def _expand_k8s(text: str, env: Mapping[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` expansion in command and args (``$$`` escapes)."""

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1), m.group(0))

    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", sub, text)


def _env_from_spec(items: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        if isinstance(item, Mapping) and "name" in item and "value" in item:
            out[str(item["name"])] = _expand_k8s(str(item["value"]), out)
    return out


def behaviour(
    image: str,
    command: Sequence[str] | None = None,
    args: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    files: Mapping[str, str] | None = None,
    hostname: str = "",
    pod_ip: str = "",
    memory_limit: int | str | None = None,
) -> Behaviour:
    """The plan for a container of ``image`` (already pulled) run with ``command``/``args``/``env``.

    ``command`` replaces the image's ENTRYPOINT and drops its CMD; ``args`` replaces CMD.
    ``files`` are the mounted files (ConfigMaps, Secrets, the service-account namespace ...).
    Raises :class:`StartError` when the executable does not exist, ``images.InvalidImageName``
    for a bad reference and ``LookupError`` for an image that is not in the catalogue.
    """
    ref, repo, tag = lookup(image)
    if repo is None or tag is None:
        raise LookupError(f"image {image!r} is not in the catalogue")
    info = repo.tags[tag]
    ctx = _Ctx(
        ref=ref,
        repo=repo,
        tag=tag,
        version=info.version,
        base_name=info.base,
        files=dict(files or {}),
        hostname=hostname,
        pod_ip=pod_ip,
    )
    full_env: dict[str, str] = {"PATH": DEFAULT_PATH, "HOSTNAME": hostname}
    full_env.update({k: _fill(v, {"version": info.version}) for k, v in repo.env})
    full_env.update(env or {})
    full_env["HOME"] = full_env.get("HOME", "/root")
    if command is not None:
        argv = list(command) + list(args or [])
    else:
        argv = list(repo.entrypoint) + (list(args) if args is not None else list(repo.cmd))
    argv = [_expand_k8s(str(a), full_env) for a in argv]
    if not argv:
        raise StartError("failed to generate container spec: no command specified")
    compiler = _Compiler(ctx)
    steps = _finish(compiler.top(argv, full_env))
    limit = parse_quantity(memory_limit) if memory_limit is not None else None
    return Behaviour(
        image=ref.canonical,
        argv=tuple(argv),
        steps=steps,
        long_running=_runs_forever(steps),
        memory_bytes=ctx.memory,
        sigterm=compiler.sigterm,
        oom_after=OOM_AFTER_SECONDS if limit is not None and limit < ctx.memory else None,
        env=tuple(full_env.items()),
        hostname=hostname,
        pod_ip=pod_ip,
        notes=tuple(ctx.notes),
    )


def container_behaviour(
    container: Mapping[str, Any],
    *,
    env: Mapping[str, str] | None = None,
    files: Mapping[str, str] | None = None,
    hostname: str = "",
    pod_ip: str = "",
) -> Behaviour:
    """:func:`behaviour` for a pod's container spec; ``env`` defaults to its literal ``env`` values
    (the kubelet passes the resolved environment, ConfigMap and Secret references included)."""
    limits = (container.get("resources") or {}).get("limits") or {}
    return behaviour(
        container["image"],
        container.get("command"),
        container.get("args"),
        env if env is not None else _env_from_spec(container.get("env")),
        files=files,
        hostname=hostname,
        pod_ip=pod_ip,
        memory_limit=limits.get("memory"),
    )


_QUANTITY_RE = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|m)?$")
_SUFFIX = {
    None: 1,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
    "Pi": 2**50,
    "Ei": 2**60,
    "k": 10**3,
    "K": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
    "m": 0.001,
}


def parse_quantity(value: int | float | str) -> int:
    """A memory quantity in bytes: ``128Mi``, ``1G``, ``129e6``, ``134217728`` (rounded up)."""
    if isinstance(value, (int, float)):
        return math.ceil(value)
    m = _QUANTITY_RE.match(str(value).strip())
    if not m:
        raise ValueError(
            f"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {value!r}"
        )
    return math.ceil(float(m.group(1)) * _SUFFIX[m.group(2)])


def oom_after(
    container: Mapping[str, Any], *, env: Mapping[str, str] | None = None, files: Mapping[str, str] | None = None
) -> float | None:
    """Seconds after start at which the container is OOMKilled (its memory limit is below what its
    process needs), or ``None``."""
    try:
        return container_behaviour(container, env=env, files=files).oom_after
    except StartError:
        return None


def termination(behaviour: Behaviour, grace_seconds: float = 30.0) -> tuple[float, int, str]:
    """``(seconds until the process is gone, exit code, reason)`` after SIGTERM with this grace period."""
    if behaviour.sigterm is None:
        return (max(0.0, grace_seconds), 137, "Error")
    return (
        min(STOP_SECONDS, max(0.0, grace_seconds)),
        behaviour.sigterm,
        "Completed" if behaviour.sigterm == 0 else "Error",
    )


# --- the executor -----------------------------------------------------------------------------


class _Halt(Exception):
    """The run reached its horizon."""


class _Exited(Exception):
    def __init__(self, code: int):
        self.code = code


class _OOM(Exception):
    pass


class _Budget(Exception):
    pass


class _Frame:
    __slots__ = ("kind", "out", "err", "pending", "size")

    def __init__(self, kind: str, out: str | None = None, err: str | None = None):
        self.kind, self.out, self.err = kind, out, err
        self.pending: list[str] = []
        self.size = 0


def _render_now(text: str, moment: datetime) -> str:
    def sub(m: re.Match) -> str:
        fmt = m.group(1).replace("%L", f"{moment.microsecond // 1000:03d}")
        return moment.strftime(fmt)

    return re.sub(r"\{now:([^}]*)\}", sub, text)


def _lines(content: str) -> list[str]:
    if content == "":
        return []
    return (content[:-1] if content.endswith("\n") else content).split("\n")


class _Machine:
    """Runs a plan over virtual time, up to a horizon; deterministic."""

    def __init__(self, until: float, files, resolver: Resolver, start: datetime, max_lines: int):
        self.t = 0.0
        self.until = until
        self.status = 0
        self.logs: deque = deque(maxlen=max_lines)
        self.max_lines = max_lines
        self.total = 0
        self.files: dict[str, str] = dict(files or {})
        self.resolver = resolver
        self.start = start
        self.serving: tuple[float, Serve] | None = None
        self.frames: list[_Frame] = []
        self.budget = MAX_STEPS
        self.net_calls = 0

    # -- output --

    def emit(self, stream: str, text: str, level: int | None = None) -> None:
        level = len(self.frames) - 1 if level is None else level
        while level >= 0:
            frame = self.frames[level]
            if frame.kind == "redirect":
                target = frame.out if stream == "out" else frame.err
                if target == "&1":
                    stream, target = "out", frame.out
                elif target == "&2":
                    stream, target = "err", frame.err
                if target is None:
                    level -= 1
                    continue
                current = self.files.get(target, "")
                if target != "/dev/null" and len(current) < MAX_FILE_BYTES:
                    self.files[target] = current + text + "\n"
                return
            if frame.kind == "buffer" and stream == "out":
                frame.pending.append(text)
                frame.size += len(text) + 1
                if frame.size >= STDOUT_BUFFER:
                    self.flush(level)
                return
            level -= 1
        self.logs.append((round(self.t, 9), stream, text))
        self.total += 1

    def flush(self, level: int) -> None:
        frame = self.frames[level]
        pending, frame.pending, frame.size = frame.pending, [], 0
        for line in pending:
            self.emit("out", line, level - 1)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t)

    # -- time --

    def advance(self, seconds: float) -> None:
        end = self.t + seconds
        if end > self.until + EPS:
            self.t = self.until
            raise _Halt
        self.t = end

    # -- steps --

    def run_steps(self, steps: Iterable[Step]) -> None:
        for step in steps:
            self.step(step)

    def step(self, s: Step) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _Budget
        kind = s[0]
        if kind in ("log", "err"):
            self.emit("out" if kind == "log" else "err", s[1])
            self.status = 0
        elif kind in ("logf", "errf"):
            self.emit("out" if kind == "logf" else "err", _render_now(s[1], self.now()))
            self.status = 0
        elif kind == "sleep":
            self.advance(s[1])
            self.status = 0
        elif kind == "exit":
            raise _Exited(self.status if s[1] is None else s[1])
        elif kind == "status":
            self.status = s[1]
        elif kind == "not":
            self.status = 0 if self.status else 1
        elif kind == "serve":
            self.serving = (self.t, s[1])
            self.advance(math.inf)
        elif kind == "loop":
            self.loop(None, s[1], False)
        elif kind in ("while", "until"):
            self.loop(s[1], s[2], kind == "until")
        elif kind == "if":
            self.run_steps(s[1])
            if self.status == 0:
                self.run_steps(s[2])
            elif s[3]:
                self.run_steps(s[3])
            else:
                self.status = 0
        elif kind == "and_then":
            if self.status == 0:
                self.run_steps(s[1])
        elif kind == "or_else":
            if self.status != 0:
                self.run_steps(s[1])
        elif kind == "sub":
            try:
                self.run_steps(s[1])
            except _Exited as done:
                self.status = done.code
        else:
            self.file_step(s) if kind in ("touch", "rm", "cat", "ls", "test") else self.other(s)

    def file_step(self, s: Step) -> None:
        kind, path = s[0], s[1]
        if kind == "touch":
            self.files.setdefault(path, "")
            self.status = 0
        elif kind == "rm":
            prefix = path.rstrip("/") + "/"
            gone = [p for p in self.files if p == path or p.startswith(prefix)]
            for p in gone:
                del self.files[p]
            if not gone and s[2]:
                self.emit("err", s[2])
            self.status = 0 if gone or not s[2] else 1
        elif kind == "cat":
            content = self.files.get(path)
            if content is None:
                self.emit("err", s[2])
                self.status = 1
            else:
                for line in _lines(content):
                    self.emit("out", line)
                self.status = 0
        elif kind == "ls":
            prefix = path.rstrip("/") + "/"
            names = sorted({p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)})
            if path in self.files:
                names = [path]
            if not names and path != "/":
                self.emit("err", s[2])
                self.status = 1
            else:
                for name in names:
                    self.emit("out", name)
                self.status = 0
        elif kind == "test":
            op, path = s[1], s[2]
            prefix = path.rstrip("/") + "/"
            is_file = path in self.files
            is_dir = any(p.startswith(prefix) for p in self.files) or path in ("/", "/tmp", "/etc")
            ok = {"-f": is_file, "-s": is_file and self.files.get(path, "") != "", "-d": is_dir}.get(
                op, is_file or is_dir
            )
            self.status = 0 if ok else 1

    def other(self, s: Step) -> None:
        kind = s[0]
        if kind == "net":
            self.network(s[1])
        elif kind == "redirect":
            out, err, append, inner = s[1], s[2], s[3], s[4]
            for target in (out, err):
                if target and not target.startswith("&") and target != "/dev/null" and not append:
                    self.files[target] = ""
            self.frames.append(_Frame("redirect", out, err))
            try:
                self.run_steps(inner)
            finally:
                self.frames.pop()
        elif kind == "buffered":
            self.frames.append(_Frame("buffer"))
            level = len(self.frames) - 1
            try:
                self.run_steps(s[1])
                self.flush(level)
            except _Exited:
                self.flush(level)
                raise
            finally:
                self.frames.pop()
        elif kind == "oom":
            raise _OOM
        else:
            raise ValueError(f"unknown step {s!r}")

    def loop(self, cond: tuple | None, body: tuple, until: bool) -> None:
        iteration = 0
        while True:
            start, lines, calls = self.t, self.total, self.net_calls
            snapshot = (dict(self.files), self.status) if iteration >= 1 else None
            if cond is not None:
                self.run_steps(cond)
                if (self.status == 0) == until:
                    self.status = 0
                    return
            self.run_steps(body)
            if self.t - start < BUSY_TICK:
                self.advance(BUSY_TICK - (self.t - start))
            iteration += 1
            buffered = any(frame.kind == "buffer" for frame in self.frames)
            if (
                snapshot is not None
                and not buffered
                and self.net_calls == calls
                and snapshot == (self.files, self.status)
            ):
                self.skip_ahead(self.t - start, self.total - lines)

    def skip_ahead(self, period: float, lines: int) -> None:
        """The loop is periodic and closed: jump over iterations whose lines would be dropped anyway."""
        if period <= 0 or math.isinf(self.until):
            return
        fits = math.floor((self.until - self.t) / period + EPS)
        keep = math.ceil(self.max_lines / max(lines, 1)) + 1
        skip = fits - keep
        if skip > 0:
            self.t += skip * period
            self.total += skip * lines

    def network(self, call: NetworkCall) -> None:
        self.net_calls += 1
        answer = self.resolver(call, self.t)
        if answer.seconds:
            self.advance(answer.seconds)
        out, err, code, written = network_output(call, answer)
        for line in out:
            self.emit("out", line)
        for line in err:
            self.emit("err", line)
        if written:
            self.files[written[0]] = written[1]
        self.status = code


def network_output(call: NetworkCall, answer: NetworkAnswer) -> tuple[list[str], list[str], int, tuple | None]:
    """How busybox ``nslookup``/``wget``, ``curl`` and ``nc -z`` report an answer:
    ``(stdout lines, stderr lines, exit code, (file, content) written or None)``."""
    host, port = call.host, call.port
    if call.tool == "nslookup":
        header = [f"Server:\t\t{DNS_SERVER}", f"Address:\t{DNS_SERVER}:53", ""]
        if answer.error == "timeout":
            return [";; connection timed out; no servers could be reached", ""], [], 1, None
        if answer.error or not answer.address:
            return header + [f"** server can't find {answer.name or host}: NXDOMAIN", ""], [], 1, None
        return header + [f"Name:\t{answer.name or host}", f"Address: {answer.address}", ""], [], 0, None
    if call.tool == "nc":
        return [], ([] if not answer.error else []), 0 if not answer.error else 1, None
    if call.tool == "wget":
        quiet = "quiet" in call.options
        if answer.error == "no such host":
            return [], [f"wget: bad address '{host}'"], 1, None
        if answer.error == "connection refused":
            return [], [f"wget: can't connect to remote host ({answer.address or host}): Connection refused"], 1, None
        if answer.error:
            return [], ["wget: download timed out"], 1, None
        err = [] if quiet else [f"Connecting to {host}:{port} ({answer.address or host}:{port})"]
        status = answer.status or 200
        if status >= 400:
            return [], err + [f"wget: server returned error: HTTP/1.1 {status} {_phrase(status)}"], 1, None
        if "spider" in call.options:
            return [], err + ([] if quiet else ["remote file exists"]), 0, None
        if "stdout" in call.options:
            return _lines(answer.body), err + ([] if quiet else ["writing to stdout", "written to stdout"]), 0, None
        name = call.output or (call.path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
        path = name if name.startswith("/") else "/" + name
        return [], err + ([] if quiet else [f"saving to '{name}'", f"'{name}' saved"]), 0, (path, answer.body)
    # curl
    silent = "silent" in call.options and "show-error" not in call.options
    if answer.error:
        code, text = {
            "no such host": (6, f"Could not resolve host: {host}"),
            "connection refused": (
                7,
                f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server",
            ),
        }.get(
            answer.error,
            (28, f"Failed to connect to {host} port {port} after {int(answer.seconds * 1000)} ms: Timeout was reached"),
        )
        return [], [] if silent else [f"curl: ({code}) {text}"], code, None
    status = answer.status or 200
    if "fail" in call.options and status >= 400:
        return [], [] if silent else [f"curl: (22) The requested URL returned error: {status}"], 22, None
    if "head" in call.options:
        return [f"HTTP/1.1 {status} {_phrase(status)}", ""], [], 0, None
    if call.output:
        path = call.output if call.output.startswith("/") else "/" + call.output
        return [], [], 0, (path, answer.body)
    return _lines(answer.body), [], 0, None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def run(
    behaviour: Behaviour,
    until: float,
    *,
    files: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    started_at: datetime | None = None,
    max_lines: int = MAX_LOG_LINES,
) -> RunState:
    """Run ``behaviour`` from its start to ``until`` seconds later (finite) and report what happened.

    ``files`` are the mounted files; ``resolver(call, elapsed)`` answers network calls (default:
    nothing resolves); ``started_at`` is the virtual wall time of the start (for timestamps).
    """
    if not math.isfinite(until) or until < 0:
        raise ValueError("run() needs a finite, non-negative horizon")
    horizon = until if behaviour.oom_after is None else min(until, behaviour.oom_after)
    machine = _Machine(horizon, files, resolver or offline_resolver, started_at or DEFAULT_EPOCH, max_lines)
    exit_info = None
    truncated = False
    try:
        machine.run_steps(behaviour.steps)
        exit_info = (machine.t, machine.status, "Completed" if machine.status == 0 else "Error")
    except _Exited as done:
        exit_info = (machine.t, done.code, "Completed" if done.code == 0 else "Error")
    except _OOM:
        exit_info = (machine.t, 137, "OOMKilled")
    except _Halt:
        if behaviour.oom_after is not None and behaviour.oom_after <= until:
            exit_info = (behaviour.oom_after, 137, "OOMKilled")
    except _Budget:
        truncated = True
    serving = machine.serving if exit_info is None else None
    return RunState(
        elapsed=machine.t if exit_info is None else exit_info[0],
        logs=list(machine.logs),
        lines_total=machine.total,
        files=machine.files,
        status=machine.status,
        exit=exit_info,
        serving=serving,
        truncated=truncated,
    )


def logs_at(behaviour: Behaviour, elapsed: float, *, tail: int | None = None, **options: Any) -> list[str]:
    """What ``kubectl logs`` shows ``elapsed`` seconds after the container started (stdout and stderr)."""
    lines = [line for _, _, line in run(behaviour, elapsed, **options).logs]
    return lines[-tail:] if tail else lines


def files_at(behaviour: Behaviour, elapsed: float, **options: Any) -> dict[str, str]:
    """The container's files (mounted and created) ``elapsed`` seconds after it started."""
    return run(behaviour, elapsed, **options).files


def listening(behaviour: Behaviour, elapsed: float, **options: Any) -> Serve | None:
    """What the container listens on at ``elapsed``, or ``None``."""
    state = run(behaviour, elapsed, **options)
    return state.serving[1] if state.serving else None


def _match(serve: Serve, path: str, elapsed: float) -> tuple[int, str]:
    bare = path.split("?", 1)[0] or "/"
    for route in serve.routes:
        if route.after is not None and elapsed < route.after:
            continue
        if route.before is not None and elapsed >= route.before:
            continue
        pattern = route.path
        if pattern == "*" or bare == pattern or (pattern.endswith("*") and bare.startswith(pattern[:-1])):
            if route.status is None:
                code = bare[len(pattern) - 1 :].split("/", 1)[0]
                return (int(code) if code.isdigit() and 100 <= int(code) <= 599 else 400), route.body
            return route.status, route.body
    return serve.not_found


def http_answer(behaviour: Behaviour, port: int, path: str = "/", *, elapsed: float, **options: Any) -> HttpReply:
    """What an HTTP GET to the container's ``port`` and ``path`` gets at ``elapsed``."""
    serve = listening(behaviour, elapsed, **options)
    if serve is None or port not in serve.ports:
        return HttpReply(0, "", "connection refused")
    if not serve.http:
        return HttpReply(0, "", "EOF")
    status, body = _match(serve, path, elapsed)
    values = dict(serve.values)
    values.update(path=path, port=str(port))
    body = _fill(body, values).replace(
        "{now}",
        _render_now(
            "{now:%Y-%m-%d %H:%M:%S}", (options.get("started_at") or DEFAULT_EPOCH) + timedelta(seconds=elapsed)
        ),
    )
    return HttpReply(status, body)


# --- exec and probes (§16) --------------------------------------------------------------------


def exec_command(
    behaviour: Behaviour,
    command: Sequence[str],
    *,
    elapsed: float,
    timeout: float | None = None,
    files: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    started_at: datetime | None = None,
) -> ExecResult:
    """Run ``command`` inside the running container at ``elapsed`` (``kubectl exec``, exec probes)."""
    ref, repo, tag = lookup(behaviour.image)
    assert repo is not None and tag is not None
    info = repo.tags[tag]
    state_files = files_at(behaviour, elapsed, files=files, resolver=resolver, started_at=started_at)
    ctx = _Ctx(
        ref=ref,
        repo=repo,
        tag=tag,
        version=info.version,
        base_name=info.base,
        files=state_files,
        hostname=behaviour.hostname,
        pod_ip=behaviour.pod_ip,
    )
    argv = list(command)
    if not argv:
        return ExecResult(126, "", error="exec failed: no command")
    compiler = _Compiler(ctx)
    try:
        steps = _finish(compiler.top(argv, dict(behaviour.env)))
    except StartError as error:
        detail = error.message.split("unable to start container process: ", 1)[-1]
        return ExecResult(
            126, "", error="OCI runtime exec failed: exec failed: unable to start container process: " + detail
        )
    horizon = 3600.0 if timeout is None else timeout
    start = (started_at or DEFAULT_EPOCH) + timedelta(seconds=elapsed)
    machine = _Machine(horizon, state_files, resolver or offline_resolver, start, 1000)
    code, timed_out = 0, False
    try:
        machine.run_steps(steps)
        code = machine.status
    except _Exited as done:
        code = done.code
    except (_Halt, _Budget):
        timed_out = True
    output = "\n".join(line for _, _, line in machine.logs)
    return ExecResult(code, output, timed_out)


def _probe_port(port: Any, container: Mapping[str, Any] | None) -> int | str:
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for item in (container or {}).get("ports") or []:
        if item.get("name") == port:
            return int(item["containerPort"])
    return f'strconv.Atoi: parsing "{port}": invalid syntax'


def probe_result(
    probe: Mapping[str, Any],
    behaviour: Behaviour,
    container_state: Any,
    pod_ip: str,
    *,
    elapsed: float = 0.0,
    files: Mapping[str, str] | None = None,
    container: Mapping[str, Any] | None = None,
    resolver: Resolver | None = None,
    started_at: datetime | None = None,
) -> ProbeResult:
    """One probe attempt at ``elapsed`` seconds after the container started: ``(ok, message)``.

    ``message`` is what follows ``Liveness probe failed: `` in the ``Unhealthy`` event. A result
    whose ``errored`` is true could not run at all; the kubelet reports it with
    ``MESSAGES["probe_errored"]`` and does not count it. gRPC probes are treated as TCP.
    """
    running = container_state == "running" or (isinstance(container_state, Mapping) and "running" in container_state)
    if not running:
        return ProbeResult(False, "")
    options = {"files": files, "resolver": resolver, "started_at": started_at}
    if "exec" in probe:
        command = list((probe.get("exec") or {}).get("command") or [])
        timeout = float(probe.get("timeoutSeconds", 1))
        result = exec_command(behaviour, command, elapsed=elapsed, timeout=timeout, **options)
        if result.error:
            exec_id = hashlib.sha256(" ".join(command).encode()).hexdigest()
            return ProbeResult(
                False,
                f"rpc error: code = Unknown desc = failed to exec in container: failed to start "
                f'exec "{exec_id}": {result.error}',
            )
        if result.timed_out:
            return ProbeResult(
                False, f'command timed out: "{" ".join(command)}" timed out after {go_duration(timeout)}'
            )
        return ProbeResult(result.exit_code == 0, result.output)
    kind = (
        "httpGet"
        if "httpGet" in probe
        else "tcpSocket"
        if "tcpSocket" in probe
        else "grpc"
        if "grpc" in probe
        else None
    )
    if kind is None:
        return ProbeResult(False, "missing probe handler")
    spec = probe[kind] or {}
    port = _probe_port(spec.get("port"), container)
    if isinstance(port, str):
        return ProbeResult(False, port)
    host = spec.get("host") or pod_ip
    if kind == "httpGet":
        scheme = str(spec.get("scheme") or "HTTP").lower()
        path = spec.get("path") or "/"
        path = path if path.startswith("/") else "/" + path
        url = f"{scheme}://{host}:{port}{path}"
        reply = http_answer(behaviour, port, path, elapsed=elapsed, **options)
        if reply.error == "connection refused":
            return ProbeResult(False, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused')
        if reply.error:
            return ProbeResult(False, f'Get "{url}": {reply.error}')
        if scheme == "https":
            return ProbeResult(False, f'Get "{url}": http: server gave HTTP response to HTTPS client')
        if 200 <= reply.status < 400:
            return ProbeResult(True, "")
        return ProbeResult(False, f"HTTP probe failed with statuscode: {reply.status}")
    serve = listening(behaviour, elapsed, **options)
    if serve is not None and port in serve.ports:
        return ProbeResult(True, "")
    return ProbeResult(False, f"dial tcp {host}:{port}: connect: connection refused")


def unhealthy_message(probe_type: str, result: ProbeResult) -> str:
    """The ``Unhealthy`` event text: ``Liveness probe failed: HTTP probe failed with statuscode: 500``."""
    key = "probe_errored" if result.errored else "probe_failed"
    return message(key, probe=probe_type.capitalize(), message=result.message)


# --- the container lifecycle as data (style point 5) ------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One step of a container's life as the kubelet drives it.

    ``when`` is the condition in words (the kubelet implements it); ``delay`` is seconds or the
    name of the function in this module that gives them; ``events`` are ``(type, reason,
    message template)``; ``state`` is the container state it shows (``("waiting", reason,
    message)``, ``("running",)`` or ``("terminated", reason, exit code)``); ``then`` names the
    stages that may follow. Templates use ``{image}``, ``{container}``, ``{pod}``,
    ``{namespace}``, ``{uid}``, ``{error}``, ``{backoff}``, ``{probe}``, ``{message}`` ...
    """

    name: str
    when: str
    delay: str
    events: tuple[tuple[str, str, str], ...]
    state: tuple
    then: tuple[str, ...]
    note: str = ""


_M = MESSAGES
STAGES: tuple[Stage, ...] = (
    Stage(
        name="inspect",
        when="first, for every container: parse the image reference (images.parse_image)",
        delay="0",
        events=(),
        state=("waiting", "ContainerCreating", ""),
        then=("invalid-image", "present", "never-pull", "pull"),
    ),
    Stage(
        name="invalid-image",
        when="parse_image raises InvalidImageName",
        delay="0",
        events=(("Warning", "InspectFailed", "{error}"), ("Warning", "Failed", "Error: InvalidImageName")),
        state=("waiting", "InvalidImageName", "{error}"),
        then=("inspect",),
        note="retried on every pod sync until the pod changes",
    ),
    Stage(
        name="present",
        when="policy IfNotPresent or Never, and the image is on the node",
        delay="0",
        events=(("Normal", "Pulled", _M["present"]),),
        state=("waiting", "ContainerCreating", ""),
        then=("create",),
    ),
    Stage(
        name="never-pull",
        when="policy Never, and the image is not on the node",
        delay="0",
        events=(("Warning", "ErrImageNeverPull", _M["never_pull"]), ("Warning", "Failed", "Error: ErrImageNeverPull")),
        state=("waiting", "ErrImageNeverPull", _M["never_pull"]),
        then=("inspect",),
    ),
    Stage(
        name="pull",
        when="policy Always, or IfNotPresent and the image is not on the node (images.resolve_image)",
        delay="pull_seconds",
        events=(("Normal", "Pulling", _M["pulling"]),),
        state=("waiting", "ContainerCreating", ""),
        then=("pulled", "pull-failed"),
        note="pulls on one node are serialised: waiting time adds to the total",
    ),
    Stage(
        name="pulled",
        when="resolve_image succeeds",
        delay="0",
        events=(("Normal", "Pulled", _M["pulled"]),),
        state=("waiting", "ContainerCreating", ""),
        then=("create",),
    ),
    Stage(
        name="pull-failed",
        when="resolve_image raises PullError",
        delay="0",
        events=(("Warning", "Failed", _M["pull_failed"]), ("Warning", "Failed", "Error: ErrImagePull")),
        state=("waiting", "ErrImagePull", "{error}"),
        then=("pull-backoff",),
    ),
    Stage(
        name="pull-backoff",
        when="the last pull failed less than image_pull_backoff(failures) ago",
        delay="image_pull_backoff",
        events=(("Normal", "BackOff", _M["pull_backoff"]), ("Warning", "Failed", "Error: ImagePullBackOff")),
        state=("waiting", "ImagePullBackOff", _M["pull_backoff_waiting"]),
        then=("pull",),
        note="the back-off is keyed by pod UID and image",
    ),
    Stage(
        name="config-error",
        when="a referenced ConfigMap, Secret or key is missing",
        delay="0",
        events=(("Warning", "Failed", "Error: {error}"),),
        state=("waiting", "CreateContainerConfigError", "{error}"),
        then=("create",),
        note="retried on every pod sync",
    ),
    Stage(
        name="create",
        when="the image is ready",
        delay=str(CREATE_SECONDS),
        events=(("Normal", "Created", _M["created"]),),
        state=("waiting", "ContainerCreating", ""),
        then=("start", "start-failed"),
    ),
    Stage(
        name="start-failed",
        when="behaviour() raises StartError",
        delay="0",
        events=(("Warning", "Failed", "Error: {error}"),),
        state=("terminated", "StartError", 128),
        then=("restart", "done"),
        note="the terminated message is the error text",
    ),
    Stage(
        name="start",
        when="behaviour() gives a plan",
        delay="0",
        events=(("Normal", "Started", _M["started"]),),
        state=("running",),
        then=("exited", "oom-killed", "probe-failed", "terminating"),
    ),
    Stage(
        name="exited",
        when="run() reports an exit",
        delay="the exit time in run()",
        events=(),
        state=("terminated", "Completed or Error", "{exit_code}"),
        then=("restart", "done"),
        note="reason Completed for exit code 0, Error otherwise",
    ),
    Stage(
        name="oom-killed",
        when="Behaviour.oom_after is set (memory limit below what the process needs)",
        delay="oom_after",
        events=(),
        state=("terminated", "OOMKilled", 137),
        then=("restart", "done"),
    ),
    Stage(
        name="restart",
        when="restartPolicy Always, or OnFailure and the exit code is not 0",
        delay="restart_backoff",
        events=(("Warning", "BackOff", _M["crash_backoff_event"]),),
        state=("waiting", "CrashLoopBackOff", _M["crash_backoff_waiting"]),
        then=("create",),
        note="restart_backoff(0) is 0: the first restart is immediate and shows no CrashLoopBackOff; "
        "the back-off resets after the container ran BACKOFF_RESET_SECONDS",
    ),
    Stage(
        name="done",
        when="restartPolicy Never, or OnFailure and the exit code is 0",
        delay="-",
        events=(),
        state=("terminated", "Completed or Error", "{exit_code}"),
        then=(),
    ),
    Stage(
        name="probe-failed",
        when="probe_result() is not ok and not errored, every periodSeconds after initialDelaySeconds",
        delay="periodSeconds",
        events=(("Warning", "Unhealthy", _M["probe_failed"]),),
        state=("running",),
        then=("liveness-kill", "startup-kill", "not-ready"),
        note="an errored result gives Unhealthy with MESSAGES['probe_errored'] and is not counted",
    ),
    Stage(
        name="not-ready",
        when="the readiness probe failed failureThreshold times in a row",
        delay="0",
        events=(),
        state=("running",),
        then=("probe-failed",),
        note="ready=false: the pod leaves the Service endpoints; never restarts the container",
    ),
    Stage(
        name="liveness-kill",
        when="the liveness probe failed failureThreshold times in a row",
        delay="termination",
        events=(("Normal", "Killing", _M["liveness_kill"]),),
        state=("terminated", "{reason}", "{exit_code}"),
        then=("restart",),
    ),
    Stage(
        name="startup-kill",
        when="the startup probe failed failureThreshold times in a row",
        delay="termination",
        events=(("Normal", "Killing", _M["startup_kill"]),),
        state=("terminated", "{reason}", "{exit_code}"),
        then=("restart",),
    ),
    Stage(
        name="terminating",
        when="the pod is deleted or replaced",
        delay="termination",
        events=(("Normal", "Killing", _M["killing"]),),
        state=("terminated", "{reason}", "{exit_code}"),
        then=(),
        note="SIGTERM, then SIGKILL after terminationGracePeriodSeconds (default 30)",
    ),
)
STAGE_BY_NAME: dict[str, Stage] = {stage.name: stage for stage in STAGES}
