"""Lesson pages over HTTP: index with progress, lesson page, quiz, inline validation, languages."""

from __future__ import annotations

import os
import re
import time

import pytest
from django.contrib.auth.models import User

from lessons import content
from lessons.models import LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def course(content_root, monkeypatch):
    monkeypatch.setattr(content, "CONTENT_DIR", content_root)
    return content_root


def test_root_redirects_to_korean_by_default(client):
    assert client.get("/").url == "/ko/"


def test_root_redirects_to_english_when_the_browser_prefers_it(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").url == "/en/"


def test_index_lists_lessons_in_the_page_language(client):
    ko = client.get("/ko/lessons/").content.decode()
    en = client.get("/en/lessons/").content.decode()
    assert "파드" in ko and '<html lang="ko">' in ko
    assert "Pods" in en and '<html lang="en">' in en


def test_language_switcher_keeps_the_current_page(client):
    page = client.get("/ko/lessons/10-pods/").content.decode()
    assert 'href="/en/lessons/10-pods/"' in page


def test_opening_a_lesson_marks_it_read_for_an_anonymous_visitor(client):
    client.get("/en/lessons/10-pods/")
    record = LessonProgress.objects.get(lesson="10-pods")
    assert record.user is None and record.visitor and record.read_at is not None
    page = client.get("/en/lessons/").content.decode()
    assert 'aria-valuenow="40"' in page


def test_quiz_is_graded_on_the_server_and_a_posted_score_is_ignored(client):
    response = client.post(
        "/en/lessons/10-pods/quiz/",
        {"smallest-unit": "a", "shared": ["ip"], "third": "a", "score": "99"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "You got 2 of 3 right." in html
    assert "They share a network namespace." in html  # the explanation of a chosen answer
    record = LessonProgress.objects.get(lesson="10-pods")
    assert (record.quiz_score, record.quiz_max) == (2, 3)


def test_best_quiz_score_is_kept(client):
    client.post("/en/lessons/10-pods/quiz/", {"smallest-unit": "a", "shared": ["ip", "volumes"], "third": "a"})
    client.post("/en/lessons/10-pods/quiz/", {"smallest-unit": "b"})
    assert LessonProgress.objects.get(lesson="10-pods").quiz_score == 3


def test_progress_carries_over_when_a_visitor_signs_up(client):
    client.get("/en/lessons/10-pods/")
    client.post("/en/lessons/10-pods/quiz/", {"smallest-unit": "a"})
    response = client.post(
        "/en/accounts/signup/", {"username": "mina", "password1": "kube-rocks-42!", "password2": "kube-rocks-42!"}
    )
    assert response.status_code == 302
    record = LessonProgress.objects.get(lesson="10-pods")
    assert record.user == User.objects.get(username="mina") and record.visitor == ""
    assert record.quiz_score == 1


def test_progress_merges_with_an_existing_account_on_login(client):
    user = User.objects.create_user("jun", password="kube-rocks-42!")
    LessonProgress.objects.create(user=user, lesson="10-pods", quiz_score=1, quiz_max=3)
    client.post("/en/lessons/10-pods/quiz/", {"smallest-unit": "a", "shared": ["ip", "volumes"], "third": "a"})
    client.post("/en/accounts/login/", {"username": "jun", "password": "kube-rocks-42!"})
    records = LessonProgress.objects.filter(lesson="10-pods")
    assert records.count() == 1
    assert records.get().user == user and records.get().quiz_score == 3


def test_unknown_lesson_is_404(client):
    assert client.get("/en/lessons/99-nothing/").status_code == 404


def test_inline_validation_points_at_the_broken_line_in_the_page_language(client):
    manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    ports:\n    - containerport: 80\n"
    html = client.post("/ko/lessons/validate/", {"yaml": manifest, "block_id": "10-pods-b0"}).content.decode()
    assert "API 서버가 거부" in html or "유효하지" in html
    assert 'data-line="10"' in html
    assert '<span class="bad"' in html and ">10</span>" in html  # the gutter marks line 10
    assert "containerPort" in html  # the hint


def test_inline_validation_accepts_a_valid_manifest(client):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
    html = client.post("/en/lessons/validate/", {"yaml": manifest, "block_id": "b1"}).content.decode()
    assert "Valid: the API server would accept this." in html


def test_inline_validation_escapes_what_the_student_wrote(client):
    manifest = "apiVersion: v1\nkind: <script>alert(1)</script>\nmetadata:\n  name: x\n"
    html = client.post("/en/lessons/validate/", {"yaml": manifest, "block_id": "b1"}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_readers_of_the_same_lesson_each_see_their_own_answers_and_token(client):
    """The lesson parts every reader shares are rendered once; answers, progress and CSRF token stay per reader."""
    from django.test import Client

    client.post("/en/lessons/10-pods/quiz/", {"smallest-unit": "a"})
    mine = client.get("/en/lessons/10-pods/").content.decode()
    other = Client().get("/en/lessons/10-pods/").content.decode()
    assert 'value="a" checked' in mine and 'value="a" checked' not in other
    assert "Progress: 60%" in mine and "Progress: 40%" in other  # read (40) + 1 of 3 right (20)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(mine).group(1) != token.search(other).group(1)
    assert mine.count("A pod groups containers.") == other.count("A pod groups containers.") == 1


def test_an_edited_lesson_shows_on_the_next_visit(client, course):
    client.get("/en/lessons/10-pods/")
    page = course / "10-pods" / "en.md"
    page.write_text(page.read_text().replace("A pod groups containers.", "Pods group containers."), encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    assert "Pods group containers." in client.get("/en/lessons/10-pods/").content.decode()
