"""Exercise files: `lessons/content/NN-slug/exercises/<stem>.yaml` -> :class:`Exercise`.

The format is described in docs/authoring.md. Loading checks the shape only (keys, types, both
languages, known check types and their parameters); whether the reference solution really earns
full marks is `lessons check`'s job (lessons/checks.py), because that needs the grader.

No Django imports: the grader, the CLI and the benchmarks use this module as a library.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("ko", "en")
KINDS = ("manifest", "kubectl")
_STEM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LESSON = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NODES = 10
MAX_POINTS = 20

# Check type -> (required parameters, optional parameters). "one of" groups are checked in _check_params.
CHECK_PARAMS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "valid": (frozenset(), frozenset({"no_warnings"})),
    "exists": (frozenset({"kind", "name"}), frozenset({"namespace"})),
    "field": (frozenset({"kind", "name", "path"}), frozenset({"namespace", "equals", "matches"})),
    "count": (frozenset(), frozenset({"kind", "selector", "namespace", "ready", "equals", "min", "max"})),
    "ready_replicas": (frozenset({"name"}), frozenset({"kind", "namespace", "equals", "min", "up_to_date"})),
    "spread": (frozenset({"selector", "min_nodes"}), frozenset({"namespace"})),
    "traffic": (frozenset(), frozenset({"url", "n", "to", "min_pods", "max_errors", "scenario"})),
    "survives": (frozenset({"check"}), frozenset()),
    "kubectl_output": (frozenset({"command"}), frozenset({"contains", "matches", "exit_code"})),
    "no_warnings": (frozenset(), frozenset()),
}
_ONE_OF = {
    "field": ("equals", "matches"),
    "count": ("equals", "min", "max"),
    "ready_replicas": ("equals", "min"),
    "kubectl_output": ("contains", "matches"),
}
SCENARIO_STEPS = ("run", "delete_pod", "fail_node", "set_image", "scale", "kubectl", "request")
MAX_SCENARIO_STEPS = 30
MAX_REQUESTS = 200


class ExerciseFormatError(ValueError):
    """An exercise file that does not follow docs/authoring.md."""


@dataclass(frozen=True)
class Check:
    id: str
    type: str
    params: dict[str, Any]
    points: int
    feedback: dict[str, dict[str, str]]  # {"pass": {"ko", "en"}, "fail": {"ko", "en"}}


@dataclass(frozen=True)
class Setup:
    nodes: int = 3
    seed: int = 1
    objects: str = ""


@dataclass(frozen=True)
class Exercise:
    lesson: str  # "13-deployments"
    stem: str  # "scale-to-five"
    title: dict[str, str]
    prompt: dict[str, str]
    kind: str  # manifest | kubectl
    starter: str  # manifest text, or one kubectl command per line
    solution: str
    setup: Setup
    scenario: tuple[dict[str, Any], ...]
    checks: tuple[Check, ...]
    hints: tuple[dict[str, str], ...]
    content_hash: str  # sha256 of the file: a stored submission with another hash is graded against old rules
    path: Path | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return f"{self.lesson}/{self.stem}"

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise ExerciseFormatError(f"{where}: needs exactly the keys ko and en")
    for language in LANGUAGES:
        if not isinstance(value[language], str) or not value[language].strip():
            raise ExerciseFormatError(f"{where}.{language}: must be non-empty text")
    return {k: value[k].strip() for k in LANGUAGES}


def _work(value: Any, kind: str, where: str) -> str:
    """Starter or solution: manifest text, or a list of kubectl commands (stored one per line)."""
    if kind == "manifest":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ExerciseFormatError(f"{where}: a manifest exercise needs manifest text (use `|`)")
        return value
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() and "\n" not in c for c in value):
        raise ExerciseFormatError(f"{where}: a kubectl exercise needs a list of one-line commands")
    return "".join(c.strip() + "\n" for c in value)


def _setup(raw: Any, where: str) -> Setup:
    if raw is None:
        return Setup()
    if not isinstance(raw, dict) or set(raw) - {"nodes", "seed", "objects"}:
        raise ExerciseFormatError(f"{where}: setup takes nodes, seed and objects")
    nodes, seed, objects = raw.get("nodes", 3), raw.get("seed", 1), raw.get("objects", "")
    if not isinstance(nodes, int) or isinstance(nodes, bool) or not 1 <= nodes <= MAX_NODES:
        raise ExerciseFormatError(f"{where}.nodes: a whole number from 1 to {MAX_NODES}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ExerciseFormatError(f"{where}.seed: a whole number")
    if not isinstance(objects, str):
        raise ExerciseFormatError(f"{where}.objects: manifest text (use `|`)")
    return Setup(nodes, seed, objects)


def _number(value: Any, where: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ExerciseFormatError(f"{where}: must be a whole number >= {low}")
    return value


def _scenario_step(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ExerciseFormatError(f"{where}: one step per item, e.g. `- run: stable` or `- fail_node: node01`")
    ((name, value),) = raw.items()
    if name not in SCENARIO_STEPS:
        raise ExerciseFormatError(f"{where}: unknown step {name!r}; steps are {', '.join(SCENARIO_STEPS)}")
    if name == "run":
        if value != "stable" and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 3600
        ):
            raise ExerciseFormatError(f"{where}.run: `stable` or a number of seconds (up to 3600)")
    elif name == "delete_pod":
        if (
            not isinstance(value, dict)
            or not ({"selector", "name"} & set(value))
            or set(value) - {"selector", "name", "namespace", "count"}
        ):
            raise ExerciseFormatError(f"{where}.delete_pod: needs selector or name (optional namespace, count)")
    elif name == "fail_node":
        if not isinstance(value, str) or not value:
            raise ExerciseFormatError(f"{where}.fail_node: a node name, e.g. node01")
    elif name == "set_image":
        if (
            not isinstance(value, dict)
            or not {"deployment", "container", "image"} <= set(value)
            or set(value) - {"deployment", "container", "image", "namespace"}
        ):
            raise ExerciseFormatError(f"{where}.set_image: needs deployment, container and image (optional namespace)")
    elif name == "scale":
        if not isinstance(value, dict) or "replicas" not in value or not ({"deployment", "name"} & set(value)):
            raise ExerciseFormatError(f"{where}.scale: needs deployment (or name: kind/name) and replicas")
        _number(value["replicas"], f"{where}.scale.replicas")
    elif name == "kubectl":
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise ExerciseFormatError(f"{where}.kubectl: one command line")
    elif name == "request":
        if not isinstance(value, dict) or not isinstance(value.get("url"), str) or set(value) - {"url", "n"}:
            raise ExerciseFormatError(f"{where}.request: needs url (optional n)")
        if not 1 <= _number(value.get("n", 20), f"{where}.request.n", 1) <= MAX_REQUESTS:
            raise ExerciseFormatError(f"{where}.request.n: at most {MAX_REQUESTS}")
    return {name: value}


def _check_params(ctype: str, params: dict[str, Any], where: str, nested: bool = False) -> dict[str, Any]:
    if ctype not in CHECK_PARAMS:
        raise ExerciseFormatError(f"{where}.type: unknown check type {ctype!r}; types are {', '.join(CHECK_PARAMS)}")
    required, optional = CHECK_PARAMS[ctype]
    missing = required - set(params)
    unknown = set(params) - required - optional
    if missing:
        raise ExerciseFormatError(f"{where}: a {ctype} check needs {', '.join(sorted(missing))}")
    if unknown:
        raise ExerciseFormatError(f"{where}: a {ctype} check does not take {', '.join(sorted(unknown))}")
    if ctype in _ONE_OF and not set(_ONE_OF[ctype]) & set(params):
        raise ExerciseFormatError(f"{where}: a {ctype} check needs one of {', '.join(_ONE_OF[ctype])}")
    for key in ("matches",):
        if key in params:
            try:
                re.compile(str(params[key]))
            except re.error as exc:
                raise ExerciseFormatError(f"{where}.{key}: not a regular expression: {exc}") from None
    for key in ("min", "max", "min_nodes", "min_pods", "max_errors", "n", "exit_code"):
        if key in params:
            _number(params[key], f"{where}.{key}")
    if ctype in ("count", "ready_replicas") and "equals" in params:
        _number(params["equals"], f"{where}.equals")
    if ctype == "traffic":
        if not params.get("scenario") and not isinstance(params.get("url"), str):
            raise ExerciseFormatError(f"{where}: a traffic check needs url (or scenario: true)")
        if params.get("n", 20) > MAX_REQUESTS:
            raise ExerciseFormatError(f"{where}.n: at most {MAX_REQUESTS}")
    if ctype == "survives":
        if nested:
            raise ExerciseFormatError(f"{where}: a survives check cannot hold another survives check")
        inner = params["check"]
        if not isinstance(inner, dict) or not isinstance(inner.get("type"), str):
            raise ExerciseFormatError(f"{where}.check: a check (type and its parameters)")
        inner_params = {k: v for k, v in inner.items() if k != "type"}
        if inner["type"] == "survives":
            raise ExerciseFormatError(f"{where}: a survives check cannot hold another survives check")
        return {"check": {"type": inner["type"], **_check_params(inner["type"], inner_params, f"{where}.check", True)}}
    return dict(params)


def _check(raw: Any, where: str) -> Check:
    if not isinstance(raw, dict):
        raise ExerciseFormatError(f"{where}: must be a mapping")
    cid = raw.get("id")
    if not isinstance(cid, str) or not _STEM.match(cid):
        raise ExerciseFormatError(f"{where}.id: must be kebab-case text")
    ctype = raw.get("type")
    if not isinstance(ctype, str):
        raise ExerciseFormatError(f"{where}.type: missing")
    points = raw.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= MAX_POINTS:
        raise ExerciseFormatError(f"{where}.points: a whole number from 1 to {MAX_POINTS}")
    feedback = raw.get("feedback")
    if not isinstance(feedback, dict) or set(feedback) != {"pass", "fail"}:
        raise ExerciseFormatError(f"{where}.feedback: needs pass and fail, each with ko and en")
    params = {k: v for k, v in raw.items() if k not in ("id", "type", "points", "feedback")}
    params = _check_params(ctype, params, f"{where} ({cid})")
    return Check(
        cid,
        ctype,
        params,
        points,
        {
            "pass": _bilingual(feedback["pass"], f"{where}.feedback.pass"),
            "fail": _bilingual(feedback["fail"], f"{where}.feedback.fail"),
        },
    )


def parse_exercise(text: str, lesson: str, stem: str, path: Path | None = None) -> Exercise:
    """One exercise from its YAML text; raises ExerciseFormatError naming the file and the field."""
    where = f"{lesson}/exercises/{stem}.yaml"
    if not _LESSON.match(lesson):
        raise ExerciseFormatError(f"{where}: the lesson folder must be named NN-slug")
    if not _STEM.match(stem):
        raise ExerciseFormatError(f"{where}: the file name must be kebab-case, e.g. scale-to-five.yaml")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ExerciseFormatError(f"{where}: {exc}") from None
    if not isinstance(raw, dict):
        raise ExerciseFormatError(f"{where}: must be a mapping")
    known = {"title", "prompt", "kind", "starter", "solution", "setup", "scenario", "checks", "hints"}
    unknown = set(raw) - known
    if unknown:
        raise ExerciseFormatError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ExerciseFormatError(f"{where}: kind must be manifest or kubectl")
    if "solution" not in raw:
        raise ExerciseFormatError(f"{where}: solution is missing")
    scenario_raw = raw.get("scenario") or []
    if not isinstance(scenario_raw, list) or len(scenario_raw) > MAX_SCENARIO_STEPS:
        raise ExerciseFormatError(f"{where}: scenario must be a list of at most {MAX_SCENARIO_STEPS} steps")
    checks_raw = raw.get("checks")
    if not isinstance(checks_raw, list) or not checks_raw:
        raise ExerciseFormatError(f"{where}: checks must be a non-empty list")
    checks = tuple(_check(c, f"{where}: checks[{i}]") for i, c in enumerate(checks_raw))
    if len({c.id for c in checks}) != len(checks):
        raise ExerciseFormatError(f"{where}: check ids must be unique")
    hints_raw = raw.get("hints") or []
    if not isinstance(hints_raw, list):
        raise ExerciseFormatError(f"{where}: hints must be a list")
    solution = _work(raw.get("solution"), kind, f"{where}: solution")
    if not solution.strip():
        raise ExerciseFormatError(f"{where}: solution is empty")
    return Exercise(
        lesson=lesson,
        stem=stem,
        title=_bilingual(raw.get("title"), f"{where}: title"),
        prompt=_bilingual(raw.get("prompt"), f"{where}: prompt"),
        kind=kind,
        starter=_work(raw.get("starter"), kind, f"{where}: starter"),
        solution=solution,
        setup=_setup(raw.get("setup"), f"{where}: setup"),
        scenario=tuple(_scenario_step(s, f"{where}: scenario[{i}]") for i, s in enumerate(scenario_raw)),
        checks=checks,
        hints=tuple(_bilingual(h, f"{where}: hints[{i}]") for i, h in enumerate(hints_raw)),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=path,
    )


def load_exercise(path: Path) -> Exercise:
    return parse_exercise(path.read_text(encoding="utf-8"), path.parent.parent.name, path.stem, path)


def exercise_paths(root: Path) -> list[Path]:
    return sorted(root.glob("*/exercises/*.yaml"))


def _signature(root: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns) for p in exercise_paths(root))


@lru_cache(maxsize=4)
def _load_all(root: Path, signature: tuple) -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for path in exercise_paths(root):
        try:
            exercise = load_exercise(path)
        except ExerciseFormatError:
            continue  # `lessons check` reports it; the site serves the others
        found[exercise.key] = exercise
    return found


# root -> (monotonic time of the last look at the files, what was loaded then), for max_age.
_last_look: dict[Path, tuple[float, dict[str, Exercise]]] = {}


def all_exercises(root: Path | None = None, max_age: float = 0) -> dict[str, Exercise]:
    """Every well-formed exercise, keyed ``LESSON/EXERCISE``, in course order. The files are looked at
    again (and reloaded if changed) when the last look is ``max_age`` seconds old, or every time with 0."""
    if root is None:
        from . import content  # read at call time: tests point content.CONTENT_DIR at a temporary course

        root = content.CONTENT_DIR
    if max_age > 0:
        last = _last_look.get(root)
        if last is not None and time.monotonic() - last[0] < max_age:
            return last[1]
    looked_at = time.monotonic()
    found = _load_all(root, _signature(root))
    _last_look[root] = (looked_at, found)
    return found


def get_exercise(key: str, root: Path | None = None, max_age: float = 0) -> Exercise | None:
    return all_exercises(root, max_age).get(key)


def exercises_for(lesson: str, root: Path | None = None, max_age: float = 0) -> list[Exercise]:
    return [e for e in all_exercises(root, max_age).values() if e.lesson == lesson]
