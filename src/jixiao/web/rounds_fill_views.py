"""The page where a department fills its round's 自评表 online (rounds_fill.py): blank or from
its last submission, rows added and removed, saved as a draft, then 提交 — the workbook it
makes is taken in and reviewed as an upload, and the round page shows it."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import rounds_fill as F
from .access import audit
from .models import RoundDraft, RoundFile
from .rounds_access import own_department, round_or_404, submit_refusal
from .rounds_intake import accept
from .uploads import path_of


def _department(request, r) -> int:
    dept = own_department(request.user, r)
    if dept is None:  # only a department in scope fills a form here; the bureau takes in uploads
        audit(request, "denied", f"{request.method} {request.path} 在线填写自评表")
        raise Http404("自评表不存在或无权访问")
    return dept


def _last_upload(r, dept: int) -> dict | None:
    """The fields of the department's last submitted workbook, read as a review reads it."""
    from ..excel.safety import Limits
    from ..sources import open_forms

    rf = RoundFile.objects.filter(round=r, department_id=dept).order_by("-id").first()
    if rf is None:
        return None
    with tempfile.TemporaryDirectory(prefix="jixiao-fill-") as tmp:
        copy = Path(tmp) / rf.original_name
        try:
            shutil.copyfile(path_of(rf.stored_name), copy)
            forms = open_forms(copy, limits=Limits.from_env())
        except (OSError, ValueError):
            return None
        docs = [f.loaded.document for f in forms if isinstance(getattr(f.loaded, "document", None), dict)]
    return F.from_document(docs[0]) if docs else None


def _cells(prefix: str, i: int, row: dict, errors: dict) -> list[dict]:
    return [{"name": f"{prefix}.{i}.{k}", "key": k, "value": v, "error": errors.get(f"{prefix}.{i}.{k}", "")}
            for k, v in row.items()]


def _context(r, data: dict, errors: dict, draft, refusal: str | None) -> dict:
    def field(name: str, value: str) -> dict:
        return {"name": name, "value": value, "error": errors.get(name, "")}

    return {
        "r": r, "draft": draft, "refusal": refusal, "errors": errors,
        "project": [(label, field(f"project.{k}", data["project"][k]))
                    for k, label in (("name", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"))],
        "funds_weight": field("funds.weight", data["funds"]["weight"]), "funds_score": field("funds.score", data["funds"]["score"]),
        "funds_rows": [{"i": i, "cells": _cells("funds.rows", i, row, errors)} for i, row in enumerate(data["funds"]["rows"])],
        "goals": [{"i": i, "cells": _cells("goals", i, row, errors)} for i, row in enumerate(data["goals"])],
        "indicators": [{"i": i, "cells": _cells("indicators", i, row, errors)} for i, row in enumerate(data["indicators"])],
        "indicators_error": errors.get("indicators", ""), "total": field("total", data["total"]),
    }


@login_required
def fill_page(request, pk: int):
    r = round_or_404(request, pk, "在线填写自评表")
    dept = _department(request, r)
    draft = RoundDraft.objects.filter(round=r, department_id=dept).first()
    uploads = RoundFile.objects.filter(round=r, department_id=dept)
    # an upload made after the draft was last saved (not the one its own 提交 made) is offered instead
    newer = draft is not None and uploads.filter(uploaded_at__gt=draft.updated_at).exclude(pk=draft.submitted_id).exists()
    last = None
    if (draft is None or newer) and request.GET.get("start") == "last":
        last = _last_upload(r, dept)
        if last is None:
            messages.info(request, "没有找到可读取的上次提交的自评表，已从空白表开始。" if draft is None
                          else "没有找到可读取的上次提交的自评表，仍显示草稿。")
    data = last or (draft.data if draft is not None else F.blank())
    ctx = _context(r, data, {}, draft, submit_refusal(request.user, r))
    ctx["can_start_from_last"] = (draft is None and uploads.exists()) or (newer and last is None)
    ctx["newer_upload"] = newer and last is None
    return render(request, "jixiao/round_fill.html", ctx)


def _file_name(data: dict) -> str:
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]|\.\.', "_", data["project"]["name"])[:80].strip(" .") or "自评表"
    return f"{name}-在线填报.xlsx"


@login_required
@require_POST
def fill_save(request, pk: int):
    """保存草稿, 提交并复核, or a row added or removed; a refused save shows the form as typed."""
    r = round_or_404(request, pk, "保存在线填写的自评表")
    dept = _department(request, r)
    data, action = F.posted(request.POST), request.POST.get("action", "save")
    draft = RoundDraft.objects.filter(round=r, department_id=dept).first()
    refusal = submit_refusal(request.user, r)
    if refusal is not None:
        audit(request, "denied", f"{request.method} {request.path} 在线填写自评表：{refusal}")
        messages.error(request, f"{refusal}（您填写的内容仍在下方，未保存。）")
        return render(request, "jixiao/round_fill.html", _context(r, data, {}, draft, refusal), status=403)
    if F.row_action(data, action):
        messages.info(request, "已调整行，尚未保存：请点“保存草稿”或“提交并复核”。")
        return render(request, "jixiao/round_fill.html", _context(r, data, F.problems(data, False), draft, None))
    submitting = action == "submit"
    errors = F.problems(data, submitting)
    if errors:
        messages.error(request, f"有 {len(errors)} 处需要修改（见标红的栏目），{'未提交' if submitting else '草稿未保存'}；您填写的内容仍在下方。")
        return render(request, "jixiao/round_fill.html", _context(r, data, errors, draft, None), status=422)
    with transaction.atomic():
        draft, _ = RoundDraft.objects.update_or_create(round=r, department_id=dept,
                                                       defaults={"data": data, "updated_by": request.user})
        if submitting:
            rf, = accept(r, [(_file_name(data), F.workbook(data, r.year))], request.user, dept)
            RoundDraft.objects.filter(pk=draft.pk).update(submitted=rf)
    if not submitting:
        audit(request, "round_draft", f"{r}：保存在线填写的自评表草稿（{data['project']['name'] or '未填项目名称'}）")
        messages.success(request, "草稿已保存。")
        return redirect("jixiao:round_fill", r.pk)
    audit(request, "round_upload", f"{r}：在线填写的自评表“{data['project']['name']}”提交复核")
    messages.success(request, f"已提交“{data['project']['name']}”，正在复核，完成后列表自动更新。")
    return redirect("jixiao:round", r.pk)
