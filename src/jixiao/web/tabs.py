"""The evaluation's tabs and one indicator's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import access, comments, editor, pagecache, pages, tree
from .access import evaluation_or_404
from .models import ENTITY
from .pages import TAB_OF_SECTION


@login_required
def workspace(request, pk: int, tab: str = "indicators"):
    ev = evaluation_or_404(request, pk)  # access first, on every request
    if tab not in TAB_OF_SECTION.values() and tab not in ("problems", "report", "history"):
        raise Http404()
    # a department's page depends on whether its results are public: never kept
    key = None if access.role_on(request.user, ev) == ENTITY else pagecache.key(request, ev, tab)
    cached = pagecache.get(request, key)
    if cached is not None:
        return cached
    ctx = pages.context(request, ev, tab)
    return pages.render_tab(request, ctx, cache_key=key)


@login_required
def leaf(request, pk: int):
    """One indicator with all its fields and its rule, and its score as typed."""
    ev = evaluation_or_404(request, pk)
    path = request.GET.get("path", "")
    ctx = pages.context(request, ev, "indicators")
    if ctx["results_hidden"]:
        return pages.render_tab(request, ctx)  # the indicators tab's notice
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
        "thread": comments.thread(ev, code), "comment_target": code,
        "can_comment": not ev.is_final and access.role_on(request.user, ev) in comments.COMMENTERS,
    })
    return render(request, "jixiao/leaf.html", ctx)
