"""API errors as the API server's Status reports them, and as kubectl prints them (§13.4).

An :class:`APIError` carries the Status ``reason`` and HTTP ``status``, the API ``message`` (what
``kubectl create deployment`` shows after its prefix), a Korean ``message_ko``, and for
Invalid/BadRequest the ``causes``: one bilingual :class:`~.messages.Issue` per field error, with
line and column when the request came from a manifest. :meth:`APIError.kubectl_message` renders
it the way ``kubectl apply -f`` / ``create -f`` / ``get`` do.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .messages import Issue
from .resources import Resource

_KUBECTL_INVALID = re.compile(r'^The (\S+) "([^"]*)" is invalid: ?(.*)$', re.DOTALL)
_KUBECTL_SERVER = re.compile(r'^Error from server \(\w+\): (?:error when [^"]*"[^"]*": )?(.*)$', re.DOTALL)
_CANNOT_DECODE = re.compile(r' cannot be handled as a \S+: (.*)$', re.DOTALL)


def cause_text(item: Issue) -> str:
    """One cause as the API server words it: ``spec.replicas: Invalid value: -1: must be ...``."""
    text = item.message_en
    match = _KUBECTL_INVALID.match(text)
    if match:
        return match.group(3)
    match = _KUBECTL_SERVER.match(text)
    if match:
        text = match.group(1)
    if item.path and not text.startswith(item.path):
        return f"{item.path}: {text}"
    return text


def decode_detail(item: Issue) -> str:
    match = _KUBECTL_SERVER.match(item.message_en)
    text = match.group(1) if match else item.message_en
    found = _CANNOT_DECODE.search(text)
    return found.group(1) if found else text


class APIError(Exception):
    """A refused request, as the API server's Status reports it (reason, HTTP code, message, causes)."""

    def __init__(
        self,
        status: int,
        reason: str,
        message: str,
        message_ko: str,
        *,
        causes: list[Issue] | None = None,
        kind: str = "",
        name: str = "",
        resource: Resource | None = None,
        code: str = "",
        verb: str = "creating",
        client_side: bool = False,
        hint: str | None = None,
        hint_ko: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.message_ko = message_ko
        self.causes = list(causes or [])
        self.kind = kind
        self.name = name
        self.resource = resource
        self.code = code
        self.verb = verb
        self.client_side = client_side  # kubectl would have stopped before calling the server
        self.hint = hint
        self.hint_ko = hint_ko

    @classmethod
    def from_issue(cls, status: int, reason: str, item: Issue, **kwargs: Any) -> APIError:
        kwargs.setdefault("hint", item.hint)
        kwargs.setdefault("hint_ko", item.hint_ko)
        kwargs.setdefault("causes", [item])
        return cls(status, reason, item.message_en, item.message_ko, code=item.code, **kwargs)

    def kubectl_message(self, verb: str | None = None, file: str | None = None) -> str:
        """The error as ``kubectl apply -f``/``create -f``/``get`` prints it (§13.4)."""
        verb = verb or self.verb
        source = "STDIN" if file == "-" else file
        if self.client_side:
            if self.code == "yaml.syntax" and source:
                return f"error: error parsing {source}: {self.message}"
            if self.code.startswith("object.missing") and source:
                return (f'error: error validating "{source}": {self.message}; if you choose to ignore these errors, '
                        "turn validation off with --validate=false")
            return self.message if self.message.startswith("error: ") else f"error: {self.message}"
        if self.reason == "Invalid" and self.kind:
            texts = [cause_text(c) for c in self.causes] or [self.message]
            head = f'The {self.kind} "{self.name}" is invalid: '
            if len(texts) == 1:
                return head + texts[0]
            return head + "\n" + "\n".join(f"* {t}" for t in texts)
        if self.reason == "Invalid":
            return f"The request is invalid: {self.message}"
        where = f'error when {verb} "{source}": ' if source else ""
        return f"Error from server ({self.reason}): {where}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "reason": self.reason, "code": self.code, "message": self.message,
            "message_ko": self.message_ko, "kind": self.kind, "name": self.name,
            "hint": self.hint, "hint_ko": self.hint_ko, "causes": [c.to_json() for c in self.causes],
        }


def group_kind(res: Resource | None, kind: str) -> str:
    """``Deployment.apps`` / ``Pod``: how Status messages name a kind."""
    return f"{kind}.{res.group}" if res is not None and res.group else kind


def format_selector_value(selector: Any, kube_version: str = "1.32") -> str:
    """A LabelSelector as a field error shows it: Go ``%#v`` up to 1.33, JSON from 1.34 (§13.4, §19)."""
    if json_values(kube_version):
        return json.dumps(selector, separators=(",", ":"), sort_keys=True)
    selector = selector if isinstance(selector, dict) else {}
    labels = selector.get("matchLabels")
    shown_labels = "map[string]string(nil)" if labels is None else "map[string]string{" + ", ".join(
        f'"{k}":"{v}"' for k, v in sorted(labels.items())) + "}"
    exprs = selector.get("matchExpressions")
    shown_exprs = "[]v1.LabelSelectorRequirement(nil)" if not exprs else "[]v1.LabelSelectorRequirement{" + ", ".join(
        f'v1.LabelSelectorRequirement{{Key:"{e.get("key", "")}", Operator:"{e.get("operator", "")}", '
        f'Values:[]string{{{", ".join(chr(34) + str(v) + chr(34) for v in e.get("values") or [])}}}}}'
        for e in exprs) + "}"
    return f"v1.LabelSelector{{MatchLabels:{shown_labels}, MatchExpressions:{shown_exprs}}}"


def json_values(kube_version: str) -> bool:
    """§19: from 1.34 field-error values that are not scalars print as JSON, before as Go ``%#v``."""
    try:
        major, minor = (int(x) for x in kube_version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (1, 34)
