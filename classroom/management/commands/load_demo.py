"""`manage.py load_demo`: a demo instructor, three students, a class with assignments and graded work.

Idempotent (running it twice changes nothing) and for development only: it refuses to run when
DEBUG is off (DJANGO_DEBUG=0), so demo accounts with published passwords never reach production.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from classroom.models import Assignment, Class, Membership
from classroom.roles import grant_instructor
from lessons.exercises import get_exercise
from lessons.grading import grade
from lessons.models import Submission

TEACHER = ("teacher", "k8s-teacher-demo")
STUDENTS = ("minji", "junho", "sora")
STUDENT_PASSWORD = "k8s-student-demo"
CLASS_NAME = "쿠버네티스 입문 (데모)"

BROKEN_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerport: 80
"""


class Command(BaseCommand):
    help = "Create demo users, a class, assignments and graded submissions (DEBUG only; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "refusing to load demo data: DEBUG is off (DJANGO_DEBUG=0). Demo accounts have "
                "published passwords and must never exist on a production site."
            )
        with transaction.atomic():
            created = self._load()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded: instructor {TEACHER[0]} / {TEACHER[1]}; students {', '.join(STUDENTS)} / "
                    f"{STUDENT_PASSWORD}"
                )
            )
        else:
            self.stdout.write("Demo data already present; nothing to do.")

    def _user(self, username: str, password: str):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save()
        return user

    def _load(self) -> bool:
        teacher = self._user(*TEACHER)
        grant_instructor(teacher)
        students = [self._user(name, STUDENT_PASSWORD) for name in STUDENTS]
        klass, created = Class.objects.get_or_create(name=CLASS_NAME, instructor=teacher, defaults={"language": "ko"})
        if not created:
            return False
        for student in students:
            Membership.objects.get_or_create(klass=klass, student=student)
        now = timezone.now().replace(second=0, microsecond=0)
        pods = Assignment.objects.create(klass=klass, target="10-pods/first-pod", due=now + timedelta(days=7))
        namespaces = Assignment.objects.create(
            klass=klass, target="09-objects-and-manifests/namespaces", due=now - timedelta(days=1)
        )
        services = Assignment.objects.create(
            klass=klass, target="11-services/nodeport-two-ports", due=now + timedelta(days=14)
        )
        Assignment.objects.create(klass=klass, target="13-deployments", due=now + timedelta(days=21))
        minji, junho, sora = students
        first_pod = get_exercise(pods.target)
        ns = get_exercise(namespaces.target)
        nodeport = get_exercise(services.target)
        work = [
            (minji, pods, first_pod.solution, now - timedelta(days=1)),
            (minji, namespaces, ns.solution, namespaces.due - timedelta(hours=3)),
            (minji, services, nodeport.starter, now - timedelta(hours=5)),
            (minji, services, nodeport.solution, now - timedelta(hours=4)),
            (junho, pods, first_pod.starter, now - timedelta(hours=20)),
            (junho, namespaces, ns.starter, namespaces.due - timedelta(hours=30)),
            (junho, namespaces, ns.solution, now - timedelta(hours=2)),  # fixed, but after the due date
            (sora, pods, BROKEN_POD, now - timedelta(hours=3)),
            (sora, pods, first_pod.solution, now - timedelta(hours=2)),
        ]
        for student, assignment, text, when in work:
            exercise = get_exercise(assignment.target)
            result = grade(exercise, text)
            Submission.objects.create(
                user=student,
                exercise=exercise.key,
                text=text,
                score=result.score,
                max_score=result.max_score,
                results=result.to_json(),
                content_hash=exercise.content_hash,
                created=when,
                late=assignment.is_late(when),
                assignment=assignment,
            )
        return True
