from __future__ import annotations

from django.urls import path

from kompas.surveys import views

app_name = "surveys"

urlpatterns = [
    path("c/<str:token>/", views.cohort_start, name="cohort"),
    path("s/<str:token>/", views.respondent_start, name="start"),
    path("s/<str:token>/consent/", views.consent, name="consent"),
    path("s/<str:token>/page/<int:number>/", views.page, name="page"),
    path("s/<str:token>/save/", views.autosave, name="save"),
    path("s/<str:token>/finish/", views.finish, name="finish"),
    path("s/<str:token>/language/", views.change_language, name="language"),
    path("s/<str:token>/email/", views.email_link, name="email"),
]
