"""`jixiao template`, `jixiao import`, `jixiao export`, `jixiao review`: registered on the main command group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

KINDS = ["department", "project", "project_self_evaluation"]


def _fail(problems) -> None:
    from ..terminal import EXIT_BAD_INPUT, console, print_problems

    err = console(stderr=True)
    errors = [p for p in problems if p.severity.value == "error"]
    err.print(f"[red]发现 {len(errors)} 个错误，未写出任何文件：[/red]")
    print_problems(err, problems)
    sys.exit(EXIT_BAD_INPUT)


def _document(file: str):
    """The plain document of a YAML file or a workbook, or exit 2 listing every problem."""
    from ..problems import Source, error, has_errors
    from ..sources import open_source

    loaded = open_source(file)
    if has_errors(loaded.problems) or loaded.evaluation is None:
        _fail(loaded.problems)
    if loaded.document is None:
        _fail([error("input.type", "文件内容应为一份评价文件（format: 1）", Source(file=file))])
    return loaded.document


def register(main: click.Group) -> None:
    """Add this package's commands to the `jixiao` group."""

    @main.command(help="生成可填写的 Excel 模板：基本信息、预算、资产、绩效目标、指标体系、自评表、发现与建议和填写说明。")
    @click.option("--kind", type=click.Choice(KINDS), default="department", show_default=True, help="评价类型。")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件。")
    def template(kind: str, output: str) -> None:
        from ..terminal import console
        from .template import make_template

        out = make_template(kind, Path(output))
        console().print(f"已生成模板：{out}")

    @main.command(name="import", help="把填好的工作簿（.xlsx / .xls）导入为评价文件（YAML）；有任何错误则不写出文件。")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .yaml 文件。")
    def import_(file: str, output: str) -> None:
        from ..terminal import console
        from ..io.document import dump_yaml
        from ..excel.put import save_text

        doc = _document(file)
        save_text(Path(output), dump_yaml(doc))
        console().print(f"已导入：{file} → {output}")

    @main.command(help="把评价文件导出为工作簿；--scored 同时写出计算得分、得分率、扣分原因和“检查结果”表。")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件。")
    @click.option("--scored", is_flag=True, help="写出计算结果与检查结果。")
    def export(file: str, output: str, scored: bool) -> None:
        from ..terminal import console
        from .write import export_workbook

        doc = _document(file)
        out = export_workbook(doc, Path(output), scored=scored)
        console().print(f"已导出：{out}")

    @main.command(help="批量审核自评表：一个或多个工作簿或文件夹；每份自评表复核得分并检查，写出审核结果工作簿。")
    @click.argument("inputs", nargs=-1, required=True, type=click.Path())
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的审核结果 .xlsx。")
    @click.option("--max-unzipped-mb", type=int, default=None, help="单个工作簿解压后大小上限（MB，默认 100）。")
    @click.option("--no-progress", is_flag=True, help="不显示进度条。")
    @click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="同时复核的进程数（默认：本机可用的处理器核数）。")
    def review(inputs: tuple[str, ...], output: str, max_unzipped_mb: int | None, no_progress: bool, jobs: int | None) -> None:
        from .review import run_review

        run_review(
            [Path(p) for p in inputs], Path(output), max_unzipped_mb=max_unzipped_mb, progress=not no_progress, workers=jobs
        )
