"""`jixiao backup` and `jixiao restore` as an administrator runs them: the demo workspace
with a 定稿 and an attachment, backed up, restored into a fresh data directory (row
counts, files and 定稿 hashes as before, and the workspace serves the 定稿 at 97.00);
a non-empty target and every kind of tampered archive are refused with a Chinese
message and leave nothing behind. On SQLite, and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

PREPARE = r"""
import sys
from jixiao.web.commands import setup_django
setup_django(sys.argv[1])
from django.conf import settings
from django.core.management import call_command
settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
call_command("migrate", interactive=False, verbosity=0)
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.contrib.auth import get_user_model
from jixiao.web.demo import load_demo
from jixiao.web.models import Attachment, AuditEntry, Evaluation
from jixiao.web.store import finalise
from jixiao.web.uploads import store
load_demo()
ev = Evaluation.objects.get(kind="department", year=2024)  # the demo also holds its 2023 定稿
user = get_user_model().objects.get(username="pingjia")
finalise(ev.pk, user)
photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
name, digest = store(photo, "现场照片.png")
Attachment.objects.create(evaluation=ev, stored_name=name, original_name="现场照片.png", content_type="image/png",
                          size=len(photo), sha256=digest, is_image=True, uploaded_by=user)
for i in range(3):
    AuditEntry.objects.create(username="pingjia", action="login", detail=f"登录 {i}")
print(ev.pk)
"""

# Log in to the restored workspace and read the 定稿 evaluation as a user would.
SERVE_CHECK = r"""
import sys
from jixiao.web.commands import setup_django
setup_django(sys.argv[1])
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.test import Client
c = Client(enforce_csrf_checks=True)
assert c.login(username="pingjia", password="jixiao-demo")
page = c.get(f"/e/{sys.argv[2]}/history/").content.decode()
print("97.00" in page, "校验一致" in page, "已定稿" in page)
"""


def put_key_back(source: Path, target: Path) -> None:
    """The 定稿 signing key is not in the backup (README): an administrator restores it separately."""
    assert not (target / "keys").exists()
    (target / "keys").mkdir(mode=0o700)
    shutil.copy2(source / "keys" / "finalise.key", target / "keys" / "finalise.key")


def environment(database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_DATA", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=600)


def jixiao(*args, env: dict) -> subprocess.CompletedProcess:
    return run(["-m", "jixiao.cli", *map(str, args)], env)


def prepare(data: Path, env: dict) -> int:
    done = run(["-c", PREPARE, str(data)], env)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def refused(done: subprocess.CompletedProcess, *expected: str) -> str:
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "Traceback" not in said and "错误" in said, said
    for text in expected:
        assert text in said, said
    return said


def left_behind(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.glob(f".{target.name}.restore-*"))


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def finals_verify(cursor) -> list[tuple[int, bool]]:
    cursor.execute("SELECT e.id, e.final_sha256, r.sha256, r.text FROM jixiao_evaluation e "
                   "JOIN jixiao_revision r ON r.id = e.final_revision_id ORDER BY e.id")
    return [(pk, hashlib.sha256(text.encode()).hexdigest() == recorded == rev) for pk, recorded, rev, text in cursor.fetchall()]


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def repack(archive: Path, out: Path, contents: dict[str, bytes], extra: list[tarfile.TarInfo] = ()) -> Path:
    with tarfile.open(out, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return out


def with_manifest_for(contents: dict[str, bytes], database: str) -> dict[str, bytes]:
    """A forger's archive: the database changed and the manifest's hash of it updated to match."""
    manifest = json.loads(contents["manifest.json"])
    manifest["database"]["sha256"] = hashlib.sha256(contents[database]).hexdigest()
    manifest["database"]["size"] = len(contents[database])
    return contents | {"manifest.json": json.dumps(manifest).encode()}


# -- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """The demo workspace (a 定稿, a photo) and its backup, made once for this module."""
    root = tmp_path_factory.mktemp("backup")
    env = environment()
    source = root / "data"
    final = prepare(source, env)
    archive = root / "备份.tar.gz"
    done = jixiao("backup", "--data", source, "-o", archive, env=env)
    assert done.returncode == 0, done.stderr
    return root, source, archive, final, env, done.stdout


def test_backup_then_restore_into_a_fresh_directory_keeps_everything(workspace):
    root, source, archive, final, env, said = workspace
    assert "已备份到" in said and "定稿 2 项（校验一致）" in said
    assert "上传文件 3 个" in said  # the photo and the two forms submitted in the 自评 round
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: readable by its owner only
    target = root / "恢复" / "data"
    done = jixiao("restore", archive, "--data", target, env=env)
    assert done.returncode == 0, done.stderr
    assert "已从" in done.stdout and "行数、文件和定稿均与清单一致" in done.stdout
    # Every table has the rows it had, and none is empty that matters.
    before, after = sqlite_counts(source / "jixiao.sqlite3"), sqlite_counts(target / "jixiao.sqlite3")
    assert before == after
    assert after["jixiao_evaluation"] == 3 and after["jixiao_revision"] >= 2 and after["jixiao_auditentry"] >= 3
    assert after["auth_user"] >= 6 and after["jixiao_attachment"] == 1 and after["jixiao_roundfile"] == 2
    with sqlite3.connect(target / "jixiao.sqlite3") as conn:
        verified = finals_verify(conn.cursor())  # the 2024 定稿 made here and the demo's 2023 one
        assert len(verified) == 2 and (final, True) in verified and all(ok for _, ok in verified)
        stored = conn.execute("SELECT stored_name, sha256 FROM jixiao_attachment").fetchone()
        form = conn.execute("SELECT stored_name, sha256 FROM jixiao_roundfile").fetchone()
        total = conn.execute("SELECT total FROM jixiao_scoresummary WHERE evaluation_id = ?", (final,)).fetchone()[0]
    assert f"{float(total):.2f}" == "97.00"
    for name, digest in (stored, form):  # the photo and the round's submitted 自评表
        restored = target / "files" / name
        assert restored.read_bytes() == (source / "files" / name).read_bytes()
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == digest
    assert left_behind(target) == []
    # The restored workspace serves the 定稿 with its hash and signature verified.
    put_key_back(source, target)
    check = run(["-c", SERVE_CHECK, str(target), str(final)], env)
    assert check.stdout.split() == ["True", "True", "True"], check.stderr


def test_restore_refuses_a_directory_that_is_not_empty_unless_forced(workspace):
    root, source, archive, final, env, _ = workspace
    target = root / "已有数据"
    target.mkdir()
    (target / "jixiao.sqlite3").write_bytes(b"the data of another workspace")
    refused(jixiao("restore", archive, "--data", target, env=env), "不是空的", "--force")
    assert (target / "jixiao.sqlite3").read_bytes() == b"the data of another workspace"
    assert left_behind(target) == []
    done = jixiao("restore", archive, "--data", target, "--force", env=env)
    assert done.returncode == 0, done.stderr
    assert sqlite_counts(target / "jixiao.sqlite3") == sqlite_counts(source / "jixiao.sqlite3")


def _tampered_file(contents: dict[str, bytes]) -> dict[str, bytes]:
    name = next(n for n in contents if n.startswith("files/"))
    data = bytearray(contents[name])
    data[-1] ^= 0xFF  # same size, one byte different
    return contents | {name: bytes(data)}


def _forged_database(contents: dict[str, bytes], change: str, tmp: Path) -> dict[str, bytes]:
    db = tmp / "forged.sqlite3"
    db.write_bytes(contents["database.sqlite3"])
    with sqlite3.connect(db) as conn:
        conn.execute(change)
    conn.close()
    return with_manifest_for(contents | {"database.sqlite3": db.read_bytes()}, "database.sqlite3")


def _link(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info


def _member(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = 1
    return info


TAMPERED = {
    "a changed file": (lambda c, t: (_tampered_file(c), []), ["SHA-256 与清单记录的不一致", "已拒绝恢复"]),
    "a changed 定稿 text": (lambda c, t: (_forged_database(
        c, "UPDATE jixiao_revision SET text = replace(text, '97', '99') WHERE id = "
           "(SELECT final_revision_id FROM jixiao_evaluation WHERE final_revision_id IS NOT NULL)", t), []),
        ["定稿内容被改动过", "已撤销恢复"]),
    "a deleted audit entry": (lambda c, t: (_forged_database(
        c, "DELETE FROM jixiao_auditentry WHERE id = (SELECT MAX(id) FROM jixiao_auditentry)", t), []),
        ["表 jixiao_auditentry 备份时有", "已撤销恢复"]),
    "a name outside the archive": (lambda c, t: (c, [_member("../../evil.sh")]), ["不应有的条目“../../evil.sh”"]),
    "a link": (lambda c, t: (c, [_link("files/0123456789abcdef0123456789abcdef.png")]), ["不是普通文件"]),
    "a file not in the manifest": (lambda c, t: (c, [_member("files/0123456789abcdef0123456789abcdef.png")]), ["不在清单中"]),
    "no manifest": (lambda c, t: ({k: v for k, v in c.items() if k != "manifest.json"}, []), ["没有清单"]),
}


@pytest.mark.parametrize("how", TAMPERED)
def test_a_tampered_archive_is_refused_and_leaves_nothing(workspace, tmp_path, how):
    root, source, archive, final, env, _ = workspace
    change, expected = TAMPERED[how]
    contents, extra = change(members(archive), tmp_path)
    forged = repack(archive, tmp_path / "备份.tar.gz", contents, extra)
    target = tmp_path / "恢复"
    refused(jixiao("restore", forged, "--data", target, env=env), *expected)
    assert not target.exists() and left_behind(target) == []


def test_a_file_that_is_not_a_backup_is_refused(workspace, tmp_path):
    _, _, _, _, env, _ = workspace
    junk = tmp_path / "照片.tar.gz"
    junk.write_bytes(b"\x89PNG not a backup at all")
    refused(jixiao("restore", junk, "--data", tmp_path / "恢复", env=env), "照片.tar.gz", "不是 jixiao 的备份")
    refused(jixiao("restore", tmp_path / "没有.tar.gz", "--data", tmp_path / "恢复", env=env), "不存在")
    assert not (tmp_path / "恢复").exists()


# -- PostgreSQL ---------------------------------------------------------------------------


POSTGRES = os.environ.get("DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(not POSTGRES.startswith(("postgres://", "postgresql://")),
                                    reason="DATABASE_URL 未指向 PostgreSQL / no PostgreSQL server")


@pytest.fixture
def databases():
    """Two new databases on the server of DATABASE_URL, dropped afterwards."""
    import psycopg
    from urllib.parse import urlparse, urlunparse

    url = urlparse(POSTGRES)
    names = [f"jixiao_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = psycopg.connect(POSTGRES, autocommit=True)
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [urlunparse(url._replace(path="/" + name)) for name in names]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def pg_counts(url: str) -> tuple[dict[str, int], list]:
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [r[0] for r in cur.fetchall()]
        counts = {}
        for t in tables:
            cur.execute(f'SELECT COUNT(*) FROM "{t}"')
            counts[t] = cur.fetchone()[0]
        return counts, finals_verify(cur)


@needs_postgres
def test_backup_and_restore_on_postgresql(databases, tmp_path):
    src_url, dst_url = databases
    source, archive = tmp_path / "data", tmp_path / "备份.tar.gz"
    final = prepare(source, environment(src_url))
    done = jixiao("backup", "--data", source, "-o", archive, env=environment(src_url))
    assert done.returncode == 0, done.stderr
    assert "PostgreSQL" in done.stdout and "定稿 2 项（校验一致）" in done.stdout
    assert "database.pgdump" in members(archive)
    target = tmp_path / "恢复"
    done = jixiao("restore", archive, "--data", target, env=environment(dst_url))
    assert done.returncode == 0, done.stderr
    before, after = pg_counts(src_url), pg_counts(dst_url)
    assert before == after
    # the 2024 定稿 made here and the demo's 2023 one, both verified after the restore
    assert len(after[1]) == 2 and (final, True) in after[1] and all(ok for _, ok in after[1])
    assert after[0]["jixiao_evaluation"] == 3 and after[0]["jixiao_attachment"] == 1
    assert len(list((target / "files").iterdir())) == 3  # the photo and the two forms submitted in the 自评 round
    put_key_back(source, target)
    check = run(["-c", SERVE_CHECK, str(target), str(final)], environment(dst_url))
    assert check.stdout.split() == ["True", "True", "True"], check.stderr
    served = pg_counts(dst_url)  # with the session of that login
    # The database now holds data: another restore into it is refused, even into a new directory.
    refused(jixiao("restore", archive, "--data", tmp_path / "再次", env=environment(dst_url)), "已有数据", "--force")
    # A tampered archive is refused before the database is touched.
    forged = repack(archive, tmp_path / "改过.tar.gz", _tampered_file(members(archive)))
    refused(jixiao("restore", forged, "--data", tmp_path / "再次", "--force", env=environment(dst_url)), "SHA-256")
    assert pg_counts(dst_url) == served
    done = jixiao("restore", archive, "--data", tmp_path / "再次", "--force", env=environment(dst_url))
    assert done.returncode == 0, done.stderr
    assert pg_counts(dst_url) == after
