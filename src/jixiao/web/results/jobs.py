"""The 结果应用 stage's jobs: the bureau's 结果应用报告 (Word, Excel) of a year, and the 公开版 of a 定稿
evaluation's report. Each is a kind of web/jobs.py, run by `jixiao worker` like the reports."""

from __future__ import annotations

from pathlib import Path

from ...report.public import public_version
from ...sources import open_text
from ..jobs import JobFailed, Progress, kind, request_job
from ..models import Evaluation, Job, Organisation

FORMATS = {
    "docx": ("结果应用报告（Word）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("结果应用报告（Excel）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
PUBLIC = "results.public"
PUBLIC_LABEL = "公开版报告（Word）"


def report_kind(fmt: str) -> str:
    return f"results.{fmt}"


def _report(fmt: str):
    def run(job: Job, out_dir: Path, progress: Progress) -> tuple[Path, str, str]:
        from .data import year_results

        bureau = Organisation.objects.filter(pk=job.params.get("bureau")).first()
        if bureau is None:
            raise JobFailed("财政局不存在，无法生成结果应用报告。")
        year = job.params.get("year")
        progress(20, "汇总已定稿的评价")
        data = year_results(bureau, year)
        if not data.results.entries:
            raise JobFailed(f"{year}年度还没有已定稿的评价，无法生成结果应用报告。")
        progress(60, "写入文件")
        out = out_dir / f"results.{fmt}"
        if fmt == "xlsx":
            from ...results.xlsx import write_xlsx

            write_xlsx(data.results, out, bureau=bureau.name)
        else:
            from ...results.docx import write_docx

            write_docx(data.results, out, bureau=bureau.name)
        return out, f"{year}年度结果应用报告.{fmt}", FORMATS[fmt][1]

    return run


for _fmt, (_label, _) in FORMATS.items():
    kind(report_kind(_fmt), _label)(_report(_fmt))


@kind(PUBLIC, PUBLIC_LABEL)
def _public(job: Job, out_dir: Path, progress: Progress) -> tuple[Path, str, str]:
    from ...analysis import analyse
    from ...report.layout import render_docx

    ev = Evaluation.objects.select_related("final_revision").get(pk=job.evaluation_id)
    if ev.final_revision is None:
        raise JobFailed("该评价尚未定稿，没有公开版。")
    progress(20, "略去标为内部的部分")
    public = public_version(open_text(ev.final_revision.text, f"{ev.subject or ev.title}.yaml"))
    if public.problems or public.loaded.evaluation is None:
        raise JobFailed("无法生成公开版：" + "；".join(p.message for p in public.problems[:5]))
    progress(50, "生成Word报告")
    out = render_docx(analyse(public.loaded.evaluation), out_dir / "public.docx")
    name = f"{(ev.subject or ev.title or 'evaluation')[:60]}-{ev.year or ''}-公开版.docx"
    return out, name, FORMATS["docx"][1]


def request_report(user, bureau, year: int, fmt: str, digest: str) -> tuple[Job, bool]:
    """The year's report job for this user (reused while nothing it counts has changed)."""
    key = f"{report_kind(fmt)}:{bureau.pk}:{year}:{digest}:u{user.pk}"
    return request_job(report_kind(fmt), key, {"bureau": bureau.pk, "year": year, "format": fmt}, user)


def request_public(user, ev: Evaluation) -> tuple[Job, bool]:
    key = f"{PUBLIC}:{ev.pk}:f{ev.final_revision_id}"
    return request_job(PUBLIC, key, {}, user, ev, ev.head)


def user_jobs(user, year: int) -> list[Job]:
    """This user's latest report job of each format for the year."""
    latest: dict[str, Job] = {}
    for job in Job.objects.filter(requested_by=user, kind__in=[report_kind(f) for f in FORMATS]).order_by("-pk"):
        if job.params.get("year") == year:
            latest.setdefault(job.kind, job)
    return [latest[report_kind(f)] for f in FORMATS if report_kind(f) in latest]
