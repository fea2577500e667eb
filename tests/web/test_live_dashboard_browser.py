"""End to end in headless Chromium against a real daphne server: the class dashboard is live.

The instructor keeps the dashboard open; the student submits in another browser; the student's cell
changes on the instructor's page without a reload. Then the instructor follows the "watch sandbox" link
and sees the student's sandbox change live, read-only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.sandbox import servers
from tests.sandbox.servers import CLASS_PASSWORD, live_class

pytestmark = [pytest.mark.browser]

EXERCISE = "04-control-plane/what-happens-next"


@pytest.fixture(scope="module")
def server(tmp_path_factory, compiled_translations) -> Iterator[tuple[servers.Daphne, int, int]]:
    folder = tmp_path_factory.mktemp("dashboard")
    env = servers.sqlite_env(folder / "db.sqlite3")
    class_id, bob_id = live_class(env, EXERCISE, "live")
    with servers.daphne(env, log_path=folder / "daphne.log") as running:
        yield running, class_id, bob_id


@pytest.fixture
def open_page(browser, server) -> Iterator:
    """open_page() -> a page in a fresh context (its own cookies); fails the test on script or HTTP errors."""
    daphne = server[0]
    contexts, problems = [], []

    def make():
        context = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith(daphne.url)
            else (problems.append(f"external request: {route.request.url}"), route.abort()),
        )
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def log_in(page, base_url: str, user: str) -> None:
    page.goto(f"{base_url}/ko/accounts/login/")
    page.locator("#id_username").fill(user)
    page.locator("#id_password").fill(CLASS_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".site-nav .user")).to_have_text(user)


def test_the_dashboard_cell_changes_without_reload_and_the_instructor_watches_the_sandbox(
    open_page, server, screenshots
):
    from lessons.exercises import get_exercise

    daphne, class_id, bob_id = server
    exercise = get_exercise(EXERCISE)
    full = f"{exercise.max_score}/{exercise.max_score}"

    # The student has a sandbox (the playground) before the instructor opens the dashboard.
    student = open_page()
    log_in(student, daphne.url, "bob")
    student.goto(f"{daphne.url}/ko/sandbox/")
    expect(student.locator("#live-status")).to_have_attribute("data-state", "live")

    teacher = open_page()
    log_in(teacher, daphne.url, "alice")
    teacher.goto(f"{daphne.url}/ko/classes/{class_id}/")
    expect(teacher.locator("#grid-status")).to_have_attribute("data-state", "live")
    expect(teacher.locator("#grid-status")).to_have_text("실시간: 학생이 제출하면 바로 점수가 나타납니다.")
    cell = teacher.locator(f"#student-{bob_id} td.cell").first
    expect(cell).to_have_text("–")
    teacher.evaluate("window.__sameDocument = true")  # gone if the page reloads

    # The student submits the reference answer in their own browser.
    student.goto(f"{daphne.url}/ko/lessons/04-control-plane/exercises/what-happens-next/")
    student.locator("#exercise-text").fill(exercise.solution)
    student.locator("#submit-button").click()
    expect(student.locator("#score")).to_contain_text("만점입니다!")

    # The instructor's cell changes by itself, well before any fallback poll (30 s) could have run.
    expect(cell).to_have_text(full, timeout=8_000)
    expect(cell).to_have_class(re.compile(r"\bfull\b"))
    assert teacher.evaluate("window.__sameDocument === true"), "the dashboard was reloaded"
    assert teacher.evaluate("window.K8sClass.isPolling()") is False
    teacher.screenshot(path=str(screenshots / "class-dashboard-live.png"), full_page=True)

    # From the row, the instructor opens the student's sandbox: read-only, no console, a banner.
    teacher.locator(f"#student-{bob_id} a.watch-link").click()
    expect(teacher.locator("#watch-banner")).to_contain_text("bob의 샌드박스를 읽기 전용으로 보는 중입니다")
    expect(teacher.locator("#live-status")).to_have_attribute("data-state", "readonly")
    expect(teacher.locator("#live-console")).to_be_hidden()
    expect(teacher.locator("#live-editor")).to_be_hidden()
    expect(teacher.locator("[data-fault='fail-node']")).to_be_hidden()
    expect(teacher.locator("#reset-sandbox")).to_have_count(0)

    # The student applies a Deployment; the instructor's view fills with its pods.
    student.goto(f"{daphne.url}/ko/sandbox/")
    expect(student.locator("#live-status")).to_have_attribute("data-state", "live")
    student.locator(".speed [data-speed='20']").click()
    student.locator("#live-apply").click()
    expect(student.locator("#live-output")).to_contain_text("deployment.apps/web created")
    expect(teacher.locator("#live-nodes .pod[data-status='Running']")).to_have_count(3, timeout=30_000)
    teacher.screenshot(path=str(screenshots / "watch-sandbox.png"), full_page=True)
