from django.urls import path

from . import actions, cycle, evidence, transfer, views

app_name = "rectification"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("generate/", actions.generate, name="generate"),
    path("policy/", actions.policy, name="policy"),
    path("<int:pk>/", views.item_page, name="item"),
    path("<int:pk>/save/", actions.save, name="save"),
    path("<int:pk>/submit/", actions.submit, name="submit"),
    path("<int:pk>/decide/", actions.decide, name="decide"),
    path("<int:pk>/deadline/", actions.deadline, name="deadline"),
    path("<int:pk>/evidence/", evidence.upload, name="evidence"),
    path("<int:pk>/files/<int:eid>/", evidence.download, name="evidence_file"),
    path("e/<int:pk>/", views.evaluation_items, name="evaluation"),
    path("e/<int:pk>/export/", transfer.export, name="export"),
    path("e/<int:pk>/import/", transfer.upload, name="import"),
    path("panel/<int:pk>/", cycle.panel, name="panel"),
]
