from django.urls import path

from . import views

app_name = "sandbox"
urlpatterns = [
    path("", views.playground, name="playground"),
    path("new/", views.new, name="new"),
    path("lesson/<slug:slug>/", views.lesson_widget, name="lesson_widget"),
    path("<uuid:sandbox_id>/", views.detail, name="detail"),
    path("<uuid:sandbox_id>/reset/", views.reset, name="reset"),
    path("<uuid:sandbox_id>/diagram.svg", views.diagram, name="diagram"),
]
