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
    # Decode errors: the server's strict decoder stops the request before validating it.
    "field.unknown": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        'cannot be handled as a {kind}: strict decoding error: unknown field "{path}"',
        "{line}번째 줄의 `{field}`은(는) `{where}` 아래에 올 수 없는 필드입니다(알 수 없는 필드: {path}). "
        "API 서버는 모르는 필드가 하나라도 있으면 {kind} 전체를 거부합니다.",
    ),
    "field.type": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        "cannot be handled as a {kind}: json: cannot unmarshal {got} into Go struct field {gofield} of type {gotype}",
        "{line}번째 줄: `{path}`에는 {wanted_ko} 값이 와야 하는데 {got_ko}이(가) 왔습니다. "
        "API 서버가 {kind}을(를) 해석하지 못해 요청을 거부합니다.",
    ),
    "field.base64": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        "cannot be handled as a {kind}: illegal base64 data at input byte {offset}",
        "{line}번째 줄: `{path}`의 값이 올바른 base64 문자열이 아닙니다({offset}번째 바이트부터). "
        "이 필드에는 base64로 인코딩한 값만 넣을 수 있습니다.",
        "Encode the value (`echo -n 'value' | base64`), or in a Secret put plain text under `stringData` instead.",
        "값을 인코딩해서 넣거나(`echo -n '값' | base64`), Secret이라면 평문을 `stringData` 아래에 쓰세요.",
    ),
    "field.quantity": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        "cannot be handled as a {kind}: quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        "{line}번째 줄: `{path}`은(는) 올바른 수량(quantity)이 아닙니다. 숫자 뒤에 단위를 붙여 쓰세요.",
        "Write a number with an optional unit: `500m` (half a CPU), `2`, `128Mi`, `1Gi`.",
        "숫자 뒤에 단위를 붙여 쓰세요: `500m`(CPU 0.5개), `2`, `128Mi`, `1Gi`.",
    ),
    "field.quantity_suffix": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        "cannot be handled as a {kind}: unable to parse quantity's suffix",
        "{line}번째 줄: `{path}`의 단위를 알 수 없습니다. 쓸 수 있는 단위는 m, k, M, G, T, P, E와 "
        "Ki, Mi, Gi, Ti, Pi, Ei입니다.",
        "Units are case-sensitive: `Mi` and `Gi` (binary) or `M` and `G` (decimal); `MB`, `mi` and `gb` do not exist.",
        "단위는 대소문자를 구분합니다: `Mi`, `Gi`(2진) 또는 `M`, `G`(10진)를 쓰세요. `MB`, `mi`, `gb`는 없습니다.",
    ),
    # Validation errors from the schema, reported with the API server's own.
    "field.required": Message(
        'The {kind} "{name}" is invalid: {path}: Required value',
        "필수 필드 `{path}`이(가) 없습니다. `{parent}`({line}번째 줄) 아래에 `{field}`을(를) 추가하세요.",
    ),
    "field.enum": Message(
        'The {kind} "{name}" is invalid: {path}: Unsupported value: "{value}": supported values: {supported}',
        '`{path}`에 지원하지 않는 값 "{value}"이(가) 왔습니다. 쓸 수 있는 값: {supported}.',
    ),
    # Hints attached to the errors above (not error codes): en is the hint, ko its Korean.
    "hint.did_you_mean": Message("did you mean `{field}`?", "`{field}`을(를) 쓰려던 것인가요?"),
    "hint.belongs_under": Message(
        "`{field}` is a field of `{parent}`: move it under `{parent}:`",
        "`{field}`은(는) `{parent}` 아래에 오는 필드입니다. `{parent}:` 아래로 옮기세요.",
    ),
    "hint.valid_fields": Message(
        "fields allowed here: {fields} (see `kubectl explain {explain}`)",
        "여기에 쓸 수 있는 필드: {fields} (`kubectl explain {explain}`으로 확인할 수 있습니다)",
    ),
    "hint.unquote": Message(
        "remove the quotes: `{example}` (a number in quotes is a string)",
        "따옴표를 빼고 `{example}`처럼 쓰세요. 따옴표로 감싼 숫자는 문자열입니다.",
    ),
    "hint.quote": Message(
        "quote it so that YAML reads it as text: `{example}`",
        "YAML이 문자열로 읽도록 따옴표로 감싸세요: `{example}`",
    ),
    "hint.want_list": Message(
        "`{field}` is a list: start each item with `- `",
        "`{field}`은(는) 목록입니다. 각 항목을 `- `로 시작하세요.",
    ),
    "hint.want_mapping": Message(
        "`{field}` is a mapping, not a list: remove the `- ` in front of its fields",
        "`{field}`은(는) 목록이 아니라 매핑입니다. 필드 앞의 `- `를 지우세요.",
    ),
    "hint.see_explain": Message(
        "`{field}` takes a value of type {wanted}: see `kubectl explain {explain}`",
        "`{field}`에는 {wanted} 형식의 값이 와야 합니다. `kubectl explain {explain}`으로 확인하세요.",
    ),
    # --- rules.py: API-server validation beyond the schema ---------------------------------
    # Errors as kubectl prints one cause: the server's field error in English, an explanation in Korean.
    "name.required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "{kind}에 이름이 없습니다. `metadata.name`이 꼭 있어야 합니다(또는 이름 앞부분만 정하고 나머지를 "
        "API 서버가 채우게 하는 `metadata.generateName`).",
        "Add a name under metadata, e.g. `name: web`.",
        "metadata 아래에 `name: web`처럼 이름을 넣으세요.",
    ),
    "name.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "{kind} 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
        "Names use lower-case letters, digits and '-' (e.g. `my-app`, `web-1`).",
        "이름은 영문 소문자, 숫자, '-'로 `my-app`, `web-1`처럼 지으세요.",
    ),
    "namespace.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "네임스페이스 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
        "Namespace names use lower-case letters, digits and '-' (e.g. `dev`, `team-a`).",
        "네임스페이스 이름은 영문 소문자, 숫자, '-'로 `dev`, `team-a`처럼 지으세요.",
    ),
    "label.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`에 쓸 수 없는 레이블 {part}입니다: {value}. {reason}",
        "Label keys and values: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, "
        "at most 63 characters (e.g. `app: web`, `tier: front-end`).",
        "레이블 키와 값은 영문자, 숫자, '-', '_', '.'로 쓰고 영문자나 숫자로 시작하고 끝나야 합니다(최대 63자). "
        "예: `app: web`, `tier: front-end`.",
    ),
    "annotation.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`에 쓸 수 없는 어노테이션 키입니다: {value}. {reason}",
    ),
    "annotation.too_long": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "어노테이션을 모두 합친 크기가 {size}바이트로, 한도인 {limit}바이트(256KiB)를 넘습니다.",
        "Keep large data in a ConfigMap and mount it instead.",
        "큰 데이터는 ConfigMap에 넣고 마운트해서 쓰세요.",
    ),
    "selector.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 레이블 셀렉터가 올바르지 않습니다. {reason}",
    ),
    "selector.empty": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`가 비어 있습니다. {reason}",
        "Select the pods by their labels: `selector: {{matchLabels: {{app: web}}}}`.",
        "파드의 레이블로 고르세요: `selector: {{matchLabels: {{app: web}}}}`.",
    ),
    "selector.mismatch": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`spec.selector`가 파드 템플릿의 레이블 {value}과(와) 맞지 않습니다. 컨트롤러는 셀렉터로 자기 파드를 "
        "찾으므로, 템플릿의 레이블이 셀렉터의 조건을 모두 만족해야 합니다.",
        "Give the pod template every label the selector asks for: `selector.matchLabels: {{app: web}}` needs "
        "`template.metadata.labels: {{app: web}}`.",
        "셀렉터가 요구하는 레이블을 템플릿에 모두 넣으세요: `selector.matchLabels: {{app: web}}`이면 "
        "`template.metadata.labels: {{app: web}}`도 있어야 합니다.",
    ),
    "selector.required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`가 필요합니다. 컨트롤러는 셀렉터로 자기가 관리할 파드를 찾습니다.",
    ),
    "selector.not_generated": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "Job의 셀렉터는 API 서버가 만들어 줍니다. `spec.selector`를 직접 쓰려면 `spec.manualSelector: true`도 "
        "함께 써야 합니다.",
        "Remove `spec.selector` (the server generates one), or set `spec.manualSelector: true`.",
        "`spec.selector`를 지우거나(서버가 만들어 줍니다) `spec.manualSelector: true`를 추가하세요.",
    ),
    "selector.generated": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "CronJob이 만드는 Job의 셀렉터는 자동으로 만들어지므로 `{path}`를 쓸 수 없습니다.",
        "Remove the selector from the job template.",
        "jobTemplate에서 selector를 지우세요.",
    ),
    "value.negative": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값은 0 이상이어야 합니다(지금 값: {value}).",
    ),
    "value.unsupported": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`에 쓸 수 없는 값입니다: {value}. 쓸 수 있는 값: {supported} (대소문자를 구분합니다).",
    ),
    "value.required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값이 필요합니다. {reason}",
    ),
    "value.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값이 올바르지 않습니다: {value}. {reason}",
    ),
    "value.out_of_range": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값이 허용 범위({lo}~{hi})를 벗어났습니다(지금 값: {value}).",
    ),
    "value.duplicate": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 같은 값이 이미 있습니다({value}). 이 값은 한 번만 쓸 수 있습니다.",
    ),
    "value.forbidden": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 필드는 여기에 쓸 수 없습니다. {reason}",
    ),
    "restart_policy.unsupported": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "{controller}의 파드 템플릿에는 restartPolicy로 {allowed}만 쓸 수 있는데 지금 값은 {value}입니다. "
        "restartPolicy를 쓰지 않으면 기본값 Always가 들어갑니다.",
        "Set `restartPolicy` under the template's `spec:` to one of {supported}.",
        "템플릿의 `spec:` 아래에 `restartPolicy`를 {supported} 중 하나로 쓰세요.",
    ),
    "volume.multiple_sources": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 볼륨 하나에는 볼륨 종류(emptyDir, configMap, secret 등)를 하나만 지정할 수 있습니다.",
        "Split it into two volumes with their own names.",
        "이름이 다른 볼륨 두 개로 나누세요.",
    ),
    "volume.name_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "볼륨 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
    ),
    "volume.name_duplicate": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "같은 이름의 볼륨이 이미 있습니다: {value}. 볼륨 이름은 파드 안에서 하나뿐이어야 합니다.",
    ),
    "containers.required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "파드에는 컨테이너가 적어도 하나 있어야 하는데 `{path}` 목록이 비어 있습니다.",
        "Add a container: `containers: [{{name: web, image: nginx:1.27}}]`.",
        "컨테이너를 추가하세요: `containers: [{{name: web, image: nginx:1.27}}]`.",
    ),
    "container.name_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "컨테이너에 이름이 없습니다(`{path}`). 컨테이너마다 `name`이 있어야 합니다.",
    ),
    "container.name_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "컨테이너 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
    ),
    "container.name_duplicate": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "컨테이너 이름이 겹칩니다: {value}. 한 파드 안의 컨테이너(초기화 컨테이너 포함)는 이름이 모두 달라야 합니다.",
        "Rename one of the containers.",
        "컨테이너 하나의 이름을 바꾸세요.",
    ),
    "container.image_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "컨테이너에 이미지가 없습니다(`{path}`). 어떤 컨테이너 이미지를 실행할지 정해야 합니다.",
        "Add the image to run, e.g. `image: nginx:1.27`.",
        "`image: nginx:1.27`처럼 실행할 이미지를 넣으세요.",
    ),
    "port.name_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "포트 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
        "Port names are at most 15 lower-case letters, digits and '-', with at least one letter (e.g. `http`, "
        "`metrics-9090`).",
        "포트 이름은 영문 소문자, 숫자, '-'로 15자 이내, 영문자를 하나 이상 넣어 `http`, `metrics-9090`처럼 지으세요.",
    ),
    "port.name_duplicate": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "포트 이름이 겹칩니다: {value}. 한 컨테이너 안에서 포트 이름은 모두 달라야 합니다.",
    ),
    "port.out_of_range": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 포트 번호가 허용 범위({lo}~{hi})를 벗어났습니다(지금 값: {value}).",
    ),
    "env.name_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "환경 변수 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
    ),
    "configmap.key_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "키로 쓸 수 없는 값입니다: {value}. {reason}",
    ),
    "configmap.too_long": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "데이터를 모두 합친 크기가 {size}바이트로, 한도인 {limit}바이트(1MiB)를 넘습니다.",
    ),
    "volume_mount.not_found": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 파드의 `volumes`에 없는 볼륨을 마운트하려고 합니다: {value}.",
        "Define a volume with this name under the pod spec's `volumes:`, or fix the name in `volumeMounts`.",
        "파드 스펙의 `volumes:` 아래에 같은 이름의 볼륨을 정의하거나, `volumeMounts`의 이름을 고치세요.",
    ),
    "probe.handler_multiple": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 프로브나 훅에는 검사 방법(exec, httpGet, tcpSocket, grpc)을 하나만 지정할 수 있습니다.",
    ),
    "probe.handler_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 무엇으로 검사할지 정하지 않았습니다. {reason}",
        "Add one check, e.g. `httpGet: {{path: /healthz, port: 8080}}` or `tcpSocket: {{port: 8080}}`.",
        "`httpGet: {{path: /healthz, port: 8080}}`이나 `tcpSocket: {{port: 8080}}`처럼 검사 방법을 하나 넣으세요.",
    ),
    "probe.success_threshold": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값은 1이어야 합니다(지금 값: {value}). {probe}는 한 번만 성공해도 성공으로 보므로 "
        "successThreshold를 바꿀 수 없습니다(바꿀 수 있는 것은 readinessProbe뿐입니다).",
    ),
    "resources.name_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 컨테이너 리소스 이름으로 쓸 수 없습니다: {value}. {reason}",
    ),
    "quantity.negative": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 값은 0 이상이어야 합니다(지금 값: {value}).",
    ),
    "resources.request_exceeds_limit": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "{resource}의 요청량(requests)과 제한량(limits)이 맞지 않습니다: 요청 {value}, 제한 {limit}. "
        "요청량은 제한량과 {relation} 합니다.",
        "Lower the request or raise the limit (requests.cpu `500m` with limits.cpu `1` is fine).",
        "요청량을 줄이거나 제한량을 늘리세요(requests.cpu `500m`, limits.cpu `1`처럼).",
    ),
    "strategy.invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 업데이트 전략 설정이 올바르지 않습니다. {reason}",
    ),
    "cronjob.schedule_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`가 크론 형식이 아닙니다: {value} ({reason}). 크론 형식은 '분 시 일 월 요일' 다섯 칸입니다.",
        'Write five fields: minute hour day-of-month month day-of-week, e.g. `"*/5 * * * *"` (every 5 minutes).',
        '`"*/5 * * * *"`(5분마다)처럼 분 시 일 월 요일 다섯 칸으로 쓰세요.',
    ),
    "service.cluster_ip_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: clusterIP 값이 올바르지 않습니다({value}). {reason}",
    ),
    "service.node_port_range": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: NodePort는 {low}~{high} 범위에서만 쓸 수 있습니다(지금 값: {value}).",
        "Pick a port from {low}-{high}, or leave `nodePort` out and the API server picks one.",
        "{low}~{high} 범위의 포트를 쓰거나, `nodePort`를 비워 두면 API 서버가 골라 줍니다.",
    ),
    "service.port_duplicate": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 같은 포트와 프로토콜({port}/{protocol})이 이미 있습니다. 서비스 포트는 포트·프로토콜 "
        "조합마다 하나만 둘 수 있습니다.",
    ),
    "service.ports_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "서비스에 포트(`spec.ports`)가 없습니다. 헤드리스 서비스(clusterIP: None)나 ExternalName 서비스가 "
        "아니면 포트를 하나 이상 정의해야 합니다.",
        "Add the port clients use and the container port it forwards to: `ports: [{{port: 80, targetPort: 8080}}]`.",
        "클라이언트가 쓸 포트와 전달할 컨테이너 포트를 넣으세요: `ports: [{{port: 80, targetPort: 8080}}]`.",
    ),
    "service.external_name_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "ExternalName 서비스에는 가리킬 DNS 이름(`spec.externalName`)이 있어야 합니다.",
        "Add the DNS name to alias, e.g. `externalName: db.example.com`.",
        "`externalName: db.example.com`처럼 DNS 이름을 넣으세요.",
    ),
    "service.type_unsupported": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "서비스 type으로 쓸 수 없는 값입니다: {value}. 쓸 수 있는 값: {supported} (대소문자를 구분합니다).",
    ),
    "service.node_port_forbidden": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: type이 ClusterIP인 서비스에는 nodePort를 쓸 수 없습니다.",
        "Set `type: NodePort` to open the port on every node, or remove `nodePort`.",
        "모든 노드에 포트를 열려면 `type: NodePort`로 바꾸고, 아니면 `nodePort`를 지우세요.",
    ),
    "service.port_name_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 서비스 포트가 둘 이상이면 포트마다 이름(`name`)이 있어야 합니다.",
        "Name every port, e.g. `name: http` and `name: metrics`.",
        "`name: http`, `name: metrics`처럼 포트마다 이름을 붙이세요.",
    ),
    "ingress.rules_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "인그레스에 `spec.rules`도 `spec.defaultBackend`도 없습니다. 둘 중 하나는 있어야 요청을 보낼 곳이 생깁니다.",
    ),
    "ingress.host_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 호스트 이름으로 쓸 수 없는 값입니다: {value}. {reason}",
    ),
    "ingress.path_type_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: networking.k8s.io/v1 인그레스는 경로마다 pathType(Exact, Prefix, ImplementationSpecific 중 "
        "하나)을 정해야 합니다.",
        "Add `pathType: Prefix` (the path and everything under it) or `pathType: Exact` (only that path).",
        "`pathType: Prefix`(그 경로와 하위 경로 모두)나 `pathType: Exact`(그 경로만)를 추가하세요.",
    ),
    "ingress.path_not_absolute": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 경로는 '/'로 시작해야 합니다(지금 값: {value}).",
    ),
    "ingress.backend_invalid": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}`: 백엔드 설정이 올바르지 않습니다. {reason}",
        "A backend is `service: {{name: web, port: {{number: 80}}}}` (or `port: {{name: http}}`).",
        "백엔드는 `service: {{name: web, port: {{number: 80}}}}`(또는 `port: {{name: http}}`) 형태로 씁니다.",
    ),
    "secret.key_required": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "{type} 타입 Secret에는 `{key}` 키가 있어야 합니다.",
    ),
    "quantity.invalid": Message(
        'Error from server (BadRequest): error when creating "{file}": {kind} in version "{version}" '
        "cannot be handled as a {kind}: {reason}",
        "`{path}`: 올바른 수량(quantity)이 아니어서 API 서버가 {kind} 전체를 읽지 못합니다. 숫자 뒤에 정해진 "
        "단위를 붙여 쓰세요(CPU는 `500m`, `2`, 메모리는 `128Mi`, `1Gi`).",
        "Units are case-sensitive: m, k, M, G, T, P, E and Ki, Mi, Gi, Ti, Pi, Ei; `1K`, `1Kb` and `1mb` do not exist.",
        "단위는 대소문자를 구분합니다: m, k, M, G, T, P, E와 Ki, Mi, Gi, Ti, Pi, Ei만 있고 `1K`, `1Kb`, `1mb`는 없습니다.",
    ),
    # Updates.
    "field.immutable": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "`{path}` 필드는 오브젝트를 만든 뒤에는 바꿀 수 없습니다. {reason}",
        "Delete the object and create it again with the new value.",
        "오브젝트를 지운 뒤 새 값으로 다시 만드세요.",
    ),
    "pod.update_forbidden": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "파드는 만든 뒤에 대부분의 필드를 바꿀 수 없습니다(바꿀 수 있는 것: 컨테이너 이미지, "
        "activeDeadlineSeconds, toleration 추가). 바뀐 곳: {fields}.",
        "Delete the pod and create it again, or run it from a Deployment and change the Deployment's template.",
        "파드를 지우고 다시 만들거나, 디플로이먼트로 실행하고 디플로이먼트의 템플릿을 바꾸세요.",
    ),
    "statefulset.update_forbidden": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "StatefulSet에서 바꿀 수 있는 것은 replicas, template, updateStrategy, "
        "persistentVolumeClaimRetentionPolicy, minReadySeconds, ordinals뿐입니다. 바뀐 곳: {fields}.",
        "Delete the StatefulSet but keep its pods (`kubectl delete statefulset NAME --cascade=orphan`), then apply.",
        "파드는 남기고 StatefulSet만 지운 뒤(`kubectl delete statefulset 이름 --cascade=orphan`) 다시 적용하세요.",
    ),
    "service.cluster_ip_immutable": Message(
        'The {kind} "{name}" is invalid: {field_error}',
        "서비스의 clusterIP는 한 번 정해지면 바꿀 수 없습니다(지금 값: {old}, 바꾸려는 값: {value}).",
        "Delete the Service and create it again to get a different cluster IP.",
        "다른 clusterIP가 필요하면 서비스를 지우고 다시 만드세요.",
    ),
    # API versions and kinds.
    "api.removed": Message(
        'error: resource mapping not found for name: "{name}" namespace: "{namespace}" from "{file}": '
        'no matches for kind "{kind}" in version "{api_version}"\nensure CRDs are installed first',
        "{api_version} {kind_topic} 쿠버네티스 {removed}에서 제거되었습니다. {target_ko} 쓰세요.",
    ),
    "kind.unknown": Message(
        'error: resource mapping not found for name: "{name}" namespace: "{namespace}" from "{file}": '
        'no matches for kind "{kind}" in version "{api_version}"\nensure CRDs are installed first',
        "API 서버가 {api_version} 버전에서 {kind_object} 찾지 못했습니다. kind의 철자와 apiVersion을 확인하세요.",
    ),
    "api.deprecated": Message(
        "{warning}",
        "{api_version} {kind}는 쿠버네티스 {since}부터 지원 중단(deprecated) 예정입니다.{until_ko} "
        "대신 {use_obj} 쓰세요.",
    ),
    "field.deprecated": Message("{warning}", "{reason_ko}"),
    "field.warning": Message("{warning}", "{reason_ko}"),
    "hint.removed_use": Message(
        "Change `apiVersion` to `{target}`, which serves {kind} now.",
        "apiVersion을 다음으로 바꾸세요: `{target}`.",
    ),
    "hint.removed_psp": Message(
        "PodSecurityPolicy has no successor API: use Pod Security Admission (namespace labels such as "
        "`pod-security.kubernetes.io/enforce: baseline`).",
        "PodSecurityPolicy를 대신하는 API는 없습니다. 네임스페이스 레이블"
        "(`pod-security.kubernetes.io/enforce: baseline` 등)로 설정하는 Pod Security Admission을 쓰세요.",
    ),
    "hint.removed_ingress": Message(
        "\nThe same Ingress for networking.k8s.io/v1:\n{manifest}",
        "\nnetworking.k8s.io/v1 형식으로 바꾼 인그레스:\n{manifest}",
    ),
    "hint.kind_api_version": Message(
        "{kind} is served as `{preferred}`: change `apiVersion: {api_version}` to `apiVersion: {preferred}`",
        "{kind}의 apiVersion은 `{preferred}`입니다. `apiVersion: {api_version}`을 `apiVersion: {preferred}`로 "
        "고치세요.",
    ),
    "hint.kind_did_you_mean": Message("did you mean `{guess}`?", "{guess_obj} 쓰려던 것인가요?"),
    "hint.kind_did_you_mean_version": Message(
        "did you mean `kind: {guess}` with `apiVersion: {preferred}`?",
        "`kind: {guess}`와 {preferred_obj} 쓰려던 것인가요?",
    ),
    "hint.kind_custom": Message(
        "custom resources need their CustomResourceDefinition installed first; the sandbox has only the built-in "
        "kinds",
        "`{kind}` 종류는 쿠버네티스에 기본으로 들어 있는 리소스가 아닙니다. 사용자 정의 리소스는 먼저 "
        "CustomResourceDefinition을 설치해야 하는데, 이 샌드박스에는 기본 리소스만 있습니다.",
    ),
    "warning.ingress_class": Message(
        "", "`kubernetes.io/ingress.class` 어노테이션은 더 이상 쓰지 않습니다. 대신 `spec.ingressClassName`을 쓰세요."
    ),
    "warning.node_label": Message("", "`{path}`: `{label}` 노드 레이블은 폐기(deprecated)되었습니다. 경고에 나온 새 레이블을 쓰세요."),
    "warning.null_selector": Message("", "`{path}`: labelSelector가 없으면 어떤 파드도 고르지 않습니다."),
    "warning.annotation": Message("", "`{path}`: `{key}` 어노테이션은 더 이상 동작하지 않습니다. 경고에 나온 필드를 쓰세요."),
    "warning.volume": Message("", "`{path}`: `{source}` 볼륨은 폐기(deprecated)되었거나 더 이상 동작하지 않습니다."),
    "warning.duplicate": Message("", "`{path}`: 같은 이름이 두 번 나옵니다."),
    "warning.negative_grace": Message("", "`{path}`: 음수는 쓸 수 없어 1초로 처리됩니다. 0 이상의 값을 쓰세요."),
    "warning.env_hidden": Message(
        "", "`{path}`: 환경 변수 `{name}`이(가) 앞에서 이미 정의되어 앞의 값을 가립니다. kubectl apply 때 한쪽이 사라질 수 있습니다."
    ),
    "warning.duplicate_port": Message("", "`{path}`: `{other}`와(과) 같은 포트를 다시 정의했습니다."),
    # Details of field errors: en is the API server's exact text, ko its explanation (used as {reason}).
    "rule.max_len": Message("must be no more than {max} characters", "{max}자를 넘을 수 없습니다."),
    "rule.no_dots": Message("must not contain dots", "'.'(점)을 쓸 수 없습니다."),
    "rule.dns1123_label": Message(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
        "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        "영문 소문자, 숫자, '-'만 쓸 수 있고 영문 소문자나 숫자로 시작하고 끝나야 합니다(예: 'my-name', '123-abc').",
    ),
    "rule.dns1123_subdomain": Message(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        "영문 소문자, 숫자, '-', '.'만 쓸 수 있고 영문 소문자나 숫자로 시작하고 끝나야 합니다(예: 'example.com', "
        "'web-1'). 대문자와 '_'는 쓸 수 없습니다.",
    ),
    "rule.dns1035_label": Message(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
        "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        "영문 소문자, 숫자, '-'만 쓸 수 있고, 영문 소문자로 시작해 영문 소문자나 숫자로 끝나야 합니다"
        "(예: 'my-name', 'abc-123'). 서비스 이름은 DNS 이름으로 쓰이므로 숫자로 시작할 수 없습니다.",
    ),
    "rule.wildcard_subdomain": Message(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist "
        "of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. "
        "'*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
        "[a-z0-9])?)*')",
        "와일드카드는 맨 앞에 '*.' 형태로만 쓸 수 있습니다(예: '*.example.com').",
    ),
    "rule.path_segment_dots": Message("may not be '{name}'", "'{name}' 자체는 이름으로 쓸 수 없습니다."),
    "rule.path_segment_char": Message("may not contain '{char}'", "'{char}' 문자를 쓸 수 없습니다."),
    "rule.prefix_empty": Message("prefix part must be non-empty", "'/' 앞의 접두사 부분이 비어 있습니다."),
    "rule.prefix_part": Message("prefix part ", "접두사 부분('/' 앞): "),
    "rule.qualified_name": Message(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        "'example.com/MyName')",
        "'/'는 접두사와 이름을 나눌 때 한 번만 쓸 수 있습니다(예: 'example.com/MyName').",
    ),
    "rule.name_part_empty": Message("name part must be non-empty", "'/' 뒤의 이름 부분이 비어 있습니다."),
    "rule.name_part": Message("name part ", "이름 부분: "),
    "rule.name_part_syntax": Message(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "영문자, 숫자, '-', '_', '.'만 쓸 수 있고 영문자나 숫자로 시작하고 끝나야 합니다(예: 'app', "
        "'app.kubernetes.io/name').",
    ),
    "rule.label_value": Message(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
        "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        "레이블 값은 비워 두거나, 영문자·숫자·'-'·'_'·'.'만 써서 영문자나 숫자로 시작하고 끝나야 합니다"
        "(공백, '/', ':'는 쓸 수 없습니다).",
    ),
    "rule.port_name_chars": Message(
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "영문 소문자, 숫자, '-'만 쓸 수 있습니다.",
    ),
    "rule.port_name_letter": Message(
        "must contain at least one letter (a-z)", "영문 소문자가 적어도 하나 있어야 합니다(숫자만으로 된 이름은 안 됩니다)."
    ),
    "rule.port_name_hyphens": Message("must not contain consecutive hyphens", "'-'를 연달아 쓸 수 없습니다."),
    "rule.port_name_ends": Message("must not begin or end with a hyphen", "'-'로 시작하거나 끝날 수 없습니다."),
    "rule.not_dots": Message("must not be '{name}'", "'{name}' 자체는 쓸 수 없습니다."),
    "rule.no_dotdot_prefix": Message("must not start with '..'", "'..'로 시작할 수 없습니다."),
    "rule.config_key": Message(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
        "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        "키에는 영문자, 숫자, '-', '_', '.'만 쓸 수 있습니다(예: 'key.name', 'KEY_NAME', 'key-name').",
    ),
    "rule.env_name_empty": Message("environment variable name must be non-empty", "이름이 비어 있습니다."),
    "rule.env_name_relaxed": Message(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
        "'='를 뺀, 화면에 보이는 ASCII 문자만 쓸 수 있습니다.",
    ),
    "rule.env_name": Message(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and "
        "must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
        "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
        "영문자, 숫자, '_', '-', '.'만 쓸 수 있고 숫자로 시작할 수 없습니다(예: 'MY_ENV').",
    ),
    "rule.cronjob_name": Message(
        "must be no more than 52 characters",
        "CronJob이 만드는 Job의 이름에는 11자가 덧붙으므로 CronJob 이름은 52자를 넘을 수 없습니다.",
    ),
    "rule.nonnegative": Message("must be greater than or equal to 0", "0 이상이어야 합니다."),
    "rule.selector_values_required": Message(
        "must be specified when `operator` is 'In' or 'NotIn'",
        "연산자가 In이나 NotIn이면 values에 값을 적어도 하나 넣어야 합니다.",
    ),
    "rule.selector_values_forbidden": Message(
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        "연산자가 Exists나 DoesNotExist이면 values를 쓸 수 없습니다.",
    ),
    "rule.selector_operator": Message(
        "not a valid selector operator", "연산자는 In, NotIn, Exists, DoesNotExist 중 하나여야 합니다(대소문자 구분)."
    ),
    "rule.selector_single_value": Message(
        "must be specified single value when `operator` is 'Lt' or 'Gt'", "연산자가 Lt나 Gt이면 values에 값을 하나만 넣어야 합니다."
    ),
    "rule.selector_mismatch": Message(
        "`selector` does not match template `labels`", "셀렉터가 템플릿의 레이블과 맞지 않습니다."
    ),
    "rule.selector_empty": Message(
        "empty selector is invalid for {kind}", "빈 셀렉터는 모든 파드를 고르게 되므로 쓸 수 없습니다."
    ),
    "rule.selector_unparsable": Message("invalid label selector", "셀렉터를 해석할 수 없습니다."),
    "rule.selector_not_generated": Message("`selector` not auto-generated", "셀렉터가 자동으로 만든 것이 아닙니다."),
    "rule.selector_will_be_generated": Message("`selector` will be auto-generated", "셀렉터는 자동으로 만들어집니다."),
    "rule.range": Message("must be between {lo} and {hi}, inclusive", "{lo}부터 {hi}까지의 값만 쓸 수 있습니다."),
    "rule.host_network_port": Message(
        "must match `containerPort` when `hostNetwork` is true", "hostNetwork를 쓰면 hostPort가 containerPort와 같아야 합니다."
    ),
    "rule.one_volume_type": Message("may not specify more than 1 volume type", "볼륨 종류는 하나만 지정할 수 있습니다."),
    "rule.absolute_path": Message("must be an absolute path", "'/'로 시작하는 절대 경로여야 합니다."),
    "rule.file_mode": Message(
        "must be a number between 0 and 0777 (octal), both inclusive",
        "0부터 0777(8진수)까지의 값이어야 합니다. YAML에서는 0644처럼 앞에 0을 붙이거나 10진수(420)로 쓰세요.",
    ),
    "rule.relative_path": Message("must be a relative path", "상대 경로여야 합니다('/'로 시작할 수 없습니다)."),
    "rule.no_backsteps": Message("must not contain '..'", "'..'를 쓸 수 없습니다."),
    "rule.no_dotdot_start": Message("must not start with '..'", "'..'로 시작할 수 없습니다."),
    "rule.restart_policy_non_init": Message(
        "may not be set for non-init containers", "컨테이너 수준의 restartPolicy는 초기화 컨테이너(사이드카)에만 쓸 수 있습니다."
    ),
    "rule.init_container_field_old": Message("may not be set for init containers", "초기화 컨테이너에는 이 필드를 쓸 수 없습니다."),
    "rule.init_container_field": Message(
        "may not be set for init containers without restartPolicy=Always",
        "restartPolicy: Always가 아닌 초기화 컨테이너에는 이 필드를 쓸 수 없습니다.",
    ),
    "rule.image_whitespace": Message("must not have leading or trailing whitespace", "앞뒤에 공백이 있으면 안 됩니다."),
    "rule.port_range": Message("must be between 1 and 65535, inclusive", "포트 번호는 1부터 65535까지입니다."),
    "rule.env_source_required": Message(
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        "valueFrom에는 fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef 중 하나가 있어야 합니다.",
    ),
    "rule.env_source_with_value": Message(
        "may not be specified when `value` is not empty", "value와 valueFrom을 함께 쓸 수 없습니다."
    ),
    "rule.one_field": Message("may not have more than one field specified at a time", "한 번에 하나만 지정할 수 있습니다."),
    "rule.env_from_required": Message(
        "must specify one of: `configMapRef` or `secretRef`", "envFrom 항목마다 configMapRef나 secretRef가 있어야 합니다."
    ),
    "rule.unique": Message("must be unique", "같은 경로에 두 번 마운트할 수 없습니다."),
    "rule.readiness_grace": Message(
        "must not be set for readinessProbes", "readinessProbe에는 terminationGracePeriodSeconds를 쓸 수 없습니다."
    ),
    "rule.positive": Message("must be greater than 0", "0보다 커야 합니다."),
    "rule.one_handler": Message("may not specify more than 1 handler type", "검사 방법은 하나만 지정할 수 있습니다."),
    "rule.http_header": Message(
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for "
        "validation is '[-A-Za-z0-9]+')",
        "HTTP 헤더 이름에는 영문자, 숫자, '-'만 쓸 수 있습니다.",
    ),
    "rule.handler_required": Message(
        "must specify a handler type", "exec, httpGet, tcpSocket, grpc 중 하나로 검사 방법을 정하세요."
    ),
    "rule.resource_standard": Message(
        "must be a standard resource type or fully qualified",
        "표준 리소스 이름(cpu, memory 등)이거나 'example.com/gpu'처럼 도메인이 붙은 이름이어야 합니다.",
    ),
    "rule.resource_container": Message(
        "must be a standard resource for containers",
        "컨테이너에는 cpu, memory, ephemeral-storage, hugepages-* 같은 리소스만 쓸 수 있습니다.",
    ),
    "rule.resource_extended": Message(
        "doesn't follow extended resource name standard", "확장 리소스 이름 규칙('도메인/이름')에 맞지 않습니다."
    ),
    "rule.toleration_empty_key": Message(
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        "key가 비어 있으면 operator는 Exists여야 합니다(모든 테인트를 허용한다는 뜻).",
    ),
    "rule.toleration_seconds": Message(
        "effect must be 'NoExecute' when `tolerationSeconds` is set", "tolerationSeconds를 쓰려면 effect가 NoExecute여야 합니다."
    ),
    "rule.toleration_exists_value": Message(
        "value must be empty when `operator` is 'Exists'", "operator가 Exists이면 value를 비워 둬야 합니다."
    ),
    "rule.weight": Message("must be in the range 1-100", "weight는 1부터 100까지입니다."),
    "rule.no_ephemeral": Message(
        "ephemeral containers not allowed in pod template", "파드 템플릿에는 임시(ephemeral) 컨테이너를 넣을 수 없습니다."
    ),
    "rule.no_active_deadline": Message(
        "activeDeadlineSeconds in {owner} is not Supported", "{owner}의 파드 템플릿에는 activeDeadlineSeconds를 쓸 수 없습니다."
    ),
    "rule.progress_deadline": Message(
        "must be greater than minReadySeconds", "progressDeadlineSeconds는 minReadySeconds보다 커야 합니다."
    ),
    "rule.percent": Message(
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex "
        "used for validation is '[0-9]+%')",
        "정수이거나 '25%'처럼 숫자 뒤에 %를 붙인 값이어야 합니다.",
    ),
    "rule.max_percent": Message("must not be greater than 100%", "100%를 넘을 수 없습니다."),
    "rule.recreate_rolling": Message(
        "may not be specified when strategy `type` is 'Recreate'", "strategy의 type이 Recreate이면 rollingUpdate를 쓸 수 없습니다."
    ),
    "rule.both_zero": Message(
        "may not be 0 when `maxSurge` is 0",
        "maxSurge와 maxUnavailable이 둘 다 0이면 새 파드를 더 띄울 수도, 옛 파드를 내릴 수도 없어 롤링 업데이트가 "
        "진행되지 않습니다.",
    ),
    "rule.ds_both_set": Message(
        "may not be set when maxUnavailable is non-zero",
        "DaemonSet에서는 maxSurge와 maxUnavailable 중 하나만 0이 아닐 수 있습니다(maxUnavailable 기본값은 1입니다).",
    ),
    "rule.ds_both_zero": Message("cannot be 0 when maxSurge is 0", "maxSurge와 maxUnavailable이 둘 다 0일 수는 없습니다."),
    "rule.pod_management": Message("must be 'OrderedReady' or 'Parallel'", "OrderedReady나 Parallel 중 하나여야 합니다."),
    "rule.sts_on_delete_rolling": Message(
        "only allowed for updateStrategy 'RollingUpdate'", "rollingUpdate는 updateStrategy의 type이 RollingUpdate일 때만 씁니다."
    ),
    "rule.sts_strategy": Message("must be 'RollingUpdate' or 'OnDelete'", "RollingUpdate나 OnDelete 중 하나여야 합니다."),
    "rule.cluster_ips_first": Message("first value must match `clusterIP`", "clusterIPs의 첫 값은 clusterIP와 같아야 합니다."),
    "rule.cluster_ips_without_ip": Message(
        "must be empty when `clusterIP` is not specified", "clusterIP 없이 clusterIPs만 쓸 수 없습니다."
    ),
    "rule.cluster_ips_none": Message("'None' must be the first and only value", "'None'은 하나뿐인 값이어야 합니다."),
    "rule.ip": Message(
        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        "올바른 IP 주소가 아닙니다(예: 10.9.8.7). 헤드리스 서비스를 만들려면 'None'을 쓰세요.",
    ),
    "rule.cluster_ips_max": Message("may only hold up to 2 values", "값은 두 개(IPv4와 IPv6)까지만 쓸 수 있습니다."),
    "rule.node_port_range": Message(
        "provided port is not in the valid range. The range of valid ports is {low}-{high}",
        "NodePort는 {low}~{high} 범위여야 합니다.",
    ),
    "rule.headless_type": Message(
        "may not be set to 'None' for {type} services", "{type} 서비스는 헤드리스(clusterIP: None)로 만들 수 없습니다."
    ),
    "rule.external_name_forbidden": Message(
        "may not be set for ExternalName services", "ExternalName 서비스에는 쓸 수 없습니다."
    ),
    "rule.affinity_timeout": Message("must be greater than 0 and less than 86400", "1부터 86400(초)까지입니다."),
    "rule.affinity_config_none": Message(
        "must not be set when session affinity is None", "sessionAffinity가 None이면 sessionAffinityConfig를 쓸 수 없습니다."
    ),
    "rule.node_port_cluster_ip": Message(
        "may not be used when `type` is 'ClusterIP'", "ClusterIP 서비스에는 nodePort를 쓸 수 없습니다."
    ),
    "rule.load_balancer_only": Message(
        "may only be used when `type` is 'LoadBalancer'", "type이 LoadBalancer일 때만 쓸 수 있습니다."
    ),
    "rule.cidr": Message(
        "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)", "올바른 CIDR이 아닙니다(예: 10.9.8.0/24)."
    ),
    "rule.ingress_rules_required": Message(
        "either `defaultBackend` or `rules` must be specified", "defaultBackend나 rules 중 하나는 있어야 합니다."
    ),
    "rule.host_not_ip": Message("must be a DNS name, not an IP address", "IP 주소가 아니라 DNS 이름이어야 합니다."),
    "rule.ingress_class_mismatch": Message(
        "must match `ingressClassName` when both are specified",
        "어노테이션과 ingressClassName이 다릅니다. 어노테이션을 지우고 ingressClassName만 쓰세요.",
    ),
    "rule.path_type_required": Message("pathType must be specified", "pathType을 정해야 합니다."),
    "rule.path_sequence": Message("must not contain '{bad}'", "'{bad}'를 넣을 수 없습니다."),
    "rule.path_suffix": Message("cannot end with '{bad}'", "'{bad}'로 끝날 수 없습니다."),
    "rule.backend_both": Message(
        "cannot set both resource and service backends", "service 백엔드와 resource 백엔드를 함께 쓸 수 없습니다."
    ),
    "rule.backend_port_both": Message(
        "cannot set both port name & port number", "서비스 포트는 name과 number 중 하나만 쓰세요."
    ),
    "rule.backend_port_required": Message(
        "port name or number is required", "서비스 포트의 name이나 number가 필요합니다."
    ),
    "rule.backend_required": Message(
        "resource or service backend is required", "service 백엔드나 resource 백엔드가 필요합니다."
    ),
    "rule.binary_duplicate": Message("duplicate of key present in binaryData", "같은 키가 binaryData에도 있습니다."),
    "rule.finalizer": Message(
        "name is neither a standard finalizer name nor is it fully qualified",
        "표준 파이널라이저(kubernetes 등)가 아니면 'example.com/name'처럼 도메인을 붙여야 합니다.",
    ),
    "rule.positive_quantity": Message("must be greater than zero", "0보다 커야 합니다."),
    "rule.min_value": Message("must be greater than or equal to {min}", "{min} 이상이어야 합니다."),
    "rule.greater_than_zero": Message("must be greater than 0", "0보다 커야 합니다."),
    "rule.max_below_min": Message(
        "must be greater than or equal to `minReplicas`", "maxReplicas는 minReplicas보다 작을 수 없습니다."
    ),
    "rule.deadline_grows": Message(
        "must be less than or equal to previous value", "activeDeadlineSeconds는 줄일 수만 있고 늘릴 수는 없습니다."
    ),
    "rule.deadline_removed": Message(
        "must not update from a positive integer to nil value", "한 번 정한 activeDeadlineSeconds는 지울 수 없습니다."
    ),
    "rule.toleration_modified": Message(
        "existing toleration can not be modified except its tolerationSeconds",
        "이미 있는 toleration은 tolerationSeconds 말고는 바꿀 수 없고, 새 toleration을 추가할 수만 있습니다.",
    ),
    "rule.sts_update": Message(
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        "StatefulSet의 spec에서는 이 필드들만 바꿀 수 있습니다.",
    ),
    "rule.sts_update_old": Message(
        "updates to statefulset spec for fields other than 'replicas', 'template', 'updateStrategy', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        "StatefulSet의 spec에서는 이 필드들만 바꿀 수 있습니다.",
    ),
    "rule.immutable_set": Message(
        "field is immutable when `immutable` is set", "immutable: true로 만든 오브젝트는 바꿀 수 없습니다. 지우고 다시 만드세요."
    ),
    # --- apiserver.py: store-level errors --------------------------------------------------
    # Request-level errors: message_en is the API server's Status message; APIError.kubectl_message
    # wraps it the way kubectl prints it (`Error from server (NotFound): ...`).
    "api.not_found": Message(
        '{resource} "{name}" not found',
        '{resource} "{name}"을(를) 찾을 수 없습니다.',
        "List what exists with `kubectl get {resource}`; check the name and the namespace (-n).",
        "`kubectl get {resource}`로 있는 것을 확인하세요. 이름과 네임스페이스(-n)가 맞는지 보세요.",
    ),
    "api.namespace_not_found": Message(
        'namespaces "{namespace}" not found',
        '네임스페이스 "{namespace}"이(가) 없어서 {resource} "{name}"을(를) 만들 수 없습니다.',
        "Create the namespace first: `kubectl create namespace {namespace}`.",
        "먼저 네임스페이스를 만드세요: `kubectl create namespace {namespace}`.",
    ),
    "api.already_exists": Message(
        '{resource} "{name}" already exists',
        '{resource} "{name}"이(가) 이미 있습니다.',
        "`kubectl create` only makes new objects: use `kubectl apply` to change it, or delete it first.",
        "`kubectl create`는 새로 만들 때만 씁니다. 바꾸려면 `kubectl apply`를 쓰거나 먼저 지우세요.",
    ),
    "api.namespace_terminating": Message(
        '{resource} "{name}" is forbidden: unable to create new content in namespace {namespace} '
        "because it is being terminated",
        '네임스페이스 "{namespace}"이(가) 삭제되는 중이라 그 안에 {resource} "{name}"을(를) 만들 수 없습니다.',
        "Wait until the namespace is gone (`kubectl get ns {namespace}`), then create it again.",
        "네임스페이스가 완전히 사라질 때까지 기다린 뒤(`kubectl get ns {namespace}`) 다시 만드세요.",
    ),
    "api.namespace_immortal": Message(
        'namespaces "{name}" is forbidden: this namespace may not be deleted',
        '네임스페이스 "{name}"은(는) 클러스터에 꼭 필요해서 지울 수 없습니다.',
        "default, kube-system and kube-public always exist; delete the objects inside instead.",
        "default, kube-system, kube-public은 항상 있어야 합니다. 대신 안의 오브젝트를 지우세요.",
    ),
    "api.conflict": Message(
        'Operation cannot be fulfilled on {resource} "{name}": the object has been modified; '
        "please apply your changes to the latest version and try again",
        '{resource} "{name}"을(를) 읽은 뒤에 다른 누군가가 바꿨습니다(resourceVersion 불일치). '
        "최신 상태를 다시 읽어서 변경하세요.",
        "Get the object again (`kubectl get -o yaml`) and reapply your change, or use `kubectl apply`.",
        "오브젝트를 다시 읽어서(`kubectl get -o yaml`) 변경을 다시 적용하거나 `kubectl apply`를 쓰세요.",
    ),
    "api.invalid": Message(
        '{kind} "{name}" is invalid: {causes}',
        '{kind} "{name}"이(가) 올바르지 않습니다: {causes}',
    ),
    "api.cannot_decode": Message(
        '{kind} in version "{version}" cannot be handled as a {kind}: {detail}',
        "API 서버가 {kind}을(를) 해석하지 못했습니다: {detail}",
    ),
    "api.method_not_allowed": Message(
        "the server does not allow this method on the requested resource",
        "{resource}에는 이 작업({verb})을 할 수 없습니다.",
    ),
    "api.unknown_resource": Message(
        'the server doesn\'t have a resource type "{kind}"',
        '서버에 "{kind}"라는 리소스 종류가 없습니다.',
        "See the resource types with `kubectl api-resources`.",
        "`kubectl api-resources`로 리소스 종류를 확인하세요.",
    ),
    "api.generate_name_apply": Message(
        "from {file}: cannot use generate name with apply",
        "{file}: `kubectl apply`는 generateName을 쓸 수 없습니다. metadata.name을 정해 주세요.",
        "Give the object a fixed metadata.name, or use `kubectl create` for generated names.",
        "metadata.name을 정하거나, 이름을 자동으로 만들려면 `kubectl create`를 쓰세요.",
    ),
    "api.namespace_mismatch": Message(
        'the namespace from the provided object "{object_namespace}" does not match the namespace '
        '"{namespace}". You must pass \'--namespace={object_namespace}\' to perform this operation.',
        '매니페스트의 네임스페이스 "{object_namespace}"와 명령의 네임스페이스 "{namespace}"가 다릅니다. '
        "`--namespace={object_namespace}`로 실행하거나 매니페스트를 고치세요.",
    ),
    "api.missing_last_applied": Message(
        "resource {resource}/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation "
        "which is required by kubectl apply. kubectl apply should only be used on resources created "
        "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation "
        "will be patched automatically.",
        "{resource}/{name}에는 kubectl apply가 쓰는 last-applied-configuration 애너테이션이 없습니다"
        "(kubectl create로 만든 오브젝트). 이번 apply에서 자동으로 추가됩니다.",
    ),
    "api.service_account_missing": Message(
        '{resource} "{name}" is forbidden: error looking up service account {namespace}/{account}: '
        'serviceaccount "{account}" not found',
        '서비스 어카운트 "{account}"이(가) 네임스페이스 {namespace}에 없어서 파드 "{name}"을(를) 만들 수 없습니다.',
        "Create it (`kubectl create serviceaccount {account} -n {namespace}`) or fix serviceAccountName.",
        "서비스 어카운트를 만들거나(`kubectl create serviceaccount {account} -n {namespace}`) "
        "serviceAccountName을 고치세요.",
    ),
    "api.already_bound": Message(
        'Operation cannot be fulfilled on pods/binding "{name}": pod {name} is already assigned to node "{node}"',
        '파드 "{name}"은(는) 이미 노드 "{node}"에 배치되었습니다.',
    ),
    "api.propagation": Message(
        'invalid propagationPolicy "{value}": supported values: "Background", "Foreground", "Orphan"',
        '삭제 전파 방식 "{value}"은(는) 없습니다. Background, Foreground, Orphan 중 하나를 쓰세요.',
    ),
    "api.label_selector": Message(
        "{detail}",
        "레이블 셀렉터를 해석할 수 없습니다: {detail}",
        "Forms: `app=web`, `app!=web`, `tier in (front,back)`, `tier notin (db)`, `app`, `!app`; join with commas.",
        "쓸 수 있는 형식: `app=web`, `app!=web`, `tier in (front,back)`, `tier notin (db)`, `app`, `!app`. "
        "여러 조건은 쉼표로 잇습니다.",
    ),
    "api.field_selector": Message(
        "{detail}",
        "필드 셀렉터를 해석할 수 없습니다: {detail}",
        "Forms: `metadata.name=web`, `status.phase!=Running`; join with commas.",
        "쓸 수 있는 형식: `metadata.name=web`, `status.phase!=Running`. 여러 조건은 쉼표로 잇습니다.",
    ),
    "api.field_label": Message(
        "field label not supported: {field}",
        "{resource}은(는) 필드 `{field}`로 거를 수 없습니다. 쓸 수 있는 필드: {supported}",
    ),
    "api.patch_failed": Message(
        "{detail}",
        "패치를 적용할 수 없습니다: {detail}",
    ),
    "api.name_mismatch": Message(
        "the name of the object ({got}) does not match the name on the URL ({name})",
        "패치가 오브젝트 이름을 {name}에서 {got}(으)로 바꾸려 합니다. 이름은 바꿀 수 없습니다.",
    ),
    # Field errors found by the API server itself (rendered like the schema's and the rules').
    "api.name_required": Message(
        'The {kind} "" is invalid: metadata.name: Required value: name or generateName is required',
        "metadata.name이 없습니다. 오브젝트에 이름(또는 generateName)을 붙여 주세요.",
    ),
    "api.node_port_allocated": Message(
        'The Service "{name}" is invalid: {path}: Invalid value: {port}: provided port is already allocated',
        "노드 포트 {port}은(는) 다른 서비스가 이미 쓰고 있습니다.",
        "Pick another port in 30000-32767, or leave nodePort out and let the cluster choose one.",
        "30000-32767 사이의 다른 포트를 고르거나, nodePort를 빼서 클러스터가 고르게 하세요.",
    ),
    "api.node_port_range": Message(
        'The Service "{name}" is invalid: {path}: Invalid value: {port}: provided port is not in the valid '
        "range. The range of valid ports is {low}-{high}",
        "노드 포트 {port}은(는) 허용 범위({low}-{high}) 밖입니다.",
        "NodePorts live in {low}-{high}; `port` is the Service's own port and can be anything.",
        "nodePort는 {low}-{high} 범위여야 합니다. 서비스 자체의 `port`는 아무 값이나 됩니다.",
    ),
    "api.node_port_exhausted": Message(
        'The Service "{name}" is invalid: spec.ports: Internal error: failed to allocate a nodePort: range is full',
        "남은 노드 포트가 없습니다. 쓰지 않는 NodePort 서비스를 지우세요.",
    ),
    "api.cluster_ip_unavailable": Message(
        'The Service "{name}" is invalid: spec.clusterIPs: Invalid value: {value}: failed to allocate IP {ip}: '
        "{problem}",
        "클러스터 IP {ip}을(를) 쓸 수 없습니다: {problem}",
        "Leave clusterIP out and the cluster picks a free address from 10.96.0.0/12.",
        "clusterIP를 빼면 클러스터가 10.96.0.0/12에서 빈 주소를 골라 줍니다.",
    ),
    "api.cluster_ip_exhausted": Message(
        'The Service "{name}" is invalid: spec.clusterIPs: Internal error: failed to allocate a serviceIP: '
        "range is full",
        "남은 클러스터 IP가 없습니다.",
    ),
    "api.job_selector_not_generated": Message(
        'The Job "{name}" is invalid: spec.selector: Invalid value: {value}: `selector` not auto-generated',
        "Job의 selector는 API 서버가 만듭니다. spec.selector를 지우거나 spec.manualSelector: true를 쓰세요.",
        "Remove spec.selector (the server generates it from the Job's uid), or set spec.manualSelector: true.",
        "spec.selector를 지우거나(서버가 Job의 uid로 만듭니다) spec.manualSelector: true를 쓰세요.",
    ),
    # Sandbox quotas (ARCHITECTURE "Bounded"): worded like a ResourceQuota refusal.
    "quota.objects": Message(
        '{resource} "{name}" is forbidden: exceeded quota: sandbox, requested: count/objects=1, '
        "used: count/objects={used}, limited: count/objects={limit}",
        "이 샌드박스에는 오브젝트를 {limit}개까지만 만들 수 있습니다(지금 {used}개). 필요 없는 오브젝트를 지우세요.",
    ),
    "quota.pods": Message(
        '{resource} "{name}" is forbidden: exceeded quota: sandbox, requested: pods=1, used: pods={used}, '
        "limited: pods={limit}",
        "이 샌드박스에는 파드를 {limit}개까지만 만들 수 있습니다(지금 {used}개).",
        "Scale workloads down or delete pods you no longer need.",
        "워크로드의 레플리카를 줄이거나 필요 없는 파드를 지우세요.",
    ),
    "quota.nodes": Message(
        '{resource} "{name}" is forbidden: exceeded quota: sandbox, requested: nodes=1, used: nodes={used}, '
        "limited: nodes={limit}",
        "이 샌드박스에는 노드를 {limit}개까지만 둘 수 있습니다.",
    ),
    "quota.replicas": Message(
        '{resource} "{name}" is forbidden: exceeded quota: sandbox, requested: {path}={value}, '
        "limited: replicas={limit}",
        "이 샌드박스에서는 워크로드 하나에 레플리카를 {limit}개까지만 둘 수 있습니다({path}: {value}).",
        "Use a smaller replica count; a few replicas show the same behaviour.",
        "레플리카 수를 줄이세요. 몇 개만으로도 같은 동작을 볼 수 있습니다.",
    ),
}
