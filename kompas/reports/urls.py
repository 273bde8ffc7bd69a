from __future__ import annotations

from django.urls import path

from kompas.reports import views

app_name = "reports"

urlpatterns = [
    path("s/<str:token>/report/", views.report, name="report"),
    path("s/<str:token>/report.pdf", views.report_pdf, name="pdf"),
    path("s/<str:token>/share/", views.share, name="share"),
    path("s/<str:token>/share/<int:share_id>/revoke/", views.revoke, name="revoke"),
    path("counsellor/reports/<int:share_id>/", views.shared_report, name="shared"),
]
