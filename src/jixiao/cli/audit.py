"""`jixiao audit`: read delivered 绩效评价报告 (Word, PDF, text) and list where each contradicts itself."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(group: click.Group) -> None:
    group.add_command(audit)


@click.command(help="复核交付的绩效评价报告（.docx、.doc、.wps、.pdf、.txt、.md）：找出正文、表格与附件之间的矛盾，"
               "逐条给出位置（页、标题、段落或表格行列）。无错误时退出码为0，有错误为1，文件无法读取为2。")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题列表。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="把问题清单写入 Excel 工作簿（.xlsx）。")
@click.option("--annotate", "annotated", type=click.Path(dir_okay=False),
              help="写出加批注的报告副本（.docx）：每个问题在其段落或单元格处一条批注，卷首附复核意见。只用于一份 .docx 报告。")
def audit(files: tuple[str, ...], as_json: bool, output: str | None, annotated: str | None) -> None:
    from ..reportaudit import audit_file
    from .console import EXIT_BAD_INPUT, EXIT_ERRORS_FOUND, EXIT_OK, console, error_count, fail_with

    if annotated and (len(files) != 1 or Path(files[0]).suffix.lower() != ".docx"):
        fail_with("--annotate 只用于一份 .docx 报告：批注写在原文档的段落和单元格上")
    results = [audit_file(f) for f in files]
    found = [p for r in results for p in r.problems]
    if as_json:
        click.echo(json.dumps([_json(r.file, p) for r in results for p in r.problems], ensure_ascii=False, indent=2))
    else:
        out = console()
        for r in results:
            _print(out, r)
    if output:
        path = _workbook(results, Path(output))
        if not as_json:
            console().print(f"已写入问题清单：{path}", markup=False)
    if annotated and results[0].readable:
        from ..excel.put import atomic
        from ..reportaudit.annotate import annotate

        data = annotate(Path(files[0]), results[0].problems)
        atomic(Path(annotated), lambda tmp: Path(tmp).write_bytes(data))
        if not as_json:
            console().print(f"已写出批注版报告：{annotated}", markup=False)
    if any(not r.readable for r in results):
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_ERRORS_FOUND if error_count(found) else EXIT_OK)


def _json(file: str, p) -> dict:
    from ..render.places import document_place

    data = p.to_json()
    data["file"] = file
    data["place"] = document_place(p.where)
    return data


def _print(out, result) -> None:
    from ..problems import Severity
    from ..render.places import document_place
    from .console import print_by_severity

    counts = "、".join(f"{s.label}{sum(p.severity is s for p in result.problems)}个" for s in Severity)
    out.print(f"[bold]{result.file}[/bold]：{counts}" if result.readable else f"[red]无法读取报告 {result.file}[/red]")
    print_by_severity(out, result.problems, place=document_place)
    if result.readable and not result.problems:
        out.print("未发现矛盾。")


def _workbook(results, out: Path) -> Path:
    from ..reportaudit.workbook import problem_workbook

    return problem_workbook(results, out)
