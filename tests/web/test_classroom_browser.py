"""End to end in headless Chromium: a class from creation to the gradebook.

The instructor creates a class and an assignment, a student joins through the link, submits a
wrong manifest (and reads which check failed and why), fixes it and gets full marks; the
instructor's grid picks the score up, and the CSV has it. The live server here is WSGI (no
websockets), so this also covers the dashboard's fallback: with its socket down, the grid polls every
30 s (the live path over a real socket is tests/web/test_live_dashboard_browser.py).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from classroom.roles import grant_instructor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXERCISE = "10-pods/first-pod"
WRONG = """\
apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerport: 80
"""
RIGHT = WRONG.replace("image: nginx\n", "image: nginx:1.27\n").replace("containerport", "containerPort")


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/ko/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.form-card button[type=submit]").click()
    expect(page.locator(".site-nav .user")).to_have_text(username)


@pytest.fixture
def student_page(browser, live_server):
    """A second browser (its own cookies) for the student, failing the test on script or HTTP errors."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def test_a_class_from_join_link_to_gradebook(page, student_page, live_server):
    alice = User.objects.create_user("alice", password="alice-teaches-k8s")
    grant_instructor(alice)
    User.objects.create_user("bob", password="bob-learns-k8s")

    # The dashboard's websocket is down for the whole test (the server would refuse the upgrade anyway).
    page.route_web_socket("**/ws/classes/**", lambda ws: ws.close(code=1011, reason="down"))

    # The instructor creates a class and assigns the first-pod exercise.
    log_in(page, live_server, "alice", "alice-teaches-k8s")
    page.goto(live_server.url + "/ko/classes/")
    page.locator("#id_name").fill("쿠버네티스 입문 1반")
    page.locator("#create-class button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("쿠버네티스 입문 1반")
    page.locator("#id_target").select_option(EXERCISE)
    page.locator("#id_due").fill("2030-06-30T18:00")
    page.locator("#add-assignment button[type=submit]").click()
    expect(page.locator("#assignments")).to_contain_text("첫 파드 띄우기")
    join_link = page.locator("#join-link").input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/ko/join/[a-z0-9]{12}/", join_link)

    # The student joins by the link and opens the assignment.
    log_in(student_page, live_server, "bob", "bob-learns-k8s")
    student_page.goto(join_link)
    student_page.locator("#join-button").click()
    expect(student_page.locator("#my-assignments")).to_contain_text("첫 파드 띄우기")
    student_page.locator("#my-assignments a", has_text="첫 파드 띄우기").click()
    expect(student_page.locator("#assignment-note")).to_contain_text("쿠버네티스 입문 1반")

    # The instructor's dashboard now lists bob, with nothing submitted yet.
    page.reload()
    bob_row = page.locator("#student-" + str(User.objects.get(username="bob").id))
    expect(bob_row).to_contain_text("–")
    expect(page.locator("#grid-status")).to_have_attribute("data-state", "offline")
    expect(page.locator("#grid-status")).to_contain_text("30초마다")

    # A hint, revealed on request.
    student_page.locator("#next-hint").click()
    expect(student_page.locator("#hints .hint")).to_have_count(1)

    # A wrong manifest: the failed checks say which and why, the broken line is marked.
    student_page.locator("#exercise-text").fill(WRONG)
    student_page.locator("#submit-button").click()
    expect(student_page.locator("#score")).to_contain_text("점수: 7점 중 0점")
    failed = student_page.locator("#check-valid")
    expect(failed).to_have_attribute("data-passed", "false")
    expect(failed.locator(".feedback")).to_contain_text("검증을 통과하지 못했습니다")
    expect(student_page.locator("#problems li.error")).to_contain_text("containerPort")
    expect(student_page.locator("#exercise-gutter .bad")).to_have_text("12")
    expect(student_page.locator("#attempts")).to_contain_text("0/7")

    # Fixed: full marks.
    student_page.locator("#exercise-text").fill(RIGHT)
    student_page.locator("#submit-button").click()
    expect(student_page.locator("#score")).to_contain_text("만점입니다!")
    expect(student_page.locator("#check-ready")).to_have_attribute("data-passed", "true")
    expect(student_page.locator("#best-score")).to_contain_text("7점 중 7점")

    # Without a reload, the instructor's grid refreshes by itself (every 30 s while the socket is down).
    expect(bob_row).to_contain_text("7/7", timeout=35_000)
    assert page.evaluate("window.K8sClass.isPolling()") is True

    # The CSV has it, with a BOM for Excel.
    csv_url = page.locator("#csv-link").get_attribute("href")
    response = page.request.get(live_server.url + csv_url)
    body = response.body().decode("utf-8")
    assert response.ok and body.startswith("\ufeff")
    assert re.search(r"^bob,7/7\r?$", body, re.M), body
