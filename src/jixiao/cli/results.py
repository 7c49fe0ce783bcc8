"""`jixiao results`: the bureau's 结果应用报告 over many evaluation files (Word or Excel)."""

from __future__ import annotations

from pathlib import Path

import click


def register(group: click.Group) -> None:
    group.add_command(results)


@click.command(help="汇总多个评价文件生成结果应用报告（Word 或 Excel）：等级分布、指标得分率、主要扣分事项、"
               "整改完成情况，以及按结果应用规则测算的下年度预算安排。可给出文件或文件夹。")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), metavar="规则.yaml",
              help="结果应用规则（等级: 措施，如 中: 压减5%）；默认 优→优先保障、良→维持、中→压减5%、差→压减10%。")
@click.option("--rectification", "rect_file", type=click.Path(dir_okay=False), metavar="整改.yaml",
              help="各评价的整改完成情况（评价文件名或被评价对象: 已确认数/事项数，如 3/5）；不给出时为“未统计”。")
@click.option("--bureau", default="", metavar="单位", help="编制单位（写在封面上）。")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default="结果应用报告.docx",
              show_default=True, help="输出文件：.docx 为 Word，.xlsx 为 Excel。")
def results(paths: tuple[str, ...], rules_file: str | None, rect_file: str | None, bureau: str, output: str) -> None:
    from ..results import DEFAULT_RULES, read_rules, results_of
    from ..results.gather import gather, read_rectification
    from .console import console, fail, fail_with, print_problems

    out = Path(output)
    if out.suffix.lower() not in (".docx", ".xlsx"):
        fail_with(f"输出文件 {output} 应以 .docx（Word）或 .xlsx（Excel）结尾")
    rules = DEFAULT_RULES
    if rules_file is not None:
        rules, problems = read_rules(rules_file)
        if rules is None:
            fail(f"无法读取结果应用规则 {rules_file}：", problems)
    rect = None
    if rect_file is not None:
        rect, problems = read_rectification(rect_file)
        if rect is None:
            fail(f"无法读取整改完成情况 {rect_file}：", problems)
    gathered = gather(list(paths), rect)
    if gathered.problems:
        err = console(stderr=True)
        err.print(f"[yellow]{len(gathered.skipped)}个文件未计入报告：[/yellow]")
        print_problems(err, gathered.problems)
    if not gathered.entries:
        fail_with("没有可汇总的评价文件")
    report = results_of(gathered.entries, rules)
    _write(report, out, bureau)
    con = console()
    con.print(f"已生成结果应用报告：{out}（{len(report.entries)}个评价）", markup=False)
    con.print("等级分布：" + "、".join(f"{g}{n}个" for g, n in report.grade_counts().items()), markup=False)


def _write(report, out: Path, bureau: str) -> None:
    from .console import fail_with

    try:
        if out.suffix.lower() == ".xlsx":
            from ..results.xlsx import write_xlsx

            write_xlsx(report, out, bureau=bureau)
        else:
            from ..results.docx import write_docx

            write_docx(report, out, bureau=bureau)
    except OSError as exc:
        fail_with(f"无法写入 {out}：{exc.strerror or exc}")


def public_or_exit(file: str, loaded):
    """`jixiao report --public`: the evaluation without the parts its disclosure key marks internal,
    or every reason it cannot be made, and exit 2."""
    from ..report.public import public_version
    from .console import fail

    public = public_version(loaded)
    if public.problems or public.loaded.evaluation is None:
        fail(f"无法生成 {file} 的公开版：", public.problems)
    return public.loaded
