from django.urls import path

from . import views, work_views

app_name = "reporting"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/", views.entry, name="entry"),
    path("<int:year>/submit/", views.submit, name="submit"),
    path("<int:year>/projects/", views.project_entry, name="projects"),
    path("<int:year>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("work/", work_views.work_start, name="work_start"),
    path("<int:year>/work/", work_views.work_entry, name="work"),
    path("<int:year>/work/evidence/", work_views.work_evidence_upload, name="work_evidence"),
    path("<int:year>/policies/", work_views.policy_entry, name="policies"),
    path("<int:year>/import/", views.import_upload, name="import_upload"),
    path("<int:year>/import/template/", views.import_template, name="import_template"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("review/", views.review_list, name="review_list"),
    path("<int:year>/review/", views.review, name="review"),
    path("<int:year>/return/", views.return_year, name="return"),
    path("<int:year>/approve/", views.approve, name="approve"),
    path("<int:year>/due-date/", views.due_date, name="due_date"),
]
