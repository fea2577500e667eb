from django.urls import path

from . import exercise_views, views

app_name = "lessons"
urlpatterns = [
    path("", views.lesson_index, name="index"),
    path("validate/", views.validate_manifest, name="validate"),
    path("<slug:slug>/", views.lesson_detail, name="detail"),
    path("<slug:slug>/quiz/", views.quiz_submit, name="quiz"),
    path("<slug:slug>/exercises/<slug:stem>/", exercise_views.exercise_detail, name="exercise"),
    path("<slug:slug>/exercises/<slug:stem>/submit/", exercise_views.exercise_submit, name="exercise_submit"),
]
