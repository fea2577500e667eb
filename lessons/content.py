"""Lessons as files: `lessons/content/NN-slug/{lesson.yaml, ko.md, en.md, exercises/}`.

Loaded once and cached; the cache is keyed by the files' modification times, so an
instructor's edit shows up on the next request without a restart. Looking at those times stats
every file; a server that need not notice edits at once passes ``max_age`` to look at most that
often (lessons/views.py does when DEBUG is off).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("ko", "en")
_FOLDER = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_FENCE = re.compile(r"^(```+|~~~+)[ \t]*([^\n`]*)$", re.M)


class LessonFormatError(ValueError):
    """A lesson file that does not follow docs/lesson-format.md."""


@dataclass(frozen=True)
class Choice:
    id: str
    text: dict[str, str]
    correct: bool
    explanation: dict[str, str]


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # single | multiple
    question: dict[str, str]
    choices: tuple[Choice, ...]

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)


@dataclass(frozen=True)
class Block:
    """A fenced block of a lesson page, in order of appearance."""

    info: str  # the whole info string, e.g. "yaml sandbox expect=invalid"
    content: str
    line: int  # 1-based line of the opening fence in the Markdown file

    @property
    def kind(self) -> str:
        words = self.info.split()
        if words[:2] == ["yaml", "sandbox"]:
            return "sandbox"
        return words[0] if words else ""

    @property
    def expect_invalid(self) -> bool:
        return "expect=invalid" in self.info.split()


@dataclass(frozen=True)
class Lesson:
    slug: str  # folder name, e.g. "13-deployments"
    number: int
    title: dict[str, str]
    summary: dict[str, str]
    minutes: int
    objectives: dict[str, tuple[str, ...]]
    quiz: tuple[Question, ...]
    body: dict[str, str]  # language -> Markdown
    path: Path = field(compare=False)

    def blocks(self, language: str) -> list[Block]:
        return fenced_blocks(self.body[language])

    def sections(self, language: str) -> list[str]:
        return [m.group(1).strip() for m in re.finditer(r"^## +(.+)$", strip_fences(self.body[language]), re.M)]

    def exercise_files(self) -> list[Path]:
        folder = self.path / "exercises"
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def fenced_blocks(markdown: str) -> list[Block]:
    blocks = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            fence, info = m.group(1), m.group(2).strip()
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith(fence[0] * len(fence)):
                body.append(lines[i])
                i += 1
            blocks.append(Block(info, "\n".join(body) + ("\n" if body else ""), start + 1))
        i += 1
    return blocks


def strip_fences(markdown: str) -> str:
    """The Markdown without fenced blocks (so a `## ` inside a code block is not a section)."""
    out, inside, fence = [], False, ""
    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if not inside and m:
            inside, fence = True, m.group(1)
            continue
        if inside and line.startswith(fence[0] * len(fence)):
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out)


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise LessonFormatError(f"{where}: needs exactly the keys ko and en")
    for language in LANGUAGES:
        if not isinstance(value[language], str) or not value[language].strip():
            raise LessonFormatError(f"{where}.{language}: must be non-empty text")
    return {k: value[k].strip() for k in LANGUAGES}


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise LessonFormatError(f"{where}: must be a mapping")
    qid = raw.get("id")
    if not isinstance(qid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid):
        raise LessonFormatError(f"{where}.id: must be kebab-case text")
    qtype = raw.get("type")
    if qtype not in ("single", "multiple"):
        raise LessonFormatError(f"{where}.type: must be single or multiple")
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or not 2 <= len(raw_choices) <= 6:
        raise LessonFormatError(f"{where}.choices: needs 2 to 6 choices")
    choices = []
    for j, c in enumerate(raw_choices):
        cw = f"{where}.choices[{j}]"
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) or not isinstance(c.get("correct"), bool):
            raise LessonFormatError(f"{cw}: needs id (text) and correct (true/false)")
        choices.append(Choice(c["id"], _bilingual(c.get("text"), cw + ".text"), c["correct"],
                              _bilingual(c.get("explanation"), cw + ".explanation")))
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        raise LessonFormatError(f"{where}.choices: choice ids must be unique")
    correct = sum(c.correct for c in choices)
    if qtype == "single" and correct != 1:
        raise LessonFormatError(f"{where}: a single-choice question needs exactly one correct choice, has {correct}")
    if qtype == "multiple" and correct < 1:
        raise LessonFormatError(f"{where}: a multiple-choice question needs at least one correct choice")
    return Question(qid, qtype, _bilingual(raw.get("question"), where + ".question"), tuple(choices))


def load_lesson(folder: Path) -> Lesson:
    m = _FOLDER.match(folder.name)
    if not m:
        raise LessonFormatError(f"{folder.name}: folder must be named NN-slug (e.g. 13-deployments)")
    meta_path = folder / "lesson.yaml"
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LessonFormatError(f"{folder.name}: lesson.yaml is missing") from None
    except yaml.YAMLError as exc:
        raise LessonFormatError(f"{folder.name}/lesson.yaml: {exc}") from None
    if not isinstance(meta, dict):
        raise LessonFormatError(f"{folder.name}/lesson.yaml: must be a mapping")
    where = f"{folder.name}/lesson.yaml"
    objectives = meta.get("objectives")
    if not isinstance(objectives, dict) or set(objectives) != set(LANGUAGES):
        raise LessonFormatError(f"{where}: objectives need ko and en lists")
    if any(not isinstance(objectives[k], list) or not objectives[k] for k in LANGUAGES):
        raise LessonFormatError(f"{where}: objectives need non-empty ko and en lists")
    if len(objectives["ko"]) != len(objectives["en"]):
        raise LessonFormatError(f"{where}: objectives have {len(objectives['ko'])} ko and {len(objectives['en'])} en items")
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= 60:
        raise LessonFormatError(f"{where}: minutes must be a whole number from 1 to 60")
    quiz_raw = meta.get("quiz") or []
    if not isinstance(quiz_raw, list):
        raise LessonFormatError(f"{where}: quiz must be a list")
    quiz = tuple(_question(q, f"{where}: quiz[{i}]") for i, q in enumerate(quiz_raw))
    if len({q.id for q in quiz}) != len(quiz):
        raise LessonFormatError(f"{where}: quiz question ids must be unique")
    body = {}
    for language in LANGUAGES:
        page = folder / f"{language}.md"
        if not page.is_file():
            raise LessonFormatError(f"{folder.name}: {language}.md is missing")
        body[language] = page.read_text(encoding="utf-8")
    return Lesson(
        slug=folder.name,
        number=int(m.group(1)),
        title=_bilingual(meta.get("title"), where + ": title"),
        summary=_bilingual(meta.get("summary"), where + ": summary"),
        minutes=minutes,
        objectives={k: tuple(str(x) for x in objectives[k]) for k in LANGUAGES},
        quiz=quiz,
        body=body,
        path=folder,
    )


def _signature(root: Path) -> tuple:
    items = []
    for path in sorted(root.glob("*/*")):
        if path.is_file():
            items.append((str(path), path.stat().st_mtime_ns))
        elif path.is_dir():
            items.extend((str(p), p.stat().st_mtime_ns) for p in sorted(path.glob("*")))
    return tuple(items)


@lru_cache(maxsize=4)
def _load_all(root: Path, signature: tuple) -> tuple[Lesson, ...]:
    folders = sorted(p for p in root.iterdir() if p.is_dir() and _FOLDER.match(p.name))
    return tuple(load_lesson(f) for f in folders)


# root -> (monotonic time of the last look at the files, what was loaded then), for max_age.
_last_look: dict[Path, tuple[float, tuple[Lesson, ...]]] = {}


def all_lessons(root: Path | None = None, max_age: float = 0) -> tuple[Lesson, ...]:
    """Every lesson under ``root``, in order; files are looked at again if the last look is ``max_age`` seconds old."""
    root = root or CONTENT_DIR
    if max_age > 0:
        last = _last_look.get(root)
        if last is not None and time.monotonic() - last[0] < max_age:
            return last[1]
    looked_at = time.monotonic()
    lessons = _load_all(root, _signature(root))
    _last_look[root] = (looked_at, lessons)
    return lessons


def get_lesson(slug: str, root: Path | None = None) -> Lesson | None:
    for lesson in all_lessons(root):
        if lesson.slug == slug:
            return lesson
    return None


def neighbours(slug: str, root: Path | None = None) -> tuple[Lesson | None, Lesson | None]:
    lessons = all_lessons(root)
    for i, lesson in enumerate(lessons):
        if lesson.slug == slug:
            return (lessons[i - 1] if i > 0 else None, lessons[i + 1] if i + 1 < len(lessons) else None)
    return None, None
