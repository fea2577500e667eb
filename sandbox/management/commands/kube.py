"""`manage.py kube validate|...`: the engine from the command line (contract in ARCHITECTURE.md)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sandbox.engine import schema
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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "validate":
            code = self.validate(options)
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
