"""Checks made before a workbook is parsed: size, entry count, macros, rows.

A workbook is a zip of XML files; a small file can declare gigabytes once
unzipped. The declared sizes are read from the zip directory (no inflating)
and the file is refused before any parser sees it. XML is parsed by openpyxl
with defusedxml (no entity expansion), by our own code with defusedxml, and
by python-calamine's Rust reader, which resolves no entities at all.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem, Source, error

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_unzipped: int = 100 * MB  # total declared uncompressed size of a .xlsx
    max_entries: int = 10_000  # zip entries of a .xlsx
    max_rows: int = 100_000  # rows per sheet
    max_file: int = 100 * MB  # size of a .xls file

    @staticmethod
    def from_env() -> "Limits":
        """Defaults, overridable by JIXIAO_MAX_UNZIPPED_MB / JIXIAO_MAX_ENTRIES / JIXIAO_MAX_ROWS."""
        base = Limits()

        def number(name: str, default: int, scale: int = 1) -> int:
            text = os.environ.get(name, "").strip()
            return int(text) * scale if text.isdigit() else default

        return Limits(
            max_unzipped=number("JIXIAO_MAX_UNZIPPED_MB", base.max_unzipped, MB),
            max_entries=number("JIXIAO_MAX_ENTRIES", base.max_entries),
            max_rows=number("JIXIAO_MAX_ROWS", base.max_rows),
            max_file=number("JIXIAO_MAX_UNZIPPED_MB", base.max_file, MB),
        )


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def check_file(path: Path, limits: Limits) -> list[Problem]:
    """Problems that stop a workbook from being opened at all (empty list: go ahead)."""
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
    try:
        with zipfile.ZipFile(path) as archive:
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
    if declared > limits.max_unzipped:
        return [
            error(
                "excel.zip_bomb",
                f"工作簿解压后声明大小为 {_mb(declared)}，超过上限 {_mb(limits.max_unzipped)}"
                f"（文件本身仅 {_mb(path.stat().st_size)}），疑为“压缩炸弹”，已拒绝读取",
                where,
            )
        ]
    names = {e.filename for e in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return [error("excel.macro", "工作簿内含宏（vbaProject.bin），不予读取：请删除宏后另存为 .xlsx", where)]
    if "xl/workbook.xml" not in names:
        return [error("excel.not_workbook", "不是有效的 Excel 工作簿：缺少 xl/workbook.xml", where)]
    return []


def check_rows(height: int, file: str, sheet: str, limits: Limits) -> Problem | None:
    if height > limits.max_rows:
        return error(
            "excel.too_many_rows",
            f"工作表有 {height:,} 行，超过上限 {limits.max_rows:,} 行（可用环境变量 JIXIAO_MAX_ROWS 调整）",
            Source(file=file, sheet=sheet),
        )
    return None
