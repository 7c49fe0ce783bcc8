"""定稿 integrity, attacked the way the review did: someone with write access to the database
(SQL, no key) rewrites the frozen text, the text together with its SHA-256, the score table the
list and the API read, the signed manifest or the signature itself. Each is flagged in Chinese
on the page over HTTP (CSRF enforced), by the API and in the audit log; a download of such a
定稿 is refused with a 409; a correct 定稿 verifies; one frozen before signatures existed is
shown as 未签名（旧版定稿）, hash-checked. On SQLite the 定稿 is committed with synchronous=FULL.
On SQLite, and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import stat
import time
from decimal import Decimal

import pytest
from django.db import connection

from test_web_fixtures import demo  # noqa: F401
from test_web_uploads import csrf_token
from jixiao import __version__
from jixiao.web import signing
from jixiao.web.models import AuditEntry, Evaluation, Revision, ScoreSummary

DISPLAY_SECONDS = 1.0  # a tampered 定稿's page still answers within this


def finalised(demo):
    """The reference evaluation (97.00 优) frozen by its evaluator through the page, CSRF enforced."""
    ev = demo.reference
    c = demo.client("pingjia", enforce_csrf_checks=True)
    resp = c.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": csrf_token(c, f"/e/{ev.pk}/history/")})
    assert resp.status_code == 302
    return Evaluation.objects.get(pk=ev.pk), c


def sql(statement: str, *params) -> None:
    """What an attacker with the database's password does: bypass the application."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def shown(client, ev) -> tuple[str, dict, float]:
    """The 定稿 as its reader sees it: the page's text (timed) and the API's answer."""
    start = time.monotonic()
    resp = client.get(f"/e/{ev.pk}/indicators/")
    took = time.monotonic() - start
    assert resp.status_code == 200
    api = client.get(f"/api/evaluations/{ev.pk}/")
    assert api.status_code == 200
    return resp.content.decode(), api.json(), took


def tampered_text(text: str) -> str:
    """The frozen text with one figure changed: 新增就业人数 25632人 → 20000人 lowers C11's score."""
    assert text.count("value: 25632人") == 1
    return text.replace("value: 25632人", "value: 20000人")


def audited(ev, *expected: str) -> str:
    rows = list(AuditEntry.objects.filter(action="final_check_failed", evaluation_id_ref=ev.pk))
    assert rows, "no audit row for the failed check"
    detail = rows[0].detail
    for text in expected:
        assert text in detail, detail
    return detail


# -- a correct 定稿 ---------------------------------------------------------------------


def test_final_is_signed_with_a_key_kept_outside_the_database(demo):
    ev, c = finalised(demo)
    manifest = json.loads(ev.final_manifest)
    assert ev.final_signature.startswith("hmac-sha256:")
    assert manifest["engine"] == __version__ and manifest["evaluation"] == ev.pk and manifest["version"] == 1
    assert manifest["revision"] == ev.final_revision.number and manifest["finalised_by"] == "pingjia"
    assert manifest["sha256"] == ev.final_sha256 == hashlib.sha256(ev.final_revision.text.encode()).hexdigest()
    scores = manifest["scores"]
    assert Decimal(scores["total"]) == Decimal("97.00") and scores["grade"] == "优" and scores["provisional"] is False
    codes = {row[0]: row for row in scores["indicators"]}
    assert {"A", "B", "C", "A11", "C11"} <= set(codes) and codes["C11"][2] is not None  # every indicator, with its weight
    # The key: a file of the data directory, readable by its owner only, in no row of the database.
    path = signing.key_path()
    key = path.read_bytes().strip()
    assert path.parent.name == "keys" and len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    mac = hmac.new(key, ev.final_manifest.encode(), hashlib.sha256).hexdigest()
    assert ev.final_signature.endswith(":" + mac)
    with connection.cursor() as cursor:
        for model in (Evaluation, Revision, AuditEntry):
            cursor.execute(f"SELECT * FROM {table(model)}")
            assert key.decode() not in repr(cursor.fetchall())
    page, api, _ = shown(c, ev)
    assert "签名有效，校验一致" in page and "定稿校验不一致" not in page and '<b id="total">97.00</b>' in page
    assert api["final_check"] == {"signed": True, "ok": True, "status": "签名有效，校验一致", "problems": [],
                                  "engine": __version__}
    assert api["total"] == "97" and api["grade"] == "优"
    listed = c.get("/api/evaluations/").json()["evaluations"]
    assert next(e for e in listed if e["id"] == ev.pk)["final_check"]["ok"] is True
    assert c.get(f"/e/{ev.pk}/export/yaml/").status_code == 200
    assert not AuditEntry.objects.filter(action="final_check_failed").exists()


# -- the attacks -------------------------------------------------------------------------


def test_final_text_changed_by_sql_is_flagged(demo, caplog):
    ev, c = finalised(demo)
    rev = ev.final_revision
    sql(f"UPDATE {table(Revision)} SET text = %s WHERE id = %s", tampered_text(rev.text), rev.pk)
    page, api, took = shown(c, ev)
    assert took < DISPLAY_SECONDS
    assert '<b class="sev-error">定稿校验不一致</b>' in page and "定稿文本的 SHA-256 与定稿时记录的不一致" in page
    assert "定稿签名校验失败：定稿文本被改动过" in page
    assert "定稿得分与重新计算不一致：总分 97.00 → " in page
    assert api["final_check"]["ok"] is False and api["total"] == "97"  # the signed total, not the rewritten one
    assert any("定稿文本被改动过" in p for p in api["final_check"]["problems"])
    audited(ev, "定稿文本被改动过", "总分 97.00 → ")
    assert "定稿校验不一致" in caplog.text  # and a line in the server's log


def test_final_text_and_hash_rewritten_together_are_flagged(demo):
    """A SHA-256 can be rewritten with the text; the signature over it cannot."""
    ev, c = finalised(demo)
    rev = ev.final_revision
    forged = tampered_text(rev.text)
    digest = hashlib.sha256(forged.encode()).hexdigest()
    sql(f"UPDATE {table(Revision)} SET text = %s, sha256 = %s WHERE id = %s", forged, digest, rev.pk)
    sql(f"UPDATE {table(Evaluation)} SET final_sha256 = %s WHERE id = %s", digest, ev.pk)
    page, api, took = shown(c, ev)
    assert took < DISPLAY_SECONDS
    assert "定稿文本的 SHA-256 与定稿时记录的不一致" not in page  # the hashes agree with each other now …
    assert "定稿签名校验失败：定稿文本被改动过" in page  # … but not with the signed one
    recomputed = page.split("定稿得分与重新计算不一致：总分 97.00 → ")[1][:5]
    assert recomputed != "97.00" and '<b id="total">97.00</b>' not in page
    assert api["final_check"]["ok"] is False and api["total"] == "97" and api["grade"] == "优"
    audited(ev, "定稿签名校验失败：定稿文本被改动过", "总分 97.00 → " + recomputed)


def test_score_table_changed_by_sql_is_flagged_and_not_shown_as_is(demo):
    ev, c = finalised(demo)
    sql(f"UPDATE {table(ScoreSummary)} SET total = %s, grade = %s WHERE evaluation_id = %s", "99.5", "优", ev.pk)
    page, api, _ = shown(c, ev)
    assert "得分汇总表与签名的定稿得分不一致，数据库中的汇总被改动过：总分 记为 99.50，应为 97.00" in page
    assert api["total"] == "97" and api["final_check"]["ok"] is False
    listed = c.get("/api/evaluations/").json()["evaluations"]
    row = next(e for e in listed if e["id"] == ev.pk)
    assert row["total"] == "97" and row["final_check"]["ok"] is False
    # The list reads the score table: it shows the signed total and says the row was changed.
    admin = demo.client("caizheng")
    lst = admin.get("/evaluations/").content.decode()
    assert "定稿校验不一致" in lst and "总分 记为 99.50，应为 97.00" in lst
    assert '<td class="num">97.00</td>' in lst and '<td class="num">99.50</td>' not in lst
    audited(ev, "总分 记为 99.50，应为 97.00")
    # A deduction or a 一级指标 score changed behind the 定稿 (the portfolio's charts) is flagged too.
    sql(f"UPDATE {table(ScoreSummary)} SET total = %s WHERE evaluation_id = %s", "97", ev.pk)
    from jixiao.web.models import LevelScore

    sql(f"UPDATE {table(LevelScore)} SET score = score + 1 WHERE evaluation_id = %s AND code = %s", ev.pk, "C")
    page, api, _ = shown(c, ev)
    assert "一级指标C 得分 记为" in page and "总分 记为" not in page and api["final_check"]["ok"] is False


def test_signed_manifest_changed_by_sql_is_flagged(demo):
    """Rewriting what was signed (here: the signed total) without the key breaks the signature."""
    ev, c = finalised(demo)
    manifest = json.loads(ev.final_manifest)
    manifest["scores"]["total"] = "99.5000"
    forged = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    sql(f"UPDATE {table(Evaluation)} SET final_manifest = %s WHERE id = %s", forged, ev.pk)
    page, api, _ = shown(c, ev)
    assert "定稿签名校验失败：签名与定稿记录不符" in page
    assert api["final_check"]["ok"] is False and api["total"] == "97"  # recomputed from the text, not the forged 99.5
    audited(ev, "签名与定稿记录不符")


def test_signature_changed_or_made_with_another_key_is_flagged(demo):
    ev, c = finalised(demo)
    scheme, fingerprint, mac = ev.final_signature.split(":")
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    sql(f"UPDATE {table(Evaluation)} SET final_signature = %s WHERE id = %s", f"{scheme}:{fingerprint}:{flipped}", ev.pk)
    page, api, _ = shown(c, ev)
    assert "定稿签名校验失败：签名与定稿记录不符" in page and api["final_check"]["ok"] is False
    # A forger's own key: a correct HMAC, but not under this server's key.
    key = secrets.token_hex(32).encode()
    theirs = hmac.new(key, ev.final_manifest.encode(), hashlib.sha256).hexdigest()
    sql(f"UPDATE {table(Evaluation)} SET final_signature = %s WHERE id = %s",
        f"hmac-sha256:{signing.fingerprint(key)}:{theirs}", ev.pk)
    page, api, _ = shown(c, ev)
    assert "签名所用的密钥不是本系统的签名密钥" in page and api["final_check"]["ok"] is False
    # Two findings, two audit rows; viewing the same finding again writes none.
    shown(c, ev)
    assert AuditEntry.objects.filter(action="final_check_failed", evaluation_id_ref=ev.pk).count() == 2


def test_missing_key_is_said_not_taken_for_valid(demo, tmp_path, monkeypatch):
    ev, c = finalised(demo)
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "没有这个文件.key"))
    page, api, _ = shown(c, ev)
    assert "无法校验定稿签名：签名密钥文件" in page and "须从单独保存的密钥备份恢复" in page
    assert api["final_check"]["ok"] is False
    assert not (tmp_path / "没有这个文件.key").exists()  # checking never makes a new key


def test_download_of_a_tampered_final_is_refused(demo):
    ev, c = finalised(demo)
    rev = ev.final_revision
    sql(f"UPDATE {table(Revision)} SET text = %s WHERE id = %s", tampered_text(rev.text), rev.pk)
    for url in (f"/e/{ev.pk}/export/yaml/", f"/e/{ev.pk}/export/xlsx/", f"/e/{ev.pk}/revisions/{rev.number}.yaml"):
        resp = c.get(url)
        body = resp.content.decode()
        assert resp.status_code == 409 and "定稿校验不一致，未下载" in body and "定稿文本被改动过" in body, url
        assert "Content-Disposition" not in resp and "20000人" not in body
    assert AuditEntry.objects.filter(action="final_download_refused", evaluation_id_ref=ev.pk).count() == 3


@pytest.mark.django_db(transaction=True)
def test_report_of_a_tampered_final_is_not_handed_out():
    """The Word report, made by the task worker before the text was rewritten, is refused too."""
    import re

    from test_web_fixtures import Demo
    from jixiao.web import jobs
    from jixiao.web.models import Job

    demo = Demo()  # committed: the worker runs on connections of its own
    ev, c = finalised(demo)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', c.get(f"/e/{ev.pk}/report/").content.decode()).group(1)
    assert c.post(f"/e/{ev.pk}/reports/", {"fmt": "docx", "csrfmiddlewaretoken": token}).status_code == 302
    jobs.run_pending()
    job = Job.objects.get(evaluation=ev, kind="report.docx")
    assert job.status == "done" and c.get(f"/jobs/{job.pk}/download/").status_code == 200
    sql(f"UPDATE {table(Revision)} SET text = %s WHERE id = %s", tampered_text(ev.final_revision.text), ev.final_revision_id)
    for url in (f"/jobs/{job.pk}/download/", f"/e/{ev.pk}/export/docx/"):
        resp = c.get(url)
        assert resp.status_code == 409 and "定稿校验不一致，未下载" in resp.content.decode(), url
    assert AuditEntry.objects.filter(action="final_download_refused", evaluation_id_ref=ev.pk).count() == 2


def test_no_new_version_starts_from_a_tampered_final(demo):
    """Else the rewritten text would become a clean draft of 第 2 版, to be frozen and signed anew."""
    ev, c = finalised(demo)
    sql(f"UPDATE {table(Revision)} SET text = %s WHERE id = %s", tampered_text(ev.final_revision.text), ev.final_revision_id)
    resp = c.post(f"/e/{ev.pk}/new-version/", {"csrfmiddlewaretoken": csrf_token(c, f"/e/{ev.pk}/history/")}, follow=True)
    assert "不能由它开始新版本" in resp.content.decode() and "定稿文本被改动过" in resp.content.decode()
    assert not Evaluation.objects.filter(previous_version=ev).exists()


# -- older 定稿 ---------------------------------------------------------------------------


def test_final_from_before_signatures_is_shown_unsigned_and_hash_checked(demo):
    ev, c = finalised(demo)
    sql(f"UPDATE {table(Evaluation)} SET final_manifest = '', final_signature = '' WHERE id = %s", ev.pk)
    page, api, _ = shown(c, ev)
    assert "未签名（旧版定稿），SHA-256 校验一致" in page and "定稿校验不一致" not in page
    assert api["final_check"]["signed"] is False and api["final_check"]["ok"] is True
    history = c.get(f"/e/{ev.pk}/history/").content.decode()
    assert "未签名（旧版定稿）：定稿早于签名功能，只能核对 SHA-256" in history
    ev.refresh_from_db()
    assert ev.final_signature == "" and ev.final_manifest == ""  # never signed after the fact
    sql(f"UPDATE {table(Revision)} SET text = %s WHERE id = %s", tampered_text(ev.final_revision.text), ev.final_revision_id)
    page, api, _ = shown(c, ev)
    assert "定稿文本的 SHA-256 与定稿时记录的不一致" in page and api["final_check"]["ok"] is False


# -- durability ---------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="synchronous is SQLite's")
@pytest.mark.django_db(transaction=True)
def test_final_is_committed_with_synchronous_full_on_sqlite():
    from django.contrib.auth import get_user_model

    from jixiao.web.demo import load_demo
    from jixiao.web.store import finalise

    load_demo()
    ev = Evaluation.objects.get(kind="department", year=2024)
    levels = []

    def spy(execute, sql_text, params, many, context):
        if sql_text.startswith("UPDATE") and Evaluation._meta.db_table in sql_text and "final_manifest" in sql_text:
            levels.append(context["connection"].connection.execute("PRAGMA synchronous").fetchone()[0])
        return execute(sql_text, params, many, context)

    with connection.execute_wrapper(spy):
        finalise(ev.pk, get_user_model().objects.get(username="pingjia"))
    assert levels == [2]  # FULL while the 定稿 is written
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL again for every other write
    assert signing.check(Evaluation.objects.get(pk=ev.pk)).ok


def test_forced_restore_keeps_the_signing_key(tmp_path):
    """`jixiao restore --force` replaces the data directory's contents, but not the key, which the
    archive does not hold: without it every signed 定稿 would read 无法校验定稿签名."""
    from jixiao.web.backup import _put_in_place

    target, staging = tmp_path / "data", tmp_path / "staging"
    (target / "keys").mkdir(parents=True)
    (target / "keys" / "finalise.key").write_text("k" * 64)
    (target / "jixiao.sqlite3").write_text("old")
    (staging / "files").mkdir(parents=True)
    (staging / "jixiao.sqlite3").write_text("restored")
    _put_in_place(staging, target)
    assert (target / "keys" / "finalise.key").read_text() == "k" * 64
    assert (target / "jixiao.sqlite3").read_text() == "restored" and not staging.exists()
