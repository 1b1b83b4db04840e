"""/public/: the public site (anonymous, cached) and /public/manage/ (leadership)."""

from django.urls import path, re_path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "plans/<int:plan_id>/indicators/<int:serial>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:serial>/embed/",
        views.indicator_embed,
        name="indicator_embed",
    ),
    path("plans/<int:plan_id>/platforms/", views.platform_list, name="platform_list"),
    path("plans/<int:plan_id>/projects/", views.project_list, name="project_list"),
    # Stable addresses of the open data: /public/plans/1/2023.csv (.json, .xlsx).
    re_path(
        r"^plans/(?P<plan_id>[0-9]+)/(?P<year>[0-9]{4})\.(?P<data_format>csv|json|xlsx)$",
        views.year_data,
        name="year_data",
    ),
    path("manage/", views.manage, name="manage"),
    path("manage/plans/<int:plan_id>/<int:year>/publish/", views.publish, name="publish"),
    path("manage/plans/<int:plan_id>/<int:year>/withdraw/", views.withdraw, name="withdraw"),
]
