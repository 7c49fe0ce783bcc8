"""Each file of a round reviewed as a job (jobs.py) by jixiao.excel.review, the reader and
checks `jixiao review` uses; its forms become the round's rows.

A form is matched to its department: the one that uploaded it, else the department in
scope whose name the form's 单位 states. It takes the department's 未提交 place, or the row
of an earlier upload of the same project (not yet 已确认), so a resubmission replaces what
was returned. Running a file's job again rewrites the same rows, so the outcome does not
depend on which worker ran which file, or how many did."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..excel.review import FormResult, review_file
from ..excel.safety import Limits
from ..problems import Problem, Severity, error, warning
from ..render.places import problem_place
from .jobs import REVIEWS, JobFailed, Progress, kind, request_job
from .models import (
    FORM_CONFIRMED, FORM_ERRORS, FORM_MISSING, FORM_SUBMITTED, REVIEW_DONE, REVIEW_FAILED, REVIEW_QUEUED, Job,
    Organisation, Round, RoundFile, RoundForm,
)
from .rounds_access import in_scope, past_deadline
from .uploads import path_of

KIND = "round.review"
LAYOUTS = {".xlsx": "Excel 工作簿", ".xls": "Excel 97–2003 工作簿", ".docx": "Word 文档", ".doc": "Word 97–2003 文档",
           ".yaml": "YAML", ".yml": "YAML"}


def queue_review(rf: RoundFile, user) -> Job:
    job, _ = request_job(KIND, f"{KIND}:{rf.pk}", {"file": rf.pk}, user)
    RoundFile.objects.filter(pk=rf.pk).update(job=job, review=REVIEW_QUEUED, error="")
    return job


@kind(KIND, "自评表复核", queue=REVIEWS)  # beside the reports, never in their slots
def run(job: Job, out_dir: Path, progress: Progress) -> tuple[Path, str, str]:
    rf = RoundFile.objects.select_related("round").filter(pk=job.params.get("file")).first()
    if rf is None:
        raise JobFailed("该文件已被删除，无需复核。")
    progress(10, f"正在读取“{rf.original_name}”")
    try:
        results = review_stored(rf)
    except Exception as exc:
        message = str(exc) if isinstance(exc, JobFailed) else (
            f"“{rf.original_name}”复核失败（内部错误，任务编号 {job.pk}）：请检查文件能否在 Excel 或 Word 中正常打开后重新上传；"
            "如仍失败，请联系管理员。")
        fail(rf, message)
        raise JobFailed(message) from exc
    progress(90, f"已复核 {len(results)} 张自评表，正在保存")
    apply(rf, results)
    out = out_dir / "review.json"
    out.write_text(json.dumps({"file": rf.original_name, "forms": len(results)}, ensure_ascii=False), encoding="utf-8")
    return out, f"{rf.original_name}-复核结果.json", "application/json"


def review_now(rf: RoundFile) -> None:
    """Review a file in this process (the demo data), as its job would."""
    apply(rf, review_stored(rf))


def review_stored(rf: RoundFile) -> list[FormResult]:
    """The file's forms, each reviewed; read from a copy named as the user named it, so
    what the reader says of the file names it so."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="jixiao-round-") as tmp:
        copy = Path(tmp) / rf.original_name
        try:
            shutil.copyfile(path_of(rf.stored_name), copy)
        except FileNotFoundError:
            raise JobFailed(f"“{rf.original_name}”的存档文件不存在，请重新上传。") from None
        return review_file(copy, Limits.from_env())


def fail(rf: RoundFile, message: str) -> None:
    RoundFile.objects.filter(pk=rf.pk).update(review=REVIEW_FAILED, error=message)
    apply(rf, [FormResult(file=rf.original_name, problems=[error("web.round_failed", message)], status="复核失败")])


def problem_row(p: Problem) -> dict:
    w = p.where
    where = f"{w.sheet}!{w.cell}" if w.sheet and w.cell else (w.sheet or (f"第{w.line}行" if w.line else ""))
    place = problem_place({}, p)
    return {"severity": p.severity.value, "severity_label": p.severity.label, "code": p.code, "message": p.message,
            "hint": p.hint, "where": where, "place": "" if place == "（整体）" else place}


_SHARE = re.compile(r"已评分权重([0-9.]+)/([0-9.]+)")


def _grade(res: FormResult) -> dict:
    """The review's grade as stored: the grade itself, and for a provisional total (暂定) the
    weight scored, which the page shows again through Headline."""
    share = _SHARE.search(res.grade)
    return {"grade": res.grade.split("（")[0][:10], "provisional": "暂定" in res.grade,
            "scored_weight": Decimal(share[1]) if share else None, "weight": Decimal(share[2]) if share else None}


def _round_warnings(r: Round, rf: RoundFile, res: FormResult) -> list[Problem]:
    """What the round itself says of the form: taken in after the deadline, or a project it does not cover."""
    out = []
    if past_deadline(r, rf.uploaded_at):
        out.append(warning("web.round_late", f"逾期提交：本轮截止日期为 {r.deadline:%Y-%m-%d}，本表于 "
                                             f"{timezone.localtime(rf.uploaded_at):%Y-%m-%d %H:%M} 由财政局接收。"))
    if res.project and not in_scope(r, res.project):
        out.append(warning("web.round_out_of_scope", f"项目“{res.project}”不在本轮纳入范围的项目中（"
                                                     f"{'、'.join(r.projects)}）：请核对项目名称，或退回填报单位。"))
    return out


def _fields(r: Round, rf: RoundFile, res: FormResult, position: int) -> dict:
    errors, warnings = res.count(Severity.ERROR), res.count(Severity.WARNING)
    failed = errors or res.status.startswith(("无法", "未填写", "复核失败"))
    flagged = _round_warnings(r, rf, res)
    warnings += len(flagged)
    problems = [problem_row(p) for p in [*flagged, *res.problems]]
    if res.status not in ("已复核",) and not problems:
        problems = [{"severity": "info", "severity_label": Severity.INFO.label, "code": "web.round_form_state",
                     "message": res.status, "hint": "", "where": res.sheet, "place": ""}]
    return {"file": rf, "position": position, "label": (res.project or rf.original_name)[:300], "sheet": res.sheet[:200],
            "layout": LAYOUTS.get(Path(rf.original_name).suffix.lower(), ""), "status": FORM_ERRORS if failed else FORM_SUBMITTED,
            "self_total": res.filled, "review_total": res.total, "difference": res.difference, **_grade(res),
            "error_count": errors, "warning_count": warnings, "problems": problems, "submitted_at": rf.uploaded_at,
            "reviewed_at": timezone.now(), "note": "", "decided_by": None, "decided_at": None}


def department_for(r: Round, rf: RoundFile, unit: str) -> Organisation | None:
    """The uploader's department, else the department in scope the form's 单位 names."""
    if rf.department_id is not None:
        return Organisation.objects.filter(pk=rf.department_id).first()
    unit = (unit or "").strip()
    if not unit:
        return None
    scope = list(r.departments.all())
    for org in scope:
        if org.name == unit:
            return org
    near = [org for org in scope if len(unit) >= 4 and (unit in org.name or org.name in unit)]
    return near[0] if len(near) == 1 else None


def _place_for(r: Round, rf: RoundFile, dept: Organisation | None, label: str, position: int) -> RoundForm | None:
    """The row this form goes into: its own (a job run again), a resubmitted project's, or the 未提交 place."""
    own = RoundForm.objects.filter(file=rf, position=position).first()
    if own is not None or dept is None:
        return own
    earlier = RoundForm.objects.filter(round=r, department=dept, label=label).exclude(status=FORM_CONFIRMED) \
        .exclude(file=rf).order_by("id").first()
    return earlier or RoundForm.objects.filter(round=r, department=dept, status=FORM_MISSING).order_by("id").first()


def apply(rf: RoundFile, results: list[FormResult]) -> None:
    """Write the file's forms into the round's rows, in one transaction under the round's lock."""
    if not results:
        results = [FormResult(file=rf.original_name, status="无法读取：文件中没有找到自评表（需有指标、分值和得分列）")]
    with transaction.atomic():
        r = Round.objects.select_for_update().get(pk=rf.round_id)
        for i, res in enumerate(results):
            fields = _fields(r, rf, res, i)
            dept = department_for(r, rf, res.unit)
            row = _place_for(r, rf, dept, fields["label"], i)
            if dept is not None:
                fields.update(department=dept, department_name=dept.name[:200])
            elif row is None or row.department_id is None:
                fields.update(department=None, department_name=(res.unit or "（未识别单位）")[:200])
            if row is None:
                RoundForm.objects.create(round=r, **fields)
            else:
                RoundForm.objects.filter(pk=row.pk).update(**fields)
        RoundForm.objects.filter(file=rf, position__gte=len(results)).delete()
        RoundFile.objects.filter(pk=rf.pk).exclude(review=REVIEW_FAILED).update(review=REVIEW_DONE)
