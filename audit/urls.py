from django.urls import path

from . import changes, views

app_name = "audit"
urlpatterns = [
    path("download/", views.download, name="download"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("changes/", changes.change_record, name="changes"),
]
