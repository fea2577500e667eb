"""YAML or JSON text -> documents, every value mapped to its 1-based line and column.

What kubectl does before it talks to the API server, made safe for hostile input:
- multi-document streams (``---``), empty documents skipped, ``kind: List`` expanded;
- duplicate keys rejected (kubectl's YAML-to-JSON conversion refuses them);
- limits on size (the API server's 3 MiB request limit), document count, nesting depth
  and alias expansion, each answered with a clear error rather than a hang or a crash.

The text is split at ``---`` lines first, so a syntax error belongs to the one document it
occurs in and the documents after it are still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .messages import Issue, issue

try:  # libyaml is ~10x faster; the pure-Python parser is the fallback.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path = tuple  # tuple[str | int, ...]
Pos = tuple  # tuple[int, int]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 3 * 1024 * 1024  # the API server's request size limit
    max_documents: int = 500
    max_depth: int = 100
    max_values: int = 100_000  # values in one document (etcd refuses objects over 1.5 MiB anyway)
    max_alias_values: int = 10_000  # values reached again through aliases: stops "billion laughs"


DEFAULT_LIMITS = Limits()


@dataclass
class Document:
    """One object of a submission (a List's items each become one)."""

    file: str
    index: int
    data: Any = None
    positions: dict = field(default_factory=dict)  # path tuple -> (line, column)
    error: Issue | None = None
    start: Pos = (1, 1)
    source_index: int = 0  # position in the YAML stream, empty documents counted (items of a List share it)

    def pos(self, path: Path) -> Pos:
        """Position of ``path``, or of its nearest ancestor that has one."""
        positions = self.positions
        path = tuple(path)
        while path:
            found = positions.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return positions.get((), self.start)

    @property
    def api_version(self) -> str | None:
        value = self.data.get("apiVersion") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def kind(self) -> str | None:
        value = self.data.get("kind") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def name(self) -> str | None:
        if not isinstance(self.data, dict):
            return None
        meta = self.data.get("metadata")
        if not isinstance(meta, dict):
            return None
        value = meta.get("name") or meta.get("generateName")
        return value if isinstance(value, str) else None


class _TooBig(Exception):
    def __init__(self, item: Issue):
        self.item = item


_MARKER = re.compile(r"^---(?:[ \t]|$)", re.M)
_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()


def parse_documents(text: str | bytes, file: str = "-", limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Split ``text`` into documents; each carries its data or the error that stopped it."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        return [Document(file, 0, error=issue("yaml.too_large", pos=(1, 1), limit=limits.max_bytes, size=size))]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = f"invalid UTF-8 at byte {exc.start}"
            return [Document(file, 0, error=issue("yaml.syntax", pos=(1, 1), line=1, column=1, problem=problem))]
    text = text.lstrip("\ufeff")
    if "\r" in text:  # CRLF (and old Mac CR) line ends: YAML treats them as one line break
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    documents: list[Document] = []
    source_index = -1
    for number, (chunk, first_line) in enumerate(_chunks(text)):
        blank = not chunk.strip() or _only_comments(chunk)
        if not (blank and number == 0 and not chunk.lstrip().startswith("---")):
            source_index += 1  # a leading comment before the first `---` is not a document of its own
        if blank:
            continue
        if len(documents) >= limits.max_documents:
            documents.append(Document(file, len(documents), error=issue(
                "yaml.too_many_documents", pos=(first_line, 1), limit=limits.max_documents)))
            break
        for doc in _parse_chunk(chunk, first_line, file, limits):
            doc.index = len(documents)
            doc.source_index = source_index
            documents.append(doc)
            if len(documents) > limits.max_documents:
                break
    return documents


def _chunks(text: str):
    """Yield (chunk, first line number) split at document markers."""
    starts = [m.start() for m in _MARKER.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(text))
    line = 1
    for begin, end in zip(starts, starts[1:]):
        chunk = text[begin:end]
        yield chunk, line
        line += chunk.count("\n")


def _only_comments(chunk: str) -> bool:
    for raw in chunk.splitlines():
        stripped = raw.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            if not (stripped.startswith("---") and stripped[3:].strip().startswith("#")):
                return False
    return True


def _parse_chunk(chunk: str, first_line: int, file: str, limits: Limits) -> list[Document]:
    offset = first_line - 1
    stripped = chunk.lstrip()
    if stripped.startswith(("{", "[")) or stripped.startswith("---") and stripped[3:].lstrip().startswith(("{", "[")):
        chunk = chunk.replace("\t", " ")  # JSON allows tab indentation, YAML does not; columns keep their count
    if chunk.count("\n") > limits.max_values:  # refuse before parsing: parse time grows with size
        return [Document(file, 0, error=issue("yaml.too_many_nodes", pos=(first_line, 1), limit=limits.max_values))]
    depth = _estimated_depth(chunk)
    if depth > limits.max_depth:
        return [Document(file, 0, error=issue("yaml.too_deep", pos=(first_line, 1), limit=limits.max_depth))]
    try:
        node = yaml.compose(chunk, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}; {problem}"
        return [Document(file, 0, error=issue("yaml.syntax", pos=(line, column), line=line, column=column, problem=problem))]
    except yaml.YAMLError as exc:
        return [Document(file, 0, error=issue("yaml.syntax", pos=(first_line, 1), line=first_line, column=1, problem=str(exc)))]
    if node is None:
        return []
    start = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    builder = _Builder(offset, limits)
    try:
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        return [Document(file, 0, error=exc.item, start=start)]
    if builder.error is not None:
        return [Document(file, 0, error=builder.error, start=start)]
    if data is None:
        return []
    positions = builder.positions
    positions[()] = start
    kind = data.get("kind") if isinstance(data, dict) else None
    if isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), list):
        # kubectl expands `kind: List` and every typed list (ConfigMapList, ...) into their items
        return _expand_list(data, positions, file, start)
    return [Document(file, 0, data, positions, start=start)]


def _expand_list(data: dict, positions: dict, file: str, start: Pos) -> list[Document]:
    """``kind: List`` (or ``PodList`` ...) -> one document per item, positions re-rooted at the item."""
    items = data["items"]
    per_item: list[dict] = [{} for _ in items]
    for path, pos in positions.items():
        if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
            per_item[path[1]][path[2:]] = pos
    docs = []
    for i, item in enumerate(items):
        item_positions = per_item[i]
        item_start = item_positions.get((), positions.get(("items", i), start))
        item_positions.setdefault((), item_start)
        if item is None:
            continue
        docs.append(Document(file, 0, item, item_positions, start=item_start))
    return docs


def _estimated_depth(chunk: str) -> int:
    """An upper bound on nesting, computed before parsing: deep input crashes libyaml's composer."""
    flow = max_flow = 0
    indents: list[int] = []
    max_block = 0
    for line in chunk.splitlines():
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        col = len(line) - len(body)
        levels = 1
        while body.startswith("- ") or body == "-":
            levels += 1
            body = body[2:].lstrip(" ")
        while indents and indents[-1] >= col:
            indents.pop()
        indents.append(col)
        max_block = max(max_block, len(indents) + levels)
        quote = ""
        for ch in body:
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch in "[{":
                flow += 1
                max_flow = max(max_flow, flow)
            elif ch in "]}":
                flow = max(0, flow - 1)
            elif ch == "#":
                break
    return max_block + max_flow


class _Builder:
    """Walks a composed YAML node graph into plain data, recording positions and limits."""

    def __init__(self, offset: int, limits: Limits):
        self.offset = offset
        self.limits = limits
        self.values = 0
        self.alias_values = 0
        self.aliasing = 0  # > 0 while building a node reached a second time (through an alias)
        self.seen: set[int] = set()
        self.positions: dict = {}
        self.error: Issue | None = None

    def _pos(self, node: yaml.Node) -> Pos:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.values += 1
        if self.values > self.limits.max_values:
            raise _TooBig(issue("yaml.too_many_nodes", pos=self._pos(node), limit=self.limits.max_values))
        if depth > self.limits.max_depth:
            raise _TooBig(issue("yaml.too_deep", pos=self._pos(node), limit=self.limits.max_depth))
        if self.aliasing:
            self.alias_values += 1
            if self.alias_values > self.limits.max_alias_values:
                raise _TooBig(issue("yaml.alias_expansion", pos=self._pos(node), limit=self.limits.max_alias_values))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.seen:
            self.aliasing += 1
            try:
                return self._collection(node, path, depth)
            finally:
                self.aliasing -= 1
        self.seen.add(id(node))
        return self._collection(node, path, depth)

    def _collection(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, child in enumerate(node.value):
                child_path = path + (i,)
                self.positions[child_path] = self._pos(child)
                out.append(self.build(child, child_path, depth + 1))
            return out
        return self._mapping(node, path, depth)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        out: dict = {}
        seen: dict[str, int] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.extend(value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node])
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                if isinstance(key, (int, float, bool)) or key is None and isinstance(key_node, yaml.ScalarNode):
                    key = str(key_node.value)  # YAML-to-JSON turns scalar keys into strings
                else:
                    line, column = self._pos(key_node)
                    raise _TooBig(issue("yaml.bad_key", pos=(line, column), line=line, key_type=type(key).__name__))
            key_line, key_column = self._pos(key_node)
            if key in seen:
                if self.error is None:
                    self.error = issue(
                        "yaml.duplicate_key", pos=(key_line, key_column), line=key_line, key=key, first_line=seen[key]
                    )
                continue
            seen[key] = key_line
            child_path = path + (key,)
            self.positions[child_path] = (key_line, key_column)
            out[key] = self.build(value_node, child_path, depth + 1)
        for source in merged:  # explicit keys win over merged ones, as in YAML's merge key
            if isinstance(source, yaml.MappingNode):
                for key, value in self._mapping(source, path, depth).items():
                    out.setdefault(key, value)
        return out

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _TAG + "str":
            return node.value
        if tag == _TAG + "int":
            return _constructor.construct_yaml_int(node)
        if tag == _TAG + "bool":
            return _constructor.construct_yaml_bool(node)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "float":
            return _constructor.construct_yaml_float(node)
        return node.value  # timestamps, binary and custom tags stay text, as in JSON
