"""`jixiao template`, `jixiao import`, `jixiao export`, `jixiao review`: workbooks in and out."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from ..excel.review import FormResult
    from ..excel.safety import Limits
    from ..io.document import Document

KINDS = ["department", "project", "project_self_evaluation"]


def register(group: click.Group) -> None:
    for command in (template, import_, export, review):
        group.add_command(command)


def document_or_exit(file: str) -> Document:
    """The plain document of a YAML file or a workbook, or exit 2 listing every problem."""
    from ..problems import Source, error, has_errors
    from ..sources import open_source

    loaded = open_source(file)
    if has_errors(loaded.problems) or loaded.evaluation is None:
        refuse(loaded.problems)
    if loaded.document is None:
        refuse([error("input.type", "文件内容应为一份评价文件（format: 1）", Source(file=file))])
    return loaded.document


def refuse(problems) -> NoReturn:
    from .console import error_count, fail

    fail(f"发现 {error_count(problems)} 个错误，未写出任何文件：", problems)


@click.command(help="生成可填写的 Excel 模板：基本信息、预算、资产、绩效目标、指标体系、自评表、发现与建议和填写说明。")
@click.option("--kind", type=click.Choice(KINDS), default="department", show_default=True, help="评价类型。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件。")
@click.option("--declaration", type=click.Choice(["project", "department"]), default=None,
              help="改为生成空白的绩效目标申报表（国家版式）：project 项目支出，department 部门整体支出。")
@click.option("--monitoring", type=click.Choice(["project", "department"]), default=None,
              help="改为生成空白的绩效运行监控表（国家版式）；--months 监控期 1—N月，--targets 申报表 取其指标。")
@click.option("--months", type=click.IntRange(1, 12), default=None, metavar="N", help="运行监控表的监控期：1—N月。")
@click.option("--targets", type=click.Path(dir_okay=False), default=None, metavar="申报表", help="运行监控表的指标取自此申报表。")
def template(kind: str, output: str, declaration: str | None, monitoring: str | None = None,
             months: int | None = None, targets: str | None = None) -> None:
    from .console import console

    if monitoring is not None:
        from .monitor import write_template

        console().print(f"已生成空白绩效运行监控表：{write_template(monitoring, output, months, targets)}")
        return
    if declaration is not None:
        from ..excel.declaration_write import write_declaration

        out = write_declaration(None, Path(output), form=declaration)
        console().print(f"已生成空白绩效目标申报表：{out}")
        return
    from ..excel.template import make_template

    out = make_template(kind, Path(output))
    console().print(f"已生成模板：{out}")


@click.command(name="import", help="把填好的工作簿（.xlsx / .xls）导入为评价文件（YAML）；有任何错误则不写出文件。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .yaml 文件。")
def import_(file: str, output: str) -> None:
    from ..excel.put import save_text
    from ..io.document import dump_yaml
    from .console import console

    doc = document_or_exit(file)
    save_text(Path(output), dump_yaml(doc))
    console().print(f"已导入：{file} → {output}")


@click.command(help="把评价文件导出为工作簿；--scored 同时写出计算得分、得分率、扣分原因和“检查结果”表。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件。")
@click.option("--scored", is_flag=True, help="写出计算结果与检查结果。")
def export(file: str, output: str, scored: bool) -> None:
    from ..excel.write import export_workbook
    from .console import console

    doc = document_or_exit(file)
    out = export_workbook(doc, Path(output), scored=scored)
    console().print(f"已导出：{out}")


@click.command(help="批量审核自评表：一个或多个工作簿或文件夹；每份自评表复核得分并检查，写出审核结果工作簿。")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的审核结果 .xlsx。")
@click.option("--max-unzipped-mb", type=int, default=None, help="单个工作簿解压后大小上限（MB，默认 100）。")
@click.option("--no-progress", is_flag=True, help="不显示进度条。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="同时复核的进程数（默认：本机可用的处理器核数）。")
def review(inputs: tuple[str, ...], output: str, max_unzipped_mb: int | None, no_progress: bool, jobs: int | None) -> None:
    from ..excel.review import workbook_paths
    from ..problems import Source, error
    from .console import console, fail

    paths = [Path(p) for p in inputs]
    missing = [p for p in paths if not p.exists()]
    if missing:  # a mistyped path is said at once, before a long review, and nothing is written
        fail(f"发现 {len(missing)} 个错误，未审核，未写出任何文件：",
             [error("input.not_found", "文件或文件夹不存在", Source(file=str(p))) for p in missing])
    books = list(workbook_paths(paths))
    out = Path(output)
    started = time.perf_counter()
    results = review_with_progress(books, out, limits(max_unzipped_mb), not no_progress, jobs)
    console().print(summary_line(results, len(books), time.perf_counter() - started, out))


def limits(max_unzipped_mb: int | None) -> Limits:
    """The safety limits from the environment, with --max-unzipped-mb for both unzipped and file size."""
    from ..excel.safety import MB, Limits

    found = Limits.from_env()
    if max_unzipped_mb is None:
        return found
    return Limits(max_unzipped=max_unzipped_mb * MB, max_entries=found.max_entries, max_rows=found.max_rows,
                  max_file=max_unzipped_mb * MB, max_ratio=found.max_ratio)


def review_with_progress(paths: list[Path], out: Path, limits: Limits, progress: bool, workers: int | None) -> list[FormResult]:
    """The review, its two bars (workbooks read, forms reviewed) on stderr fed by the library's callbacks."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..excel.review import review_forms, write_summary
    from .console import console

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console(stderr=True), disable=not progress, transient=False,
    ) as bar:
        books = bar.add_task("读取工作簿", total=len(paths))
        forms = bar.add_task("复核自评表", total=0)

        def found(n: int) -> None:
            bar.update(forms, total=(bar.tasks[forms].total or 0) + n)

        stream = review_forms(paths, limits, on_file=lambda _: bar.advance(books), on_found=found, workers=workers)
        return write_summary(stream, out, on_form=lambda _: bar.advance(forms))


def summary_line(results: list[FormResult], books: int, elapsed: float, out: Path) -> str:
    from ..problems import Severity

    unread = sum(1 for r in results if r.status.startswith("无法"))
    blank = sum(1 for r in results if r.status.startswith("未填写"))
    errors = sum(r.count(Severity.ERROR) for r in results)
    warnings = sum(r.count(Severity.WARNING) for r in results)
    workbooks = all(Path(r.file).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et") for r in results)
    return (f"共审核 {len(results)} 份自评表（{books} 个{'工作簿' if workbooks else '文件'}），其中 {unread} 份无法复核"
            + (f"、{blank} 份未填写（已跳过）" if blank else "")
            + f"；发现错误 {errors} 个、警告 {warnings} 个；用时 {elapsed:.1f} 秒。结果已写入 {out}")
