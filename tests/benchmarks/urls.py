"""The site's URLs plus the floor: a bare login-protected view rendering a trivial template."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

FLOOR_TEMPLATE = Template("<!DOCTYPE html><title>{{ title }}</title><p>{{ title }}</p>")


@login_required
def floor(request):
    return HttpResponse(FLOOR_TEMPLATE.render(Context({"title": "floor"})))


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
