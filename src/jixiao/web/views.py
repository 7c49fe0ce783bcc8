"""Pages of the workspace. Scores and problems come from jixiao.analysis.analyse
(through documents.analysis_of_*); views only fetch, check access and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from ..analysis import headline_of
from ..render.figures import rate_text, score_text, weight_text
from ..render.text import score_difference
from . import access, editor, pagecache, signing, tree
from .access import audit, evaluation_or_404
from .documents import analysis_of_doc, analysis_of_text, diff, place, problem_place, stored_document
from .models import APPROVED, REVIEW, Comment, Evaluation, Organisation
from .store import SaveRefused, finalise, head_document, head_revision, save_revision, start_new_version

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


# -- login, logout, account ------------------------------------------------------


def login_view(request):
    if request.method == "POST":
        from .accounts import login_refused, password_accepted, security_audit

        # No user name holds a NUL, and PostgreSQL cannot even look one up: it is dropped, not a 500.
        username = request.POST.get("username", "").replace("\x00", "").strip()[:150]
        password = request.POST.get("password", "")
        refused = login_refused(request, username)
        if refused is not None:
            return refused
        user = authenticate(request, username=username, password=password)
        if user is None or access.profile_of(user) is None:
            security_audit(request, "login_failed", username=username)
            messages.error(request, "用户名或密码错误。")
            return render(request, "jixiao/login.html", {"username": username}, status=401)
        return password_accepted(request, user, request.GET.get("next") if _safe_next(request) else None)
    return render(request, "jixiao/login.html", {})


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.GET.get("next", "")
    return nxt.startswith("/") and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure())


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        from .accounts import security_audit

        security_audit(request, "logout", user=request.user)
    logout(request)
    return redirect("jixiao:login")


@login_required
def account(request):
    p = access.profile_of(request.user)
    token = None
    if request.method == "POST" and p is not None:
        from .api import new_token

        token = new_token(p)
        audit(request, "api_token", "生成新的 API 令牌")
    from .accounts import account_context

    return render(request, "jixiao/account.html", {"token": token, **account_context(request)})


AUDIT_PAGE_ROWS = 300


def _audit_bureau_or_404(request) -> int:
    """The 审计管理员's bureau; anyone else (the 财政局管理员 too: 三员分立) gets 404, logged."""
    bureau = access.audit_bureau(request.user)
    if bureau is None:
        audit(request, "denied", f"{request.method} {request.path} 非审计管理员")
        raise Http404()
    return bureau


@login_required
@require_safe  # read only: nothing on these pages changes a row
def audit_log(request):
    """The bureau's audit log for its 审计管理员: newest first, filtered by 用户, 操作 and 评价."""
    from ..glossary import AUDIT_ACTIONS
    from .audit import printable
    from .models import AuditEntry

    bureau = _audit_bureau_or_404(request)
    f = {k: printable(request.GET.get(k, "")).strip()[:150] for k in ("username", "action", "evaluation")}
    rows = AuditEntry.objects.filter(organisation_id=bureau)
    if f["username"]:
        rows = rows.filter(username=f["username"])
    if f["action"] in AUDIT_ACTIONS:
        rows = rows.filter(action=f["action"])
    if f["evaluation"].isdigit() and len(f["evaluation"]) < 19:
        rows = rows.filter(evaluation_id_ref=int(f["evaluation"]))
    entries = list(rows.order_by("-seq")[:AUDIT_PAGE_ROWS])
    for e in entries:
        e.action_label = AUDIT_ACTIONS.get(e.action, e.action)
    return render(request, "jixiao/audit.html", {"entries": entries, "filters": f, "limit": AUDIT_PAGE_ROWS,
                                                 "actions": sorted(AUDIT_ACTIONS.items(), key=lambda a: a[1])})


@login_required
@require_safe
def audit_verify(request):
    """Recompute the bureau's hash chain and name the first row that does not hold."""
    from .audit import verify

    bureau = _audit_bureau_or_404(request)
    result = verify(bureau)
    audit(request, "audit_verify", "哈希链完整" if result.ok else f"哈希链断开：{result.broken}")
    return render(request, "jixiao/audit.html", {"verification": result, "entries": [], "filters": {}})


# -- the workspace ---------------------------------------------------------------


def _context(request, ev: Evaluation, tab: str, doc: dict | None = None, base: int | None = None) -> dict:
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
    return {
        "ev": ev,
        "tab": tab,
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
        "can_edit_tab": any(map(_allowed(user, ev), SECTIONS_OF_TAB.get(tab, ()))),
        "role_here": access.role_on(user, ev),  # None where the evaluation is only shared with them
        "can_finalise": access.can_finalise(user, ev),
        "can_review": access.can_review(user, ev),
        "can_assign": access.can_assign(user, ev),
        "can_upload": access.can_upload_files(user, ev),
        **_scores(analysis),
        "final_check": final_check,
        "verified": final_check.ok if final_check else None,
        "next_version": ev.next_versions.first(),
    }


def _scores(analysis) -> dict:
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
        disabled = not _allowed(request.user, ev)(key)
        out.append(editor.render_section(doc, key, disabled))
    return out


def _allowed(user, ev: Evaluation):
    def allowed(section: str) -> bool:
        return access.can_edit_section(user, ev, "info" if section in INFO_KEYS else section)

    return allowed


@login_required
def workspace(request, pk: int, tab: str = "indicators"):
    ev = evaluation_or_404(request, pk)  # access first, on every request
    if tab not in TAB_OF_SECTION.values() and tab not in ("problems", "report", "history"):
        raise Http404()
    key = pagecache.key(request, ev, tab)
    cached = pagecache.get(request, key)
    if cached is not None:
        return cached
    ctx = _context(request, ev, tab)
    return _render_tab(request, ctx, cache_key=key)


def _page(request, ev: Evaluation, body: str, status: int = 200, cache_key: tuple | None = None):
    """The whole page, rendered with a placeholder for the CSRF token so that it can be kept."""
    from django.template.loader import render_to_string

    page = render_to_string("jixiao/workspace.html", {"ev": ev, "body": mark_safe(body),
                                                      "csrf_token": pagecache.CSRF_PLACEHOLDER}, request).encode()
    if status == 200:
        pagecache.put(cache_key, page)
    return pagecache.respond(request, page, status)


def _render_tab(request, ctx: dict, status: int = 200, cache_key: tuple | None = None):
    from django.template.loader import render_to_string

    tab = ctx["tab"]
    ctx["profile"] = access.profile_of(request.user)
    if tab == "indicators":
        edit_figures = access.can_edit_section(request.user, ctx["ev"], "indicators")
        ctx["edit_tree"] = edit_figures
        ctx["rows_html"] = mark_safe(tree.rows_html(tree.rows(ctx["doc"], ctx["card"]),
                                                    reverse("jixiao:leaf", args=[ctx["ev"].pk]), edit_figures, edit_figures))
    elif tab == "history":
        ctx["revisions"] = ctx["ev"].revisions.select_related("author").order_by("-number")
        ctx["comments"] = ctx["ev"].comments.select_related("author")
    elif tab == "report":
        ctx["report_html"] = _report_html(ctx["analysis"])
        from .jobs import jobs_context

        ctx.update(jobs_context(ctx["ev"]))  # the Word and PDF reports: their queue, progress and downloads
    elif tab == "interviews":
        ctx["attachments"] = ctx["ev"].attachments.all()
        ctx["upload_limit_mb"] = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    elif tab == "problems":
        ctx["comments"] = ctx["ev"].comments.select_related("author")
    elif tab == "self":
        ctx["self_rows"] = _self_rows(ctx["selfcard"])
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


def _self_rows(ss) -> list:
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


def _posted_document(request, ev: Evaluation) -> tuple[dict, int, list]:
    try:
        base = int(request.POST.get("base", "-1"))
    except ValueError:
        base = -1
    rev = ev.revisions.filter(number=base).first()
    doc = stored_document(rev.text) if rev else head_document(ev)
    new, problems = editor.apply_form(doc, request.POST, _allowed(request.user, ev))
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
    only = request.POST.get("live", "")
    if only:  # one indicator's page: only its own figures are on it
        figs, tab = [f for f in figs if f[0] == only], "leaf"
    return render(request, "jixiao/_live.html", {
        "card": card, "figs": figs if tab in ("indicators", "leaf") else [], "tab": tab,
        "problems": [(problem_place(doc, p), p) for p in all_problems],
        "self_rows": _self_rows(analysis.self_scorecard if analysis else None) if tab == "self" else [],
        **_scores(analysis),
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
        ctx = _context(request, ev, tab)
        return _render_tab(request, ctx, status=409 if ev.is_final else 403)
    doc, base, problems = _posted_document(request, ev)
    if problems:
        for p in problems:
            messages.error(request, f"{p.where}：{p.message}")
        return _render_tab(request, _context(request, ev, tab, doc=doc, base=base), status=422)
    action = request.POST.get("action", "")
    try:
        rev = save_revision(ev.pk, doc, base, request.user, request.POST.get("message", "").strip())
    except SaveRefused as refused:
        messages.error(request, refused.message)
        for p in refused.problems[:20]:
            messages.error(request, f"{p.where}：{p.message}")
        ev.refresh_from_db()
        return _render_tab(request, _context(request, ev, tab, doc=doc, base=base), status=refused.status)
    n = len(rev.changes)
    audit(request, "save", f"修订 {rev.number}（{n} 处修改，基于修订 {base}）", ev.pk)
    if not action:
        messages.success(request, f"已保存：修订 {rev.number}（{n} 处修改）。")
    anchor = request.POST.get("anchor", "")
    return redirect(reverse("jixiao:tab", args=[ev.pk, tab]) + (f"#{anchor}" if anchor else ""))


@login_required
def leaf(request, pk: int):
    """One indicator with all its fields and its rule, and its score as typed."""
    ev = evaluation_or_404(request, pk)
    path = request.GET.get("path", "")
    ctx = _context(request, ev, "indicators")
    try:
        from ..io.document import get_path

        node = get_path(ctx["doc"], path)
        if not path.startswith("indicators") or not isinstance(node, dict):
            raise KeyError(path)
    except (KeyError, IndexError, TypeError, ValueError):
        raise Http404("指标不存在")
    disabled = not access.can_edit_section(request.user, ev, "indicators")
    fields = {k: v for k, v in node.items() if k not in ("children", "rule")}
    for k in ("code", "name", "weight", "explanation", "standard", "benchmark", "actual", "reported", "score", "reason", "analysis"):
        if node.get("children") and k not in ("code", "name", "weight", "explanation"):
            continue
        fields.setdefault(k, None)
    rule = node.get("rule") if isinstance(node.get("rule"), dict) else {}
    rule_fields = [editor.rule_form(path, rule, disabled)]
    code = str(node.get("code", ""))
    ctx.update({
        "path": path, "node": node, "code": code, "cid": tree.code_id(code),
        "fields_html": editor.render_dict(path, fields, disabled),
        "rule": rule, "rule_fields": rule_fields, "disabled": disabled,
        "fig": tree.figures(ctx["card"].by_code.get(code) if ctx["card"] else None),
        "scored": ctx["card"].by_code.get(code) if ctx["card"] else None,
        "is_leaf": not node.get("children"),
    })
    return render(request, "jixiao/leaf.html", ctx)


@login_required
def compare(request, pk: int):
    ev = evaluation_or_404(request, pk)
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
    ctx = _context(request, ev, "history")
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
    refused = signing.refused_download(request, ev, f"修订 {number} YAML") if rev.pk == ev.final_revision_id else None
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


@login_required
@require_POST
def comment(request, pk: int):
    ev = evaluation_or_404(request, pk)
    text = request.POST.get("text", "").strip()
    if access.role_on(request.user, ev) not in ("reviewer", "evaluator", "admin"):
        audit(request, "denied", f"发表质控意见：{request.path}", ev.pk)
        messages.error(request, "您的角色不能发表质控意见。")
    elif text:
        with transaction.atomic():
            c = Comment.objects.create(evaluation=ev, author=request.user, revision=ev.head, text=text[:5000])
            audit(request, "comment", f"质控意见 {c.pk}（修订 {ev.head}）：{c.text[:200]}", ev.pk)
        messages.success(request, "意见已记录。")
    return redirect("jixiao:tab", ev.pk, "problems")


@login_required
@require_POST
def set_status(request, pk: int):
    ev = evaluation_or_404(request, pk)
    target = request.POST.get("status")
    r = access.role_on(request.user, ev)
    allowed = {REVIEW: ("evaluator",), APPROVED: ("reviewer",), "draft": ("reviewer", "evaluator")}
    if ev.is_final or target not in allowed or r not in allowed[target]:
        audit(request, "refused_final" if ev.is_final else "denied", f"更改质控状态为“{str(target)[:40]}”：{request.path}", ev.pk)
        messages.error(request, "不能进行该操作。")
    else:
        Evaluation.objects.filter(pk=ev.pk).update(status=target)
        audit(request, "status", f"状态改为 {Evaluation(status=target).get_status_display()}", ev.pk)
        messages.success(request, {"review": "已提交质控。", "approved": "质控已通过。", "draft": "已退回修改。"}[target])
    return redirect("jixiao:tab", ev.pk, "problems")


@login_required
@require_POST
def assign(request, pk: int):
    ev = evaluation_or_404(request, pk)
    if not access.can_assign(request.user, ev):
        audit(request, "denied", f"分配评价：{request.path}", ev.pk)
        messages.error(request, "只有财政局管理员可以分配评价。")
        return redirect("jixiao:tab", ev.pk, "info")
    firm = Organisation.objects.filter(kind="firm", pk=request.POST.get("firm") or 0).first()
    dept = Organisation.objects.filter(kind="department", bureau=ev.bureau, pk=request.POST.get("department") or 0).first()
    shared = Organisation.objects.filter(pk__in=[x for x in request.POST.getlist("shared") if x.isdigit()]).exclude(pk=ev.bureau_id)
    with transaction.atomic():
        Evaluation.objects.filter(pk=ev.pk).update(firm=firm, department=dept, updated_at=timezone.now())
        ev.shared_with.set(shared)
    names = "、".join(o.name for o in shared) or "无"
    audit(request, "assign", f"评价机构：{firm or '无'}；被评价单位：{dept or '无'}；共享给：{names}", ev.pk)
    messages.success(request, "已更新分配。")
    return redirect("jixiao:tab", ev.pk, "info")


def index(request):
    if access.audit_bureau(request.user) is not None:  # the 审计管理员 works on the audit log only
        return redirect("jixiao:audit")
    return redirect("jixiao:list" if request.user.is_authenticated else "jixiao:login")


def method_not_allowed(request, *args, **kwargs):
    return HttpResponseNotAllowed(["POST"])


# -- error pages -----------------------------------------------------------------
# In the site's layout, with its navigation; the same wording whatever was asked for,
# so a page out of reach reads exactly like one that does not exist.

ERRORS = {
    400: ("请求无效", "服务器无法处理这个请求：提交的内容不完整、过大或格式不对。", "请返回上一页，检查后重新提交。"),
    403: ("无权进行此操作", "您的账户不能打开这个页面或进行这个操作。", "如需权限，请联系财政局管理员。"),
    404: ("页面不存在", "您要找的页面不存在，或者您无权查看。", "请检查地址，或从评价列表进入。"),
    500: ("服务器出错", "处理请求时发生了内部错误，错误已记入服务器日志。", "请稍后重试；如仍出错，请联系系统管理员。"),
}
CSRF_FAILED = ("页面已过期", "提交的表单缺少本页的安全令牌（用于防止跨站请求伪造），因此没有执行。"
               "页面打开太久、已退出登录或在别处重新登录，或浏览器禁用了 Cookie，都会如此。",
               "请刷新页面（必要时重新登录）后再提交一次；此前的提交没有保存任何内容。")
# Where even the layout cannot be rendered (the database may be what failed).
PLAIN_500 = ('<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>服务器出错 · jixiao</title>'
             '<h1>服务器出错（500）</h1><p>处理请求时发生了内部错误，错误已记入服务器日志。请稍后重试；如仍出错，请联系系统管理员。</p>'
             '<p>错误编号：{request_id}（联系管理员时请提供）</p><p><a href="/">返回首页</a></p></html>')


def _error_page(request, status: int, texts: tuple[str, str, str] | None = None):
    heading, explanation, advice = texts or ERRORS[status]
    from urllib.parse import urlparse

    from django.core.exceptions import DisallowedHost

    back = request.META.get("HTTP_REFERER", "") if request.method == "POST" else ""
    try:
        host = request.get_host()
    except DisallowedHost:  # what a 400 may be about
        host = None
    if urlparse(back).netloc != host:
        back = ""  # only a page of this site
    ctx = {"status": status, "heading": heading, "explanation": explanation, "advice": advice, "back": back,
           "request_id": getattr(request, "request_id", "")}  # the id on this request's log lines
    return render(request, "jixiao/error.html", ctx, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    audit(request, "denied", f"{request.method} {request.path}（403）")
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    try:
        return _error_page(request, 500)
    except Exception:
        return HttpResponse(PLAIN_500.format(request_id=getattr(request, "request_id", "-")), status=500)


def csrf_failure(request, reason: str = ""):
    audit(request, "csrf_failed", f"{request.method} {request.path}：{reason}"[:300])
    return _error_page(request, 403, CSRF_FAILED)
