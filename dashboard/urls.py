from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<int:serial>/", views.indicator_detail, name="indicator_detail"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("projects/", views.project_list, name="project_list"),
]
