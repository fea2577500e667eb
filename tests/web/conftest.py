"""One headless Chromium per test session, a fresh browser context per test, against pytest-django's live server.

The browser is the system's /usr/bin/chromium (./dev.sh test installs it with apt-get); Playwright
never downloads one. Playwright's sync API runs an event loop in this thread, so Django's guard
against ORM calls from async code has to be lifted for the test process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lessons.conftest import write_lesson

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/k8s-learn-screenshots"))


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the catalogues like ./dev.sh does, when a .mo is missing or older than its .po."""
    msgfmt = shutil.which("msgfmt")
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            if msgfmt is None:
                pytest.fail("msgfmt is missing: apt-get install gettext (./dev.sh test installs it)")
            subprocess.run([msgfmt, "--check", "-o", str(mo), str(po)], check=True)
    from django.utils.translation import trans_real

    trans_real._translations = {}  # drop catalogues cached before the .mo files were written


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (./dev.sh test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_locale() -> str:
    """What the browser asks for in Accept-Language; override in a test module or with parametrize."""
    return "ko-KR"


@pytest.fixture
def page(browser, browser_locale, live_server) -> Iterator:
    """A page in a fresh context (no cookies); fails the test on a script error or a failed request."""
    context = browser.new_context(locale=browser_locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    # Nothing leaves the machine: every request goes to the live server (no CDN, no fonts from the web).
    page.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(live_server.url)
        else (problems.append(f"external request: {route.request.url}"), route.abort()),
    )
    yield page
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A one-lesson course (`10-pods`) with a sandbox block and a three-question quiz."""
    from lessons import content

    write_lesson(tmp_path)
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
