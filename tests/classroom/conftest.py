"""The cast: alice teaches the class, bob is a student in it, charlie has no access to it, dave teaches
another class."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from classroom.models import Assignment, Class, Membership
from classroom.roles import grant_instructor

EXERCISE = "04-control-plane/what-happens-next"  # a fast exercise: a ConfigMap, no pods
EXERCISE_PATH = "04-control-plane/exercises/what-happens-next"  # as it appears in URLs


@pytest.fixture
def alice(db) -> User:
    user = User.objects.create_user("alice", password="password-alice")
    grant_instructor(user)
    return user


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", password="password-bob")


@pytest.fixture
def charlie(db) -> User:
    return User.objects.create_user("charlie", password="password-charlie")


@pytest.fixture
def dave(db) -> User:
    user = User.objects.create_user("dave", password="password-dave")
    grant_instructor(user)
    Class.objects.create(name="dave's class", instructor=user)
    return user


@pytest.fixture
def klass(alice, bob) -> Class:
    klass = Class.objects.create(name="쿠버네티스 1반", instructor=alice)
    Membership.objects.create(klass=klass, student=bob)
    return klass


@pytest.fixture
def assignment(klass) -> Assignment:
    return Assignment.objects.create(klass=klass, target=EXERCISE, due=timezone.now() + timedelta(days=7))


def client_for(client, user):
    client.force_login(user)
    return client
