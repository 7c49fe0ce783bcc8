"""`jixiao report`: the Word report, with PDF and HTML beside it or instead of it."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..analysis import Analysis

LABELS = {"docx": "Word 报告", "pdf": "PDF 报告", "html": "HTML 报告"}


def register(group: click.Group) -> None:
    group.add_command(report)


def targets(file: str, output: str | None, pdf: bool, html: bool) -> list[tuple[str, Path]]:
    """(kind, path) of every file to write: -o names the first; --pdf / --html add one beside it."""
    out = Path(output) if output else Path(Path(file).stem + ".docx")
    suffix = out.suffix.lower()
    found: list[tuple[str, Path]] = []
    if suffix == ".pdf":
        found.append(("pdf", out))
    elif suffix in (".html", ".htm"):
        found.append(("html", out))
    else:
        found.append(("docx", out if suffix == ".docx" else out.with_suffix(".docx")))
    if pdf and suffix != ".pdf":
        found.append(("pdf", out.with_suffix(".pdf")))
    if html and suffix not in (".html", ".htm"):
        found.append(("html", out.with_suffix(".html")))
    return found


def _chart_font_missing(analysis: Analysis) -> str:
    """The problem to report when the report has a chart and no font can draw its Chinese."""
    from ..report.chart import FONT_MISSING, cjk_font

    sc = analysis.scorecard
    if sc is None or not sc.roots or cjk_font() is not None:
        return ""
    # said once, as a problem of this command, instead of one warning per character
    warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
    return FONT_MISSING


def write(kind: str, analysis: Analysis, path: Path, template: Path | None, docx_beside: Path | None = None) -> None:
    """Write one report file (a PDF with its Word report beside it, if asked), or exit 2 saying why in Chinese."""
    from ..report import ConversionFailed, LibreOfficeMissing, TemplateError, render_docx, render_html, render_pdf
    from .console import fail_with

    try:
        if kind == "docx":
            render_docx(analysis, path, template, laid_out=True)
        elif kind == "pdf":
            render_pdf(analysis, path, template, docx_out=docx_beside)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            staged = path.with_name(f".{path.name}.part")
            staged.write_text(render_html(analysis), encoding="utf-8")
            staged.replace(path)
    except (LibreOfficeMissing, TemplateError, ConversionFailed) as exc:
        fail_with(str(exc))
    except OSError as exc:
        fail_with(f"无法写入 {path}：{exc.strerror or exc}")


def refuse_final(file: str, analysis: Analysis) -> None:
    """--final with errors left: list them and exit 2, writing nothing."""
    from ..problems import Severity
    from .console import EXIT_BAD_INPUT, console, print_problems

    err = console(stderr=True)
    err.print(f"[red]{file} 仍有{analysis.errors}个错误，不能生成正式稿（--final）；"
              "请先修正以下错误，或不加 --final 生成征求意见稿：[/red]")
    print_problems(err, [p for p in analysis.problems if p.severity is Severity.ERROR])
    raise SystemExit(EXIT_BAD_INPUT)


@click.command(help="生成绩效评价报告（Word；可同时生成 PDF、HTML）。自评表文件生成自评报告和自评表。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="输出文件，默认与评价文件同名的 .docx；以 .pdf 或 .html 结尾时只生成该格式。")
@click.option("--pdf", "pdf", is_flag=True, help="同时生成 PDF（需要 LibreOffice）。")
@click.option("--html", "html", is_flag=True, help="同时生成 HTML（网页预览）。")
@click.option("--template", "template", type=click.Path(dir_okay=False),
              help="使用自己的 Word 模板（以随包提供的 report.docx 为底稿修改）。")
@click.option("--final", "final", is_flag=True,
              help="生成正式稿：质量控制仍有错误时不生成，列出错误（否则报告为征求意见稿，带水印）。")
@click.option("--public", "public", is_flag=True,
              help="生成公开版：略去评价文件 disclosure.internal 标为内部的部分（访谈记录、现场照片等）。")
def report(file: str, output: str | None, pdf: bool, html: bool, template: str | None, final: bool,
           public: bool = False) -> None:
    from ..analysis import analyse
    from ..report.pdf import INSTALL_HINT, find_soffice
    from .console import console, fail_with, open_or_exit

    if template is not None and not Path(template).is_file():
        fail_with(f"找不到Word模板文件：{template}")
    loaded = open_or_exit(file)
    if public:
        from .results import public_or_exit

        loaded = public_or_exit(file, loaded)
        output = output or f"{Path(file).stem}-公开版.docx"
    analysis = analyse(loaded.evaluation)
    if final and analysis.errors:
        refuse_final(file, analysis)
    planned = targets(file, output, pdf, html)
    if any(kind == "pdf" for kind, _ in planned) and find_soffice() is None:
        fail_with(INSTALL_HINT)  # before anything is written
    con = console()
    font_missing = _chart_font_missing(analysis)
    docx_beside = next((path for kind, path in planned if kind == "docx"), None) if len(planned) > 1 else None
    for kind, path in planned:
        if kind == "docx" and any(k == "pdf" for k, _ in planned):
            continue  # written with the PDF, from the same layout pass
        write(kind, analysis, path, Path(template) if template else None,
              docx_beside if kind == "pdf" else None)
        if kind == "pdf" and docx_beside is not None:
            con.print(f"已生成{LABELS['docx']}：{docx_beside}", markup=False)
        con.print(f"已生成{LABELS[kind]}：{path}", markup=False)
    headline = analysis.headline
    if headline is not None and headline.kind == "evaluation":
        con.print(f"总得分{headline.total_text}分，绩效评级：{headline.grade_text}", markup=False)
    elif headline is not None:
        con.print(f"自评复核总分{headline.total_text}分，评级：{headline.grade_text}", markup=False)
    if font_missing:
        console(stderr=True).print("[yellow]警告[/yellow] 报告图表：" + font_missing, markup=True, highlight=False)
    if analysis.errors or analysis.warnings:
        con.print(f"质量控制：{analysis.errors}个错误、{analysis.warnings}个警告（jixiao score 或 jixiao check 列出详情）。", markup=False)
