"""Loading lessons from files: the format of docs/lesson-format.md, and clear errors when it is broken."""

from __future__ import annotations

import pytest

from lessons.content import LessonFormatError, all_lessons, fenced_blocks, load_lesson
from tests.lessons.conftest import LESSON_YAML, write_lesson


def test_lesson_is_loaded_with_both_languages(content_root):
    (lesson,) = all_lessons(content_root)
    assert lesson.slug == "10-pods" and lesson.number == 10
    assert lesson.title == {"ko": "파드", "en": "Pods"}
    assert lesson.sections("ko") == ["파드란", "이제 할 수 있는 것"]
    assert lesson.sections("en") == ["What a pod is", "What you can do now"]
    assert [q.id for q in lesson.quiz] == ["smallest-unit", "shared", "third"]
    assert lesson.quiz[1].correct_ids == {"ip", "volumes"}


def test_blocks_are_listed_in_order_with_their_lines(content_root):
    (lesson,) = all_lessons(content_root)
    blocks = lesson.blocks("en")
    assert [(b.kind, b.line) for b in blocks] == [("sandbox", 5), ("dot", 16)]
    assert blocks[0].content.startswith("apiVersion: v1\n")


def test_expect_invalid_is_read_from_the_info_string():
    (block,) = fenced_blocks("```yaml sandbox expect=invalid\nkind: X\n```\n")
    assert block.kind == "sandbox" and block.expect_invalid


def test_heading_inside_a_code_block_is_not_a_section(tmp_path):
    ko = "## 하나\n\n```text\n## 이것은 코드\n```\n"
    en = "## One\n\n```text\n## this is code\n```\n"
    folder = write_lesson(tmp_path, ko=ko, en=en)
    assert load_lesson(folder).sections("en") == ["One"]


@pytest.mark.parametrize(
    "broken, message",
    [
        (LESSON_YAML.replace('title: {ko: "파드", en: "Pods"}', 'title: {ko: "파드"}'), "title: needs exactly the keys ko and en"),
        (LESSON_YAML.replace("minutes: 8", "minutes: many"), "minutes must be a whole number"),
        (LESSON_YAML.replace("        correct: true\n        explanation: {ko: \"맞습니다.\"", "        correct: false\n        explanation: {ko: \"맞습니다.\""),
         "exactly one correct choice, has 0"),
        (LESSON_YAML.replace("type: multiple", "type: essay"), "type: must be single or multiple"),
        (LESSON_YAML.replace('  en: ["write a pod"]', '  en: ["write a pod", "and more"]'), "objectives have 1 ko and 2 en items"),
        ("title: [unclosed", "lesson.yaml"),
    ],
)
def test_format_errors_name_the_problem(tmp_path, broken, message):
    folder = write_lesson(tmp_path, meta=broken)
    with pytest.raises(LessonFormatError, match=message.replace("(", r"\(")):
        load_lesson(folder)


def test_missing_language_file_is_an_error(tmp_path):
    folder = write_lesson(tmp_path)
    (folder / "en.md").unlink()
    with pytest.raises(LessonFormatError, match="en.md is missing"):
        load_lesson(folder)


def test_edited_lesson_is_reloaded_without_restart(content_root):
    (lesson,) = all_lessons(content_root)
    path = content_root / "10-pods" / "en.md"
    import os
    import time

    path.write_text(path.read_text() + "\nMore text.\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    (reloaded,) = all_lessons(content_root)
    assert reloaded.body["en"].endswith("More text.\n")
    assert lesson is not reloaded


def test_with_max_age_the_files_are_looked_at_again_only_once_it_has_passed(content_root, monkeypatch):
    import os

    from lessons import content

    clock = [1000.0]
    monkeypatch.setattr(content.time, "monotonic", lambda: clock[0])
    (lesson,) = all_lessons(content_root, max_age=5)
    path = content_root / "10-pods" / "en.md"
    path.write_text(path.read_text() + "\nMore text.\n", encoding="utf-8")
    os.utime(path, (clock[0] + 5, clock[0] + 5))
    clock[0] += 4
    assert all_lessons(content_root, max_age=5) == (lesson,)  # looked at 4 s ago: not again
    clock[0] += 2
    (reloaded,) = all_lessons(content_root, max_age=5)
    assert reloaded.body["en"].endswith("More text.\n")
