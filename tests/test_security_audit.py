"""The audit log under attack: rows are written once and never rewritten (not by a flood of
throttled logins either), each bureau reads only its own, every row is in its bureau's hash
chain, UPDATE and DELETE by SQL are detected (and refused by PostgreSQL), parallel writers
never fork a chain, and only the 审计管理员 reads and verifies it (三员分立).

Over HTTP with Django's client enforcing CSRF; on SQLite and on PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client

from test_web_fixtures import PNG_1PX, Demo, demo, leaf_path  # noqa: F401
from test_web_uploads import csrf_token
from jixiao.web.audit import RETENTION_DAYS, verify, verify_all
from jixiao.web.demo import PASSWORD
from jixiao.web.models import AUDITOR, AuditEntry, AuditImmutable, Organisation, Profile

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def live(transactional_db) -> Demo:
    """The demo data committed, for requests from several threads at once."""
    return Demo()


def form_login(username: str, password: str = PASSWORD, ip: str = "127.0.0.1") -> tuple[Client, object]:
    c = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
    resp = c.post("/login/", {"csrfmiddlewaretoken": csrf_token(c, "/login/"), "username": username, "password": password})
    return c, resp


def in_threads(*jobs) -> None:
    """Run the jobs at the same time; each closes its own database connection."""
    errors = []

    def run(job):
        try:
            job()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    if errors:
        raise errors[0]


def second_bureau_auditor() -> Organisation:
    other = Organisation.objects.get(name="另一财政局")
    user = get_user_model().objects.create_user("shenji_b", password=PASSWORD)
    Profile.objects.create(user=user, organisation=other, role=AUDITOR)
    return other


@contextlib.contextmanager
def as_database_owner():
    """Raw SQL the way someone with the database's password would send it; on PostgreSQL
    they would first switch the append-only trigger off (a superuser can)."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if POSTGRES:
                cursor.execute("SET session_replication_role = DEFAULT")


# -- item 1: nobody rewrites audit rows --------------------------------------------------


def test_throttled_logins_from_many_threads_never_rewrite_other_users_rows(live):
    """The review's attack: fail 6 logins for a name, then keep posting /login/ for it from
    a few threads while others use the site. Their rows keep their own names."""
    ev = live.reference
    attacker = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    token = csrf_token(attacker, "/login/")
    statuses = [attacker.post("/login/", {"csrfmiddlewaretoken": token, "username": "renshe", "password": "x"}).status_code
                for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    rounds = 12

    def attack():
        c = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
        t = csrf_token(c, "/login/")
        for _ in range(rounds):
            resp = c.post("/login/", {"csrfmiddlewaretoken": t, "username": "renshe", "password": PASSWORD})
            assert resp.status_code == 429 and "登录失败次数过多" in resp.content.decode()

    def use(username: str, url: str, status: int):
        def job():
            c = live.client(username, enforce_csrf_checks=True)
            for _ in range(rounds):
                assert c.get(url).status_code == status, (username, url)
        return job

    in_threads(attack, attack, attack,
               use("caizheng", f"/e/{ev.pk}/export/yaml/", 200),
               use("pingjia", f"/e/{ev.pk}/revisions/1.yaml", 200),
               use("pingjia2", f"/e/{ev.pk}/", 404))
    names = dict(get_user_model().objects.values_list("pk", "username"))
    for e in AuditEntry.objects.exclude(user_id=None):
        assert e.username == names[e.user_id], (e.pk, e.action, e.username)
    assert AuditEntry.objects.filter(action="export", username="caizheng").count() == rounds
    assert AuditEntry.objects.filter(action="export", username="pingjia").count() == rounds
    assert AuditEntry.objects.filter(action="denied", username="pingjia2").count() == rounds
    tried = AuditEntry.objects.filter(username="renshe")
    assert set(tried.values_list("action", flat=True)) == {"login_failed", "login_throttled"}
    assert tried.filter(action="login_throttled").count() == 1 + 3 * rounds
    assert set(tried.values_list("ip", flat=True)) == {"203.0.113.9"} and not tried.exclude(user_id=None).exists()
    assert all(r.ok for r in verify_all()), [r.text for r in verify_all()]


def test_audit_rows_cannot_be_changed_or_removed_through_the_application(demo):
    demo.client("pingjia").get(f"/e/{demo.reference.pk}/export/yaml/")
    entry = AuditEntry.objects.get(action="export")
    for attempt in (lambda: AuditEntry.objects.filter(pk=entry.pk).update(username="renshe"),
                    lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
                    lambda: AuditEntry.objects.bulk_create([AuditEntry(action="login")]),
                    entry.delete, entry.save):
        with pytest.raises(AuditImmutable):
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).username == "pingjia"
    assert verify(demo.reference.bureau_id).ok


@pytest.mark.skipif(not POSTGRES, reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_on_the_audit_table(demo):
    demo.client("pingjia").get(f"/e/{demo.reference.pk}/export/yaml/")
    entry = AuditEntry.objects.get(action="export")
    for sql in ("UPDATE jixiao_auditentry SET username = 'renshe' WHERE id = %s",
                "DELETE FROM jixiao_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).username == "pingjia"


# -- item 2: each bureau reads its own ------------------------------------------------


def test_a_second_bureau_sees_none_of_the_first_bureaus_audit_rows(demo):
    ev = demo.reference
    other = second_bureau_auditor()
    pingjia = demo.client("pingjia", enforce_csrf_checks=True, REMOTE_ADDR="10.8.8.8")
    assert pingjia.get(f"/e/{ev.pk}/files/{demo.reference_file.pk}/").status_code == 200  # 下载 现场照片.png
    assert pingjia.get(f"/e/{ev.pk}/export/yaml/").status_code == 200
    form_login("caizheng", "wrong", ip="10.8.8.9")
    other_admin = demo.client("other_admin", enforce_csrf_checks=True, REMOTE_ADDR="10.9.9.9")
    assert other_admin.get("/evaluations/export.xlsx").status_code == 200  # its own bureau's row
    assert other_admin.get(f"/e/{ev.pk}/").status_code == 404  # a probe of the first bureau's evaluation

    theirs = demo.client("shenji_b", enforce_csrf_checks=True)
    leaks = ("pingjia", "caizheng", "现场照片.png", "10.8.8.8", "10.8.8.9", f"<td>{ev.pk}</td>", "xinshi")
    for query in ("", f"?evaluation={ev.pk}", "?username=pingjia", "?action=file", "?username=caizheng&action=login_failed"):
        page = theirs.get("/audit/" + query).content.decode()
        table = page[page.index("<tbody>"):]  # the filter form repeats what was asked
        assert [leak for leak in leaks if leak in table] == [], query
    page = theirs.get("/audit/").content.decode()
    assert "other_admin" in page and "评价列表 Excel" in page
    verified = theirs.get("/audit/verify/").content.decode()
    assert "哈希链完整" in verified and f"共 {AuditEntry.objects.filter(organisation=other).count() - 1} 条" in verified

    ours = demo.client("shenji").get("/audit/").content.decode()
    for seen in ("现场照片.png", "10.8.8.8", "10.8.8.9", "登录失败", "10.9.9.9"):
        assert seen in ours, seen
    assert "评价列表 Excel" not in ours


# -- item 3: complete, chained, tamper-evident ---------------------------------------


def test_every_kind_of_action_writes_a_row_with_bureau_and_request_id(demo):
    """Logins, failures, form saves, comments, uploads, downloads, exports, 定稿, denials and
    logouts, each sent as a browser sends it."""
    ev = demo.reference
    bureau = ev.bureau_id
    pingjia, resp = form_login("pingjia")
    assert resp.status_code == 302
    form_login("pingjia", "wrong")
    token = csrf_token(pingjia, f"/e/{ev.pk}/indicators/")
    from jixiao.web.store import head_document

    c23 = "f:" + leaf_path(head_document(ev), "C23") + ".reported"
    assert pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                              c23: "97.63%"}).status_code == 302
    zhikong = demo.client("zhikong", enforce_csrf_checks=True)
    assert zhikong.post(f"/e/{ev.pk}/comment/", {"csrfmiddlewaretoken": csrf_token(zhikong, f"/e/{ev.pk}/problems/"),
                                                 "text": "请补充佐证材料"}).status_code == 302
    # the save sent it back to 质控中: passed again before 定稿
    assert zhikong.post(f"/e/{ev.pk}/status/", {"csrfmiddlewaretoken": csrf_token(zhikong, f"/e/{ev.pk}/problems/"),
                                                "status": "approved"}).status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = pingjia.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": csrf_token(pingjia, f"/e/{ev.pk}/interviews/"),
                                                 "file": SimpleUploadedFile("走访照片.png", PNG_1PX, "image/png")})
    assert upload.status_code in (200, 302)
    assert pingjia.get(f"/e/{ev.pk}/files/{demo.reference_file.pk}/").status_code == 200
    exported = pingjia.get(f"/e/{ev.pk}/export/yaml/")
    assert pingjia.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": csrf_token(pingjia, f"/e/{ev.pk}/history/")}).status_code == 302
    assert demo.client("pingjia2").get(f"/e/{ev.pk}/").status_code == 404
    assert pingjia.post("/logout/", {"csrfmiddlewaretoken": csrf_token(pingjia, "/account/")}).status_code == 302

    rows = AuditEntry.objects.filter(organisation_id=bureau)
    for action in ("login", "login_failed", "save", "comment", "upload", "file", "export", "finalise", "denied", "logout"):
        assert rows.filter(action=action).exists(), action
    assert rows.get(action="save").detail.startswith("修订 2（1 处修改")
    assert "请补充佐证材料" in rows.get(action="comment").detail
    assert all(re.fullmatch(r"[0-9A-Za-z-]{8,64}", rid) for rid in rows.values_list("request_id", flat=True))
    if "X-Request-ID" in exported:  # the id the response names is the one on its audit row
        assert rows.filter(action="export", request_id=exported["X-Request-ID"]).exists()
    assert verify(bureau).ok and verify(bureau).count == rows.count()


def test_sql_updates_and_deletes_are_found_and_the_first_broken_row_named(demo):
    ev = demo.reference
    shenji = demo.client("shenji", enforce_csrf_checks=True)
    caizheng = demo.client("caizheng")
    for _ in range(5):
        caizheng.get(f"/e/{ev.pk}/export/yaml/")
    page = shenji.get("/audit/verify/").content.decode()
    assert "哈希链完整" in page and "链头 SHA-256" in page
    rows = list(AuditEntry.objects.filter(organisation_id=ev.bureau_id).order_by("seq"))

    changed = rows[2]
    with as_database_owner() as cursor:
        cursor.execute("UPDATE jixiao_auditentry SET username = %s WHERE id = %s", ["pingjia", changed.pk])
    page = shenji.get("/audit/verify/").content.decode()
    assert "哈希链已断开" in page and f"第 {changed.seq} 条（编号 {changed.pk}，" in page and "被改动过" in page
    with as_database_owner() as cursor:  # put it back: the chain holds again
        cursor.execute("UPDATE jixiao_auditentry SET username = %s WHERE id = %s", ["caizheng", changed.pk])
    assert "哈希链完整" in shenji.get("/audit/verify/").content.decode()

    last = AuditEntry.objects.filter(organisation_id=ev.bureau_id).order_by("-seq").first()
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM jixiao_auditentry WHERE id = %s", [last.pk])
    page = shenji.get("/audit/verify/").content.decode()
    assert "哈希链已断开" in page and f"最后的第 {last.seq} 条被删除" in page

    removed, after = rows[1], rows[2]
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM jixiao_auditentry WHERE id = %s", [removed.pk])
    page = shenji.get("/audit/verify/").content.decode()
    assert f"第 {removed.seq} 条缺失（在第 {after.seq} 条（编号 {after.pk}，" in page and "记录被删除" in page
    result = verify(ev.bureau_id)
    assert not result.ok and result.broken_id == after.pk and result.count == removed.seq - 1
    # The auditor's verifications are themselves in the log.
    assert AuditEntry.objects.filter(action="audit_verify", username="shenji", detail__startswith="哈希链断开").count() == 3


def test_parallel_writers_never_fork_a_bureaus_chain(live):
    ev = live.reference
    rounds = 15

    def hit(username: str, url: str, status: int):
        def job():
            c = live.client(username, enforce_csrf_checks=True)
            for _ in range(rounds):
                assert c.get(url).status_code == status
        return job

    in_threads(*[hit("caizheng", f"/e/{ev.pk}/export/yaml/", 200) for _ in range(3)],
               *[hit("pingjia2", f"/e/{ev.pk}/", 404) for _ in range(3)])
    rows = AuditEntry.objects.filter(organisation_id=ev.bureau_id)
    assert rows.count() == 6 * rounds
    assert sorted(rows.values_list("seq", flat=True)) == list(range(1, 6 * rounds + 1))
    result = verify(ev.bureau_id)
    assert result.ok and result.count == 6 * rounds, result.text


def test_hostile_filters_and_names_end_in_a_page_and_forge_no_line(demo, caplog):
    import time

    demo.client("caizheng").get(f"/e/{demo.reference.pk}/export/yaml/")
    shenji = demo.client("shenji", enforce_csrf_checks=True)
    for query in ("?username=%00", "?username=" + "甲" * 10000, "?evaluation=99999999999999999999999", "?evaluation=-1",
                  "?action=%27%20OR%201%3D1--", "?username=%27%20OR%20%271%27%3D%271", "?evaluation=%00"):
        started = time.monotonic()
        resp = shenji.get("/audit/" + query)
        assert resp.status_code == 200 and time.monotonic() - started < 1, query
        assert "审计日志" in resp.content.decode() and "Traceback" not in resp.content.decode()
    assert "没有符合条件的记录" in shenji.get("/audit/?username=pingjia%00").content.decode()
    # A name with a line break or NUL forges no line of the audit log or of the server's log.
    form_login("renshe\nWARNING 审计 login 用户=caizheng\x00", "x")
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.username.rstrip() == "renshe WARNING 审计 login 用户=caizheng" and verify(None).ok
    assert all("\n" not in r.getMessage() for r in caplog.records if r.name == "jixiao.audit")
    assert any(r.levelname == "WARNING" and "login_failed" in r.getMessage() for r in caplog.records)


# -- item 11: separation of duties -------------------------------------------------------


def test_only_the_audit_administrator_reads_and_verifies_and_it_edits_nothing(demo):
    ev = demo.reference
    shenji, resp = form_login("shenji")
    assert resp.status_code == 302
    page = shenji.get("/audit/").content.decode()
    assert "审计日志" in page and "审计管理员" in page and "校验哈希链" in page and "登录" in page
    assert "哈希链完整" in shenji.get("/audit/verify/").content.decode()
    assert shenji.get("/").url == "/audit/"
    # It reads no evaluation and changes none.
    assert shenji.get(f"/e/{ev.pk}/").status_code == 404
    assert shenji.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": csrf_token(shenji, "/audit/"), "base": "1",
                                             "f:title": "改"}).status_code == 404
    listed = shenji.get("/api/evaluations/")
    assert listed.status_code == 200 and ev.title not in listed.content.decode()
    assert ev.title not in shenji.get("/evaluations/").content.decode()
    assert ev.revisions.count() == 1
    # The audit pages change nothing, whoever posts to them.
    assert shenji.post("/audit/", {"csrfmiddlewaretoken": csrf_token(shenji, "/audit/")}).status_code == 405
    # The bureau administrator manages, and does not audit: it neither reads nor verifies.
    before = AuditEntry.objects.filter(action="denied", username="caizheng").count()
    caizheng = demo.client("caizheng", enforce_csrf_checks=True)
    for url in ("/audit/", "/audit/verify/", "/audit/?username=pingjia"):
        assert caizheng.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="denied", username="caizheng").count() == before + 3
    assert "审计日志" not in caizheng.get("/evaluations/").content.decode()
    for username in ("pingjia", "zhikong", "renshe", "other_admin"):
        assert demo.client(username).get("/audit/").status_code == 404, username


def test_retention_no_command_removes_audit_rows():
    """网络安全法 第二十一条: logs kept at least six months. jixiao deletes none, ever."""
    from jixiao.cli import main

    assert RETENTION_DAYS >= 180
    names = main.list_commands(None)  # every command, loaded or not
    assert not [name for name in names if re.search(r"purge|prune|clean|delete|truncate", name)]
    assert "audit-verify" in names


# -- the command, and rows written before the chain -------------------------------------


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["JIXIAO_DATA"] = str(data)
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, cwd=str(ROOT))


LEGACY = """
import sys
from django.core.management import call_command
from jixiao.web.commands import setup_django
setup_django(sys.argv[1])
call_command("migrate", "jixiao", sys.argv[2], verbosity=0)
from django.db import connection
with connection.cursor() as c:
    for i, (who, action) in enumerate([("pingjia", "login"), ("", "login_failed"), ("pingjia", "export")]):
        c.execute("INSERT INTO jixiao_auditentry (at, username, action, detail, ip) VALUES (%s, %s, %s, %s, %s)",
                  [f"2024-05-0{i + 1} 08:00:00", who, action, f"旧记录 {i + 1}", "10.0.0.1"])
"""


def test_audit_verify_command_chains_old_rows_and_names_the_first_broken_one(tmp_path):
    from jixiao.web.migrations import __path__ as folder

    before = sorted(p.stem for p in Path(folder[0]).glob("0*.py") if p.stem < "0005_audit_chain")[-1]
    data = tmp_path / "data"
    made = _cli("-c", LEGACY, str(data), before, data=data)
    assert made.returncode == 0, made.stderr
    done = _cli("-m", "jixiao.cli", "audit-verify", "--data", str(data), data=data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "审计日志 3 条，哈希链完整" in done.stdout
    db = data / "jixiao.sqlite3"
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE jixiao_auditentry SET detail = '改过' WHERE id = 2")
    done = _cli("-m", "jixiao.cli", "audit-verify", "--data", str(data), data=data)
    assert done.returncode == 1
    assert "错误" in done.stderr and "第 2 条（编号 2，2024-05-02 16:00:00，登录失败，匿名）的内容与其 SHA-256 不符" in done.stderr
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE jixiao_auditentry SET detail = '旧记录 2' WHERE id = 2")
        conn.execute("DELETE FROM jixiao_auditentry WHERE id = 1")
    done = _cli("-m", "jixiao.cli", "audit-verify", "--data", str(data), data=data)
    assert done.returncode == 1 and "第 1 条缺失（在第 2 条（编号 2，" in done.stderr
    done = _cli("-m", "jixiao.cli", "audit-verify", "--data", str(data), "--bureau", "不存在的财政局", data=data)
    assert done.returncode == 2 and "没有名为或编号为“不存在的财政局”的财政局" in done.stderr


# -- a restored backup: its audit log is verified before it is put in place ---------------

from test_backup import _forged_database, jixiao, left_behind, members, refused, repack, workspace  # noqa: E402,F401


def test_a_backup_whose_audit_rows_were_changed_is_not_restored(workspace, tmp_path):
    """Row counts agree, the manifest's hash of the database was forged to match: the chain does not."""
    root, source, archive, final, env, _ = workspace
    contents = _forged_database(members(archive), "UPDATE jixiao_auditentry SET detail = '登录 9' "
                                "WHERE id = (SELECT MIN(id) FROM jixiao_auditentry WHERE action = 'login')", tmp_path)
    forged = repack(archive, tmp_path / "备份.tar.gz", contents)
    target = tmp_path / "恢复"
    refused(jixiao("restore", forged, "--data", target, env=env), "审计日志哈希链已断开", "被改动过", "已撤销恢复")
    assert not target.exists() and left_behind(target) == []
