"""/ko/join/<code>/: a logged-in student joins with the class's link; a wrong code is a clear 404."""

from __future__ import annotations

from classroom.models import Membership

from .conftest import client_for


def test_it_shows_the_class_and_joins_on_post(client, charlie, klass):
    client_for(client, charlie)
    page = client.get(f"/ko/join/{klass.join_code}/").content.decode()
    assert "쿠버네티스 1반" in page and 'id="join-button"' in page
    assert not klass.has_member(charlie), "opening the link does not join by itself"
    response = client.post(f"/ko/join/{klass.join_code}/")
    assert response.status_code == 302 and response.url == f"/ko/classes/{klass.id}/"
    assert klass.has_member(charlie)


def test_it_fails_with_a_wrong_code(client, charlie, klass):
    response = client_for(client, charlie).post("/ko/join/not-the-code/")
    assert response.status_code == 404
    assert "join link is not valid" in response.content.decode() or "참여 링크" in response.content.decode()
    assert not Membership.objects.filter(student=charlie).exists()


def test_it_sends_anonymous_visitors_to_log_in_first(client, klass):
    response = client.get(f"/ko/join/{klass.join_code}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert f"next=/ko/join/{klass.join_code}/" in response.url.replace("%2F", "/")


def test_it_does_not_join_twice(client, bob, klass):
    client_for(client, bob).post(f"/ko/join/{klass.join_code}/")
    assert Membership.objects.filter(klass=klass, student=bob).count() == 1


def test_it_does_not_make_the_instructor_a_student(client, alice, klass):
    response = client_for(client, alice).post(f"/ko/join/{klass.join_code}/")
    assert response.status_code == 302 and not klass.has_member(alice)
