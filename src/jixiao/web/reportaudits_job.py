"""报告复核 on the task queue: delivered reports taken in (several files, or a zip of them), each
audited by a job of its own with `jixiao audit`'s reader and checks (jixiao.reportaudit).

No table of its own: a report is a Job (kind report.audit) whose params say whose it is (the
bureau), its name as the user named it and the stored file (uploads.store); the job's folder
under DATA/jobs/ holds what the page shows and hands out — problems.json, the annotated copy
(.docx with a 批注 at each problem and the 复核意见 in front; for a PDF or text report, the
复核意见 alone) and the problem list as Excel."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.db import transaction

from ..excel.safety import Limits
from ..problems import Problem, Severity
from ..render.places import document_place
from ..reportaudit.audit import SUFFIXES
from .jobs import JobFailed, Progress, kind, request_job
from .models import Job
from .rounds_intake import posted
from .uploads import Refused, check_name, mb, path_of, store

KIND = "report.audit"
OLE = b"\xd0\xcf\x11\xe0"
MAGIC = {".docx": b"PK", ".pdf": b"%PDF", ".doc": OLE, ".wps": OLE}
_REPORT = r"(?:[^/\\]+/)*[^/\\]+\.(?:docx|doc|wps|pdf|txt|md)"
BUNDLE_PART = re.compile(rf"{_REPORT}|(?:[^/\\]+/)+|__MACOSX/.*", re.IGNORECASE)
KINDS_TEXT = "、".join(SUFFIXES)
# How a zip's refusals read for reports (the rest as for 自评表 bundles).
ZIP_TERMS = (("不是 Excel 工作簿（.xlsx）应有的组成部分", f"不是可复核的报告（{KINDS_TEXT}）"),
             ("Excel 工作簿中不应有链接", "报告压缩包中不应有链接"))
FILES = {"problems": "problems.json", "xlsx": "问题清单.xlsx"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WHAT_TO_DO = "请确认文件能在 Word、WPS 或 PDF 阅读器中正常打开（加密或损坏的文件无法复核），另存后重新上传。"


# -- taking reports in -------------------------------------------------------------------


def posted_reports(request) -> list[tuple[str, bytes]]:
    """(name, bytes) of every report posted in `files` (a zip counts as the reports in it);
    Refused with the reason, before anything is stored."""
    from django.conf import settings

    return posted(request, f"请选择要复核的报告（{KINDS_TEXT} 文件，或装有它们的 zip 压缩包）。",
                  lambda name, data: check_report(name, data, settings.UPLOAD_MAX_BYTES),
                  part=BUNDLE_PART, terms=ZIP_TERMS, what="报告")


def check_report(name: str, data: bytes, limit: int) -> None:
    check_name(name)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Refused(f"文件“{name}”不是可复核的报告：可上传 {KINDS_TEXT} 文件，或装有它们的 .zip 压缩包。")
    if len(data) > limit:
        raise Refused(f"文件“{name}”大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {mb(limit)}。", 413)
    if not data:
        raise Refused(f"文件“{name}”是空文件。")
    magic = MAGIC.get(suffix)
    if magic and not data.startswith(magic) and not (suffix in (".doc", ".wps") and data.startswith(b"PK")):
        raise Refused(f"文件“{name}”的内容与扩展名 {suffix} 不符：请确认它确实是 {suffix} 文件。")


def accept(items: list[tuple[str, bytes]], user, bureau_id: int) -> list[Job]:
    """Store each report under a generated name and queue its audit (in one transaction)."""
    jobs = []
    with transaction.atomic():
        for name, data in items:
            stored, digest = store(data, name)
            params = {"bureau": bureau_id, "name": name, "stored": stored, "sha256": digest, "size": len(data)}
            job, _ = request_job(KIND, f"{KIND}:{stored}", params, user)
            jobs.append(job)
    return jobs


# -- the job -----------------------------------------------------------------------------


@kind(KIND, "报告复核")
def run(job: Job, out_dir: Path, progress: Progress) -> tuple[Path, str, str]:
    from ..reportaudit import audit_file

    name = job.params.get("name", "报告")
    with tempfile.TemporaryDirectory(prefix="jixiao-audit-") as tmp:
        copy = Path(tmp) / name  # named as the user named it, so what the reader says names it so
        try:
            shutil.copyfile(path_of(job.params.get("stored", "")), copy)
        except FileNotFoundError:
            raise JobFailed(f"“{name}”的存档文件不存在，请重新上传。") from None
        progress(10, f"正在读取“{name}”")
        result = audit_file(copy, name)
        if not result.readable:
            why = result.problems[0].message if result.problems else "文件无法读取"
            raise JobFailed(f"无法复核“{name}”：{why}。{WHAT_TO_DO}")
        progress(60, "正在写批注版报告")
        annotated, shown = annotated_copy(copy, name, list(result.problems), Path(tmp))
        out = out_dir / "annotated.docx"
        out.write_bytes(annotated)
    progress(85, "正在写问题清单")
    from ..reportaudit.workbook import problem_workbook

    problem_workbook([result], out_dir / FILES["xlsx"])
    rows = [problem_row(p) for p in result.problems]
    counts = {s.value: sum(p.severity is s for p in result.problems) for s in Severity}
    (out_dir / FILES["problems"]).write_text(json.dumps({"problems": rows, "counts": counts}, ensure_ascii=False),
                                             encoding="utf-8")
    Job.objects.filter(pk=job.pk).update(params={**job.params, "counts": counts, "annotated": shown})
    return out, f"{PurePosixPath(name).stem}-{shown}.docx", DOCX


def annotated_copy(path: Path, name: str, problems: list[Problem], work: Path) -> tuple[bytes, str]:
    """The Word report with its 批注 and the 复核意见 in front (a .doc or .wps converted first);
    for a PDF or text report, which takes no comments, the 复核意见 alone. Returns (bytes, what it is)."""
    import io

    import docx

    from ..reportaudit.annotate import annotate
    from ..reportaudit.opinion import write_opinion
    from ..sources.docx_form import convert_to_docx

    word = path if path.suffix.lower() == ".docx" else None
    if path.suffix.lower() in (".doc", ".wps"):
        word, _ = convert_to_docx(path, name, work, Limits.from_env())
    if word is not None:
        return annotate(word, problems), "批注版"
    doc = docx.Document()
    write_opinion(doc, problems, problems)  # no place to comment on: every problem is listed on the page
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), "复核意见"


def problem_row(p: Problem) -> dict:
    return {"severity": p.severity.value, "severity_label": p.severity.label, "code": p.code, "message": p.message,
            "hint": p.hint, "place": document_place(p.where)}


def problems_of(job: Job) -> dict:
    """What the job found, as its page shows it ({} while it runs, or if it failed)."""
    from django.conf import settings

    path = settings.DATA_DIR / "jobs" / str(job.pk) / FILES["problems"]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def side_file(job: Job, what: str) -> Path:
    from django.conf import settings

    return settings.DATA_DIR / "jobs" / str(job.pk) / FILES[what]
