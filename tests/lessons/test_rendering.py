"""Lesson Markdown renders to safe HTML; interactive blocks become widgets."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.utils import translation

from lessons.rendering import render_markdown
from sandbox.diagrams import graphviz_available


def render(markdown: str, language: str = "en"):
    with translation.override(language):
        return render_markdown(markdown, language, context_id="t")


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=\"https://example.com\"></iframe>",
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_no_script_or_event_handler_from_a_lesson_survives(hostile):
    tags, attributes = elements(render(f"Some text.\n\n{hostile}\n").html)
    assert not tags & {"script", "img", "iframe", "svg"}
    assert not [name for name, _ in attributes if name.startswith("on")]
    assert not [value for name, value in attributes if name == "href" and value.strip().lower().startswith("javascript")]


def elements(html: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The element names and (attribute, value) pairs a browser would build from ``html``."""
    found_tags: set[str] = set()
    found_attrs: list[tuple[str, str]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found_tags.add(tag)
            found_attrs.extend((k, v or "") for k, v in attrs)

    Collector().feed(html)
    return found_tags, found_attrs


def test_dot_diagram_with_a_javascript_link_loses_the_link():
    if not graphviz_available():
        pytest.skip("graphviz (dot) is not installed")
    html = render('```dot\ndigraph G { a [URL="javascript:alert(1)", label="<b>hi</b>"]; }\n```\n').html
    assert "<svg" in html
    assert "javascript:" not in html
    assert "<b>hi</b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html


def test_sandbox_block_becomes_a_validate_form_with_escaped_yaml():
    html = render("```yaml sandbox\nmetadata:\n  name: \"</textarea><script>x</script>\"\n```\n").html
    assert 'hx-post="/en/lessons/validate/"' in html
    assert "</textarea><script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


def test_expect_invalid_block_is_labelled_in_the_page_language():
    html = render("```yaml sandbox expect=invalid\nkind: X\n```\n", "en").html
    assert 'data-expect="invalid"' in html


def test_kubectl_block_shows_each_command_with_a_prompt():
    html = render("```kubectl\nkubectl get pods\nkubectl get nodes -o wide\n```\n").html
    assert html.count('<span class="prompt">$ </span>') == 2
    assert "kubectl get nodes -o wide" in html


def test_plain_code_is_highlighted_and_headings_get_anchors_for_the_toc():
    rendered = render("## First part\n\n```bash\necho hi\n```\n\n## Second part\n")
    assert rendered.toc == (("first-part", "First part"), ("second-part", "Second part"))
    assert '<h2 id="first-part">' in rendered.html
    assert 'class="language-bash"' in rendered.html


def test_korean_headings_keep_hangul_anchors():
    rendered = render("## 파드란 무엇인가\n", "ko")
    assert rendered.toc[0][1] == "파드란 무엇인가"
    assert rendered.toc[0][0] == "파드란-무엇인가"
