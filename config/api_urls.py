"""The REST API: `/api/v1/` (router), the OpenAPI schema and its Swagger UI / ReDoc pages."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from core.api import unknown_endpoint
from indicators.api import ActualViewSet, IndicatorViewSet
from plans.api import PlanViewSet
from platforms.api import PlatformViewSet
from projects.api import ProjectViewSet
from work.api import (
    GoalViewSet,
    PolicyApplicationViewSet,
    PolicyViewSet,
    ProgrammeViewSet,
    SpotlightViewSet,
    UnitViewSet,
    WorkItemViewSet,
    WorkProgressViewSet,
)

# SimpleRouter: no root view and no `.json` suffix routes; the schema lists the endpoints.
router = SimpleRouter()
router.register("plans", PlanViewSet)
router.register("indicators", IndicatorViewSet)
router.register("actuals", ActualViewSet)
router.register("platforms", PlatformViewSet)
router.register("projects", ProjectViewSet)
router.register("units", UnitViewSet)
router.register("programmes", ProgrammeViewSet)
router.register("spotlights", SpotlightViewSet)
router.register("work-items", WorkItemViewSet)
router.register("policies", PolicyViewSet)
router.register("goals", GoalViewSet)
router.register("work-progress", WorkProgressViewSet)
router.register("policy-applications", PolicyApplicationViewSet)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The two documentation pages are for people in a browser: send them to the login page.
    # The split view serves Swagger UI's start-up script as a file: no inline script, so
    # the Content-Security-Policy needs no exception for it.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        login_required(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    # Without a trailing slash, CommonMiddleware still redirects to the slashed URL.
    # [\s\S], not ".": a fuzzed id may hold a newline, which "." does not match.
    re_path(r"^[\s\S]*/$", unknown_endpoint),
]
