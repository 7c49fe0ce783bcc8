"""New evaluations: from scratch, from a standard framework, or from an uploaded
YAML file or workbook (read by the same loader as the CLI, same messages)."""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from ..sources import open_source, open_text
from ..sources.workbook import WORKBOOK as WORKBOOK_FORMAT
from . import access, uploads
from .access import audit
from .models import Organisation, Revision
from .store import SaveRefused, create_evaluation
from .uploads import Refused, check_name

FRAMEWORKS = {
    "department": ("部门整体支出绩效评价（标准框架）", "department.yaml"),
    "project": ("项目支出绩效评价（标准框架）", "project.yaml"),
}
FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
WORKBOOK = WORKBOOK_FORMAT.suffixes
HOW_LABELS = {"scratch": "空白", "framework": "标准框架", "upload": "上传"}


def framework_document(key: str) -> dict:
    loaded = open_text((FRAMEWORK_DIR / FRAMEWORKS[key][1]).read_text("utf-8"), FRAMEWORKS[key][1], evaluate=False)
    assert loaded.document is not None, loaded.problems
    return loaded.document


def _orgs(request):
    p = access.profile_of(request.user)
    bureau = p.organisation if p.role == "admin" else p.organisation.bureau
    return p, bureau


@login_required
def new(request):
    if not access.can_create(request.user):
        raise Http404()
    p, bureau = _orgs(request)
    departments = Organisation.objects.filter(kind="department", bureau=bureau)
    firms = Organisation.objects.filter(kind="firm")
    ctx = {"frameworks": FRAMEWORKS, "departments": departments, "firms": firms, "problems": []}
    if request.method != "POST":
        return render(request, "jixiao/new.html", ctx)
    department = departments.filter(pk=request.POST.get("department") or 0).first()
    firm = p.organisation if p.role == "evaluator" else firms.filter(pk=request.POST.get("firm") or 0).first()
    how = request.POST.get("how", "scratch")
    name = request.POST.get("subject", "").strip() or (department.name if department else "")
    year = request.POST.get("year", "").strip()
    kind = request.POST.get("kind", "department")
    try:
        if how == "upload":
            doc = _uploaded(request, ctx)
            if doc is None:
                return render(request, "jixiao/new.html", ctx, status=ctx.get("status", 422))
        elif how == "framework" and kind in FRAMEWORKS:
            doc = framework_document(kind)
            _fill(doc, name, year)
        else:
            doc = blank_document(kind)
            _fill(doc, name, year)
        ev = _create(request, doc, bureau, firm, department, HOW_LABELS.get(how, how), ctx.get("source"), ctx)
    except SaveRefused as refused:
        ctx["problems"] = refused.problems
        messages.error(request, refused.message)
        return render(request, "jixiao/new.html", ctx, status=422)
    except Refused as refused:  # the same file imported already
        uploads.refused(request, refused)
        messages.error(request, refused.message)
        return render(request, "jixiao/new.html", ctx, status=refused.status)
    audit(request, "create", f"新建评价 {ev.pk}（{HOW_LABELS.get(how, how)}）", ev.pk)
    messages.success(request, f"已创建评价“{ev.title}”。")
    return redirect("jixiao:tab", ev.pk, "info")


def blank_document(kind: str) -> dict:
    """The smallest evaluation that loads: one indicator per level, or one form row."""
    if kind == "project_self_evaluation":
        return {"format": "1", "kind": kind, "title": "", "project": {"name": ""}, "self_evaluation": {
            "funds": {"unit": "万元", "weight": "10", "rows": [{"name": "年度资金总额", "initial": "0", "adjusted": "0", "spent": "0"}]},
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "（指标名称）", "target": "≥1", "weight": "90"}]}}
    leaf = {"code": "A11", "name": "（三级指标）", "weight": "100", "rule": {"type": "manual"}}
    doc = {"format": "1", "kind": kind if kind in ("department", "project") else "department", "title": "",
           "indicators": [{"code": "A", "name": "（一级指标）", "children": [{"code": "A1", "name": "（二级指标）", "children": [leaf]}]}]}
    doc["entity" if doc["kind"] == "department" else "project"] = {"name": ""}
    return doc


def _fill(doc: dict, name: str, year: str) -> None:
    if year:
        doc["year"] = year
    elif not str(doc.get("year") or "").strip():
        doc.pop("year", None)
    if "project" in doc or doc.get("kind", "").startswith("project"):
        doc.setdefault("project", {})["name"] = name or "（项目名称）"
        label = "项目支出绩效评价"
    else:
        doc.setdefault("entity", {})["name"] = name or "（部门名称）"
        label = "部门整体支出绩效评价"
    doc["title"] = f"{name}{year}年度{label}报告" if name and year else (doc.get("title") or label)


def _create(request, doc: dict, bureau, firm, department, how: str, source: tuple[str, str] | None, ctx: dict):
    """The new evaluation; Refused (409) when an evaluation the user can see was imported from
    the same file already. The check and the creation are one transaction, one import at a time
    per bureau, so a double-click cannot slip in two."""
    if source is None:
        return create_evaluation(doc, request.user, bureau, firm=firm, department=department, message=f"新建（{how}）")
    name, digest = source
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=bureau.pk)
        # The revision that an import creates records the file's SHA-256: that is what is compared.
        first = (Revision.objects.filter(evaluation__in=access.visible(request.user), number=1,
                                         message__startswith="新建（上传", message__endswith=f"SHA-256 {digest}）")
                 .select_related("evaluation", "author").order_by("evaluation_id").first())
        if first is not None:
            held = ctx["held"] = first.evaluation
            raise Refused(f"“{name}”的内容与评价“{held.title}”（编号 {held.pk}，{first.created_at.date():%Y-%m-%d} 由 "
                          f"{first.author.get_username()} 导入）的来源文件完全相同（SHA-256 {digest[:12]}…），没有再次导入。"
                          "请打开该评价继续工作；需要另起一版时，请在该评价中新建版本。", 409)
        return create_evaluation(doc, request.user, bureau, firm=firm, department=department,
                                 message=f"新建（{how} {name}，SHA-256 {digest}）")


def _uploaded(request, ctx) -> dict | None:
    try:
        f = uploads.received(request)
        if f is None:
            raise Refused("请选择要上传的评价文件（.yaml 或 .xlsx）。")
        check_name(f.name)
        suffix = Path(f.name).suffix.lower()
        if suffix not in WORKBOOK | {".yaml", ".yml"}:
            raise Refused(f"评价文件应为 .yaml 或 .xlsx 工作簿，而“{f.name}”是 {suffix or '无扩展名'}。")
    except Refused as refused:
        uploads.refused(request, refused)
        ctx["status"] = refused.status
        messages.error(request, refused.message)
        return None
    data = f.read()
    ctx["source"] = (f.name, hashlib.sha256(data).hexdigest())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f.name
        path.write_bytes(data)
        doc, problems = _document_of(path)
    if doc is None:
        errors = [p for p in problems if p.severity.value == "error"]
        messages.error(request, f"无法读取评价文件 {f.name}：发现 {len(errors)} 个错误")
        ctx["problems"] = [_relocated(p, tmp, f.name) for p in problems]
    return doc


def _relocated(problem, tmp: str, name: str):
    """Problems name the uploaded file as the user knows it, not our temporary copy."""
    where = problem.where
    if where.file and where.file.startswith(tmp):
        where = where.with_(file=name)
    return dataclasses.replace(problem, where=where)  # keeps the hint (处理)


def _document_of(path: Path) -> tuple[dict | None, tuple]:
    """The plain document of an uploaded file, or None with the reader's problems (the same
    messages as the CLI): the file is read once, by the call every door opens files with."""
    loaded = open_source(path)
    return (loaded.document if loaded.ok else None), loaded.problems
