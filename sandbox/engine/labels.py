"""Label and field selectors, parsed and matched the way apimachinery does it.

``parse_label_selector("app=web,tier in (front,back),!canary")`` is what ``kubectl get -l``
sends; ``selector_from_label_selector({"matchLabels": ..., "matchExpressions": ...})`` is what
a Deployment, ReplicaSet or Service carries. Both give a :class:`Selector` whose
``matches(labels)`` the API server, the store's label index and the controllers share.
Error texts follow apimachinery ``pkg/labels/selector.go`` and ``pkg/fields/selector.go``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class SelectorError(ValueError):
    """A selector that does not parse; ``str(exc)`` is the API server's message."""


# Operators as apimachinery's selection package names them.
EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "=", "==", "!="
IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT = "in", "notin", "exists", "!", "gt", "lt"
_BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt"

_NAME_RE = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_VALUE_RE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_SUBDOMAIN_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
_PREFIX_MSG = (
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)


def qualified_name_errors(key: str) -> list[str]:
    """Why ``key`` is not a valid label key (``[prefix/]name``); empty when it is."""
    parts = key.split("/")
    if len(parts) == 1:
        prefix, name = "", parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            return ["prefix part must be non-empty"]
    else:
        return [(
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix "
            "and '/' (e.g. 'example.com/MyName')"
        )]
    errors = []
    if prefix:
        if len(prefix) > 253:
            errors.append("prefix part must be no more than 253 characters")
        elif not _SUBDOMAIN_RE.match(prefix):
            errors.append(_PREFIX_MSG)
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    elif not _NAME_RE.match(name):
        errors.append(_NAME_MSG)
    return errors


def label_value_errors(value: str) -> list[str]:
    if len(value) > 63:
        return ["must be no more than 63 characters"]
    return [] if _VALUE_RE.match(value) else [_VALUE_MSG]


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        if op in (EQUALS, DOUBLE_EQUALS, IN):
            return self.key in labels and labels[self.key] in self.values
        if op in (NOT_EQUALS, NOT_IN):
            return self.key not in labels or labels[self.key] not in self.values
        if op == EXISTS:
            return self.key in labels
        if op == DOES_NOT_EXIST:
            return self.key not in labels
        if self.key not in labels:  # gt / lt compare integers
            return False
        try:
            have = int(labels[self.key])
        except ValueError:
            return False
        return have > int(self.values[0]) if op == GT else have < int(self.values[0])

    def __str__(self) -> str:
        op = self.operator
        if op == EXISTS:
            return self.key
        if op == DOES_NOT_EXIST:
            return "!" + self.key
        if op in (IN, NOT_IN):
            return f"{self.key} {op} ({','.join(self.values)})"
        symbol = {GT: ">", LT: "<"}.get(op, op)
        return f"{self.key}{symbol}{self.values[0]}"


@dataclass(frozen=True)
class Selector:
    """A conjunction of requirements. ``Selector(())`` matches everything; ``NOTHING`` matches nothing."""

    requirements: tuple[Requirement, ...] = ()
    match_nothing: bool = False

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.match_nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements and not self.match_nothing

    def index_terms(self) -> list[tuple[str, tuple[str, ...]]]:
        """(key, allowed values) of the requirements a label index can answer (=, ==, in)."""
        return [(r.key, r.values) for r in self.requirements if r.operator in (EQUALS, DOUBLE_EQUALS, IN)]

    def __str__(self) -> str:
        if self.match_nothing:
            return "<none>"
        return ",".join(str(r) for r in self.requirements)


EVERYTHING = Selector(())
NOTHING = Selector((), match_nothing=True)


def _requirement(key: str, operator: str, values: Iterable[str]) -> Requirement:
    """apimachinery NewRequirement: validate key and values, sort values."""
    problems = [f'key: Invalid value: "{key}": {e}' for e in qualified_name_errors(key)]
    values = sorted(set(values))
    if operator in (IN, NOT_IN) and not values:
        problems.append("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty")
    if operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS) and len(values) != 1:
        problems.append(f"values: Invalid value: {_go_strings(values)}: "
                        "exact-match compatibility requires one single value")
    if operator in (EXISTS, DOES_NOT_EXIST) and values:
        problems.append(f"values: Invalid value: {_go_strings(values)}: "
                        "values set must be empty for exists and does not exist")
    if operator in (GT, LT):
        if len(values) != 1 or not re.fullmatch(r"[-+]?\d+", values[0]):
            problems.append(f"values: Invalid value: {_go_strings(values)}: "
                            "for 'Gt', 'Lt' operators, the value must be an integer")
    elif operator not in (EXISTS, DOES_NOT_EXIST):
        for i, value in enumerate(values):
            problems += [f'values[{i}][{key}]: Invalid value: "{value}": {e}' for e in label_value_errors(value)]
    if problems:
        raise SelectorError(problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]")
    return Requirement(key, operator, tuple(values))


def _go_strings(values: list[str]) -> str:
    return "[]string{" + ", ".join(f'"{v}"' for v in values) + "}"


# --- the text form: kubectl -l --------------------------------------------------------------

_SPECIAL = "!=(),<>"
_IDENT, _END = "identifier", "end of string"


def _lex(text: str) -> list[tuple[str, str]]:
    """(token, literal) pairs; tokens are the operator literal itself, ``identifier`` or ``end of string``."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _SPECIAL:
            two = text[i : i + 2]
            if two in ("==", "!="):
                out.append((two, two))
                i += 2
            else:
                out.append((ch, ch))
                i += 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
            j += 1
        word = text[i:j]
        out.append((word if word in ("in", "notin") else _IDENT, word))
        i = j
    out.append((_END, ""))
    return out


class _Parser:
    def __init__(self, text: str):
        self.items = _lex(text)
        self.pos = 0

    def lookahead(self, values: bool = True) -> tuple[str, str]:
        tok, lit = self.items[self.pos]
        return (_IDENT, lit) if values and tok in ("in", "notin") else (tok, lit)

    def consume(self, values: bool = True) -> tuple[str, str]:
        item = self.lookahead(values)
        if self.pos < len(self.items) - 1:
            self.pos += 1
        return item

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            tok, lit = self.lookahead()
            if tok == _END:
                return requirements
            if tok not in (_IDENT, "!"):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                requirements.append(self.requirement())
            except SelectorError as exc:
                raise SelectorError(f"unable to parse requirement: {exc}") from None
            tok, lit = self.consume()
            if tok == _END:
                return requirements
            if tok != ",":
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            tok, lit = self.lookahead()
            if tok not in (_IDENT, "!"):
                raise SelectorError(f"found '{lit}', expected: identifier after ','")

    def requirement(self) -> Requirement:
        tok, lit = self.consume()
        negated = tok == "!"
        if negated:
            tok, lit = self.consume()
        if tok != _IDENT:
            raise SelectorError(f"found '{lit}', expected: identifier")
        key = lit
        errors = qualified_name_errors(key)
        if errors:
            raise SelectorError(f'key: Invalid value: "{key}": {errors[0]}')
        if negated:  # whatever follows "!key" is the caller's problem (expects "," or the end)
            return _requirement(key, DOES_NOT_EXIST, ())
        if self.lookahead()[0] in (_END, ","):
            return _requirement(key, EXISTS, ())
        tok, lit = self.consume(values=False)
        operator = {"=": EQUALS, "==": DOUBLE_EQUALS, "!=": NOT_EQUALS, "in": IN, "notin": NOT_IN,
                    ">": GT, "<": LT}.get(tok)
        if operator is None:
            raise SelectorError(f"found '{lit}', expected: {_BINARY_OPERATORS}")
        values = self.set_values() if operator in (IN, NOT_IN) else self.exact_value()
        return _requirement(key, operator, values)

    def exact_value(self) -> list[str]:
        tok, _ = self.lookahead()
        if tok in (_END, ","):
            return [""]
        tok, lit = self.consume()
        if tok == _IDENT:
            return [lit]
        raise SelectorError(f"found '{lit}', expected: identifier")

    def set_values(self) -> list[str]:
        tok, lit = self.consume()
        if tok != "(":
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead()
        if tok == ")":
            self.consume()
            return [""]
        if tok not in (_IDENT, ","):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values: list[str] = []
        while True:
            tok, lit = self.consume()
            if tok == _IDENT:
                values.append(lit)
                tok, lit = self.lookahead()
                if tok == ",":
                    self.consume()
                    if self.lookahead()[0] == ")":
                        values.append("")
                    continue
                if tok == ")":
                    self.consume()
                    return values
                raise SelectorError(f"found '{lit}', expected: ',' or ')'")
            if tok == ",":  # "(,a)" or "(a,,b)": empty values
                values.append("")
                continue
            if tok == ")":
                return values
            raise SelectorError(f"found '{lit}', expected: ',', or identifier")


def parse_label_selector(text: str | None) -> Selector:
    """``kubectl get -l`` text -> Selector; raises SelectorError with apimachinery's message."""
    if text is None or not text.strip():
        return EVERYTHING
    requirements = _Parser(text).parse()
    return Selector(tuple(sorted(requirements, key=lambda r: r.key)))


def selector_from_label_selector(obj: Mapping | None) -> Selector:
    """A ``metav1.LabelSelector`` dict -> Selector (None matches nothing, ``{}`` everything)."""
    if obj is None:
        return NOTHING
    match_labels = obj.get("matchLabels") or {}
    if (not obj.get("matchExpressions") and isinstance(match_labels, dict)
            and all(type(k) is str and type(v) is str for k, v in match_labels.items())):
        # Controllers parse the same few selectors on every sync: remember the plain matchLabels ones.
        key = tuple(match_labels.items())
        found = _PARSED.get(key)
        if found is None:
            found = _parse_label_selector(obj)
            if len(_PARSED) >= 4096:
                _PARSED.clear()
            _PARSED[key] = found
        return found
    return _parse_label_selector(obj)


_PARSED: dict[tuple, Selector] = {}


def _parse_label_selector(obj: Mapping) -> Selector:
    requirements = []
    for key, value in sorted((obj.get("matchLabels") or {}).items()):
        requirements.append(_requirement(key, EQUALS, [str(value)]))
    operators = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}
    for expr in obj.get("matchExpressions") or []:
        operator = operators.get(expr.get("operator"))
        if operator is None:
            raise SelectorError(f'"{expr.get("operator")}" is not a valid label selector operator')
        requirements.append(_requirement(expr.get("key", ""), operator, [str(v) for v in expr.get("values") or []]))
    return Selector(tuple(sorted(requirements, key=lambda r: r.key)))


def selector_from_map(labels: Mapping[str, str] | None) -> Selector:
    """A plain ``key: value`` map (Service ``spec.selector``) -> Selector; empty or None selects nothing."""
    if not labels:
        return NOTHING
    return Selector(tuple(Requirement(k, EQUALS, (str(v),)) for k, v in sorted(labels.items())))


# --- field selectors: kubectl --field-selector ---------------------------------------------


@dataclass(frozen=True)
class FieldRequirement:
    field: str
    operator: str  # "=" (also for "==") or "!="
    value: str

    def matches(self, actual: str) -> bool:
        return (actual == self.value) if self.operator == "=" else (actual != self.value)


def parse_field_selector(text: str | None) -> list[FieldRequirement]:
    """``metadata.name=web,status.phase!=Running`` -> requirements (apimachinery fields.ParseSelector)."""
    if text is None or not text.strip():
        return []
    out = []
    for term in _split_unescaped(text):
        if not term:
            continue
        for symbol, operator in (("!=", "!="), ("==", "="), ("=", "=")):
            index = term.find(symbol)
            if index >= 0:
                field, value = term[:index].strip(), term[index + len(symbol):].strip()
                out.append(FieldRequirement(field, operator, _unescape(value)))
                break
        else:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
    return out


def _split_unescaped(text: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)
