"""`manage.py lessons check`: is every lesson complete, consistent across languages and correct?

Each problem names the file and, where there is one, the line. The engine validates every
manifest exactly as a student's would be validated, so a lesson cannot teach a manifest that
the sandbox rejects (or claim an error for one it accepts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sandbox.diagrams import DiagramError, dot_to_svg
from sandbox.engine.validate import validate_text

from .content import CONTENT_DIR, LANGUAGES, Lesson, LessonFormatError, load_lesson
from .exercises import Exercise, ExerciseFormatError, exercise_paths, load_exercise

MIN_QUIZ, MAX_QUIZ = 3, 5
CHECK_WALL_LIMIT = 20.0  # seconds per grading of an exercise's solution, starter or mutation


@dataclass(frozen=True)
class Problem:
    where: str  # "13-deployments/en.md:42"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _comparable(block_content: str):
    """Manifests may differ in comments between languages, not in content."""
    try:
        return list(yaml.safe_load_all(block_content))
    except yaml.YAMLError:
        return block_content


def check_lesson(lesson: Lesson) -> list[Problem]:
    problems: list[Problem] = []
    name = lesson.slug
    sections = {lang: lesson.sections(lang) for lang in LANGUAGES}
    if len(sections["ko"]) != len(sections["en"]):
        problems.append(Problem(f"{name}", f"ko.md has {len(sections['ko'])} sections (##), en.md has {len(sections['en'])}"))
    for lang in LANGUAGES:
        if lesson.body[lang].lstrip().startswith("# "):
            problems.append(Problem(f"{name}/{lang}.md:1", "do not start with a # title; the title comes from lesson.yaml"))
    blocks = {lang: lesson.blocks(lang) for lang in LANGUAGES}
    shape = {lang: [(b.kind, b.expect_invalid) for b in blocks[lang]] for lang in LANGUAGES}
    if shape["ko"] != shape["en"]:
        problems.append(Problem(name, f"fenced blocks differ between ko.md {shape['ko']} and en.md {shape['en']}"))
    else:
        for ko_block, en_block in zip(blocks["ko"], blocks["en"]):
            if ko_block.kind in ("sandbox", "kubectl") and _comparable(ko_block.content) != _comparable(en_block.content):
                problems.append(Problem(f"{name}/en.md:{en_block.line}", f"{en_block.kind} block differs from ko.md:{ko_block.line}"))
    for lang in LANGUAGES:
        kinds = [b.kind for b in blocks[lang]]
        if "dot" not in kinds:
            problems.append(Problem(f"{name}/{lang}.md", "needs at least one ```dot diagram"))
        if "sandbox" not in kinds and "kubectl" not in kinds:
            problems.append(Problem(f"{name}/{lang}.md", "needs at least one ```yaml sandbox or ```kubectl block"))
        for block in blocks[lang]:
            where = f"{name}/{lang}.md:{block.line}"
            if block.kind == "sandbox":
                problems.extend(_check_manifest(block.content, block.expect_invalid, where))
            elif block.kind == "dot":
                try:
                    dot_to_svg(block.content)
                except DiagramError as exc:
                    problems.append(Problem(where, f"diagram does not render: {exc}"))
            elif block.kind == "kubectl":
                for offset, line in enumerate(block.content.splitlines(), start=1):
                    if line.strip() and not line.strip().startswith("kubectl "):
                        problems.append(Problem(f"{name}/{lang}.md:{block.line + offset}", f"not a kubectl command: {line.strip()!r}"))
    if not MIN_QUIZ <= len(lesson.quiz) <= MAX_QUIZ:
        problems.append(Problem(f"{name}/lesson.yaml", f"quiz has {len(lesson.quiz)} questions; a lesson needs {MIN_QUIZ} to {MAX_QUIZ}"))
    return problems


def _check_manifest(text: str, expect_invalid: bool, where: str) -> list[Problem]:
    results = validate_text(text, where)
    if not results:
        return [Problem(where, "sandbox block holds no manifest")]
    valid = all(r.valid for r in results)
    if expect_invalid and valid:
        return [Problem(where, "block is marked expect=invalid but the manifest is valid")]
    if not expect_invalid and not valid:
        first = next(e for r in results for e in r.errors)
        line = f" (block line {first.line})" if first.line else ""
        return [Problem(where, f"manifest is invalid{line}: {first.message_en}; mark the block expect=invalid if that is the point")]
    return []


def check_exercise(exercise: Exercise) -> list[Problem]:
    """The reference solution earns full marks (the same way twice), the starter does not, and every
    check fails for at least one of: the starter, an empty submission, a targeted mutation of the solution."""
    from functools import partial

    from .grading import grade as grade_with_default_limit  # boots sandboxes: imported only when needed
    from .mutations import unfailable_checks

    # Authored content, not a hostile submission: a generous wall clock, so a busy CI machine does not
    # turn a slow-but-correct solution into a "timeout" problem.
    grade = partial(grade_with_default_limit, wall_limit=CHECK_WALL_LIMIT)

    where = f"{exercise.lesson}/exercises/{exercise.stem}.yaml"
    problems: list[Problem] = []
    if exercise.setup.objects.strip():
        for result in validate_text(exercise.setup.objects, "setup"):
            for error in result.errors:
                problems.append(Problem(where, f"setup.objects line {error.line}: {error.message_en}"))
    solved = grade(exercise, exercise.solution)
    if solved.error:
        problems.append(Problem(where, f"the solution could not be graded: {solved.error['message_en']}"))
    for check in solved.checks:
        if not check.passed:
            problems.append(Problem(where, f"the solution fails check {check.id}: {check.detail_en}"))
    if solved.to_json() != grade(exercise, exercise.solution).to_json():
        problems.append(Problem(where, "grading the solution twice gave different results (not deterministic)"))
    if exercise.kind == "manifest":
        for result in solved.validation:
            for error in result.errors:
                problems.append(Problem(where, f"solution line {error.line}: {error.message_en}"))
    starter = grade(exercise, exercise.starter)
    if starter.score >= starter.max_score:
        problems.append(Problem(where, "the starter already earns full marks"))
    if problems:
        return problems  # mutations of a broken solution prove nothing
    unfailable, _ = unfailable_checks(exercise, grade)
    for check in unfailable:
        problems.append(Problem(where, f"check {check.id} passes for the starter, an empty submission and every "
                                       "mutation of the solution: it cannot fail, so it tests nothing"))
    return problems


def check_exercises(root: Path | None = None) -> tuple[int, list[Problem]]:
    """(exercises checked, problems) for every `NN-slug/exercises/*.yaml` under ``root``."""
    root = root or CONTENT_DIR
    problems: list[Problem] = []
    count = 0
    for path in exercise_paths(root):
        where = f"{path.parent.parent.name}/exercises/{path.name}"
        if not (path.parent.parent / "lesson.yaml").is_file():
            problems.append(Problem(where, "the exercise's lesson folder has no lesson.yaml"))
        try:
            exercise = load_exercise(path)
        except ExerciseFormatError as exc:
            message = str(exc)
            problems.append(Problem(where, message[len(where) + 2:] if message.startswith(where + ": ") else message))
            continue
        count += 1
        problems.extend(check_exercise(exercise))
    return count, problems


def check_all(root: Path | None = None) -> tuple[int, list[Problem]]:
    """(lessons checked, problems) for every lesson folder under ``root``, its exercises included."""
    root = root or CONTENT_DIR
    problems: list[Problem] = []
    count = 0
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    numbers: dict[int, str] = {}
    for folder in folders:
        try:
            lesson = load_lesson(folder)
        except LessonFormatError as exc:
            problems.append(Problem(folder.name, str(exc)))
            continue
        count += 1
        if lesson.number in numbers:
            problems.append(Problem(folder.name, f"lesson number {lesson.number:02d} is also used by {numbers[lesson.number]}"))
        numbers[lesson.number] = folder.name
        problems.extend(check_lesson(lesson))
    problems.extend(check_exercises(root)[1])
    return count, problems
