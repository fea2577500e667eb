"""Formatting shared by every kubectl printer: AGE cells and tab-aligned tables."""

from __future__ import annotations


def human_duration(seconds: float) -> str:
    """kubectl's AGE format (apimachinery HumanDuration): 45s, 5m2s, 90m, 3h5m, 47h, 2d5h, 364d, 2y3d."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    s = int(seconds)
    if s < 60 * 2:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = (s % 3600) // 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y{days}d" if days else f"{years}y"
    return f"{hours // 24 // 365}y"


def table(rows: list[list[str]], padding: int = 3, minwidth: int = 6) -> str:
    """Align rows like kubectl's tabwriter: each column as wide as its longest cell plus padding
    (at least ``minwidth``); the last cell of a row is printed as it is. Lines joined with
    newlines, no trailing newline."""
    if not rows:
        return ""
    widths = [0] * max(len(r) for r in rows)
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in rows:
        parts = [cell.ljust(max(widths[i] + padding, minwidth)) for i, cell in enumerate(row[:-1])]
        parts.append(row[-1] if row else "")
        lines.append("".join(parts))
    return "\n".join(lines)
