from django.urls import path

from . import views

app_name = "classroom"
urlpatterns = [
    path("classes/", views.classes, name="classes"),
    path("classes/<int:class_id>/", views.class_detail, name="detail"),
    path("classes/<int:class_id>/assignments/", views.add_assignment, name="add_assignment"),
    path(
        "classes/<int:class_id>/assignments/<int:assignment_id>/remove/",
        views.remove_assignment,
        name="remove_assignment",
    ),
    path("classes/<int:class_id>/gradebook.csv", views.gradebook_csv, name="gradebook"),
    path("classes/<int:class_id>/submissions/<int:submission_id>/", views.submission_detail, name="submission"),
    path("join/<str:code>/", views.join, name="join"),
]
