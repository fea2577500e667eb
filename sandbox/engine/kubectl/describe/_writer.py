"""Output: kubectl's PrefixWriter over Go's text/tabwriter."""

from __future__ import annotations


class _Writer:
    """PrefixWriter: `write(level, text)` indents by two spaces per level; `write_line` is Sprintln."""

    def __init__(self):
        self._parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self._parts.append(_escape_terminal("  " * level + text))

    def write_line(self, *args) -> None:
        self._parts.append(_escape_terminal(" ".join(str(a) for a in args) + "\n"))

    def render(self) -> str:
        return _tabwriter("".join(self._parts))


class _Nested:
    """nestedPrefixWriter: adds ``indent`` levels to every write."""

    def __init__(self, inner, indent: int):
        self._inner = inner
        self._indent = indent

    def write(self, level: int, text: str) -> None:
        self._inner.write(level + self._indent, text)

    def write_line(self, *args) -> None:
        self._inner.write(self._indent, " ".join(str(a) for a in args) + "\n")


def _escape_terminal(text: str) -> str:
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def _tabwriter(text: str, minwidth: int = 0, padding: int = 2) -> str:
    """Go text/tabwriter with padchar ' ' and no flags: a cell is text terminated by a tab; a column
    block is a run of consecutive lines that all have a tab-terminated cell in that column; each cell
    is padded to the block's widest cell plus ``padding``. The text after a line's last tab is not a
    cell of any column and is printed as it is."""
    lines = [line.split("\t") for line in text.split("\n")]
    widths: list[int] = []
    out: list[str] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            for j, cell in enumerate(cells):
                parts.append(cell)
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(" " * (widths[j] - len(cell)))
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)
