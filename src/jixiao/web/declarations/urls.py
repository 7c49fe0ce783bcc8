from django.urls import path

from . import actions, cycle, export, library, upload, views

app_name = "declarations"

urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("new/", views.new, name="new"),
    path("new/save/", actions.save, name="create"),
    path("upload/", upload.upload, name="upload"),
    path("export/", export.export, name="export"),
    path("library/", library.library_page, name="library"),
    path("library/suggest/", library.suggestion, name="suggest"),
    path("<int:pk>/", views.declaration_page, name="page"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/save/", actions.save, name="save"),
    path("<int:pk>/upload/", upload.upload, name="replace"),
    path("<int:pk>/submit/", actions.submit, name="submit"),
    path("<int:pk>/decide/", actions.decide, name="decide"),
    path("<int:pk>/review/", actions.rereview, name="review"),
    path("panel/<int:pk>/", cycle.panel, name="panel"),
]
