"""kubectl's side of the API: every call to ``cluster.api`` goes through here.

API errors become :class:`APIFailure` carrying the text kubectl prints for them (built by
``APIError.kubectl_message``), so commands only decide *which* wording applies. Warnings the API
server raised during a call are handed to ``on_warning`` (kubectl prints them as `Warning: ...`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..apierrors import APIError
from ..resources import Resource


@dataclass(frozen=True)
class Problem:
    """One error a command met. kubectl prints a lone error as ``single``; several (an aggregate) each as
    ``many``: API errors in their `Error from server (Reason): ...` form, others without `error: `."""

    single: str
    many: str
    not_found: bool = False

    @classmethod
    def plain(cls, message: str) -> Problem:
        return cls(f"error: {message}", message)


class APIFailure(Exception):
    """An API error as kubectl prints it (``text``); ``error`` is the API server's exception."""

    def __init__(self, text: str, error: APIError | None = None, verb: str | None = None, file: str | None = None):
        super().__init__(text)
        self.text = text
        self.error = error
        self.verb = verb
        self.file = file

    @property
    def problem(self) -> Problem:
        err = self.error
        if err is None:
            many = self.text
        elif err.client_side:
            many = self.text[len("error: "):] if self.text.startswith("error: ") else self.text
        else:
            where = f'error when {self.verb or err.verb} "{self.file}": ' if self.file else ""
            many = f"Error from server ({err.reason}): {where}{err.message}"
        return Problem(self.text, many, self.not_found)

    @property
    def reason(self) -> str:
        return self.error.reason if self.error is not None else ""

    @property
    def not_found(self) -> bool:
        return self.reason == "NotFound"

    @property
    def raw(self) -> str:
        """The API server's own message (`deployments.apps "web" already exists`)."""
        return self.error.message if self.error is not None else self.text


def wrap(exc: APIError, *, verb: str | None = None, file: str | None = None) -> APIFailure:
    shown = "STDIN" if file == "-" else file
    return APIFailure(exc.kubectl_message(verb=verb, file=file).rstrip("\n"), exc, verb, shown)


class Client:
    """Thin calls on ``cluster.api`` that turn API errors into :class:`APIFailure`."""

    def __init__(self, cluster: Any, on_warning: Callable[[str], None] | None = None):
        self.cluster = cluster
        self.api = cluster.api
        self.on_warning = on_warning

    def _call(self, fn: Callable, *args: Any, verb: str | None = None, file: str | None = None, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except APIError as exc:
            raise wrap(exc, verb=verb, file=file) from None
        finally:
            self._warnings()

    def _warnings(self) -> None:
        take = getattr(self.api, "take_warnings", None)
        if take is None:
            return
        for warning in take():
            if self.on_warning is not None:
                self.on_warning(f"Warning: {warning}")

    def get(self, res: Resource, namespace: str, name: str) -> dict:
        return self._call(self.api.get, res.kind, namespace if res.namespaced else "", name)

    def list(self, res: Resource, namespace: str | None, selector: str | None = None,
             field_selector: str | None = None) -> list[dict]:
        objs = self._call(self.api.list, res.kind, namespace if res.namespaced else None,
                          label_selector=selector or None, field_selector=field_selector or None)
        return sorted(objs, key=lambda o: ((o.get("metadata") or {}).get("namespace") or "", o["metadata"]["name"]))

    def create(self, obj: dict, *, dry_run: bool = False, doc: Any = None, file: str | None = None) -> dict:
        return self._call(self.api.create, obj, doc=doc, dry_run=dry_run, file=file)

    def apply(self, obj: dict, *, dry_run: bool = False, doc: Any = None, file: str | None = None) -> tuple[dict, str]:
        return self._call(self.api.apply, obj, doc=doc, dry_run=dry_run, file=file)

    def patch(self, res: Resource, namespace: str, name: str, patch: Any, patch_type: str = "strategic",
              *, dry_run: bool = False) -> tuple[dict, bool]:
        """The patched object and whether anything changed."""
        ns = namespace if res.namespaced else ""
        with_result = getattr(self.api, "patch_with_result", None)
        if with_result is not None:
            return self._call(with_result, res.kind, ns, name, patch, patch_type, dry_run=dry_run)
        result = self._call(self.api.patch, res.kind, ns, name, patch, patch_type, dry_run=dry_run)
        return result, True

    def delete(self, res: Resource, namespace: str, name: str, *, propagation: str = "Background",
               grace_period: int | None = None, dry_run: bool = False, file: str | None = None) -> dict:
        ns = namespace if res.namespaced else ""
        return self._call(self.api.delete, res.kind, ns, name, propagation=propagation, grace_period=grace_period,
                          dry_run=dry_run, verb="deleting" if file else None, file=file)
