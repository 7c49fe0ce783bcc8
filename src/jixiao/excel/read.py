"""Read an evaluation workbook (.xlsx / .xls) into an Evaluation."""

from __future__ import annotations

from pathlib import Path

from ..io.load import Loaded
from ..problems import Source, error


def load_workbook(path: Path) -> Loaded:
    return Loaded(None, (error("input.workbook", "暂不支持读取工作簿", Source(file=str(path))),))
