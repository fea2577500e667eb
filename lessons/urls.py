from django.urls import path

from . import views

app_name = "lessons"
urlpatterns = [
    path("", views.lesson_index, name="index"),
    path("validate/", views.validate_manifest, name="validate"),
    path("<slug:slug>/", views.lesson_detail, name="detail"),
    path("<slug:slug>/quiz/", views.quiz_submit, name="quiz"),
]
