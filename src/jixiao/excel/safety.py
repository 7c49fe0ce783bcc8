"""Checks made before a workbook is parsed: size, entry count, compression
ratio, the parts it holds, macros, rows.

A workbook is a zip of XML files; a small file can declare gigabytes once
unzipped. The declared sizes are read from the zip directory (no inflating)
and the file is refused before any parser sees it; then every entry is
inflated once, in bounded steps and without keeping the output, so that a zip
directory that lies about its sizes is caught before a parser trusts it. Only
the parts an .xlsx is made of are accepted: names that climb out of the
archive, links, macros and anything else are refused, never skipped. XML is
parsed by openpyxl with defusedxml (no entity expansion), by our own code with
defusedxml, and by python-calamine's Rust reader, which resolves no entities.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..envsettings import env_int
from ..problems import Problem, Source, error

MB = 1024 * 1024
KB = 1024
# Below this size an entry's compression ratio says nothing (short XML parts
# compress well); real sheets compress 4–15:1, a bomb several hundred to 1000:1.
RATIO_FROM = 1 * MB
# What a real workbook's bytes unzip to, at most, when the total limit is widened for a big one.
UNZIPPED_PER_BYTE = 20

log = logging.getLogger("jixiao.security")
log.addHandler(logging.NullHandler())  # the CLI prints the problem itself; servers configure a handler


@dataclass(frozen=True)
class Limits:
    max_unzipped: int = 100 * MB  # total declared uncompressed size of a .xlsx
    max_entries: int = 10_000  # zip entries of a .xlsx
    max_rows: int = 100_000  # rows per sheet
    max_file: int = 100 * MB  # size of a .xls file
    max_ratio: int = 100  # unzipped : zipped, per entry and for the whole workbook

    @staticmethod
    def from_env() -> "Limits":
        """Defaults, overridable by JIXIAO_MAX_UNZIPPED_MB / JIXIAO_MAX_ENTRIES / JIXIAO_MAX_ROWS /
        JIXIAO_MAX_ZIP_RATIO."""
        base = Limits()

        unzipped = env_int("JIXIAO_MAX_UNZIPPED_MB", 0, minimum=1, unit="兆字节") * MB
        return Limits(
            max_unzipped=unzipped or base.max_unzipped,
            max_entries=env_int("JIXIAO_MAX_ENTRIES", base.max_entries, minimum=1, unit="个"),
            max_rows=env_int("JIXIAO_MAX_ROWS", base.max_rows, minimum=1, unit="行"),
            max_file=unzipped or base.max_file,
            max_ratio=env_int("JIXIAO_MAX_ZIP_RATIO", base.max_ratio, minimum=1, unit="倍"),
        )


def unzipped_allowed(size: int, limits: Limits) -> int:
    """The unzipped size a file of `size` bytes may declare: max_unzipped, widened for a big workbook
    to what sheets of that size unzip to (a bureau's 50,000 forms are one workbook of ~35 MB that
    unzips to ~440 MB), never past 10 × max_unzipped. The guard against bombs stays the ratio of
    each entry and of the whole (max_ratio) and the entry count, checked whatever the size."""
    return max(limits.max_unzipped, min(UNZIPPED_PER_BYTE * size, 10 * limits.max_unzipped))


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _size(size: int) -> str:
    return _mb(size) if size >= MB else f"{size / KB:,.1f} KB"


# Workbooks found safe, by path and the file's identity (device, inode, size, modification time):
# a bulk review checks a big workbook once, not again in every process that takes a share of it
# (they are forked with this table), and any change to the file checks it again.
_PASSED: dict[tuple, None] = {}


def _identity(path: Path, limits: Limits) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, limits


def check_file(path: Path, limits: Limits) -> list[Problem]:
    """Problems that stop a workbook from being opened at all (empty list: go ahead)."""
    path = Path(path)
    known = _identity(path, limits)
    if known is not None and known in _PASSED:
        return []
    problems = _check_file(path, limits)
    if not problems and known is not None and known == _identity(path, limits):
        _PASSED[known] = None
        while len(_PASSED) > 256:
            del _PASSED[next(iter(_PASSED))]
    for p in problems:
        if p.code != "input.not_found":
            log.warning("拒绝读取工作簿 %s（%s）：%s", path, p.code, p.message)
    return problems


def _check_file(path: Path, limits: Limits) -> list[Problem]:
    where = Source(file=str(path))
    suffix = path.suffix.lower()
    if not path.exists():
        return [error("input.not_found", "文件不存在", where)]
    if suffix == ".xlsm":
        return [
            error(
                "excel.macro",
                "不接受启用宏的工作簿（.xlsm）：宏可能携带恶意代码。请在 Excel 或 WPS 中“另存为” .xlsx 后再导入",
                where,
            )
        ]
    if suffix == ".xls":
        size = path.stat().st_size
        if size > limits.max_file:
            return [error("excel.too_large", f"文件过大（{_mb(size)}），上限为 {_mb(limits.max_file)}", where)]
        return []
    if suffix != ".xlsx":
        return [error("excel.suffix", f"不支持的文件类型“{path.suffix}”：应为 .xlsx 或 .xls", where)]
    with open(path, "rb") as f:
        return _check_xlsx(f, where, limits)


def check_workbook_bytes(data: bytes, name: str, limits: Limits | None = None) -> list[Problem]:
    """The same checks for an .xlsx held in memory (an upload), named as the user named it."""
    import io

    problems = _check_xlsx(io.BytesIO(data), Source(file=name), limits or Limits.from_env())
    for p in problems:
        log.warning("拒绝读取工作簿 %s（%s）：%s", name, p.code, p.message)
    return problems


def _check_xlsx(f, where: Source, limits: Limits) -> list[Problem]:
    return check_archive(f, where, limits, EXPECTED_PART, "xl/workbook.xml")


def check_archive(f, where: Source, limits: Limits, expected: re.Pattern, main: str) -> list[Problem]:
    """The archive checks for any Office Open XML file (a .docx too): `expected` its parts, `main` the part it
    cannot lack. Messages speak of a workbook; a reader of another kind words them its own way."""
    try:
        with zipfile.ZipFile(f) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [error("excel.not_workbook", "不是有效的 Excel 工作簿（.xlsx 应为 zip 压缩包），文件可能已损坏或被改名", where)]
    if len(entries) > limits.max_entries:
        return [
            error(
                "excel.too_many_entries",
                f"工作簿包含 {len(entries):,} 个压缩条目，超过上限 {limits.max_entries:,}，疑为恶意文件，已拒绝读取",
                where,
            )
        ]
    declared = sum(e.file_size for e in entries)
    f.seek(0, os.SEEK_END)
    size = f.tell()
    allowed = unzipped_allowed(size, limits)
    if declared > allowed:
        widened = f"，按文件大小放宽为 {_mb(allowed)}" if allowed > limits.max_unzipped else ""
        return [
            error(
                "excel.zip_bomb",
                f"工作簿解压后声明大小为 {_mb(declared)}，超过上限 {_mb(limits.max_unzipped)}{widened}"
                f"（文件本身仅 {_mb(size)}），疑为“压缩炸弹”，已拒绝读取",
                where,
            )
        ]
    refused = _check_parts(entries, limits, expected)
    if refused:
        return [error(code, message, where) for code, message in refused]
    if main not in {e.filename for e in entries}:
        return [error("excel.not_workbook", f"不是有效的 Excel 工作簿：缺少 {main}", where)]
    try:
        refused = _check_contents(f, entries)
    except (OSError, zlib.error, struct.error):
        refused = [("excel.not_workbook", "不是有效的 Excel 工作簿：压缩数据已损坏，无法解压")]
    return [error(code, message, where) for code, message in refused]


# The parts an .xlsx is made of (ECMA-376 as Excel, WPS, LibreOffice and the
# common libraries write them); anything else is refused, not skipped.
_PART = r"[\w.\- ]+"
_DATA = r"xml|rels|vml|bin|png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|xlsx|docx|pptx|xls|doc|ppt"
EXPECTED_PART = re.compile(
    r"\[Content_Types\]\.xml"
    r"|_rels/\.rels"
    rf"|docProps/{_PART}\.(?:xml|jpe?g|png|emf|wmf)"
    rf"|customXml/(?:_rels/)?{_PART}\.(?:xml|rels)"
    rf"|xl/(?:{_PART}/)*{_PART}\.(?:{_DATA})"
    r"|(?:_rels|docProps|customXml|xl)/(?:[\w.\- ]+/)*",  # folder entries some zip tools add
    re.IGNORECASE,
)
# Code that runs inside Excel: VBA projects, Excel 4 macro sheets, ActiveX
# controls, and macro-enabled documents embedded as objects.
MACRO_PART = re.compile(r"(?:^|/)vba[^/]*\.bin$|(?:^|/)vbaData\.xml$|^xl/macrosheets/|^xl/activeX/|\.(?:xlsm|xlsb|docm|pptm)$", re.IGNORECASE)
_LINK = 0o120000


def _check_parts(entries: list[zipfile.ZipInfo], limits: Limits, expected: re.Pattern) -> list[tuple[str, str]]:
    """Names, kinds and declared ratios, from the zip directory alone."""
    seen: set[str] = set()
    for e in entries:
        name = e.filename
        shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts or not name.isprintable():
            return [("excel.entry_path", f"工作簿内的压缩条目“{shown}”是绝对路径、含“..”或控制字符，可借此写到工作簿以外的位置，疑为恶意文件，已拒绝读取")]
        if stat.S_IFMT(e.external_attr >> 16) == _LINK:
            return [("excel.entry_link", f"工作簿内的压缩条目“{name}”是符号链接（可指向本机任意文件），Excel 工作簿中不应有链接，已拒绝读取")]
        if name in seen:
            return [("excel.entry_duplicate", f"工作簿内的压缩条目“{name}”出现了不止一次，不同软件会读到不同的内容，疑为恶意文件，已拒绝读取")]
        seen.add(name)
        if MACRO_PART.search(name):
            return [("excel.macro", f"工作簿内含宏或控件（压缩条目“{name}”），不予读取：可能是改了扩展名的启用宏工作簿（.xlsm）。请在 Excel 或 WPS 中删除宏后“另存为” .xlsx 再导入")]
        if not expected.fullmatch(name):
            return [("excel.entry_unexpected", f"工作簿内的压缩条目“{name}”不是 Excel 工作簿（.xlsx）应有的组成部分，文件可能被改名或夹带了其他内容，已拒绝读取")]
        if e.flag_bits & 0x1:
            return [("excel.entry_encrypted", f"工作簿内的压缩条目“{name}”已加密，无法检查，已拒绝读取：请取消密码保护后另存为 .xlsx")]
        if e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return [("excel.entry_method", f"工作簿内的压缩条目“{name}”使用了 Excel 不会使用的压缩方式（{e.compress_type}），已拒绝读取")]
        refused = _ratio(name, e.file_size, e.compress_size, limits)
        if refused:
            return [refused]
    declared, packed = sum(e.file_size for e in entries), sum(e.compress_size for e in entries)
    if declared > RATIO_FROM and declared > limits.max_ratio * max(packed, 1):
        worst = max(entries, key=lambda e: e.file_size / max(e.compress_size, 1))
        return [("excel.zip_ratio",
                 f"工作簿各压缩条目合计解压后 {_size(declared)}，压缩后仅 {_size(packed)}（压缩比 {declared // max(packed, 1):,}:1，"
                 f"上限 {limits.max_ratio}:1；压缩比最高的是“{worst.filename}”），疑为“压缩炸弹”，已拒绝读取"
                 "（上限可用环境变量 JIXIAO_MAX_ZIP_RATIO 调整）")]
    return []


def _ratio(name: str, unzipped: int, zipped: int, limits: Limits) -> tuple[str, str] | None:
    if unzipped > RATIO_FROM and unzipped > limits.max_ratio * max(zipped, 1):
        return ("excel.zip_ratio",
                f"工作簿内的压缩条目“{name}”解压后 {_size(unzipped)}，压缩后仅 {_size(zipped)}"
                f"（压缩比 {unzipped // max(zipped, 1):,}:1，上限 {limits.max_ratio}:1），疑为“压缩炸弹”，已拒绝读取"
                "（上限可用环境变量 JIXIAO_MAX_ZIP_RATIO 调整）")
    return None


CHUNK = 256 * KB


def _check_contents(f, entries: list[zipfile.ZipInfo]) -> list[tuple[str, str]]:
    """Inflate every entry once, never past what its directory entry declares:
    sizes that lie, overlapping entries and a macro-enabled content type are refused."""
    content_types = b""
    by_offset = sorted(entries, key=lambda e: e.header_offset)
    for i, e in enumerate(by_offset):
        f.seek(e.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            return [("excel.not_workbook", f"不是有效的 Excel 工作簿：压缩条目“{e.filename}”的数据已损坏")]
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        if f.read(name_len) != e.orig_filename.encode("utf-8" if e.flag_bits & 0x800 else "cp437"):
            return [("excel.entry_mismatch", f"工作簿内的压缩条目“{e.filename}”在目录与数据中的名称不同，不同软件会读到不同的内容，疑为恶意文件，已拒绝读取")]
        start = e.header_offset + 30 + name_len + extra_len
        end = by_offset[i + 1].header_offset if i + 1 < len(by_offset) else None
        if end is not None and start + e.compress_size > end:
            return [("excel.entry_overlap", f"工作簿内的压缩条目“{e.filename}”与其他条目的数据相互重叠（常见于“压缩炸弹”），已拒绝读取")]
        f.seek(start)
        keep = e.filename == "[Content_Types].xml"
        size, data = _inflate(f, e, keep)
        if size > e.file_size:
            return [("excel.zip_size_lie",
                     f"工作簿内的压缩条目“{e.filename}”实际解压后超过其声明的 {_size(e.file_size)}：压缩包目录被篡改，"
                     "疑为“压缩炸弹”，已拒绝读取")]
        if size < e.file_size:
            return [("excel.not_workbook", f"不是有效的 Excel 工作簿：压缩条目“{e.filename}”的数据不完整，文件可能已损坏")]
        if keep:
            content_types = data
    if b"macroenabled" in content_types.lower() or b"vbaproject" in content_types.lower():
        return [("excel.macro", "工作簿的“[Content_Types].xml”声明其为启用宏的工作簿：这是改了扩展名的 .xlsm，不予读取。"
                 "请在 Excel 或 WPS 中删除宏后“另存为” .xlsx 再导入")]
    return []


def _inflate(f, e: zipfile.ZipInfo, keep: bool) -> tuple[int, bytes]:
    """The entry's real unzipped size, counted to one byte past its declared size
    at most; its bytes too when `keep` (a small part we read ourselves)."""
    if e.compress_type == zipfile.ZIP_STORED:
        if not keep:
            return e.compress_size, b""
        data = f.read(e.compress_size)
        return len(data), data
    left, allowed, size = e.compress_size, e.file_size + 1, 0
    kept: list[bytes] = []
    inflater = zlib.decompressobj(-15)
    while size < allowed and not inflater.eof:
        chunk = f.read(min(left, CHUNK)) if left else b""
        left -= len(chunk)
        # Bounded steps: a bomb's output never exists in memory all at once.
        while size < allowed:
            out = inflater.decompress(chunk, min(CHUNK, allowed - size))
            chunk = inflater.unconsumed_tail
            size += len(out)
            if keep:
                kept.append(out)
            if not out and not chunk:
                break
        if not left and not out:
            break  # no input left and nothing more comes out: a truncated stream
    return size, b"".join(kept)


def check_rows(height: int, file: str, sheet: str, limits: Limits) -> Problem | None:
    if height > limits.max_rows:
        return error(
            "excel.too_many_rows",
            f"工作表有 {height:,} 行，超过上限 {limits.max_rows:,} 行（可用环境变量 JIXIAO_MAX_ROWS 调整）",
            Source(file=file, sheet=sheet),
        )
    return None
