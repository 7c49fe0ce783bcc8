from django.urls import path, re_path
from django.views.static import serve

from . import api, auditlog, create, editing, files, history, jobs, login, portfolio, tabs, workflow
from . import comments, notify, publication, rounds_fill_views, rounds_forms, rounds_views, todo
from . import reportaudits
from .settings import STATIC_DIR

app_name = "jixiao"

urlpatterns = [
    path("", login.index, name="index"),
    path("login/", login.login_view, name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("account/", login.account, name="account"),
    path("audit/", auditlog.audit_log, name="audit"),
    path("audit/verify/", auditlog.audit_verify, name="audit_verify"),
    path("evaluations/", portfolio.evaluation_list, name="list"),
    path("evaluations/export.xlsx", portfolio.export_list, name="export_list"),
    path("evaluations/new/", create.new, name="new"),
    path("e/<int:pk>/", tabs.workspace, name="workspace"),
    path("e/<int:pk>/preview/", editing.preview, name="preview"),
    path("e/<int:pk>/save/", editing.save, name="save"),
    path("e/<int:pk>/leaf/", tabs.leaf, name="leaf"),
    path("e/<int:pk>/compare/", history.compare, name="compare"),
    path("e/<int:pk>/revisions/<int:number>.yaml", history.revision_text, name="revision_text"),
    path("e/<int:pk>/finalise/", history.finalise_view, name="finalise"),
    path("e/<int:pk>/new-version/", history.new_version, name="new_version"),
    path("e/<int:pk>/comment/", workflow.comment, name="comment"),
    path("e/<int:pk>/status/", workflow.set_status, name="status"),
    path("e/<int:pk>/comments/<int:cid>/resolve/", comments.resolve, name="comment_resolve"),
    path("todo/", todo.todo, name="todo"),
    path("e/<int:pk>/publish/", publication.publish, name="publish"),
    path("bureau/", publication.bureau_settings, name="bureau_settings"),
    path("notifications/", notify.notifications, name="notifications"),
    path("notifications/read/", notify.mark_read, name="notifications_read"),
    path("e/<int:pk>/assign/", workflow.assign, name="assign"),
    path("e/<int:pk>/files/", files.upload, name="upload"),
    path("e/<int:pk>/files/<int:aid>/", files.download_file, name="file"),
    # Reports are made by the task worker (jobs.py); the other exports are made in the request.
    re_path(r"^e/(?P<pk>[0-9]+)/export/(?P<fmt>docx|pdf)/$", jobs.export_report, name="export_report"),
    path("e/<int:pk>/export/<str:fmt>/", files.export, name="export"),
    path("e/<int:pk>/reports/", jobs.report_view, name="report_job"),
    path("e/<int:pk>/reports/status/", jobs.report_status, name="report_jobs"),
    path("rounds/", rounds_views.round_list, name="rounds"),
    path("rounds/new/", rounds_views.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds_views.round_page, name="round"),
    path("rounds/<int:pk>/upload/", rounds_views.round_upload, name="round_upload"),
    path("rounds/<int:pk>/fill/", rounds_fill_views.fill_page, name="round_fill"),
    path("rounds/<int:pk>/fill/save/", rounds_fill_views.fill_save, name="round_fill_save"),
    path("rounds/<int:pk>/status/", rounds_views.round_status, name="round_status"),
    path("rounds/<int:pk>/progress/", rounds_views.round_progress, name="round_progress"),
    path("rounds/<int:pk>/export.xlsx", rounds_forms.round_export, name="round_export"),
    path("rounds/<int:pk>/forms/<int:form_pk>/", rounds_forms.form_page, name="round_form"),
    path("rounds/<int:pk>/forms/<int:form_pk>/decide/", rounds_forms.form_decide, name="round_decide"),
    path("report-audits/", reportaudits.report_audits, name="report_audits"),
    path("report-audits/upload/", reportaudits.report_audits_upload, name="report_audits_upload"),
    path("report-audits/progress/", reportaudits.report_audits_progress, name="report_audits_progress"),
    path("report-audits/<int:job_id>/", reportaudits.report_audit, name="report_audit"),
    path("report-audits/<int:job_id>/annotated.docx", reportaudits.report_audit_annotated, name="report_audit_annotated"),
    path("report-audits/<int:job_id>/problems.xlsx", reportaudits.report_audit_problems, name="report_audit_problems"),
    path("jobs/<int:job_id>/", jobs.job_status, name="job"),
    path("jobs/<int:job_id>/download/", jobs.job_download, name="job_download"),
    path("e/<int:pk>/<str:tab>/", tabs.workspace, name="tab"),
    path("api/evaluations/", api.evaluations, name="api_list"),
    path("api/evaluations/<int:pk>/", api.evaluation, name="api_evaluation"),
    path("api/evaluations/<int:pk>/revisions/", api.revisions, name="api_revisions"),
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": STATIC_DIR}),
]
