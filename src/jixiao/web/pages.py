"""The evaluation page: its tabs, the context every tab is drawn from, and the whole page
around it. Shared by the tab, saving, history and file views; scores and problems come
from jixiao.analysis.analyse (through documents.analysis_of_*), pages only render them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..analysis import headline_of
from ..render.figures import rate_text, score_text, weight_text
from ..render.text import score_difference
from . import access, budget_tables, charts, comments, editor, pagecache, publication, signing, stages, tree
from .documents import analysis_of_doc, analysis_of_text, problem_place, stored_document
from .models import Evaluation, Organisation
from .store import head_revision


TABS = [
    ("info", "基本信息", ["title", "year", "kind", "entity", "project", "engagement", "grading"]),
    ("budget", "预算与资产", ["budget", "assets"]),
    ("targets", "绩效目标", ["targets"]),
    ("indicators", "指标体系", ["indicators"]),
    ("self", "自评表", ["self_evaluation"]),
    ("findings", "发现与建议", ["findings"]),
    ("interviews", "访谈与照片", ["interviews", "photos"]),
    ("problems", "检查结果", []),
    ("report", "报告", []),
    ("history", "修订历史", []),
]
TAB_OF_SECTION = {s: t for t, _, sections in TABS for s in sections}
SECTIONS_OF_TAB = {t: sections for t, _, sections in TABS}
INFO_KEYS = {"title", "year", "kind", "format", "grading", "engagement", "texts"}


def context(request, ev: Evaluation, tab: str, doc: dict | None = None, base: int | None = None) -> dict:
    rev = head_revision(ev)
    if doc is None:
        doc = stored_document(rev.text) if rev else {}
        loaded, analysis = analysis_of_text(rev.text) if rev else (None, None)
    else:
        loaded, analysis = analysis_of_doc(doc)
    problems = list(loaded.problems if loaded else ()) + list(analysis.problems if analysis else ())
    user = request.user
    # signature, hash, scores recomputed, score table: what the 定稿 banner says (signing.py)
    final_check = signing.check(ev, request=request) if ev.is_final else None
    visible = publication.results_visible(user, ev)
    return {
        "ev": ev,
        "tab": tab,
        "stage_panels": stages.PANELS,
        "tabs": [(t, name) for t, name, _ in TABS],
        "doc": doc,
        "rev": rev,
        "base": ev.head if base is None else base,
        "analysis": analysis,
        "card": analysis.scorecard if analysis else None,
        "selfcard": analysis.self_scorecard if analysis else None,
        "problems": problems,
        "problem_links": [(_problem_link(ev, p), problem_place(doc, p), p) for p in problems],
        "can_edit": access.can_edit_any(user, ev),
        # The 保存 bar and editing hints only where this user may change something on this tab.
        "can_edit_tab": any(map(allowed(user, ev), SECTIONS_OF_TAB.get(tab, ()))),
        "role_here": access.role_on(user, ev),  # None where the evaluation is only shared with them
        "can_finalise": access.can_finalise(user, ev),
        "can_review": access.can_review(user, ev),
        "can_assign": access.can_assign(user, ev),
        "can_upload": access.can_upload_files(user, ev),
        # the department reads no figure before its results are public (publication.py)
        **(scores(analysis) if visible else publication.HIDDEN_SCORES),
        "results_hidden": not visible, "result_tabs": publication.RESULT_TABS, "notice": publication.notice(ev),
        "final_check": final_check,
        "verified": final_check.ok if final_check else None,
        "next_version": ev.next_versions.first(),
    }


def scores(analysis) -> dict:
    """The figures every page heads with: total, grade, 暂定 with the share of weight scored, 得分率."""
    headline = analysis.headline if analysis else None
    card = analysis.scorecard if analysis else None
    return {"headline": headline, "total_text": headline.total_text if headline else "—",
            "grade": headline.grade if headline else "", "rate_text": rate_text(card.rate) if card and card.roots else "—",
            "weight_text": weight_text(card.weight) if card and card.roots else ""}


def _problem_link(ev: Evaluation, p) -> str:
    path = p.where.path or ""
    section = path.split(".")[0].split("[")[0] if path else ""
    tab = TAB_OF_SECTION.get(section)
    if tab is None and p.where.indicator:
        return reverse("jixiao:tab", args=[ev.pk, "indicators"]) + f"#row-{tree.code_id(p.where.indicator)}"
    if tab is None:
        return ""
    anchor = editor.field_id(path)
    if tab == "indicators" and p.where.indicator:
        anchor = f"row-{tree.code_id(p.where.indicator)}"
    return reverse("jixiao:tab", args=[ev.pk, tab]) + f"#{anchor}"


def _sections_html(ctx: dict, request) -> list:
    ev, doc, tab = ctx["ev"], ctx["doc"], ctx["tab"]
    sections = next((s for t, _, s in TABS if t == tab), [])
    out = []
    for key in sections:
        if key in ("entity", "project") and key not in doc and (("project" if key == "entity" else "entity") in doc):
            continue
        disabled = not allowed(request.user, ev)(key)
        out.append(editor.render_section(doc, key, disabled))
    return out


def allowed(user, ev: Evaluation):
    def allowed(section: str) -> bool:
        return access.can_edit_section(user, ev, "info" if section in INFO_KEYS else section)

    return allowed


def _page(request, ev: Evaluation, body: str, status: int = 200, cache_key: tuple | None = None):
    """The whole page, rendered with a placeholder for the CSRF token so that it can be kept."""
    from django.template.loader import render_to_string

    page = render_to_string("jixiao/workspace.html", {"ev": ev, "body": mark_safe(body),
                                                      "csrf_token": pagecache.CSRF_PLACEHOLDER}, request).encode()
    if status == 200:
        pagecache.put(cache_key, page)
    return pagecache.respond(request, page, status)


def render_tab(request, ctx: dict, status: int = 200, cache_key: tuple | None = None):
    from django.template.loader import render_to_string

    tab = ctx["tab"]
    ctx["profile"] = access.profile_of(request.user)
    if tab == "indicators":
        edit_figures = access.can_edit_section(request.user, ctx["ev"], "indicators")
        ctx["edit_tree"] = edit_figures
        ctx.update(charts.charts(ctx["card"], ctx["selfcard"]))  # drawn as SVG on the server
        ctx["rows_html"] = mark_safe(tree.rows_html(tree.rows(ctx["doc"], ctx["card"]),
                                                    reverse("jixiao:leaf", args=[ctx["ev"].pk]), edit_figures, edit_figures))
    elif tab == "history":
        ctx["revisions"] = ctx["ev"].revisions.select_related("author").order_by("-number")
        ctx["comments"] = ctx["ev"].comments.select_related("author")
    elif tab == "report":
        ctx["report_html"] = _report_html(ctx["analysis"])
        from .uploads import photo_notices

        ctx["photo_notices"] = photo_notices(ctx["ev"])  # a photo 附件5 will print as its caption only
        from .jobs import jobs_context

        ctx.update(jobs_context(ctx["ev"]))  # the Word and PDF reports: their queue, progress and downloads
    elif tab == "interviews":
        ctx["attachments"] = ctx["ev"].attachments.all()
        ctx["upload_limit_mb"] = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    elif tab == "problems":
        ctx["thread"] = comments.thread(ctx["ev"])  # every comment, on the evaluation or on an indicator
        ctx["can_comment"] = not ctx["ev"].is_final and ctx["role_here"] in comments.COMMENTERS
    elif tab == "self":
        ctx["self_rows"] = self_rows(ctx["selfcard"])
    elif tab == "budget":
        ctx.update(budget_tables.tables(ctx["analysis"]))  # 表1-2 / 表1-1 above the form
    if tab in TAB_OF_SECTION.values() and tab != "indicators":
        ctx["sections"] = _sections_html(ctx, request)
    if tab == "info":
        ctx["firms"] = Organisation.objects.filter(kind="firm")
        ctx["departments"] = Organisation.objects.filter(kind="department", bureau=ctx["ev"].bureau)
        ctx["shareable"] = Organisation.objects.exclude(pk=ctx["ev"].bureau_id).order_by("kind", "name")
        ctx["shared_ids"] = set(ctx["ev"].shared_with.values_list("pk", flat=True))
    ctx["csrf_token"] = pagecache.CSRF_PLACEHOLDER
    body = render_to_string("jixiao/_body.html", ctx)
    return _page(request, ctx["ev"], body, status, cache_key)


def self_rows(ss) -> list:
    """The 自评表 as filled in beside the recomputed scores (from analyse()) and their difference,
    as the CLI's 自评表复核 shows them."""
    if ss is None:
        return []

    def row(name, target, actual, weight, filled, score, note, **extra):
        gap = score_difference(filled, score)
        return {"name": name, "target": target, "actual": actual, "weight": weight_text(weight),
                "filled": score_text(filled) if filled is not None else "未填写", "score": score_text(score),
                "diff": gap, "differs": bool(gap), "note": note, **extra}

    rows = []
    if ss.funds is not None:
        f = ss.funds
        rows.append(row("预算执行率", "", rate_text(f.metric.value), f.weight, f.filled, f.score, f.arithmetic))
    for r in ss.rows:
        i = r.indicator
        rows.append(row(i.name, str(i.target or ""), "" if i.actual is None else str(i.actual), i.weight, r.filled,
                        r.score, "；".join(x for x in (r.arithmetic, r.reason) if x)))
    headline = headline_of(None, ss)
    rows.append(row("总分", "", "", ss.weight, ss.filled_total, ss.total, f"复核等级：{headline.grade_text}",
                    total=True, provisional=headline.provisional))
    return rows


def _report_html(analysis) -> str:
    if analysis is None:
        return "<p>评价内容有错误，无法生成报告预览。</p>"
    try:
        from ..report import render_html  # type: ignore[attr-defined]
    except ImportError:
        return ""
    try:
        return render_html(analysis)
    except Exception as exc:  # a broken report must not take the workspace down
        return f"<p class='alert error'>报告预览生成失败：{type(exc).__name__}</p>"
