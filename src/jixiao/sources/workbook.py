"""Workbooks (.xlsx, .xls; .xlsm refused): checked for safety before they are opened, then read
by the first layout that recognises their sheets (jixiao.excel.read.LAYOUTS; a new layout
is one module registered there)."""

from __future__ import annotations

from pathlib import Path

from ..io.load import Loaded
from .registry import Format, register


def read_workbook(path: Path, file: str) -> Loaded:
    from ..excel import read  # on first use: a command that reads only YAML starts without the workbook readers

    return read.load_workbook(path, file=file)


WORKBOOK = register(Format("工作簿", frozenset({".xlsx", ".xlsm", ".xls"}), read_workbook))
