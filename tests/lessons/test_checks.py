"""`manage.py lessons check`: the real course passes; broken lessons are caught with file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lessons.checks import check_all
from tests.lessons.conftest import EN_MD, KO_MD, write_lesson

ROOT = Path(__file__).resolve().parents[2]


def test_the_real_course_has_fifteen_lessons_and_no_problem():
    count, problems = check_all()
    assert [str(p) for p in problems] == []
    assert count == 15


def test_lessons_check_command_exits_zero_on_the_course():
    result = subprocess.run([sys.executable, "manage.py", "lessons", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "15 lessons OK" in result.stdout


def test_invalid_manifest_without_expect_invalid_is_reported_at_its_block(tmp_path):
    broken = KO_MD.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    ports:\n    - containerport: 80\n")
    write_lesson(tmp_path, ko=broken, en=EN_MD.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    ports:\n    - containerport: 80\n"))
    _, problems = check_all(tmp_path)
    messages = [str(p) for p in problems]
    assert any(m.startswith("10-pods/ko.md:5: manifest is invalid") and "containerport" in m for m in messages), messages


def test_expect_invalid_on_a_valid_manifest_is_reported(tmp_path):
    write_lesson(tmp_path, ko=KO_MD.replace("```yaml sandbox", "```yaml sandbox expect=invalid"),
                 en=EN_MD.replace("```yaml sandbox", "```yaml sandbox expect=invalid"))
    _, problems = check_all(tmp_path)
    assert any("marked expect=invalid but the manifest is valid" in str(p) for p in problems)


def test_languages_with_different_sections_or_blocks_are_reported(tmp_path):
    write_lesson(tmp_path, en=EN_MD.replace("## What you can do now", "### What you can do now"))
    _, problems = check_all(tmp_path)
    assert any("ko.md has 2 sections (##), en.md has 1" in str(p) for p in problems)


def test_a_diagram_that_does_not_render_is_reported(tmp_path):
    write_lesson(tmp_path, ko=KO_MD.replace("digraph G { a -> b; }", "digraph G { a -> ; }"),
                 en=EN_MD.replace("digraph G { a -> b; }", "digraph G { a -> ; }"))
    _, problems = check_all(tmp_path)
    assert any("diagram does not render" in str(p) for p in problems)
