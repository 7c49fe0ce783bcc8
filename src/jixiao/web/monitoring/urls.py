from django.urls import path

from . import cycle, enter, entry, views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("upload/", entry.upload, name="upload"),
    path("enter/", enter.enter, name="enter"),
    path("download/", entry.template, name="template"),  # a file, as the other downloads: never crawled
    path("rules/", views.rules, name="rules"),
    path("<int:pk>/", views.report_page, name="report"),
    path("panel/<int:pk>/", cycle.panel, name="panel"),
]
