"""Exercise pages over HTTP: the prompt, hints one by one, grading on submit, links from the lesson pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from lessons.exercises import get_exercise
from lessons.models import Submission

pytestmark = pytest.mark.django_db

KEY = "04-control-plane/what-happens-next"
URL = "/{lang}/lessons/04-control-plane/exercises/what-happens-next/"


def test_it_shows_the_prompt_and_the_starter_in_the_page_language(client):
    ko = client.get(URL.format(lang="ko")).content.decode()
    en = client.get(URL.format(lang="en")).content.decode()
    assert "다음에 무슨 일이 일어날까?" in ko and "컨트롤 플레인의 각 부품" in ko
    assert "What happens next?" in en and "Predict what each part" in en
    assert "etcdWriter: &quot;?&quot;" in en, "the editor starts with the starter"


def test_it_tells_anonymous_visitors_their_attempts_are_not_saved(client):
    page = client.get(URL.format(lang="en")).content.decode()
    assert "only logged-in users" in page and "attempts are saved" in page


def test_it_reveals_hints_one_at_a_time(client):
    exercise = get_exercise(KEY)
    first = client.get(URL.format(lang="en") + "?hints=1", HTTP_HX_REQUEST="true").content.decode()
    assert first.lstrip().startswith('<section class="hints"') and "<html" not in first
    assert exercise.hints[0]["en"].replace('"', "&quot;") in first and exercise.hints[1]["en"][:20] not in first
    assert "?hints=2" in first
    both = client.get(URL.format(lang="en") + "?hints=2", HTTP_HX_REQUEST="true").content.decode()
    assert "?hints=3" not in both and both.count('class="hint"') == 2


def test_it_is_404_for_an_unknown_exercise(client):
    assert client.get("/en/lessons/04-control-plane/exercises/no-such-thing/").status_code == 404
    assert client.get("/en/lessons/99-nope/exercises/what-happens-next/").status_code == 404


def test_submit_without_htmx_renders_the_whole_page_with_the_result(client):
    response = client.post(URL.format(lang="en") + "submit/", {"text": get_exercise(KEY).solution})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page and "Score: 8 of 8" in page and "Full marks!" in page


def test_submit_marks_the_bad_line_in_the_gutter_out_of_band(client):
    broken = get_exercise(KEY).solution.replace("data:", "dta:")
    page = client.post(URL.format(lang="en") + "submit/", {"text": broken}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="exercise-gutter" aria-hidden="true" hx-swap-oob="true"' in page
    assert '<span class="bad"' in page and 'id="problems"' in page


def test_a_logged_in_user_sees_their_attempts_and_best_score(client):
    alice = User.objects.create_user("alice")
    client.force_login(alice)
    exercise = get_exercise(KEY)
    client.post(URL.format(lang="en") + "submit/", {"text": exercise.starter})
    client.post(URL.format(lang="en") + "submit/", {"text": exercise.solution})
    page = client.get(URL.format(lang="en")).content.decode()
    assert "Best score: 8 of 8" in page and page.count("/8</li>") == 2
    assert "podCount: &quot;2&quot;" in page, "the editor reopens with the latest attempt"
    assert "podCount: &quot;?&quot;" in client.get(URL.format(lang="en") + "?starter=1").content.decode()
    assert Submission.objects.filter(user=alice).count() == 2


def test_the_lesson_page_lists_its_exercises_after_the_quiz(client):
    page = client.get("/en/lessons/13-deployments/").content.decode()
    quiz, exercises = page.index('id="quiz"'), page.index('id="exercises"')
    assert quiz < exercises
    assert "/en/lessons/13-deployments/exercises/rollback/" in page
    assert 'href="#exercises"' in page


def test_the_lesson_page_shows_a_users_best_score(client):
    alice = User.objects.create_user("alice")
    Submission.objects.create(
        user=alice, exercise="13-deployments/rollback", text="", score=4, max_score=6, results={}, content_hash="x"
    )
    client.force_login(alice)
    assert "your best: 4/6" in client.get("/en/lessons/13-deployments/").content.decode()


def test_the_index_links_to_each_lessons_exercises(client):
    page = client.get("/en/lessons/").content.decode()
    assert 'href="/en/lessons/13-deployments/#exercises">4 exercises</a>' in page
