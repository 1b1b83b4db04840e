from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("download/", views.download, name="download"),
    path("evaluation/", views.evaluation, name="evaluation"),
]
