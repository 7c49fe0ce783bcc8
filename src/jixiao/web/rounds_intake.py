"""Taking in 自评表 for a round: several files, or a zip of them (a folder zipped as it is).

Each file is checked as any upload is (uploads.check_file: name, size, content); a zip is
checked as a workbook's archive is (excel/safety.py: entry count, ratio, `..`, absolute
paths, symlinks, lying sizes) before anything in it is read, then its forms are taken out
in memory. Every file is stored in the data directory under a generated name and reviewed
by a job of its own (rounds_review.py)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from django.db import transaction

from ..excel.safety import Limits, check_archive
from ..problems import Source
from ..sources import suffixes
from .models import Round, RoundFile
from .uploads import DOCUMENT_SUFFIXES, Refused, check_file, check_name, received, store

ZIP_SUFFIX = ".zip"
# What a zip of forms may hold: folders, and files of the kinds jixiao reads (others are refused).
_FORM = r"(?:[^/\\]+/)*[^/\\]+\.(?:xlsx|xls|docx|doc|yaml|yml)"
BUNDLE_PART = re.compile(rf"{_FORM}|(?:[^/\\]+/)+|__MACOSX/.*", re.IGNORECASE)
_ZIP_TERMS = [("工作簿内的压缩条目", "压缩包内的条目"), ("工作簿各压缩条目", "压缩包各条目"), ("工作簿解压后", "压缩包解压后"),
              ("工作簿包含", "压缩包包含"), ("不是有效的 Excel 工作簿（.xlsx 应为 zip 压缩包）", "不是有效的 zip 压缩包"),
              ("不是有效的 Excel 工作簿", "不是有效的 zip 压缩包"),
              ("不是 Excel 工作簿（.xlsx）应有的组成部分", "不是 jixiao 能读取的自评表（.xlsx、.xls、.docx、.doc、.yaml）"),
              ("Excel 工作簿中不应有链接", "自评表压缩包中不应有链接")]


def posted_files(request) -> list[tuple[str, bytes]]:
    """(name, bytes) of every form posted in `files` (a zip counts as the forms in it);
    Refused with the reason, before anything is stored."""
    return posted(request, "请选择要上传的自评表（Excel、Word 文件，或装有它们的 zip 压缩包）。", check_form_file)


def posted(request, empty: str, check, **unzip_options) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file posted in `files`, a zip's entries taken out (unzip_options say
    what a zip may hold), each passed to `check`; `empty` is said when nothing was sent."""
    received(request, "files")  # the caps and the names as sent
    items = []
    for f in request.FILES.getlist("files"):
        data = f.read()
        if f.name.lower().endswith(ZIP_SUFFIX):
            items.extend(unzip(f.name, data, **unzip_options))
        else:
            items.append((f.name, data))
    if not items:
        raise Refused(empty)
    for name, data in items:
        check(name, data)
    return items


def check_form_file(name: str, data: bytes) -> None:
    check_name(name)
    suffix = PurePosixPath(name).suffix.lower()
    readable = suffixes() & DOCUMENT_SUFFIXES.keys()
    if suffix not in readable:
        known = "、".join(sorted(readable))
        raise Refused(f"文件“{name}”不是自评表：可上传 {known} 文件，或装有它们的 .zip 压缩包。")
    check_file(name, data)


def _entry_name(e: zipfile.ZipInfo) -> str:
    """The name as its author saw it: a zip made on Chinese Windows stores names in GBK without saying so."""
    if e.flag_bits & 0x800:
        return e.filename
    try:
        return e.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return e.filename


def _zip_words(text: str, own: tuple[tuple[str, str], ...] = ()) -> str:
    for workbook, bundle in [*own, *_ZIP_TERMS]:
        text = text.replace(workbook, bundle)
    return text


def unzip(name: str, data: bytes, limits: Limits | None = None, part: re.Pattern = BUNDLE_PART,
          terms: tuple[tuple[str, str], ...] = (), what: str = "自评表") -> list[tuple[str, bytes]]:
    """The forms in a zip (or the files `part` allows, called `what`, worded first by `terms`,
    as report audits take reports), each named by its own file name; Refused (in Chinese) if
    the archive is crafted or holds something else."""
    limits = limits or Limits.from_env()
    f = io.BytesIO(data)
    try:
        with zipfile.ZipFile(f) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"压缩包“{name}”不是有效的 zip 文件，可能已损坏或被改名。") from None
    if not entries:
        raise Refused(f"压缩包“{name}”是空的。")
    # check_archive asks for a part every archive of its kind has; a bundle has none of its own.
    problems = check_archive(f, Source(file=name), limits, part, entries[0].filename)
    if problems:
        raise Refused(f"压缩包“{name}”：{_zip_words(problems[0].message, terms)}。")
    out = []
    with zipfile.ZipFile(f) as archive:
        for e in entries:
            shown = _entry_name(e)
            base = PurePosixPath(shown).name
            if e.is_dir() or shown.startswith("__MACOSX/") or base.startswith(("~$", ".")):
                continue  # folders, macOS resource forks, Office's lock files
            out.append((base, archive.read(e)))
    if not out:
        raise Refused(f"压缩包“{name}”里没有{what}文件。")
    return out


def accept(r: Round, items: list[tuple[str, bytes]], user, department_id: int | None) -> list[RoundFile]:
    """Store the files, one RoundFile each, and queue their reviews (in the same transaction)."""
    from .rounds_review import queue_review

    files = []
    with transaction.atomic():
        for name, data in items:
            stored, digest = store(data, name)
            rf = RoundFile.objects.create(round=r, department_id=department_id, stored_name=stored,
                                          original_name=name, size=len(data), sha256=digest, uploaded_by=user)
            queue_review(rf, user)
            files.append(rf)
    return files
