"""Roles: an instructor is a member of the `instructors` group; everyone else is a student."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group

INSTRUCTORS = "instructors"


def instructors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    return group


def is_instructor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=INSTRUCTORS).exists())


def grant_instructor(user: AbstractBaseUser) -> bool:
    """Make ``user`` an instructor; False if they already were."""
    if is_instructor(user):
        return False
    user.groups.add(instructors_group())
    return True
