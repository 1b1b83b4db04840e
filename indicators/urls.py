from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<int:serial>/", views.indicator_detail, name="indicator_detail"),
]
