"""`manage.py kube validate|...`: the engine from the command line (contract in ARCHITECTURE.md)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sandbox.engine import schema
from sandbox.engine.clock import DEFAULT_EPOCH, parse_time
from sandbox.engine.cluster import Cluster
from sandbox.engine.validate import ValidationResult, validate_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Command(BaseCommand):
    help = "Validate manifests like the Kubernetes API server (more subcommands arrive with the simulator)."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        validate = sub.add_parser("validate", help="validate manifest files (- reads stdin)")
        validate.add_argument("files", nargs="+", metavar="FILE")
        validate.add_argument("--kube-version", default=schema.DEFAULT_VERSION)
        validate.add_argument("--output", choices=["text", "json"], default="text")
        validate.add_argument("--lang", choices=["en", "ko"], default="en", help="language of text output")

        simulate = sub.add_parser("simulate", help="apply files to a fresh simulated cluster, run it, report")
        simulate.add_argument("files", nargs="*", metavar="FILE")
        simulate.add_argument("--nodes", type=int, default=3, help="every node counts: controlplane + workers")
        simulate.add_argument("--seed", type=int, default=1)
        simulate.add_argument("--epoch", default=DEFAULT_EPOCH)
        simulate.add_argument("--until", default="stable", help='"stable" or a number of virtual seconds')
        simulate.add_argument("--kube-version", default=schema.DEFAULT_VERSION)
        simulate.add_argument("--kubectl", action="append", default=[], metavar="COMMAND")
        simulate.add_argument("--request", action="append", default=[], metavar="URL")
        simulate.add_argument("--output", choices=["text", "json"], default="text")
        simulate.add_argument("--lang", choices=["en", "ko"], default="en")

        kubectl = sub.add_parser("kubectl", help="run kubectl commands against a fresh simulated cluster")
        kubectl.add_argument("commands", nargs="+", metavar="COMMAND")
        kubectl.add_argument("--nodes", type=int, default=3)
        kubectl.add_argument("--seed", type=int, default=1)
        kubectl.add_argument("--lang", choices=["en", "ko"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "validate":
            code = self.validate(options)
        elif options["subcommand"] == "simulate":
            code = self.simulate(options)
        elif options["subcommand"] == "kubectl":
            code = self.kubectl(options)
        else:  # pragma: no cover - argparse rejects unknown subcommands
            code = EXIT_USAGE
        sys.stdout.flush()
        raise SystemExit(code)

    def validate(self, options: dict[str, Any]) -> int:
        try:
            version = schema.normalize_version(options["kube_version"])
        except ValueError as exc:
            self.stderr.write(f"error: {exc}")
            return EXIT_USAGE
        results: list[ValidationResult] = []
        unreadable = False
        for path in options["files"]:
            try:
                if path == "-":
                    text: str | bytes = sys.stdin.buffer.read()
                else:
                    with open(path, "rb") as handle:
                        text = handle.read()
            except OSError as exc:
                self.stderr.write(f'error: the path "{path}" cannot be read: {exc.strerror}')
                unreadable = True
                continue
            results.extend(validate_text(text, file=path, kube_version=version))
        if options["output"] == "json":
            self.stdout.write(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(results, options["lang"]))
        if unreadable:
            return EXIT_USAGE
        return EXIT_OK if all(r.valid for r in results) else EXIT_FAILED


    def _cluster(self, options: dict[str, Any]) -> Cluster | None:
        try:
            version = schema.normalize_version(options.get("kube_version") or schema.DEFAULT_VERSION)
            epoch = options.get("epoch") or DEFAULT_EPOCH
            parse_time(epoch)
            return Cluster(nodes=options["nodes"], seed=options["seed"], kube_version=version, epoch=epoch)
        except ValueError as exc:
            self.stderr.write(f"error: {exc}")
            return None

    def simulate(self, options: dict[str, Any]) -> int:
        until = options["until"]
        seconds = None
        if until != "stable":
            try:
                seconds = float(until)
                if seconds < 0:
                    raise ValueError
            except ValueError:
                self.stderr.write(f'error: --until takes "stable" or a number of seconds, got {until!r}')
                return EXIT_USAGE
        cluster = self._cluster(options)
        if cluster is None:
            return EXIT_USAGE
        ok = True
        applied = []
        for path in options["files"]:
            try:
                with open(path, "rb") as handle:
                    text = handle.read()
            except OSError as exc:
                self.stderr.write(f'error: the path "{path}" cannot be read: {exc.strerror}')
                return EXIT_USAGE
            result = cluster.apply(text, file=path)
            applied.append(result.output)
            ok = ok and result.ok
        if seconds is None:
            cluster.run(until="stable")
        else:
            cluster.run(seconds=seconds)
        outputs = []
        for line in options["kubectl"]:
            code, output = cluster.kubectl(line, language=options["lang"])
            outputs.append({"command": line, "exit_code": code, "output": output})
            ok = ok and code == 0
        requests = []
        for url in options["request"]:
            request = getattr(cluster, "request", None)
            if request is None:
                self.stderr.write("error: --request needs the networking part of the simulator, not built yet")
                return EXIT_USAGE
            report = request(url, n=100)
            requests.append(report if isinstance(report, dict) else report.to_json())
        if options["output"] == "json":
            report = {
                "objects": [obj for kind in cluster.store.kinds() if kind != "Event" for obj in cluster.store.list(kind)],
                "events": cluster.store.list("Event"),
                "kubectl": [{"command": o["command"], "output": o["output"]} for o in outputs],
                "requests": requests,
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True))
        else:
            lines = [out for out in applied if out]
            for o in outputs:
                lines.append(f"$ kubectl {o['command'].removeprefix('kubectl ').strip()}")
                lines.append(o["output"].rstrip("\n"))
            for r in requests:
                lines.append(f"$ {r['sent']} requests to {r['url']}")
                lines.extend(f"  {who}: {count}" for who, count in r["answered"].items())
                lines.extend(f"  {key}: {count}" for key, count in r["errors"].items())
            self.stdout.write("\n".join(lines))
        return EXIT_OK if ok else EXIT_FAILED

    def kubectl(self, options: dict[str, Any]) -> int:
        cluster = self._cluster(options)
        if cluster is None:
            return EXIT_USAGE
        stdin = None if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
        worst = EXIT_OK
        for line in options["commands"]:
            code, output = cluster.kubectl(line, stdin=stdin, language=options["lang"])
            cluster.run(until="stable")
            self.stdout.write(output, ending="")
            worst = max(worst, EXIT_FAILED if code else EXIT_OK)
        return worst


def render_text(results: list[ValidationResult], language: str) -> str:
    lines = []
    for r in results:
        what = f"{r.kind or '?'}/{r.name or '?'}"
        verdict = ("유효함" if r.valid else "유효하지 않음") if language == "ko" else ("valid" if r.valid else "invalid")
        lines.append(f"{r.file} [{r.index}] {what}: {verdict}")
        for item in r.errors + r.warnings:
            where = f"{r.file}:{item.line}:{item.column}" if item.line else r.file
            label = "error" if item in r.errors else "warning"
            lines.append(f"  {where}: {label} [{item.code}] {item.message(language)}")
            hint = item.hint_for(language)
            if hint:
                lines.append("    " + ("힌트: " if language == "ko" else "hint: ") + hint.replace("\n", "\n    "))
    if not results:
        lines.append("문서가 없습니다." if language == "ko" else "no documents found")
    return "\n".join(lines)
