"""End to end in headless Chromium: languages, the manifest checker, the quiz, sign-up and progress, keyboard, layout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROKEN_FIELD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerport: 80
"""

DUPLICATE_KEY = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  name: web-2
spec:
  containers:
  - name: nginx
    image: nginx:1.27
"""

RIGHT_ANSWERS = {"smallest-unit": ["a"], "shared": ["ip", "volumes"], "third": ["a"]}


def answer_quiz(page, answers: dict[str, list[str]]) -> None:
    for question, choices in answers.items():
        for choice in choices:
            page.locator(f"#q-{question} input[value='{choice}']").check()
    page.locator("#quiz button[type=submit]").click()


def lesson_progress(page, slug: str) -> int:
    return int(page.locator(f"#lesson-{slug} [role=progressbar]").get_attribute("aria-valuenow"))


def overall_progress(page) -> int:
    return int(page.locator(".overall [role=progressbar]").get_attribute("aria-valuenow"))


def test_root_lands_in_korean_for_a_korean_browser(page, live_server):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/ko/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("직접 해 보며 배우는 쿠버네티스")


@pytest.mark.parametrize("browser_locale", ["en-US"])
def test_root_lands_in_english_for_an_english_browser(page, live_server):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Learn Kubernetes by doing")


def test_language_switcher_keeps_the_current_lesson(page, live_server, course):
    page.goto(live_server.url + "/ko/lessons/10-pods/")
    expect(page.locator("h1")).to_have_text("파드")
    page.locator("#switch-en").click()
    expect(page).to_have_url(live_server.url + "/en/lessons/10-pods/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Pods")
    expect(page.get_by_role("button", name="Check my answers")).to_be_visible()
    page.locator("#switch-ko").click()
    expect(page).to_have_url(live_server.url + "/ko/lessons/10-pods/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")


@pytest.mark.parametrize(
    ("manifest", "line", "path"),
    [(BROKEN_FIELD, 10, "containerport"), (DUPLICATE_KEY, 5, "name")],
    ids=["unknown-field", "duplicate-key"],
)
def test_validate_marks_the_broken_line_in_the_message_and_the_gutter(page, live_server, course, manifest, line, path):
    page.goto(live_server.url + "/en/lessons/10-pods/")
    block = page.locator(".sandbox-block").first
    block.locator("textarea").fill(manifest)
    block.get_by_role("button", name="Validate").click()
    result = block.locator(".validation-result")
    expect(result.locator(".verdict")).to_have_text("Invalid: the API server would reject this.")
    error = result.locator(f"li.error[data-line='{line}']").first
    expect(error).to_contain_text(f"line {line}, column")
    expect(error).to_contain_text(path)
    # The gutter was swapped out of band: the same lines, the broken one marked.
    gutter = block.locator(".gutter")
    expect(gutter.locator(".bad")).to_have_text(str(line))
    assert gutter.inner_text().split() == [str(n) for n in range(1, manifest.count("\n") + 1)]


def test_validate_answers_in_korean_on_a_korean_page(page, live_server, course):
    page.goto(live_server.url + "/ko/lessons/10-pods/")
    block = page.locator(".sandbox-block").first
    block.locator("textarea").fill(BROKEN_FIELD)
    block.get_by_role("button", name="검사하기").click()
    expect(block.locator(".verdict")).to_have_text("잘못되었습니다. API 서버가 거부합니다.")
    expect(block.locator("li.error").first).to_contain_text("10번째 줄")
    expect(block.locator(".gutter .bad")).to_have_text("10")


def test_a_valid_manifest_clears_the_gutter_marker(page, live_server, course):
    page.goto(live_server.url + "/en/lessons/10-pods/")
    block = page.locator(".sandbox-block").first
    original = block.locator("textarea").input_value()
    block.locator("textarea").fill(BROKEN_FIELD)
    block.get_by_role("button", name="Validate").click()
    expect(block.locator(".gutter .bad")).to_have_count(1)
    block.locator("textarea").fill(original)
    block.get_by_role("button", name="Validate").click()
    expect(block.locator(".verdict")).to_have_text("Valid: the API server would accept this.")
    expect(block.locator(".gutter .bad")).to_have_count(0)


def test_quiz_shows_the_score_and_explains_the_chosen_answers(page, live_server, course):
    page.goto(live_server.url + "/en/lessons/10-pods/")
    answer_quiz(page, {"smallest-unit": ["b"], "shared": ["ip", "volumes"], "third": ["a"]})
    expect(page.locator(".quiz-score")).to_contain_text("You got 2 of 3 right.")
    expect(page.locator("#q-smallest-unit .feedback.wrong")).to_contain_text("A node is a machine.")
    expect(page.locator("#q-shared .feedback.right")).to_have_count(2)
    # Answered through htmx: still the same page, answers kept.
    expect(page).to_have_url(live_server.url + "/en/lessons/10-pods/")
    expect(page.locator("#q-smallest-unit input[value='b']")).to_be_checked()


def test_signing_up_keeps_progress_and_the_index_shows_it(page, live_server, course):
    page.goto(live_server.url + "/ko/lessons/10-pods/")  # read anonymously: 40%
    answer_quiz(page, RIGHT_ANSWERS)
    expect(page.locator(".quiz-score")).to_contain_text("3문제 중 3문제를 맞혔습니다.")
    page.get_by_role("link", name="가입하기").click()
    expect(page).to_have_url(re.compile(r"/ko/accounts/signup/"))
    page.locator("#id_username").fill("mina")
    page.locator("#id_password1").fill("kube-rocks-42!")
    page.locator("#id_password2").fill("kube-rocks-42!")
    page.get_by_role("button", name="계정 만들기").click()
    expect(page).to_have_url(live_server.url + "/ko/lessons/")
    expect(page.locator(".site-header .user")).to_have_text("mina")
    assert lesson_progress(page, "10-pods") == 100
    assert overall_progress(page) == 100


def test_a_new_account_starts_at_zero_and_reading_counts(page, live_server, course):
    page.goto(live_server.url + "/en/accounts/signup/")
    page.get_by_label("Username").fill("jun")
    page.locator("#id_password1").fill("kube-rocks-42!")
    page.locator("#id_password2").fill("kube-rocks-42!")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(live_server.url + "/en/lessons/")
    assert lesson_progress(page, "10-pods") == 0
    page.get_by_role("link", name="Pods").click()
    page.get_by_role("link", name="All lessons", exact=True).click()
    assert lesson_progress(page, "10-pods") > 0
    expect(page.locator("#lesson-10-pods .progress > span")).to_have_attribute("style", re.compile(r"width: 40%"))


def test_keyboard_users_can_skip_to_the_content_and_see_focus(page, live_server, course):
    page.goto(live_server.url + "/en/lessons/10-pods/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link must be on screen when focused"
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # Every form control on the lesson page has an accessible name.
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map(e => e.outerHTML)""")
    assert unnamed == []


@pytest.mark.parametrize("width", [1280, 390])
def test_fixture_lesson_fits_the_screen(page, live_server, course, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/ko/", "/ko/lessons/", "/ko/lessons/10-pods/", "/en/accounts/signup/"):
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


def first_lesson_with_a_sandbox():
    from lessons.content import all_lessons

    for lesson in all_lessons():
        if any(block.kind == "sandbox" for block in lesson.blocks("ko")):
            return lesson
    pytest.skip("no lesson with a yaml sandbox block yet")


@pytest.mark.parametrize(("width", "name"), [(1280, "desktop"), (390, "phone")])
def test_screenshots_of_the_real_course(page, live_server, screenshots, width, name):
    """Real lesson content renders in both languages without sideways scrolling; screenshots for a human to look at."""
    lesson = first_lesson_with_a_sandbox()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + f"/ko/lessons/{lesson.slug}/")
    expect(page.locator("h1")).to_have_text(lesson.title["ko"])
    block = page.locator(".sandbox-block").first
    block.get_by_role("button", name="검사하기").click()
    expect(block.locator(".verdict")).to_be_visible()
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"lesson-{name}.png"), full_page=False)
    page.screenshot(path=str(screenshots / f"lesson-{name}-full.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the lesson page scrolls sideways by {overflow}px at {width}px"
    page.goto(live_server.url + "/ko/lessons/")
    page.screenshot(path=str(screenshots / f"index-{name}.png"), full_page=True)
    page.goto(live_server.url + f"/en/lessons/{lesson.slug}/")
    expect(page.locator("h1")).to_have_text(lesson.title["en"])
    page.screenshot(path=str(screenshots / f"lesson-{name}-en.png"), full_page=False)
