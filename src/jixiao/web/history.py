"""The 修订历史: comparing revisions, a revision's YAML, 定稿 and starting a new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access, pages, publication, signing, workflow
from .access import audit, evaluation_or_404
from .documents import analysis_of_text, diff, place, stored_document
from .store import SaveRefused, finalise, start_new_version


@login_required
def compare(request, pk: int):
    ev = evaluation_or_404(request, pk)
    hidden = publication.refused(request, ev, "修订比较")  # scores change between revisions
    if hidden is not None:
        return hidden
    try:
        a, b = int(request.GET.get("a", ev.head - 1)), int(request.GET.get("b", ev.head))
    except ValueError:
        a, b = ev.head - 1, ev.head
    ra, rb = ev.revisions.filter(number=a).first(), ev.revisions.filter(number=b).first()
    if ra is None or rb is None:
        messages.error(request, "请选择两个存在的修订号。")
        return redirect("jixiao:tab", ev.pk, "history")
    da, db = stored_document(ra.text), stored_document(rb.text)
    sa, sb = analysis_of_text(ra.text)[1], analysis_of_text(rb.text)[1]
    ctx = pages.context(request, ev, "history")
    changes = [(c, place(db if c.new is not None else da, c.path)) for c in diff(da, db)]
    ctx.update({"a": ra, "b": rb, "changes": changes,
                "total_a": sa.headline.text if sa and sa.headline else "—",
                "total_b": sb.headline.text if sb and sb.headline else "—",
                "numbers": list(ev.revisions.order_by("number").values_list("number", flat=True))})
    return render(request, "jixiao/compare.html", ctx)


@login_required
def revision_text(request, pk: int, number: int):
    ev = evaluation_or_404(request, pk)
    rev = ev.revisions.filter(number=number).first()
    if rev is None:
        raise Http404()
    refused = signing.refused_download(request, ev, f"修订 {number} YAML") if rev.pk == ev.final_revision_id else \
        publication.refused(request, ev, f"修订 {number} YAML")
    if refused is not None:
        return refused
    audit(request, "export", f"修订 {number} YAML", ev.pk)
    resp = HttpResponse(rev.text, content_type="text/yaml; charset=utf-8")
    from django.utils.http import content_disposition_header

    resp["Content-Disposition"] = content_disposition_header(True, f"评价{ev.pk}-第{ev.version}版-修订{number}.yaml")
    return resp


@login_required
@require_POST
def finalise_view(request, pk: int):
    ev = evaluation_or_404(request, pk)
    gate = workflow.finalise_refusal(ev) if access.may_finalise_role(request.user, ev) else None
    if gate:
        audit(request, "denied", f"定稿（{ev.get_status_display()}）：{request.path}", ev.pk)
        messages.error(request, gate)
        return pages.render_tab(request, pages.context(request, ev, "history"), status=409)
    if not access.can_finalise(request.user, ev):
        audit(request, "refused_final" if ev.is_final else "denied", f"定稿：{request.path}", ev.pk)
        messages.error(request, "该评价已定稿。" if ev.is_final else "您的角色不能定稿。")
        return redirect("jixiao:tab", ev.pk, "history")
    try:
        ev = finalise(ev.pk, request.user)
    except SaveRefused as refused:
        messages.error(request, refused.message)
        return redirect("jixiao:tab", ev.pk, "history")
    # 版本 counts 定稿 versions, 修订 counts saves: 第 1 版 may be 修订 3.
    audit(request, "finalise", f"第 {ev.version} 版定稿（修订 {ev.final_revision.number}），SHA-256 {ev.final_sha256}", ev.pk)
    messages.success(request, f"已定稿：第 {ev.version} 版（修订 {ev.final_revision.number}），SHA-256 {ev.final_sha256}")
    return redirect("jixiao:tab", ev.pk, "history")


@login_required
@require_POST
def new_version(request, pk: int):
    ev = evaluation_or_404(request, pk)
    if access.role_on(request.user, ev) not in ("evaluator", "admin"):
        audit(request, "denied", f"开始新版本：{request.path}", ev.pk)
        messages.error(request, "您的角色不能开始新版本。")
        return redirect("jixiao:tab", ev.pk, "history")
    try:
        new = start_new_version(ev.pk, request.user)
    except SaveRefused as refused:
        messages.error(request, refused.message)
        return redirect("jixiao:tab", ev.pk, "history")
    audit(request, "new_version", f"由评价 {ev.pk} 开始第 {new.version} 版", new.pk)
    messages.success(request, f"已开始第 {new.version} 版；第 {ev.version} 版保持定稿不变。")
    return redirect("jixiao:tab", new.pk, "indicators")
