"""Graphviz: DOT text -> sanitised inline SVG, cached by content.

Lesson diagrams and (later) the live cluster diagram both come through here. The SVG that
graphviz writes is passed through an allowlist, so nothing executable (scripts, event
handlers, javascript: links) reaches a page even if the DOT source asked for it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from functools import lru_cache

import nh3

DOT_TIMEOUT_SECONDS = 10
MAX_DOT_BYTES = 200_000


class DiagramError(Exception):
    """DOT that graphviz could not render (the message is graphviz's own, first line)."""


_SVG_TAGS = {
    "svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan",
    "title", "defs", "lineargradient", "radialgradient", "stop",
}
_SVG_ATTRS = {
    "id", "class", "width", "height", "viewbox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "points", "d", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity",
    "transform", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "opacity",
    "offset", "stop-color", "stop-opacity", "gradientunits", "preserveaspectratio", "xmlns",
    "viewBox", "preserveAspectRatio", "gradientUnits",
}


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def sanitize_svg(svg: str) -> str:
    """Keep drawing elements and presentation attributes only; drop scripts, handlers and links."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.S)
    cleaned = nh3.clean(
        svg,
        tags=_SVG_TAGS,
        attributes={tag: _SVG_ATTRS for tag in _SVG_TAGS},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


@lru_cache(maxsize=512)
def _render(digest: str, source: str) -> str:
    try:
        result = subprocess.run(
            ["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT_SECONDS
        )
    except FileNotFoundError:
        raise DiagramError("graphviz is not installed (apt-get install graphviz)") from None
    except subprocess.TimeoutExpired:
        raise DiagramError(f"graphviz took longer than {DOT_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiagramError(message[0] if message else f"dot exited with {result.returncode}")
    return sanitize_svg(result.stdout.decode("utf-8", "replace"))


def dot_to_svg(source: str) -> str:
    """Render DOT to sanitised SVG; the same source is rendered once per process."""
    if len(source.encode("utf-8")) > MAX_DOT_BYTES:
        raise DiagramError(f"diagram source is larger than {MAX_DOT_BYTES} bytes")
    return _render(hashlib.sha256(source.encode("utf-8")).hexdigest(), source)


def escape_dot(text: str) -> str:
    """Text for inside a double-quoted DOT string: quotes, backslashes and newlines escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
