"""Reports made outside the request: a job is queued and the request returns at once, the
task worker makes the file, the 报告 tab polls until the download link appears, the same
revision's report is made once, other organisations get 404, a failed conversion says why
in Chinese, and no more than JIXIAO_REPORT_WORKERS conversions run at once."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from test_web_fixtures import PASSWORD, Demo
from jixiao.web import jobs
from jixiao.web.models import AuditEntry, Job

# Stands in for LibreOffice: writes the PDF it is asked for (after `JIXIAO_FAKE_SECONDS`), or
# fails without one when JIXIAO_FAKE_FAIL is set, and notes when each conversion ran.
FAKE_SOFFICE = r"""#!/bin/sh
outdir=""; last=""; prev=""
for a in "$@"; do
  [ "$prev" = "--outdir" ] && outdir="$a"
  prev="$a"; last="$a"
done
start=$(date +%s.%N)
sleep "${JIXIAO_FAKE_SECONDS:-0}"
if [ -n "$JIXIAO_FAKE_FAIL" ]; then echo "Error: source file could not be loaded" >&2; exit 1; fi
name=$(basename "$last" .docx)
printf '%%PDF-1.4\n%% fake\n' > "$outdir/$name.pdf"
policy=$(cut -d' ' -f41 /proc/$$/stat 2>/dev/null)  # the scheduling policy it runs under (5: SCHED_IDLE)
[ -n "$JIXIAO_FAKE_LOG" ] && echo "$start $(date +%s.%N) ${policy:-unknown}" >> "$JIXIAO_FAKE_LOG/$$"
exit 0
"""


@pytest.fixture
def demo(transactional_db) -> Demo:
    # Committed, not in a test transaction: the worker runs in threads of its own, on their own connections.
    return Demo()


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    path = tmp_path / "soffice"
    path.write_text(FAKE_SOFFICE)
    path.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(path))
    monkeypatch.setenv("JIXIAO_FAKE_SECONDS", "0")
    return path


def csrf_client(demo, username: str) -> tuple[Client, str]:
    c = Client(enforce_csrf_checks=True)
    assert c.login(username=username, password=PASSWORD)
    page = c.get(f"/e/{demo.reference.pk}/report/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return c, token


def ask(c: Client, token: str, pk: int, fmt: str, htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    return c.post(f"/e/{pk}/reports/", {"fmt": fmt, "csrfmiddlewaretoken": token}, headers=headers)


def test_pdf_is_queued_at_once_made_by_the_worker_and_offered_for_download(demo, fake_soffice, monkeypatch):
    monkeypatch.setenv("JIXIAO_FAKE_SECONDS", "1.5")  # made in the request, the answer would take 3 s
    ev = demo.reference
    c, token = csrf_client(demo, "pingjia")
    started = time.monotonic()
    resp = ask(c, token, ev.pk, "pdf")
    assert time.monotonic() - started < 1.0
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "PDF 报告" in body and "排队中" in body
    assert 'hx-trigger="every 2s"' in body  # the page polls while it waits
    job = Job.objects.get()
    assert (job.kind, job.status, job.revision, job.requested_by.username) == ("report.pdf", "queued", ev.head, "pingjia")
    assert job.evaluation_id == ev.pk

    # The tab itself shows the queued job too, and polls.
    tab = c.get(f"/e/{ev.pk}/report/").content.decode()
    assert 'id="job-pdf"' in tab and "排队中" in tab and 'hx-trigger="every 2s"' in tab

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    status = c.get(f"/e/{ev.pk}/reports/status/").content.decode()
    assert "已完成" in status and f'href="/jobs/{job.pk}/download/"' in status
    assert "hx-trigger" not in status  # nothing left to wait for: polling stops
    resp = c.get(f"/jobs/{job.pk}/download/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    assert resp["Content-Type"] == "application/pdf" and resp["Content-Disposition"].startswith("attachment")
    assert f"r{ev.head}.pdf" in urllib.parse.unquote(resp["Content-Disposition"])
    assert AuditEntry.objects.filter(action="export", username="pingjia", evaluation_id_ref=ev.pk).exists()
    assert Path(jobs.result_file(job)).is_file()
    assert c.get(f"/jobs/{job.pk}/").json()["status_text"] == "已完成"


def test_the_same_revision_is_made_once_and_a_new_revision_again(demo, fake_soffice):
    from django_tasks_db.models import DBTaskResult

    from jixiao.io.document import set_path
    from jixiao.web.store import head_document, save_revision

    ev = demo.reference
    c, token = csrf_client(demo, "pingjia")
    ask(c, token, ev.pk, "docx")
    jobs.run_pending()
    first = Job.objects.get()
    assert first.status == "done"
    # Asked again (by someone else of the same firm, and through the old download address).
    other, other_token = csrf_client(demo, "zhikong")
    resp = ask(other, other_token, ev.pk, "docx")
    assert "已完成" in resp.content.decode() and "hx-trigger" not in resp.content.decode()
    resp = other.get(f"/e/{ev.pk}/export/docx/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content)[:2] == b"PK"
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1

    doc = head_document(ev)
    set_path(doc, "title", doc["title"] + "（修改）")
    from django.contrib.auth import get_user_model

    save_revision(ev.pk, doc, ev.head, get_user_model().objects.get(username="pingjia"))
    ev.refresh_from_db()
    resp = ask(c, token, ev.pk, "docx")
    assert "排队中" in resp.content.decode()
    assert Job.objects.count() == 2 and Job.objects.filter(revision=ev.head, status="queued").exists()


def test_another_organisation_gets_404_for_the_job_and_its_file(demo, fake_soffice):
    ev = demo.reference
    c, token = csrf_client(demo, "pingjia")
    ask(c, token, ev.pk, "pdf")
    jobs.run_pending()
    job = Job.objects.get()
    assert job.status == "done"
    for username in ("pingjia2", "other_admin", "shixian"):
        outsider = Client()
        assert outsider.login(username=username, password=PASSWORD)
        for method, url in (("get", f"/jobs/{job.pk}/"), ("get", f"/jobs/{job.pk}/download/"),
                            ("get", f"/e/{ev.pk}/reports/status/"), ("post", f"/e/{ev.pk}/reports/"),
                            ("get", f"/e/{ev.pk}/export/pdf/"), ("get", f"/jobs/{job.pk + 1000}/download/")):
            denied = AuditEntry.objects.filter(action="denied", username=username).count()
            resp = getattr(outsider, method)(url, {"fmt": "pdf"} if method == "post" else None)
            assert resp.status_code == 404, (username, url)
            assert ev.subject not in resp.content.decode(), (username, url)
            assert AuditEntry.objects.filter(action="denied", username=username).count() == denied + 1, (username, url)
    assert Job.objects.count() == 1
    # The department evaluated may read its report once its results are public (at 定稿): the 404s
    # above are not vacuous, and before 定稿 it is told why rather than that the file does not exist.
    insider = Client()
    assert insider.login(username="renshe", password=PASSWORD)
    early = insider.get(f"/jobs/{job.pk}/download/")
    assert early.status_code == 403 and "结果尚未公开" in early.content.decode()
    assert c.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert insider.get(f"/jobs/{job.pk}/download/").status_code == 200


def test_a_failed_conversion_says_why_in_chinese_and_can_be_asked_again(demo, fake_soffice, monkeypatch):
    monkeypatch.setenv("JIXIAO_FAKE_FAIL", "1")
    ev = demo.reference
    c, token = csrf_client(demo, "pingjia")
    ask(c, token, ev.pk, "pdf")
    jobs.run_pending()
    job = Job.objects.get()
    assert job.status == "failed"
    status = c.get(f"/e/{ev.pk}/reports/status/").content.decode()
    assert "失败" in status and "PDF 转换失败：LibreOffice 没有生成 PDF" in status
    assert "Traceback" not in status and "source file could not be loaded" not in status
    assert c.get(f"/jobs/{job.pk}/download/").status_code == 404
    # A failed job is not reused: asking again queues a new one, which succeeds.
    monkeypatch.delenv("JIXIAO_FAKE_FAIL")
    ask(c, token, ev.pk, "pdf")
    jobs.run_pending()
    assert list(Job.objects.order_by("pk").values_list("status", flat=True)) == ["failed", "done"]


def test_without_libreoffice_the_pdf_is_refused_at_once_with_a_message(demo, monkeypatch):
    monkeypatch.setenv("JIXIAO_SOFFICE", "")
    c, token = csrf_client(demo, "pingjia")
    resp = ask(c, token, demo.reference.pk, "pdf", htmx=False)
    assert resp.status_code == 302
    assert "本机未安装 LibreOffice" in c.get(resp["Location"]).content.decode()
    assert not Job.objects.exists()


def _runs(log_dir: Path) -> list[tuple[float, float, str]]:
    runs = [line.split() for f in log_dir.iterdir() for line in f.read_text().splitlines()]
    assert runs
    return [(float(s), float(e), policy) for s, e, policy in runs]


def _overlap(runs) -> int:
    return max(sum(1 for s, e, _ in runs if s <= t < e) for t, _, _ in runs)


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_than_the_configured_number_of_conversions_run_at_once(demo, fake_soffice, monkeypatch, tmp_path,
                                                                       settings, limit):
    settings.REPORT_WORKERS = limit
    log_dir = tmp_path / f"log{limit}"
    log_dir.mkdir()
    monkeypatch.setenv("JIXIAO_FAKE_LOG", str(log_dir))
    monkeypatch.setenv("JIXIAO_FAKE_SECONDS", "0.6")
    ev = demo.reference
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="pingjia")
    for i in range(3):
        jobs.request_job("report.pdf", f"test-{i}", {"format": "pdf"}, user, ev, ev.head)
    jobs.run_pending(threads=3)  # three worker threads, `limit` slots
    assert set(Job.objects.values_list("status", flat=True)) == {"done"}
    runs = _runs(log_dir)
    assert _overlap(runs) == limit
    if Path("/proc/self/stat").exists() and hasattr(os, "SCHED_IDLE"):
        # LibreOffice runs only when the pages leave the processor idle.
        assert {policy for _, _, policy in runs} == {str(os.SCHED_IDLE)}


def test_a_department_cannot_queue_a_report_before_its_results_are_public(demo, fake_soffice):
    ev = demo.reference  # 质控通过, not 定稿: its results are not the department's yet
    c, token = csrf_client(demo, "renshe")
    for resp in (ask(c, token, ev.pk, "docx"), ask(c, token, ev.pk, "pdf", htmx=False), c.get(f"/e/{ev.pk}/export/docx/")):
        assert resp.status_code == 403 and "结果尚未公开" in resp.content.decode()
    assert not Job.objects.exists()  # nothing queued whose file would be refused
    assert AuditEntry.objects.filter(action="denied", detail__contains="结果未公开").count() == 3
    p, ptoken = csrf_client(demo, "pingjia")  # the firm still makes its report
    assert ask(p, ptoken, ev.pk, "docx").status_code == 200 and Job.objects.count() == 1


def test_form_reviews_do_not_take_the_report_conversions_places(demo, fake_soffice, monkeypatch, settings):
    """A round's many reviews queued first: the PDF asked for after them is made at once, on its own slot."""
    from django.contrib.auth import get_user_model

    from jixiao.web import rounds_review
    from jixiao.web.models import Round
    from jixiao.web.rounds_intake import accept

    settings.REPORT_WORKERS = settings.REVIEW_WORKERS = 1

    def slow_review(rf):
        time.sleep(0.8)
        return []

    monkeypatch.setattr(rounds_review, "review_stored", slow_review)
    user = get_user_model().objects.get(username="caizheng")
    accept(Round.objects.first(), [(f"表{i}.xlsx", b"PK form") for i in range(4)], user, None)
    ev = demo.reference
    pdf, _ = jobs.request_job("report.pdf", "test-pdf", {"format": "pdf"}, user, ev, ev.head)
    jobs.run_pending()
    reviews = Job.objects.filter(kind=rounds_review.KIND).order_by("started_at")
    assert set(Job.objects.values_list("status", flat=True)) == {"done"} and reviews.count() == 4
    pdf.refresh_from_db()
    # not behind the reviews queued before it: begun while the first of them still ran
    assert pdf.started_at < reviews[0].finished_at


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        pytest.skip("ps 不可用")
    return [int(x) for x in out.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_serve_makes_reports_with_its_own_worker_and_stops_it(tmp_path):
    """`jixiao serve --demo` alone (the Quick start): a Word report is made, and the worker ends with the server."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", str(tmp_path / "data"), "--port", str(port),
         "--workers", "1", "--threads", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        assert proc.poll() is None, proc.stdout.read()
        workers = [p for p in _children(proc.pid) if " worker " in _cmdline(p) + " "]
        assert len(workers) == 1, [(p, _cmdline(p)) for p in _children(proc.pid)]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{base}/login/")

        def post(url, data):
            token = next(c.value for c in jar if c.name == "csrftoken")  # a new one after logging in
            return opener.open(url, urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode())

        post(f"{base}/login/", {"username": "pingjia", "password": "jixiao-demo"})
        page = opener.open(f"{base}/evaluations/").read().decode()
        pk = re.search(r'href="/e/(\d+)/indicators/"', page).group(1)
        post(f"{base}/e/{pk}/reports/", {"fmt": "docx"})
        for _ in range(150):
            status = opener.open(f"{base}/e/{pk}/reports/status/").read().decode()
            if "已完成" in status or "失败" in status:
                break
            time.sleep(0.2)
        link = re.search(r'href="(/jobs/\d+/download/)"', status)
        assert link, status
        assert opener.open(base + link.group(1)).read()[:2] == b"PK"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    for _ in range(50):
        if not any(Path(f"/proc/{p}").exists() and _cmdline(p) for p in workers):
            break
        time.sleep(0.2)
    assert not any(Path(f"/proc/{p}").exists() and _cmdline(p) for p in workers), "the task worker outlived jixiao serve"
