"""Saving the evaluation's forms, and the figures of a form as typed (preview)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import access, charts, editor, pages, publication, tree
from .access import audit, evaluation_or_404
from .documents import analysis_of_doc, problem_place, stored_document
from .models import APPROVED, Evaluation
from .pages import TABS
from .store import SaveRefused, head_document, save_revision


def _posted_document(request, ev: Evaluation) -> tuple[dict, int, list]:
    try:
        base = int(request.POST.get("base", "-1"))
    except ValueError:
        base = -1
    rev = ev.revisions.filter(number=base).first()
    doc = stored_document(rev.text) if rev else head_document(ev)
    new, problems = editor.apply_form(doc, request.POST, pages.allowed(request.user, ev))
    return new, base, problems


@login_required
@require_POST
def preview(request, pk: int):
    """The figures of the form as typed, not saved: htmx swaps them into the page."""
    ev = evaluation_or_404(request, pk)
    doc, _, problems = _posted_document(request, ev)
    loaded, analysis = analysis_of_doc(doc)
    card = analysis.scorecard if analysis else None
    figs = [(tree.code_id(code), tree.figures(n)) for code, n in (card.by_code.items() if card else [])]
    all_problems = problems + list(loaded.problems) + list(analysis.problems if analysis else ())
    tab = request.POST.get("tab", "indicators")
    visible = publication.results_visible(request.user, ev)
    if not visible:  # the department's own sections as typed, without the evaluation's figures
        card, tab, all_problems = None, "form", [p for p in all_problems if not p.where.indicator]
    only = request.POST.get("live", "")
    if only:  # one indicator's page: only its own figures are on it
        figs, tab = [f for f in figs if f[0] == only], "leaf"
    return render(request, "jixiao/_live.html", {
        "card": card, "figs": figs if tab in ("indicators", "leaf") else [], "tab": tab,
        "problems": [(problem_place(doc, p), p) for p in all_problems],
        "self_rows": pages.self_rows(analysis.self_scorecard if analysis else None) if tab == "self" else [],
        **(pages.scores(analysis) if visible else publication.HIDDEN_SCORES),
        # the 指标体系 page's charts follow the scores as typed
        **(charts.charts(card, analysis.self_scorecard if analysis else None) if tab == "indicators" else {}),
    })


@login_required
@require_POST
def save(request, pk: int):
    ev = evaluation_or_404(request, pk)
    tab = request.POST.get("tab", "indicators")
    tab = tab if tab in dict((t, n) for t, n, _ in TABS) else "indicators"
    if not access.can_edit_any(request.user, ev):
        if ev.is_final:
            audit(request, "refused_final", f"修改已定稿评价 {request.path}", ev.pk)
            messages.error(request, "该评价已定稿，不能再修改；如需修改，请开始新版本。")
        else:
            audit(request, "denied", f"角色不能修改：{request.path}", ev.pk)
            messages.error(request, "您的角色不能修改该评价。")
        ctx = pages.context(request, ev, tab)
        return pages.render_tab(request, ctx, status=409 if ev.is_final else 403)
    doc, base, problems = _posted_document(request, ev)
    if problems:
        for p in problems:
            messages.error(request, f"{p.where}：{p.message}")
        return pages.render_tab(request, pages.context(request, ev, tab, doc=doc, base=base), status=422)
    action = request.POST.get("action", "")
    try:
        rev = save_revision(ev.pk, doc, base, request.user, request.POST.get("message", "").strip())
    except SaveRefused as refused:
        messages.error(request, refused.message)
        for p in refused.problems[:20]:
            messages.error(request, f"{p.where}：{p.message}")
        ev.refresh_from_db()
        return pages.render_tab(request, pages.context(request, ev, tab, doc=doc, base=base), status=refused.status)
    n = len(rev.changes)
    audit(request, "save", f"修订 {rev.number}（{n} 处修改，基于修订 {base}）", ev.pk)
    if not action:
        messages.success(request, f"已保存：修订 {rev.number}（{n} 处修改）。")
    if ev.status == APPROVED:  # store.save_revision sent it back to 质控中
        audit(request, "status", f"质控通过后保存修订 {rev.number}：状态改为质控中，待重新审核", ev.pk)
        messages.warning(request, "质控通过后又有修改：评价已回到“质控中”，需质控人员重新审核后才能定稿。")
    anchor = request.POST.get("anchor", "")
    return redirect(reverse("jixiao:tab", args=[ev.pk, tab]) + (f"#{anchor}" if anchor else ""))
