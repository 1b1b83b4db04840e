from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("draft/", views.plan_draft_page, name="draft"),
    path("import/", views.plan_import_page, name="import"),
    path("import/template/", views.plan_import_template, name="import_template"),
    path("import/confirm/", views.plan_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/put-in-force/", views.plan_put_in_force_page, name="put_in_force"),
    path("<int:pk>/discard/", views.plan_discard_page, name="discard"),
]
