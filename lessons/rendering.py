"""Lesson Markdown -> safe HTML with interactive blocks.

Raw HTML in a lesson is never passed through: markdown-it runs with HTML off (so `<script>`
shows as text), and the result goes through nh3's allowlist. Interactive blocks (``yaml
sandbox``, ``kubectl``, ``dot``) are built by our own templates *after* sanitising, from escaped
content, so the widgets keep their forms and SVG while the prose stays inert.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.template.loader import render_to_string
from django.utils.html import escape
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from sandbox.diagrams import DiagramError, dot_to_svg

_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a", "table",
    "thead", "tbody", "tr", "th", "td", "hr", "br", "span", "del",
}
_ALLOWED_ATTRS = {"a": {"href", "title"}, "span": {"class"}, "code": {"class"}, "th": {"style"}, "td": {"style"},
                  "h2": {"id"}, "h3": {"id"}}
_FORMATTER = HtmlFormatter(nowrap=True)
_LESSON_SLUG = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[tuple[str, str], ...]  # (anchor id, heading text) of each ## section


def _slugify(text: str, used: set[str]) -> str:
    base = re.sub(r"[^\w\-]+", "-", text.lower(), flags=re.U).strip("-") or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def highlight_code(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, _FORMATTER)


class _Renderer:
    def __init__(self, language: str, context_id: str):
        self.language = language
        self.context_id = context_id
        # A lesson page (context "NN-slug") gets "Run in sandbox" actions: one live sandbox per lesson and learner.
        self.sandbox_lesson = context_id if _LESSON_SLUG.match(context_id) else ""
        self.widgets: dict[str, str] = {}
        self.block_count = 0
        self.md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
        # markdown-it binds render rules to its renderer, so route through a plain function.
        self.md.add_render_rule("fence", lambda _renderer, tokens, idx, options, env: self._fence(tokens, idx, options, env))
        self.token = secrets.token_hex(8)

    def _placeholder(self, html: str) -> str:
        key = f"WIDGET{self.token}N{len(self.widgets)}"
        self.widgets[key] = html
        return f"<p>{key}</p>\n"

    def _fence(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        info = token.info.strip()
        words = info.split()
        code = token.content
        number = self.block_count
        self.block_count += 1
        block_id = f"block-{self.context_id}-{number}"  # ids must not start with a digit (CSS selectors)
        if words[:2] == ["yaml", "sandbox"]:
            html = render_to_string("lessons/_sandbox_block.html", {
                "block_id": block_id, "yaml": code, "expect_invalid": "expect=invalid" in words,
                "rows": min(max(code.count("\n") + 1, 4), 30),
                "gutter": range(1, max(code.rstrip("\n").count("\n") + 2, 2)),
                "sandbox_lesson": self.sandbox_lesson,
            })
            return self._placeholder(html)
        if words[:1] == ["kubectl"]:
            commands = [line.strip() for line in code.splitlines() if line.strip()]
            html = render_to_string("lessons/_kubectl_block.html", {
                "block_id": block_id, "commands": commands, "sandbox_lesson": self.sandbox_lesson,
                "runnable": [c for c in commands if not c.startswith("#")],
            })
            return self._placeholder(html)
        if words[:1] == ["dot"]:
            try:
                svg = dot_to_svg(code)
                html = f'<figure class="diagram" id="{block_id}">{svg}</figure>'
            except DiagramError as exc:
                html = f'<figure class="diagram diagram-error" id="{block_id}"><pre>{escape(str(exc))}</pre></figure>'
            return self._placeholder(html)
        language = words[0] if words else ""
        html = f'<pre class="highlight"><code class="language-{escape(language)}">{highlight_code(code, language)}</code></pre>'
        return self._placeholder(html)

    def render(self, markdown: str) -> Rendered:
        html = self.md.render(markdown)
        html = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"})
        toc: list[tuple[str, str]] = []
        used: set[str] = set()

        def heading(match: re.Match) -> str:
            level, inner = match.group(1), match.group(2)
            text = re.sub(r"<[^>]+>", "", inner)
            anchor = _slugify(text, used)
            if level == "2":
                toc.append((anchor, text))
            return f'<h{level} id="{anchor}">{inner}</h{level}>'

        html = re.sub(r"<h([23])>(.*?)</h\1>", heading, html, flags=re.S)
        for key, widget in self.widgets.items():
            html = html.replace(f"<p>{key}</p>", widget)
        return Rendered(html, tuple(toc))


@lru_cache(maxsize=256)
def _render_cached(digest: str, markdown: str, language: str, context_id: str) -> Rendered:
    return _Renderer(language, context_id).render(markdown)


def render_markdown(markdown: str, language: str, context_id: str = "lesson") -> Rendered:
    """Render lesson Markdown for one language; ``context_id`` prefixes the blocks' element ids."""
    digest = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    return _render_cached(digest, markdown, language, context_id)
