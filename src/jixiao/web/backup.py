"""`jixiao backup` and `jixiao restore`: the database and the uploaded files in one
archive (.tar.gz), with a manifest of what it holds — every table's row count, every
file's SHA-256, every 定稿 with the hash recomputed from its frozen text.

The database is copied as one consistent snapshot while the workspace keeps serving:
SQLite's online backup API, or pg_dump of an exported snapshot on PostgreSQL (the row
counts and 定稿 come from the same snapshot, so they describe exactly what was dumped).
A restore unpacks into a new directory beside the target, refuses anything the
manifest does not vouch for, restores the database, runs every check in VERIFICATIONS
and only then puts the directory in place; on any failure nothing is left behind.
Later checks (定稿 signatures, the audit hash chain) are appended to VERIFICATIONS.

The data directory's secret_key is not backed up: a restored workspace makes its own,
and everyone logs in again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .dbsnapshot import (  # noqa: F401  (BackupError: importable from here, as the commands do)
    MEMBERS, BackupError, database, final_versions, pg_connect, pg_env, pg_tool, quote, row_counts, run_tool,
    snapshot_postgresql, snapshot_sqlite, table_names)

FORMAT = 1
KIND = "jixiao-backup"
MANIFEST = "manifest.json"
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
STORED_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,120}")
CHUNK = 1024 * 1024


# -- backup --------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads a file for tarfile while hashing what was read."""

    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.fh.read(len(buffer))
        self.sha.update(data)
        buffer[: len(data)] = data
        return len(data)


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = path.stat().st_size, 0o600, int(path.stat().st_mtime)
    with open(path, "rb") as fh:
        reader = _Hashing(fh)
        tar.addfile(info, io.BufferedReader(reader, CHUNK))
    return {"sha256": reader.sha.hexdigest(), "size": info.size}


def stored_files(folder: Path) -> list[Path]:
    """The uploaded files: regular files under generated names (no half-written .part, no links)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and STORED_NAME.fullmatch(p.name)
                  and not p.name.endswith(".part"))


def backup(out: Path) -> dict:
    """Write the archive (Django set up on the data directory); returns its manifest."""
    from django.conf import settings

    from .. import __version__

    vendor, db = database()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".jixiao-backup-", dir=out.parent))
    part = out.with_name(out.name + ".part")
    try:
        snap = (snapshot_sqlite if vendor == "sqlite" else snapshot_postgresql)(db, work)
        manifest = {
            "kind": KIND, "format": FORMAT, "jixiao": __version__,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "database": {"engine": vendor, "member": snap.path.name},
            "tables": snap.tables, "files": {}, "finals": snap.finals,
        }
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds password hashes: owner only
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
            manifest["database"].update(_add(tar, snap.path.name, snap.path))
            for path in stored_files(Path(settings.FILES_DIR)):
                manifest["files"][f"files/{path.name}"] = _add(tar, f"files/{path.name}", path)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        part.replace(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        part.unlink(missing_ok=True)
    return manifest


def summary(manifest: dict) -> str:
    rows = sum(manifest["tables"].values())
    size = sum(f["size"] for f in manifest["files"].values())
    finals = manifest["finals"]
    broken = [f for f in finals if not f["verified"]]
    text = (f"数据库（{ENGINES[manifest['database']['engine']]}）{len(manifest['tables'])} 张表 {rows:,} 行，"
            f"上传文件 {len(manifest['files'])} 个（{size / 1024 / 1024:,.1f} MB），定稿 {len(finals)} 项")
    return text + (f"（其中 {len(broken)} 项校验不一致）" if broken else "（校验一致）")


def broken_finals(manifest: dict) -> list[str]:
    return [f"评价 {f['evaluation']}“{f['title']}”的定稿（修订 {f['revision']}）：由定稿文本重算的 SHA-256 与定稿时记录的不一致"
            for f in manifest["finals"] if not f["verified"]]


# -- restore -------------------------------------------------------------------------------


@dataclass
class Unpacked:
    """An archive unpacked into `folder` (files/ in place, the database aside)."""

    archive: Path
    folder: Path
    manifest: dict
    database: Path
    hashes: dict[str, str] = field(default_factory=dict)  # member → SHA-256 of what was unpacked


def is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def unpack(archive: Path, folder: Path) -> Unpacked:
    """Unpack and check every member against the manifest; BackupError on anything else."""
    name = archive.name
    if not archive.is_file():
        raise BackupError(f"备份文件 {archive} 不存在")
    hashes: dict[str, str] = {}
    manifest_data = None
    aside = folder / ".restore"
    aside.mkdir(parents=True)
    (folder / "files").mkdir()
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                where = member.name
                if where in hashes or (where == MANIFEST and manifest_data is not None):
                    raise BackupError(f"备份文件 {name} 中的条目“{where}”出现了不止一次，已拒绝恢复")
                if not member.isfile():
                    raise BackupError(f"备份文件 {name} 中的条目“{where}”不是普通文件（目录、链接或设备），jixiao 的备份中不会有，已拒绝恢复")
                if where == MANIFEST:
                    if member.size > 64 * 1024 * 1024:
                        raise BackupError(f"备份文件 {name} 的清单（{MANIFEST}）过大，已拒绝恢复")
                    manifest_data = tar.extractfile(member).read()
                    continue
                if where in MEMBERS.values():
                    target = aside / where
                elif where.startswith("files/") and STORED_NAME.fullmatch(where[6:]):
                    target = folder / "files" / where[6:]
                else:
                    raise BackupError(f"备份文件 {name} 中有不应有的条目“{where}”（jixiao 的备份只含数据库、清单和 files/ 下的上传文件），已拒绝恢复")
                hashes[where] = _copy(tar.extractfile(member), target)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"备份文件 {name} 已损坏或不是 jixiao 的备份（{exc}），已拒绝恢复")
    if manifest_data is None:
        raise BackupError(f"备份文件 {name} 中没有清单（{MANIFEST}），不是 jixiao 的备份，已拒绝恢复")
    try:
        manifest = json.loads(manifest_data.decode("utf-8"))
        assert manifest.get("kind") == KIND and isinstance(manifest.get("tables"), dict)
        assert isinstance(manifest.get("files"), dict) and isinstance(manifest.get("finals"), list)
        member = manifest["database"]["member"]
        assert manifest["database"]["engine"] in MEMBERS and member == MEMBERS[manifest["database"]["engine"]]
    except (ValueError, AssertionError, KeyError, TypeError, AttributeError):
        raise BackupError(f"备份文件 {name} 的清单（{MANIFEST}）无法识别，不是 jixiao 的备份，已拒绝恢复")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份文件 {name} 的格式版本为 {manifest.get('format')}，本版本 jixiao 只能恢复格式 {FORMAT}")
    expected = {member: manifest["database"].get("sha256")} | {k: v.get("sha256") for k, v in manifest["files"].items()}
    for key, digest in expected.items():
        if key not in hashes:
            raise BackupError(f"备份文件 {name} 缺少清单中记录的“{key}”：备份不完整，已拒绝恢复")
        if hashes[key] != digest:
            raise BackupError(f"备份文件 {name} 中“{key}”的 SHA-256 与清单记录的不一致：备份在生成后被改动或已损坏，已拒绝恢复")
    for key in hashes.keys() - expected.keys():
        raise BackupError(f"备份文件 {name} 中的“{key}”不在清单中：备份在生成后被改动过，已拒绝恢复")
    return Unpacked(archive, folder, manifest, aside / member, hashes)


def _copy(src, target: Path) -> str:
    sha = hashlib.sha256()
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        while chunk := src.read(CHUNK):
            sha.update(chunk)
            out.write(chunk)
    return sha.hexdigest()


def _database_is_empty(vendor: str, db: dict) -> bool:
    if vendor == "sqlite":
        path = Path(db["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(str(path)) as conn:
            return not table_names(conn.cursor(), "sqlite")
    with pg_connect(db) as conn, conn.cursor() as cursor:
        return not table_names(cursor, "postgresql")


def install_database(u: Unpacked, force: bool) -> Callable[[], None]:
    """Put the unpacked database where the settings say; returns how to take it out again."""
    vendor, db = database()
    engine = u.manifest["database"]["engine"]
    if engine != vendor:
        raise BackupError(f"备份中的数据库是 {ENGINES[engine]}，而当前设置的数据库是 {ENGINES[vendor]}：请用相同的数据库恢复"
                          "（DATABASE_URL 决定使用哪种数据库）")
    was_empty = _database_is_empty(vendor, db)
    if not was_empty and not force:
        where = db["NAME"] if vendor == "sqlite" else f"PostgreSQL {db.get('HOST')}:{db.get('PORT')}/{db['NAME']}"
        raise BackupError(f"数据库 {where} 中已有数据，恢复会覆盖它：确认要覆盖时加 --force")
    if vendor == "sqlite":
        path = Path(db["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for extra in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            extra.unlink(missing_ok=True)
        shutil.move(str(u.database), str(path))
        return lambda: path.unlink(missing_ok=True) if was_empty else None
    args = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
            f"--dbname={db['NAME']}"]
    if not was_empty:
        args[1:1] = ["--clean", "--if-exists"]
    run_tool(args + [str(u.database)], pg_env(db), "pg_restore 恢复数据库")

    def drop_restored() -> None:
        if was_empty:  # nothing was there before: leave the database as empty as it was
            with pg_connect(db) as conn, conn.cursor() as cursor:
                for table in table_names(cursor, "postgresql"):
                    cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")

    return drop_restored


# Each check receives the unpacked archive (the restored database is Django's connection)
# and returns what does not agree with the manifest, as sentences for the user.
def verify_tables(u: Unpacked) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        found = row_counts(cursor, connection.vendor)
    out = []
    for table, count in sorted(u.manifest["tables"].items()):
        if table not in found:
            out.append(f"恢复后的数据库缺少表 {table}（备份时有 {count} 行）")
        elif found[table] != count:
            out.append(f"表 {table} 备份时有 {count} 行，恢复后为 {found[table]} 行")
    out += [f"恢复后的数据库多出清单中没有的表 {t}" for t in sorted(found.keys() - u.manifest["tables"].keys())]
    return out


def verify_files(u: Unpacked) -> list[str]:
    folder = u.folder / "files"
    out = []
    for key, meta in sorted(u.manifest["files"].items()):
        path = folder / key[6:]
        if not path.is_file() or path.stat().st_size != meta["size"]:
            out.append(f"上传文件 {key} 恢复后缺失或大小不符（应为 {meta['size']} 字节）")
    return out


def verify_attachments(u: Unpacked) -> list[str]:
    from .models import Attachment

    out = []
    for pk, stored, original, digest in Attachment.objects.values_list("pk", "stored_name", "original_name", "sha256"):
        got = u.hashes.get(f"files/{stored}")
        if got is None:
            out.append(f"附件 {pk}“{original}”的文件 files/{stored} 不在备份中")
        elif got != digest:
            out.append(f"附件 {pk}“{original}”的文件 SHA-256 与数据库记录的不一致")
    return out


def verify_finals(u: Unpacked) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        found = {f["evaluation"]: f for f in final_versions(cursor)}
    out = []
    for before in u.manifest["finals"]:
        now = found.get(before["evaluation"])
        label = f"评价 {before['evaluation']}“{before['title']}”的定稿（修订 {before['revision']}）"
        if now is None:
            out.append(f"{label}在恢复后的数据库中不见了")
        elif now["sha256"] != before["sha256"] or now["revision"] != before["revision"]:
            out.append(f"{label}：恢复后的定稿记录与备份时不同")
        elif before["verified"] and not now["verified"]:
            out.append(f"{label}：由定稿文本重算的 SHA-256 与定稿时记录的不一致，定稿内容被改动过")
    known = {f["evaluation"] for f in u.manifest["finals"]}
    out += [f"评价 {pk}“{f['title']}”的定稿不在备份清单中" for pk, f in sorted(found.items()) if pk not in known]
    return out


def verify_audit(u: Unpacked) -> list[str]:
    """Every bureau's audit hash chain, recomputed (web/audit.py): a row changed in the archive breaks it."""
    from .audit import verify_all

    return [r.text for r in verify_all() if not r.ok]


VERIFICATIONS: list[Callable[[Unpacked], list[str]]] = [verify_tables, verify_files, verify_attachments, verify_finals,
                                                        verify_audit]


def verify(u: Unpacked) -> list[str]:
    problems: list[str] = []
    for check in VERIFICATIONS:
        problems.extend(check(u))
    return problems


def restore(archive: Path, target: Path, force: bool = False) -> Unpacked:
    """Restore into the data directory `target`. Sets Django up on the directory being
    restored, so it runs in a process of its own (the `jixiao restore` command)."""
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise BackupError(f"数据目录 {target} 是一个文件，不是目录")
    if not force and not is_empty_dir(target):
        raise BackupError(f"数据目录 {target} 不是空的，恢复会覆盖其中的数据：请恢复到一个新的目录（--data），确认要覆盖时加 --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
    undo = None
    try:
        u = unpack(Path(archive), staging)
        from .boot import setup_django

        setup_django(str(staging))
        undo = install_database(u, force)
        problems = verify(u)
        if problems:
            raise BackupError("恢复后的核对未通过，已撤销恢复：\n" + "\n".join("  " + p for p in problems))
        _close_connections()
        shutil.rmtree(staging / ".restore")
        _put_in_place(staging, target)
        u.folder = target
        return u
    except BaseException:
        if undo is not None:
            _close_connections()
            undo()
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _close_connections() -> None:
    from django.db import connections

    connections.close_all()  # SQLite folds its WAL back into the file on the last close


def _put_in_place(staging: Path, target: Path) -> None:
    """Move the checked directory's contents into `target` (which may be a mount point)."""
    target.mkdir(exist_ok=True)
    for old in list(target.iterdir()):  # only with --force: the target was checked empty otherwise
        if old.name == "keys" and old.is_dir():
            continue  # the 定稿 signing key is not in the archive (signing.py): losing it unsigns every 定稿
        shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    for item in staging.iterdir():
        shutil.move(str(item), str(target / item.name))
    staging.rmdir()
