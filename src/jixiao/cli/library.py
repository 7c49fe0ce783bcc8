"""`jixiao library`: the 指标库 — search the indicators, each one's figures by department and year, and
a suggested 标杆值 with the figures behind it; and the folder reading `jixiao check --peers` shares."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(group: click.Group) -> None:
    group.add_command(library)


def loaded_in(folder: str) -> list[tuple[Path, object]]:
    """Every file of a folder (and its subfolders) a reader knows, opened, by name; exits 2 on no folder."""
    from ..sources import open_source, suffixes
    from .console import EXIT_BAD_INPUT, console

    root = Path(folder)
    if not root.is_dir():
        console().print(f"“{folder}”不是文件夹：--from / --peers 应给出存放申报表、自评表或评价文件的文件夹", markup=False)
        sys.exit(EXIT_BAD_INPUT)
    known = suffixes()
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in known and not p.name.startswith(("~$", ".")))
    return [(p, open_source(p)) for p in paths]


def declarations_in(folder: str) -> list:
    """The declarations of a folder's files (others, and files that cannot be read, are passed by and said)."""
    from .console import console

    out = []
    for path, loaded in loaded_in(folder):
        ev = loaded.evaluation
        if ev is not None and ev.declaration is not None:
            out.append(ev.declaration)
        elif ev is None:
            console().print(f"同类部门申报表 {path} 无法读取，已跳过", markup=False)
    return out


def records_in(folder: str) -> list:
    """Library records from every declaration, monitoring form, 自评表 and evaluation of a folder."""
    from ..library.build import from_declaration, from_evaluation, from_monitoring

    out: list = []
    for _path, loaded in loaded_in(folder):
        ev = loaded.evaluation
        if ev is None:
            continue
        if ev.declaration is not None:
            out.extend(from_declaration(ev.declaration))
        elif getattr(ev, "monitoring", None) is not None:
            out.extend(from_monitoring(ev.monitoring))
        else:
            out.extend(from_evaluation(ev))
    return out


@click.command(help="指标库：按名称或同义词搜索指标（全角、空格、引号不计），列出计量单位、方向、计算公式、"
               "各部门各年度的指标值与实际完成值，并给出建议的标杆值及其依据。")
@click.argument("query", required=False, default="")
@click.option("--from", "folder", type=click.Path(file_okay=False), default=None, metavar="文件夹",
              help="读取文件夹中的申报表、自评表和评价文件，加入指标库。")
@click.option("--department", default=None, metavar="部门", help="为此部门给出建议值（上年实际完成值取此部门的）。")
@click.option("--year", type=int, default=None, metavar="年度", help="建议值所属的年度（历史取此前年度）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def library(query: str, folder: str | None, department: str | None, year: int | None, as_json: bool) -> None:
    from ..library import Library, seed, suggest
    from .console import console

    lib = Library(seed())
    if folder:
        lib = lib.with_records(records_in(folder))
    entries = lib.search(query)
    found = [(e, suggest(lib, e.indicator.name, department, year)) for e in entries]
    if as_json:
        click.echo(json.dumps([_json(e, s) for e, s in found], ensure_ascii=False, indent=2))
        return
    out = console()
    if not entries:
        out.print(f"指标库中没有名称含“{query}”的指标。", markup=False)
        return
    for entry, suggestion in found:
        _print(out, entry, suggestion)


def _json(entry, suggestion) -> dict:
    i = entry.indicator
    return {
        "name": i.name, "unit": i.unit, "direction": i.direction, "formula": i.formula, "framework": i.framework,
        "synonyms": list(i.synonyms),
        "records": [{"department": r.department, "year": r.year, "stage": r.stage, "target": r.target_text() or None,
                     "actual": r.actual.text() if r.actual is not None else None, "where": r.where} for r in entry.records],
        "suggestion": {"value": suggestion.text() or None, "rule": suggestion.rule, "figures": dict(suggestion.figures)},
    }


def _print(out, entry, suggestion) -> None:
    from ..library import STAGES

    i = entry.indicator
    head = "　".join(x for x in (i.name, f"单位 {i.unit}" if i.unit else "", f"方向 {i.direction}" if i.direction else "") if x)
    out.print(f"[bold]{head}[/bold]" if head else "")
    for line in (i.formula, i.framework and f"来源：{i.framework}"):
        if line:
            out.print(f"  {line}", markup=False)
    for r in entry.records:
        figures = "，".join(x for x in (r.target_text() and f"指标值 {r.target_text()}",
                                       r.actual is not None and f"实际完成值 {r.actual.text()}") if x)
        out.print(f"  {r.year or '—'}年　{r.department}　{STAGES[r.stage]}　{figures}", markup=False)
    out.print(f"  建议标杆值：{suggestion.text() or '—'}（{suggestion.rule}）", markup=False)
    for what, figure in suggestion.figures:
        out.print(f"    {what}：{figure}", markup=False)
