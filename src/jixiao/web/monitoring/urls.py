from django.urls import path

from . import cycle, enter, entry, views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("upload/", entry.upload, name="upload"),
    path("enter/", enter.enter, name="enter"),
    path("template/", entry.template, name="template"),
    path("rules/", views.rules, name="rules"),
    path("<int:pk>/", views.report_page, name="report"),
    path("panel/<int:pk>/", cycle.panel, name="panel"),
]
