"""The subset of client-go's JSONPath that kubectl users type: `-o jsonpath=`, custom-columns, --sort-by.

Supported: literal text, `{.a.b}`, `{.items[*].x}`, `[N]`, `[-1]`, `[a:b]`, `['key']`, `..name`,
`.*`, unions `[0,2]`, `{range .items[*]}...{end}`, quoted strings `{"\\n"}`, and filters
`[?(@.status.phase=="Running")]` with == != < > <= >= and bare existence `[?(@.x)]`.
Missing keys give no result (kubectl sets AllowMissingKeys), not an error.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from .goyaml import go_float, to_compact_json


class JSONPathError(ValueError):
    pass


_MISSING = object()


def relaxed(expr: str) -> str:
    """kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`."""
    text = expr.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if not text.startswith("."):
        text = "." + text
    return "{" + text + "}"


# --- parsing the template -----------------------------------------------------------------


def _split_template(template: str) -> list[tuple[str, str]]:
    """("text", literal) and ("expr", inside-braces) pieces."""
    pieces: list[tuple[str, str]] = []
    i, n = 0, len(template)
    while i < n:
        start = template.find("{", i)
        if start < 0:
            pieces.append(("text", template[i:]))
            break
        if start > i:
            pieces.append(("text", template[i:start]))
        j, quote, depth = start + 1, None, 1
        while j < n:
            ch = template[j]
            if quote:
                if ch == "\\":
                    j += 2
                    continue
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= n:
            body = template[start + 1:]
            if "[" in body and _matching_bracket(body, body.index("[")) < 0:
                raise JSONPathError("unterminated array")
            raise JSONPathError("unclosed action")
        pieces.append(("expr", template[start + 1:j]))
        i = j + 1
    return pieces


def _parse_steps(expr: str, template: str) -> list[tuple]:
    """`.items[*].metadata.name` -> [("field","items"), ("all",), ("field","metadata"), ...]."""
    steps: list[tuple] = []
    i, n = 0, len(expr)
    expr = expr.strip()
    n = len(expr)
    if expr.startswith("@"):
        i = 1
    elif expr.startswith("$"):
        i = 1
    while i < n:
        ch = expr[i]
        if ch == ".":
            if expr[i + 1:i + 2] == ".":
                m = re.match(r"[A-Za-z0-9_\-/$]+|\*", expr[i + 2:])
                if not m:
                    raise JSONPathError(f"error parsing jsonpath {template}, unrecognized character in action: {expr[i + 2:i + 3]!r}")
                steps.append(("recursive", m.group(0)))
                i += 2 + m.end()
                continue
            m = re.match(r"[^.\[\]\s]+", expr[i + 1:])
            if not m:
                i += 1
                continue
            name = m.group(0)
            steps.append(("all_fields",) if name == "*" else ("field", name))
            i += 1 + m.end()
        elif ch == "[":
            close = _matching_bracket(expr, i)
            if close < 0:
                raise JSONPathError(f"error parsing jsonpath {template}, unterminated array")
            steps.append(_parse_bracket(expr[i + 1:close], template))
            i = close + 1
        elif ch.isspace():
            i += 1
        else:
            m = re.match(r"[^.\[\]\s]+", expr[i:])
            steps.append(("field", m.group(0)))
            i += m.end()
    return steps


def _matching_bracket(expr: str, start: int) -> int:
    depth, quote = 0, None
    for j in range(start, len(expr)):
        ch = expr[j]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _parse_bracket(inner: str, template: str) -> tuple:
    inner = inner.strip()
    if inner == "*":
        return ("all",)
    if inner.startswith("?(") and inner.endswith(")"):
        return ("filter", _parse_filter(inner[2:-1], template))
    if inner[:1] in "'\"":
        names = [_unquote(p.strip()) for p in _split_top(inner, ",")]
        return ("fields", names)
    if ":" in inner:
        parts = inner.split(":")
        try:
            nums = [int(p) if p.strip() else None for p in parts]
        except ValueError:
            raise JSONPathError(f"error parsing jsonpath {template}, invalid array index {inner}") from None
        return ("slice", *(nums + [None] * (3 - len(nums))))
    try:
        return ("index", [int(p) for p in inner.split(",")])
    except ValueError:
        raise JSONPathError(f"error parsing jsonpath {template}, invalid array index {inner}") from None


def _split_top(text: str, sep: str) -> list[str]:
    out, current, quote = [], [], None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == sep:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return out


_FILTER = re.compile(r"^\s*(.+?)\s*(==|!=|<=|>=|<|>|=~)\s*(.+?)\s*$")


def _parse_filter(text: str, template: str) -> tuple:
    m = _FILTER.match(text)
    if not m:
        return ("exists", _operand(text.strip(), template))
    left, op, right = m.groups()
    return (op, _operand(left, template), _operand(right, template))


def _operand(text: str, template: str) -> tuple:
    if text.startswith("@") or text.startswith("$"):
        return ("path", _parse_steps(text, template))
    if text[:1] in "'\"":
        return ("lit", _unquote(text))
    if text in ("true", "false"):
        return ("lit", text == "true")
    try:
        return ("lit", int(text))
    except ValueError:
        pass
    try:
        return ("lit", float(text))
    except ValueError:
        raise JSONPathError(f"error parsing jsonpath {template}, unrecognized identifier {text}") from None


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            return ast.literal_eval(text) if text[0] == '"' else text[1:-1]
        except (ValueError, SyntaxError):
            return text[1:-1]
    return text


# --- evaluation ---------------------------------------------------------------------------


def find(data: Any, steps: list[tuple]) -> list[Any]:
    """Every value ``steps`` reach from ``data`` (missing keys reach nothing)."""
    current = [data]
    for step in steps:
        nxt: list[Any] = []
        kind = step[0]
        for value in current:
            if kind == "field":
                if isinstance(value, dict) and step[1] in value:
                    nxt.append(value[step[1]])
            elif kind == "fields":
                if isinstance(value, dict):
                    nxt.extend(value[k] for k in step[1] if k in value)
            elif kind == "all_fields":
                if isinstance(value, dict):
                    nxt.extend(value[k] for k in sorted(value))
                elif isinstance(value, list):
                    nxt.extend(value)
            elif kind == "all":
                if isinstance(value, list):
                    nxt.extend(value)
                elif isinstance(value, dict):
                    nxt.extend(value[k] for k in sorted(value))
            elif kind == "index":
                if isinstance(value, list):
                    for idx in step[1]:
                        if -len(value) <= idx < len(value):
                            nxt.append(value[idx])
                        else:
                            raise JSONPathError("array index out of bounds: index %d, length %d" % (idx, len(value)))
            elif kind == "slice":
                if isinstance(value, list):
                    start, end, stride = step[1], step[2], step[3]
                    nxt.extend(value[slice(start, end, stride or 1)])
            elif kind == "filter":
                if isinstance(value, list):
                    nxt.extend(item for item in value if _test(item, step[1]))
            elif kind == "recursive":
                nxt.extend(_descend(value, step[1]))
        current = nxt
    return current


def _descend(value: Any, name: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(value, dict):
        if name == "*":
            found.extend(value[k] for k in sorted(value))
        elif name in value:
            found.append(value[name])
        for k in sorted(value):
            found.extend(_descend(value[k], name))
    elif isinstance(value, list):
        for item in value:
            found.extend(_descend(item, name))
    return found


def _operand_value(item: Any, operand: tuple) -> Any:
    if operand[0] == "lit":
        return operand[1]
    results = find(item, operand[1])
    return results[0] if results else _MISSING


def _test(item: Any, condition: tuple) -> bool:
    if condition[0] == "exists":
        return _operand_value(item, condition[1]) is not _MISSING
    op, left, right = condition
    a, b = _operand_value(item, left), _operand_value(item, right)
    if a is _MISSING or b is _MISSING:
        return False
    if op == "==":
        return _same(a, b)
    if op == "!=":
        return not _same(a, b)
    if op == "=~":
        return isinstance(a, str) and isinstance(b, str) and re.search(b, a) is not None
    try:
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    except TypeError:
        return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or str(a).lower() == str(b).lower()
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return str(a) == str(b) if isinstance(a, str) or isinstance(b, str) else a == b


def text_of(value: Any) -> str:
    """How the JSONPath printer writes one result: JSON for maps and lists, Go's %v otherwise."""
    if isinstance(value, (dict, list)):
        return to_compact_json(value)
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    return str(value)


def go_value(value: Any) -> str:
    """fmt.Sprintf("%v", v) as custom-columns prints a value."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    return text_of(value)


def compile_template(template: str) -> list:
    """Parse a template into a small tree; raises JSONPathError with kubectl's wording."""
    try:
        pieces = _split_template(template)
    except JSONPathError as exc:
        raise JSONPathError(f"error parsing jsonpath {template}, {exc}") from None
    root: list = []
    stack = [root]
    for kind, text in pieces:
        if kind == "text":
            stack[-1].append(("text", text))
            continue
        body = text.strip()
        if body.startswith("range ") or body == "range":
            node = ("range", _parse_steps(body[5:].strip(), template), [])
            stack[-1].append(node)
            stack.append(node[2])
        elif body == "end":
            if len(stack) == 1:
                raise JSONPathError(f"error parsing jsonpath {template}, not in range, nothing to end")
            stack.pop()
        elif body[:1] in "\"'":
            stack[-1].append(("text", _unquote(body)))
        elif body == "":
            continue
        else:
            stack[-1].append(("path", _parse_steps(body, template)))
    if len(stack) > 1:
        raise JSONPathError(f"error parsing jsonpath {template}, unclosed action")
    return root


def execute(tree: list, data: Any) -> str:
    out: list[str] = []
    for node in tree:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "path":
            out.append(" ".join(text_of(v) for v in find(data, node[1])))
        else:
            for item in find(data, node[1]):
                out.append(execute(node[2], item))
    return "".join(out)


def render(template: str, data: Any) -> str:
    return execute(compile_template(template), data)


def values(expr: str, data: Any) -> list[Any]:
    """The results of one relaxed expression (custom-columns cell, --sort-by key)."""
    body = relaxed(expr)[1:-1]
    return find(data, _parse_steps(body, expr))
