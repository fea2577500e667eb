"""The Django admin lists and edits every classroom model and submissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from lessons.models import Submission

from .conftest import EXERCISE


@pytest.mark.parametrize("model", ["classroom/class", "classroom/membership", "classroom/assignment", "lessons/submission"])
def test_it_lists_and_opens_each_model(client, klass, assignment, bob, model):
    Submission.objects.create(user=bob, exercise=EXERCISE, text="x", score=1, max_score=8, results={}, content_hash="x")
    client.force_login(User.objects.create_superuser("root", password="root-password"))
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/1/change/").status_code == 200
