from django.urls import path

from . import views, work_views

urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<int:serial>/", views.indicator_detail, name="indicator_detail"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("projects/", views.project_list, name="project_list"),
    # The plan's work; the fixed pages before a task's identifier.
    path("work/", work_views.work_list, name="work_list"),
    path("work/policies/", work_views.policy_list, name="policy_list"),
    path("work/scorecard/", work_views.unit_scorecard, name="work_scorecard"),
    path("work/<str:identifier>/", work_views.work_item_detail, name="work_item_detail"),
]
