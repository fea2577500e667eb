"""`manage.py load_demo`: idempotent demo data, graded by the real grader, never with DEBUG off."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from classroom.models import Assignment, Class, Membership
from lessons.models import Submission


@pytest.mark.django_db
def test_it_loads_once(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Class.objects.count() == 1 and Membership.objects.count() == 3 and Assignment.objects.count() == 4
    assert authenticate(username="teacher", password="k8s-teacher-demo") is not None
    assert authenticate(username="minji", password="k8s-student-demo") is not None
    subs = Submission.objects.all()
    assert subs.count() == 9
    assert any(s.score == s.max_score for s in subs) and any(s.score < s.max_score for s in subs)
    assert subs.filter(late=True).count() == 1


@pytest.mark.django_db
def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        call_command("load_demo")
    assert not Class.objects.exists()
