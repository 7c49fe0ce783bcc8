"""Finished jobs are not kept forever: past JIXIAO_JOB_KEEP_DAYS their rows and files go, the
latest of each piece of work stays, queued and running jobs are never touched, a dry run
changes nothing, the worker purges about once an hour, and a link to a purged file says so in
Chinese (410) instead of failing."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from test_web_fixtures import PASSWORD, Demo
from jixiao.web import job_retention, worker
from jixiao.web.models import AuditEntry, Job

GONE = "该文件已超过保留期限（30天）被清理，请重新生成"


@pytest.fixture
def demo(transactional_db) -> Demo:
    jobs_dir = settings.DATA_DIR / "jobs"
    for old in jobs_dir.glob("[0-9]*"):  # folders of earlier tests' jobs, whose rows are flushed
        shutil.rmtree(old, ignore_errors=True)
    return Demo()


def make(kind: str, status: str, days: float, ev=None, user=None, params=None, size: int = 0) -> Job:
    """A job `days` old (finished then, or queued/started then), with a result file of `size` bytes."""
    job = Job.objects.create(kind=kind, key=f"{kind}:{uuid.uuid4().hex}", params=params or {}, evaluation=ev,
                             revision=ev.head if ev is not None else None, status=status, requested_by=user)
    when = timezone.now() - timedelta(days=days)
    fields = {"created_at": when}
    if status in ("done", "failed"):
        fields["finished_at"] = when
    if status == "running":
        fields["started_at"] = when
    if size:
        folder = settings.DATA_DIR / "jobs" / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.pdf").write_bytes(b"%PDF" + b"x" * (size - 4))
        fields.update(result_path=f"jobs/{job.pk}/report.pdf", result_name="报告.pdf", content_type="application/pdf")
    Job.objects.filter(pk=job.pk).update(**fields)
    return Job.objects.get(pk=job.pk)


def season(demo) -> dict[str, Job]:
    """A season's jobs: expired ones, the latest of each piece of work, and unfinished ones."""
    users = get_user_model().objects
    pingjia, caizheng = users.get(username="pingjia"), users.get(username="caizheng")
    ev, other = demo.reference, demo.sample
    return {
        "old_pdf": make("report.pdf", "done", 60, ev, pingjia, size=3000),
        "newest_pdf": make("report.pdf", "done", 40, ev, pingjia, size=2000),  # the latest download
        "old_docx": make("report.docx", "done", 90, ev, pingjia, size=5000),
        "newest_done_docx": make("report.docx", "done", 45, ev, pingjia, size=1000),  # the latest download
        "newest_failed_docx": make("report.docx", "failed", 35, ev, pingjia),  # the latest outcome
        "recent_pdf": make("report.pdf", "done", 5, other, pingjia, size=700),
        "old_export": make("round.export", "done", 60, None, caizheng, {"round": 7}, size=4000),
        "newest_export": make("round.export", "done", 50, None, caizheng, {"round": 7}, size=100),
        "other_round_export": make("round.export", "done", 50, None, caizheng, {"round": 8}, size=100),
        "queued": make("report.pdf", "queued", 100, other, pingjia),
        "running": make("report.docx", "running", 100, other, pingjia),
    }


PURGED = ("old_pdf", "old_docx", "old_export")


def folder(job: Job):
    return settings.DATA_DIR / "jobs" / str(job.pk)


def with_task(job: Job, status: str) -> str:
    """The task queue's row for the job, as request_job enqueues it, in `status`."""
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.jobs import run_job

    result = run_job.enqueue(job.pk)
    DBTaskResult.objects.filter(id=result.id).update(status=status)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return str(result.id)


def test_old_finished_jobs_go_with_their_files_and_the_latest_of_each_stays(demo):
    from django_tasks_db.models import DBTaskResult

    jobs = season(demo)
    old_task, queued_task = with_task(jobs["old_pdf"], "SUCCESSFUL"), with_task(jobs["queued"], "READY")
    done = job_retention.purge()
    assert not DBTaskResult.objects.filter(id=old_task).exists()  # the queue's row goes with its job
    assert DBTaskResult.objects.filter(id=queued_task).exists()
    assert (done.jobs, done.bytes) == (3, 3000 + 5000 + 4000)
    for name, job in jobs.items():
        assert Job.objects.filter(pk=job.pk).exists() == (name not in PURGED), name
        if job.result_path:
            assert folder(job).is_dir() == (name not in PURGED), name
    entry = AuditEntry.objects.get(action="jobs_purged")
    assert "已清理超过 30 天的已完成任务 3 个" in entry.detail and "11.7 KB" in entry.detail
    assert entry.username == "" and entry.user_id is None  # no per-user data
    assert job_retention.purge().jobs == 0  # nothing more to do
    assert AuditEntry.objects.filter(action="jobs_purged").count() == 1  # and nothing written for it


def test_a_dry_run_counts_the_same_and_changes_nothing(demo):
    jobs = season(demo)
    before = Job.objects.count()
    done = job_retention.purge(dry_run=True)
    assert (done.jobs, done.bytes) == (3, 12000)
    assert done.text(dry_run=True) == "将清理超过 30 天的已完成任务 3 个，可释放 11.7 KB。"
    assert Job.objects.count() == before
    assert all(folder(jobs[name]).is_dir() for name in PURGED)
    assert not AuditEntry.objects.filter(action="jobs_purged").exists()


def test_jixiao_jobs_purge_says_in_chinese_what_it_removed(demo, monkeypatch):
    from jixiao.cli import main
    from jixiao.web import boot

    jobs = season(demo)
    monkeypatch.setattr(boot, "setup_django", lambda data: None)  # Django is set up already, on the test database
    data = str(settings.DATA_DIR)
    shown = CliRunner().invoke(main, ["jobs", "--data", data])
    assert shown.exit_code == 0, shown.output
    assert "后台任务 11 个（排队中 1，生成中 1，已完成 8，失败 1），文件共 " in shown.output
    assert "将清理超过 30 天的已完成任务 3 个" in shown.output
    alone = CliRunner().invoke(main, ["jobs", "--data", data, "--dry-run"])
    assert alone.exit_code == 2 and "--dry-run 须与 --purge 同用" in alone.output
    dry = CliRunner().invoke(main, ["jobs", "--data", data, "--purge", "--dry-run"])
    assert dry.exit_code == 0 and "将清理超过 30 天的已完成任务 3 个，可释放 11.7 KB" in dry.output
    assert Job.objects.filter(pk=jobs["old_pdf"].pk).exists()
    done = CliRunner().invoke(main, ["jobs", "--data", data, "--purge"])
    assert done.exit_code == 0 and "已清理超过 30 天的已完成任务 3 个，释放 11.7 KB" in done.output
    assert not Job.objects.filter(pk=jobs["old_pdf"].pk).exists()
    assert not folder(jobs["old_pdf"]).exists()


def test_a_purged_or_missing_file_gives_a_chinese_410_page(demo, caplog):
    jobs = season(demo)
    c = Client(enforce_csrf_checks=True)
    assert c.login(username="pingjia", password=PASSWORD)
    kept = jobs["newest_pdf"]
    assert c.get(f"/jobs/{kept.pk}/download/").status_code == 200
    job_retention.purge()
    resp = c.get(f"/jobs/{jobs['old_pdf'].pk}/download/")
    page = resp.content.decode()
    assert resp.status_code == 410 and GONE in page and "Traceback" not in page
    # Removed by hand while its row remains: the same page, and a line in the log.
    shutil.rmtree(folder(kept))
    with caplog.at_level(logging.WARNING, logger="jixiao.jobs"):
        resp = c.get(f"/jobs/{kept.pk}/download/")
    assert resp.status_code == 410 and GONE in resp.content.decode()
    assert any(f"job {kept.pk}" in r.getMessage() and "gone" in r.getMessage() for r in caplog.records)
    # A job that never was is still a 404.
    assert c.get(f"/jobs/{Job.objects.order_by('-pk').first().pk + 1000}/download/").status_code == 404


def test_the_worker_purges_at_start_and_then_about_once_an_hour(demo):
    now = [1000.0]
    purge = job_retention.Periodic(clock=lambda: now[0])
    jobs = season(demo)
    assert worker.tick(None, purge) is True  # the first turn: at start
    assert not Job.objects.filter(pk=jobs["old_pdf"].pk).exists()
    later = make("report.pdf", "done", 70, demo.reference, jobs["old_pdf"].requested_by, size=10)
    make("report.pdf", "done", 1, demo.reference, jobs["old_pdf"].requested_by, size=10)  # newer: `later` expires
    now[0] += 1800
    assert worker.tick(None, purge) is True
    assert Job.objects.filter(pk=later.pk).exists()  # half an hour on: not yet
    now[0] += 1801
    assert worker.tick(None, purge) is True
    assert not Job.objects.filter(pk=later.pk).exists() and not folder(later).exists()
    assert worker.tick(os.getppid() + 1, purge) is False  # `jixiao serve` gone: the loop ends


def test_the_keep_days_are_read_from_the_environment(tmp_path):
    env = dict(os.environ, JIXIAO_DATA=str(tmp_path), DJANGO_SETTINGS_MODULE="jixiao.web.settings",
               JIXIAO_JOB_KEEP_DAYS="7")
    env.pop("DATABASE_URL", None)  # a data directory of its own, on SQLite
    out = subprocess.run([sys.executable, "-m", "jixiao.cli", "jobs", "--data", str(tmp_path), "--purge", "--dry-run"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert re.search(r"将清理超过 7 天的已完成任务 0 个", out.stdout), out.stdout
    env.pop("JIXIAO_JOB_KEEP_DAYS")
    code = "import django; django.setup(); from django.conf import settings; print(settings.JOB_KEEP_DAYS)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "30", out.stderr


def test_a_purged_report_audit_s_files_give_the_410_page_too(demo):
    from jixiao.web.reportaudits import bureau_of

    caizheng = get_user_model().objects.get(username="caizheng")
    params = {"bureau": bureau_of(caizheng), "name": "某局绩效评价报告.docx"}
    old = make("report.audit", "done", 60, None, caizheng, params, size=500)
    kept = make("report.audit", "done", 2, None, caizheng, params, size=500)
    (folder(kept) / "问题清单.xlsx").write_bytes(b"PK")
    c = Client(enforce_csrf_checks=True)
    assert c.login(username="caizheng", password=PASSWORD)
    assert c.get(f"/report-audits/{kept.pk}/problems.xlsx").status_code == 200
    assert job_retention.purge().jobs == 1
    for url in (f"/report-audits/{old.pk}/problems.xlsx", f"/report-audits/{old.pk}/annotated.docx"):
        resp = c.get(url)
        assert resp.status_code == 410 and GONE in resp.content.decode(), url
    (folder(kept) / "问题清单.xlsx").unlink()
    resp = c.get(f"/report-audits/{kept.pk}/problems.xlsx")
    assert resp.status_code == 410 and GONE in resp.content.decode()


def test_a_purge_cut_short_leaves_no_row_pointing_at_a_removed_file(demo, monkeypatch):
    season(demo)
    removed, real_rmtree = [], shutil.rmtree

    def rmtree_then_crash(path, ignore_errors=False):
        if removed:
            raise KeyboardInterrupt  # the server stopped half-way
        removed.append(path)
        real_rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(job_retention.shutil, "rmtree", rmtree_then_crash)
    with pytest.raises(KeyboardInterrupt):
        job_retention.purge()
    assert removed
    for job in Job.objects.exclude(result_path=""):
        assert (settings.DATA_DIR / job.result_path).is_file(), job.pk
    monkeypatch.undo()
    done = job_retention.purge()  # the next purge removes the folders left without a row
    assert (done.jobs, done.folders) == (0, 2)
    assert not [p for p in (settings.DATA_DIR / "jobs").glob("[0-9]*") if not Job.objects.filter(pk=int(p.name)).exists()]
    assert "无对应任务的文件夹 2 个" in AuditEntry.objects.get(action="jobs_purged").detail
