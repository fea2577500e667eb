"""Sandbox pages: alice owns, bob has no access, an anonymous visitor keeps a sandbox in the session."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from sandbox import services
from sandbox.access import Learner, can_watch
from sandbox.models import Sandbox

from .conftest import DEPLOYMENT, logged_in

pytestmark = pytest.mark.django_db


def test_it_shows_the_playground_with_a_live_widget(alice):
    client = logged_in(alice)
    html = client.get("/ko/sandbox/").content.decode()
    sandbox = Sandbox.objects.get(user=alice)
    assert f'data-ws="/ws/sandbox/{sandbox.pk}/?lang=ko"' in html
    assert 'id="live-i18n"' in html and "/static/js/live.js" in html
    assert 'aria-current="page"' in html and "샌드박스" in html
    i18n = json.loads(re.search(r'<script id="live-i18n" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert i18n["narration"]["etcd.write"] == "API 서버가 {kind} {name}을(를) etcd에 씁니다."


def test_it_reuses_the_learners_playground(alice):
    client = logged_in(alice)
    client.get("/ko/sandbox/")
    client.get("/en/sandbox/")
    assert Sandbox.objects.filter(user=alice).count() == 1


def test_it_speaks_english_under_en(alice):
    html = logged_in(alice).get("/en/sandbox/").content.decode()
    assert "?lang=en" in html and "The API server writes {kind} {name} to etcd." in html


def test_it_gives_an_anonymous_visitor_a_sandbox_of_their_own():
    first, second = Client(), Client()
    one = first.get("/ko/sandbox/").context["sandbox"]
    two = second.get("/ko/sandbox/").context["sandbox"]
    assert one.pk != two.pk and one.user is None and one.visitor and one.visitor != two.visitor
    assert first.get("/ko/sandbox/").context["sandbox"].pk == one.pk


def test_it_shows_a_sandbox_by_id_to_its_owner_only(alice, bob):
    sandbox = services.new_sandbox({"user": alice})
    assert logged_in(alice).get(f"/ko/sandbox/{sandbox.pk}/").status_code == 200
    assert logged_in(bob).get(f"/ko/sandbox/{sandbox.pk}/").status_code == 404
    assert Client().get(f"/ko/sandbox/{sandbox.pk}/").status_code == 404
    assert logged_in(alice).get("/ko/sandbox/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_new_makes_another_sandbox_and_redirects_to_it(alice):
    client = logged_in(alice)
    client.get("/ko/sandbox/")
    response = client.post("/ko/sandbox/new/")
    newest = Sandbox.objects.filter(user=alice).order_by("-created").first()
    assert response.status_code == 302 and response["Location"] == f"/ko/sandbox/{newest.pk}/"
    assert Sandbox.objects.filter(user=alice).count() == 2
    assert client.get("/ko/sandbox/").context["sandbox"].pk == newest.pk  # the latest one is the playground


def test_reset_empties_the_cluster(alice, bob):
    sandbox = services.new_sandbox({"user": alice})
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    assert logged_in(bob).post(f"/ko/sandbox/{sandbox.pk}/reset/").status_code == 404
    response = logged_in(alice).post(f"/ko/sandbox/{sandbox.pk}/reset/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    sandbox.refresh_from_db()
    assert services.load_cluster(sandbox).list("Deployment") == []


def test_reset_needs_post(alice):
    sandbox = services.new_sandbox({"user": alice})
    assert logged_in(alice).get(f"/ko/sandbox/{sandbox.pk}/reset/").status_code == 405


def test_diagram_is_sanitised_svg_with_an_etag(alice, bob):
    sandbox = services.new_sandbox({"user": alice})
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    services.advance(sandbox, 10, save=True)
    client = logged_in(alice)
    response = client.get(f"/ko/sandbox/{sandbox.pk}/diagram.svg")
    svg = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert svg.startswith("<svg") and "node01" in svg and "web" in svg and "<script" not in svg
    again = client.get(f"/ko/sandbox/{sandbox.pk}/diagram.svg", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert logged_in(bob).get(f"/ko/sandbox/{sandbox.pk}/diagram.svg").status_code == 404


def test_lesson_widget_gives_one_sandbox_per_lesson_and_learner(alice, content_root, monkeypatch):
    from lessons import content

    monkeypatch.setattr(content, "CONTENT_DIR", content_root)
    client = logged_in(alice)
    first = client.post("/en/sandbox/lesson/10-pods/", headers={"HX-Request": "true"})
    second = client.post("/en/sandbox/lesson/10-pods/", headers={"HX-Request": "true"})
    assert first.status_code == 200 and 'class="live compact"' in first.content.decode()
    assert first.context["sandbox"].pk == second.context["sandbox"].pk
    sandbox = Sandbox.objects.get(user=alice)
    assert (sandbox.context, sandbox.context_key) == ("lesson", "10-pods")
    assert client.post("/en/sandbox/lesson/99-nothing/").status_code == 404


def test_lesson_page_offers_run_in_sandbox_next_to_validate(alice, content_root, monkeypatch):
    from lessons import content

    monkeypatch.setattr(content, "CONTENT_DIR", content_root)
    html = logged_in(alice).get("/en/lessons/10-pods/").content.decode()
    assert 'class="secondary run-in-sandbox" data-widget="/en/sandbox/lesson/10-pods/"' in html
    assert ">Validate</button>" in html and "/static/js/live.js" in html


def test_anonymous_sandboxes_move_to_the_account_on_login(alice):
    client = Client()
    sandbox = client.get("/ko/sandbox/").context["sandbox"]
    client.post("/ko/accounts/login/", {"username": "alice", "password": "alice-secret-42"})
    sandbox.refresh_from_db()
    assert sandbox.user == alice and sandbox.visitor == ""


def test_can_watch_allows_the_owner_and_the_instructor_of_the_owners_class(alice, bob):
    from classroom.models import Class, Membership

    sandbox = services.new_sandbox({"user": alice})
    assert can_watch(alice, sandbox) and not can_watch(bob, sandbox)
    assert not can_watch(None, sandbox, Learner(None, "someone"))
    taught = Class.objects.create(name="bob's class", instructor=bob)
    assert not can_watch(bob, sandbox), "teaching a class is not enough: alice must be in it"
    Membership.objects.create(klass=taught, student=alice)
    assert can_watch(bob, sandbox)
    anonymous = services.new_sandbox({"user": None, "visitor": "v-1"})
    assert not can_watch(bob, anonymous), "an anonymous visitor's sandbox is in nobody's class"
