"""/ko/classes/: instructors see their classes and create new ones; students see the classes they joined."""

from __future__ import annotations

from classroom.models import Class

from .conftest import client_for


def test_it_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get("/ko/classes/")
    assert response.status_code == 302 and response.url.startswith("/ko/accounts/login/")


def test_it_lists_the_instructors_classes_and_the_create_form(client, alice, klass):
    page = client_for(client, alice).get("/ko/classes/").content.decode()
    assert "쿠버네티스 1반" in page and 'id="create-class"' in page


def test_it_creates_a_class_with_a_random_join_code(client, alice):
    response = client_for(client, alice).post("/ko/classes/", {"name": "Evening class", "language": "en"})
    klass = Class.objects.get(name="Evening class")
    assert response.status_code == 302 and response.url == f"/ko/classes/{klass.id}/"
    assert klass.instructor == alice and klass.language == "en"
    assert len(klass.join_code) == 12 and klass.join_code != Class(name="x", instructor=alice).join_code


def test_it_lists_joined_classes_for_a_student_without_a_create_form(client, bob, klass):
    page = client_for(client, bob).get("/ko/classes/").content.decode()
    assert "쿠버네티스 1반" in page and 'id="create-class"' not in page


def test_it_does_not_let_a_student_create_a_class(client, bob):
    response = client_for(client, bob).post("/ko/classes/", {"name": "Mine", "language": "ko"})
    assert response.status_code == 404 and not Class.objects.filter(name="Mine").exists()


def test_it_does_not_list_other_peoples_classes(client, charlie, klass):
    page = client_for(client, charlie).get("/ko/classes/").content.decode()
    assert "쿠버네티스 1반" not in page
