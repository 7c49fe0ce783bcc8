"""The problem list of audited reports as an Excel sheet (问题清单), as `jixiao audit -o` and the
web's 报告复核 page hand it out."""

from __future__ import annotations

from pathlib import Path

from ..render.places import document_place


def problem_workbook(results, out: Path) -> Path:
    """One row per problem of each AuditResult in `results`, written atomically to `out`."""
    from openpyxl import Workbook

    from ..excel.put import header, put_text, save_atomic

    book = Workbook()
    ws = book.active
    ws.title = "问题清单"
    header(ws, 1, ["报告", "严重程度", "位置", "问题", "处理建议", "代码"], widths=[30, 10, 50, 80, 40, 24])
    row = 2
    for r in results:
        for p in r.problems:
            for col, value in enumerate((r.file, p.severity.label, document_place(p.where), p.message, p.hint, p.code), 1):
                put_text(ws, row, col, value, wrap=col == 4)
            row += 1
    ws.freeze_panes = "A2"
    return save_atomic(book, out)
