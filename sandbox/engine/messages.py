"""One catalogue of what the engine tells students: code -> English and Korean text, with hints.

Every problem the engine reports is an :class:`Issue` built by :func:`issue` from a code in
``CATALOGUE``. ``message_en`` follows the real API server's wording where there is one (so a
student can search for it); ``message_ko`` explains the same thing in Korean. Templates use
``str.format`` with named fields.

Modules own their sections of the catalogue (marked below); add entries inside your section.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Message:
    en: str
    ko: str
    hint_en: str | None = None
    hint_ko: str | None = None


@dataclass
class Issue:
    """One error or warning about one document, at a field path and (when known) a position."""

    code: str
    path: str
    line: int | None
    column: int | None
    message_en: str
    message_ko: str
    hint: str | None = None
    hint_ko: str | None = None
    severity: str = "error"  # "error" | "warning"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["severity"]
        return data

    def message(self, language: str) -> str:
        return self.message_ko if language == "ko" else self.message_en

    def hint_for(self, language: str) -> str | None:
        return self.hint_ko if language == "ko" and self.hint_ko else self.hint


def format_path(path: Iterable[str | int]) -> str:
    """``("spec", "containers", 0, "name")`` -> ``spec.containers[0].name`` (the API server's form)."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append("." + part)
        else:
            out.append(part)
    return "".join(out)


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt field name, or None when nothing is close."""
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:  # wrong case: containerport -> containerPort
        return lowered[word.lower()]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return match[0] if match else None


def issue(
    code: str,
    path: str = "",
    pos: tuple[int | None, int | None] = (None, None),
    *,
    severity: str = "error",
    **params: Any,
) -> Issue:
    """Build an Issue from the catalogue entry ``code`` with ``params`` filled in."""
    entry = CATALOGUE[code]
    params.setdefault("path", path)
    en = entry.en.format(**params)
    ko = entry.ko.format(**params)
    hint_en = entry.hint_en.format(**params) if entry.hint_en else None
    hint_ko = entry.hint_ko.format(**params) if entry.hint_ko else None
    line, column = pos
    return Issue(code, path, line, column, en, ko, hint_en, hint_ko, severity)


def with_hint(item: Issue, hint_en: str, hint_ko: str) -> Issue:
    item.hint, item.hint_ko = hint_en, hint_ko
    return item


CATALOGUE: dict[str, Message] = {
    # --- manifests.py: reading YAML/JSON --------------------------------------------------
    "yaml.syntax": Message(
        "error converting YAML to JSON: yaml: line {line}: {problem}",
        "YAML 문법 오류입니다 ({line}번째 줄 {column}열): {problem}",
        "Check the indentation (spaces only, no tabs) and the `key: value` form on this line.",
        "이 줄의 들여쓰기(탭이 아닌 공백)와 `키: 값` 형식을 확인하세요.",
    ),
    "yaml.duplicate_key": Message(
        'error converting YAML to JSON: yaml: unmarshal errors:\n  line {line}: key "{key}" already set in map',
        '같은 매핑 안에 키 "{key}"가 두 번 나옵니다 ({line}번째 줄). 처음 나온 줄: {first_line}.',
        "Remove one of the two `{key}` entries, or merge them.",
        "두 `{key}` 항목 중 하나를 지우거나 하나로 합치세요.",
    ),
    "yaml.not_mapping": Message(
        "error: unable to decode document {index}: Object 'Kind' is missing in '{snippet}'",
        "문서 {index}는 쿠버네티스 오브젝트(키: 값 매핑)가 아닙니다: '{snippet}'",
        "A manifest is a mapping with apiVersion, kind, metadata and spec.",
        "매니페스트는 apiVersion, kind, metadata, spec을 가진 매핑이어야 합니다.",
    ),
    "yaml.too_large": Message(
        "Request entity too large: limit is {limit} bytes, got {size}",
        "입력이 너무 큽니다: {size}바이트 (한도 {limit}바이트, API 서버의 요청 크기 제한).",
        "Split the manifest into smaller files.",
        "매니페스트를 더 작은 파일로 나누세요.",
    ),
    "yaml.too_many_documents": Message(
        "too many documents: the limit is {limit} per submission",
        "문서가 너무 많습니다: 한 번에 최대 {limit}개까지 제출할 수 있습니다.",
    ),
    "yaml.too_deep": Message(
        "document nests deeper than {limit} levels",
        "문서의 중첩 깊이가 {limit}단계를 넘습니다.",
        "Kubernetes objects are rarely deeper than 15 levels; check the indentation.",
        "쿠버네티스 오브젝트는 보통 15단계보다 얕습니다. 들여쓰기를 확인하세요.",
    ),
    "yaml.too_many_nodes": Message(
        "document has more than {limit} values; refusing to read it",
        "문서에 값이 {limit}개보다 많습니다. 읽기를 거부합니다.",
        "Split the manifest into smaller documents.",
        "매니페스트를 더 작은 문서로 나누세요.",
    ),
    "yaml.alias_expansion": Message(
        "document expands to more than {limit} values through YAML aliases; refusing to read it",
        "YAML 별칭(*)을 펼치면 값이 {limit}개를 넘습니다. 읽기를 거부합니다.",
        "Anchors (&) and aliases (*) that refer to each other multiply the document's size.",
        "서로를 참조하는 앵커(&)와 별칭(*)은 문서 크기를 기하급수적으로 키웁니다.",
    ),
    "yaml.bad_key": Message(
        "error converting YAML to JSON: yaml: line {line}: map keys must be strings, got {key_type}",
        "{line}번째 줄: 매핑의 키는 문자열이어야 합니다 ({key_type}이(가) 왔습니다).",
    ),
    "object.missing_kind": Message(
        "error validating data: kind not set",
        "kind가 없습니다. 어떤 종류의 오브젝트인지 알 수 없습니다.",
        "Add a top-level `kind:` such as `Pod` or `Deployment`.",
        "최상위에 `kind: Pod`나 `kind: Deployment` 같은 줄을 추가하세요.",
    ),
    "object.missing_api_version": Message(
        "error validating data: apiVersion not set",
        "apiVersion이 없습니다. 어떤 API 버전으로 보낼지 알 수 없습니다.",
        "Add a top-level `apiVersion:` such as `v1` (Pod, Service) or `apps/v1` (Deployment).",
        "최상위에 `apiVersion: v1`(파드, 서비스)이나 `apps/v1`(디플로이먼트) 같은 줄을 추가하세요.",
    ),
    # --- schema.py: the OpenAPI schema -----------------------------------------------------
    # --- rules.py: API-server validation beyond the schema ---------------------------------
    # --- apiserver.py: store-level errors --------------------------------------------------
}
