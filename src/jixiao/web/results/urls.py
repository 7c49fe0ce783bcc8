"""结果应用: the bureau's page for a year, its rules, the report jobs; an evaluation's 公开版 and panel."""
from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.page, name="page"),
    path("rules/", views.rules, name="rules"),
    path("report/", views.report, name="report"),
    path("status/", views.status, name="status"),
    path("e/<int:pk>/public/", views.public, name="public"),
    path("panel/<int:pk>/", views.panel, name="panel"),
]
