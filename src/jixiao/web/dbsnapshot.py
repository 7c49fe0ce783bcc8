"""The database of a backup, through any DB-API cursor (sqlite3, psycopg or Django's):
its tables and row counts, its 定稿, and one consistent snapshot of it (SQLite's online
backup API, or pg_dump of an exported snapshot on PostgreSQL) — backup.py packs it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the user."""


# -- the database, through any DB-API cursor (sqlite3, psycopg or Django's) ----------------


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def final_versions(cursor) -> list[dict]:
    """Every 定稿: its revision, the hash recorded when it was frozen, and whether the
    frozen text still gives that hash (as store.verify_final checks it)."""
    from .models import Evaluation, Revision

    ev, rev = Evaluation._meta, Revision._meta
    final = ev.get_field("final_revision").column
    cursor.execute(
        f"SELECT e.id, e.title, r.number, e.final_sha256, r.sha256, r.text FROM {quote(ev.db_table)} e"
        f" LEFT JOIN {quote(rev.db_table)} r ON r.id = e.{quote(final)}"
        f" WHERE e.{quote(final)} IS NOT NULL ORDER BY e.id"
    )
    out = []
    for pk, title, number, recorded, revision_hash, text in cursor.fetchall():
        recomputed = Revision.digest(text) if text is not None else ""
        out.append({"evaluation": pk, "title": title, "revision": number, "sha256": recorded,
                    "verified": bool(recorded) and recomputed == recorded == revision_hash})
    return out


def database() -> tuple[str, dict]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return ("sqlite" if "sqlite" in db["ENGINE"] else "postgresql"), db


def pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if db.get(name):
            env[key] = str(db[name])
    return env


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
        found = str(versions[-1]) if versions else None
    if not found:
        raise BackupError(f"找不到 {name}：PostgreSQL 的备份与恢复需要它（Debian/Ubuntu：apt-get install postgresql-client）")
    return found


def run_tool(args: list[str], env: dict, what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{(done.stderr or done.stdout).strip()[:2000]}")


def pg_connect(db: dict):
    import psycopg

    return psycopg.connect(dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                           host=db.get("HOST") or None, port=db.get("PORT") or None)


@dataclass
class Snapshot:
    path: Path
    tables: dict[str, int]
    finals: list[dict]


def snapshot_sqlite(db: dict, folder: Path) -> Snapshot:
    source = Path(db["NAME"])
    if not source.exists():
        raise BackupError(f"数据库文件 {source} 不存在：没有可备份的数据")
    path = folder / MEMBERS["sqlite"]
    src = sqlite3.connect(str(source), timeout=20)
    dst = sqlite3.connect(str(path))
    try:
        src.backup(dst)  # page by page, consistent even while the workspace writes
        cursor = dst.cursor()
        tables, finals = row_counts(cursor, "sqlite"), final_versions(cursor)
    finally:
        dst.close()
        src.close()
    return Snapshot(path, tables, finals)


def snapshot_postgresql(db: dict, folder: Path) -> Snapshot:
    path = folder / MEMBERS["postgresql"]
    pg_dump = pg_tool("pg_dump")
    import psycopg

    try:
        conn = pg_connect(db)
    except psycopg.Error as exc:
        raise BackupError(f"无法连接 PostgreSQL 数据库 {db['NAME']}：{exc}")
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables, finals = row_counts(cursor, "postgresql"), final_versions(cursor)
            # pg_dump reads the very snapshot counted above, while this transaction holds it.
            run_tool([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={path}"],
                 pg_env(db), "pg_dump 导出数据库")
        conn.rollback()
    finally:
        conn.close()
    return Snapshot(path, tables, finals)
