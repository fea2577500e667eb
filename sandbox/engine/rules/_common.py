"""Field paths and reading manifest values of any type without trusting them."""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

# --- field paths -------------------------------------------------------------------------------


class Key(str):
    """A map key in a field path, printed ``labels[app]``; looks up positions like a plain key."""

    __slots__ = ()


def format_field_path(path: Iterable[str | int]) -> str:
    """``("spec", "containers", 0, "name")`` -> ``spec.containers[0].name``; ``Key`` parts as ``[key]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, Key) or isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append("." + part)
        else:
            out.append(part)
    return "".join(out)


# --- reading values of any type without trusting them ------------------------------------------


def _d(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


def _l(value: Any) -> list | None:
    return value if isinstance(value, list) else None


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _i(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_map(value: Any) -> dict[str, str] | None:
    """A ``map[string]string``: the string entries of a mapping (others are the schema's business)."""
    if not isinstance(value, dict):
        return None
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _items(value: Any) -> Iterator[tuple[int, dict]]:
    """(index, item) for the mapping items of a list."""
    for i, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, dict):
            yield i, item


def _version(kube_version: str) -> tuple[int, int]:
    m = re.match(r"^v?(\d+)\.(\d+)", str(kube_version).strip())
    return (int(m.group(1)), int(m.group(2))) if m else (1, 32)


# --- limits and enums shared by several kinds -----------------------------------------------------

_PROTOCOLS = ["SCTP", "TCP", "UDP"]  # sets.List: sorted
_MAX_INT32 = 2**31 - 1
