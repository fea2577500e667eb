"""What every command needs: the cluster, the parsed flags, the namespace, stdout/stderr buffers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..manifests import parse_documents
from .client import Client, Problem
from .parser import Args, KubectlError, error
from .printers_workloads import Age

SANDBOX_CONTEXT = "kubernetes-admin@kubernetes"


@dataclass
class Context:
    """One command's world: the cluster, its parsed arguments and what it has printed so far."""

    cluster: Any
    args: Args
    language: str = "en"
    stdin: str | None = None
    # What the terminal shows, in the order kubectl writes it: (stream, text) with stream "out" or "err".
    stream: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int = 0

    _client: Client | None = None

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client(self.cluster, on_warning=self.warn)
        return self._client

    @property
    def age(self) -> Age:
        return Age(self.cluster.clock)

    @property
    def namespace(self) -> str:
        """-n, else the namespace of the sandbox's kubeconfig context (``default``)."""
        given = self.args["namespace"]
        if given:
            return given
        return getattr(self.cluster, "kubectl_namespace", None) or "default"

    @property
    def namespace_given(self) -> bool:
        return bool(self.args["namespace"])

    def print(self, text: str) -> None:
        """A line on stdout."""
        if text:
            self.stream.append(("out", text if text.endswith("\n") else text + "\n"))

    def write(self, text: str) -> None:
        """stdout as it is (jsonpath output has no final newline)."""
        if text:
            self.stream.append(("out", text))

    def fail(self, text: str) -> None:
        """An error line on stderr; the command carries on but exits 1."""
        self.stream.append(("err", text if text.endswith("\n") else text + "\n"))
        self.exit_code = 1

    def report(self, problems: list[Problem]) -> None:
        """The errors met, as kubectl's CheckErr prints one error or an aggregate of several."""
        if len(problems) == 1:
            self.fail(problems[0].single)
        else:
            for problem in problems:
                self.fail(problem.many)

    def warn(self, text: str) -> None:
        self.stream.append(("err", text if text.endswith("\n") else text + "\n"))

    @property
    def stdout(self) -> str:
        return "".join(t for s, t in self.stream if s == "out")

    @property
    def stderr(self) -> str:
        return "".join(t for s, t in self.stream if s == "err")

    def result(self) -> tuple[int, str]:
        return self.exit_code, "".join(t for _, t in self.stream)


def dry_run_strategy(ctx: Context) -> str:
    """--dry-run: none | client | server (bare --dry-run is the deprecated spelling of client)."""
    value = ctx.args["dry-run"]
    if value is None or value == "none" or value == "":
        return "none"
    if value == "unchanged":
        ctx.warn(_klog("W", ctx, "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client."))
        return "client"
    if value in ("client", "server"):
        return value
    if value in ("true", "false"):
        ctx.warn(_klog("W", ctx, "helpers.go:698",
                       f"--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run=%s."
                       % ("client" if value == "true" else "none")))
        return "client" if value == "true" else "none"
    raise error(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')


def _klog(level: str, ctx: Context, where: str, message: str) -> str:
    """A klog line as kubectl writes warnings (`W0101 00:00:05.000000   12345 helpers.go:702] ...`)."""
    moment = ctx.cluster.clock.datetime()
    return f"{level}{moment:%m%d %H:%M:%S}.{moment.microsecond:06d}   12345 {where}] {message}"


def required_flag(name: str) -> KubectlError:
    return error(f'required flag(s) "{name}" not set')


def read_manifests(ctx: Context, filenames: list[str]) -> list[tuple[str, Any]]:
    """Documents of -f: the text given as stdin stands for any file name (and for `-`)."""
    docs = []
    for filename in filenames:
        if ctx.stdin is None:
            if filename == "-":
                raise error("no objects passed to create" if ctx.args.command[:1] == ("create",) else
                            "no objects passed to apply")
            raise error(f'the path "{filename}" does not exist')
        for doc in parse_documents(ctx.stdin, filename):
            docs.append((filename, doc))
    return docs


def doc_error(doc: Any, filename: str) -> str:
    """How kubectl reports a document it could not read before talking to the server."""
    issue = doc.error
    message = issue.message_en if issue is not None else "invalid document"
    if message.startswith("error converting YAML to JSON"):
        return f"error: error parsing {filename}: {message}"
    return message if message.startswith("error") else f"error: {message}"


def strip_managed_fields(obj: dict, keep: bool = False) -> dict:
    if not keep and isinstance(obj.get("metadata"), dict) and "managedFields" in obj["metadata"]:
        obj = {**obj, "metadata": {k: v for k, v in obj["metadata"].items() if k != "managedFields"}}
    return obj
