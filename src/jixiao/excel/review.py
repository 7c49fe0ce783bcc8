"""Bulk review of self-evaluation forms (`jixiao review`): many forms in, one summary workbook out.

Forms come as a folder of workbooks, several workbooks, or one workbook with a
form per sheet or per block. Each form is recomputed and checked on its own; a
form that cannot be read gets a row saying why and the review goes on. Progress is told
through callbacks (review_forms, write_summary); the command line draws the bars.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from ..io.load import Loaded
from ..problems import Problem, Severity, Source, error, has_errors, sort_problems
from ..sources import Form, FormState, open_forms
from ..sources.workbook import sheet_names
from . import layout as L
from .safety import Limits

SUMMARY = "审核汇总"
PROBLEMS = "问题清单"
FIRST_PROBLEMS = 3


@dataclass
class FormResult:
    """One form's line in the summary."""

    file: str
    sheet: str = ""
    cell: str = ""
    project: str = ""
    unit: str = ""
    filled: Decimal | None = None
    total: Decimal | None = None
    grade: str = ""
    evaluation_total: Decimal | None = None  # a jixiao workbook's own 指标体系 total
    evaluation_grade: str = ""
    problems: list[Problem] = field(default_factory=list)
    status: str = "已复核"

    @property
    def difference(self) -> Decimal | None:
        return None if self.filled is None or self.total is None else self.filled - self.total

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def workbook_paths(inputs: Iterable[Path]) -> Iterator[Path]:
    """The files to review: those named, and in a folder every file some reader reads
    (jixiao.sources.suffixes(): workbooks, and any format registered there)."""
    from ..sources import suffixes

    known = suffixes()
    for path in inputs:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in known and not child.name.startswith(("~$", ".")):
                    yield child
        else:
            yield path


def _text(value: object) -> str:
    return "" if value is None else str(value)


def review_form(form: Form) -> FormResult:
    """One form's row: recomputed and checked, or why it could not be."""
    where = form.where
    if form.state is FormState.UNREADABLE:
        return FormResult(file=form.file, sheet=where.sheet or "", cell=where.cell or "", problems=list(form.loaded.problems),
                          status="无法读取：" + form.note)
    if form.state is FormState.BLANK:
        return FormResult(file=form.file, sheet=where.sheet or "", cell=where.cell or "", problems=sort_problems(form.loaded.problems),
                          status="未填写：自评表只有表头和预设的分值，已跳过")
    return _review(form.loaded, form.file, where)


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _review(loaded: Loaded, file: str, where: Source) -> FormResult:
    """Recompute and check one located evaluation: a national form, a whole jixiao workbook, another format's file."""
    from ..analysis import analyse, headline_of

    doc = _mapping(loaded.document)
    project, entity = _mapping(doc.get("project")), _mapping(doc.get("entity"))
    result = FormResult(
        file=file,
        sheet=where.sheet or "",
        cell=where.cell or "",
        project=_text(project.get("name") or entity.get("name")),
        unit=_text(project.get("implementer") or project.get("department") or entity.get("name")),
    )
    ev, problems = loaded.evaluation, list(loaded.problems)
    if ev is not None and ev.self_evaluation is not None:
        result.filled = ev.self_evaluation.total
    if ev is None or has_errors(problems):
        result.problems = sort_problems(problems)
        result.status = "无法复核：表中有无法读取的数据"
        if not doc.get("self_evaluation"):
            result.status = "无法复核：未找到自评表内容"
        return result
    analysis = analyse(ev)
    own = headline_of(None, analysis.self_scorecard)
    if own is not None:
        result.total, result.grade = own.total, own.grade_text
    tree = headline_of(analysis.scorecard, None)
    if tree is not None:
        result.evaluation_total, result.evaluation_grade = tree.total, tree.grade_text
        if own is None:
            result.status = "已复核（自评表未填写）"
    result.problems = sort_problems(problems + list(analysis.problems))
    return result


def review_file(path: Path, limits: Limits, sheets: tuple[str, ...] | None = None,
                share: tuple[int, int] | None = None, *, fast: bool = True) -> list[FormResult]:
    """Every form of one file (or of the named sheets; of a share of their blocks), as
    jixiao.sources finds them; a file that cannot be read gives one row saying why. Sheets
    that are no form give no row. A workbook of national forms is read block by block, the
    common form on the fast path (fast=False: every form as jixiao.sources reads it)."""
    from .fastbook import workbook_forms

    found = workbook_forms(path, limits, sheets, share, fast=fast)
    if found is None and share is not None and share[0] > 0:
        return []  # what the sheet is, or why it cannot be read, is said once, by the first share
    if found is None:
        found = open_forms(path, limits=limits, sheets=sheets)
    return [_row_of(item) for item in found if not (isinstance(item, Form) and item.state is FormState.SKIPPED)]


def _row_of(item) -> FormResult:
    if isinstance(item, Form):
        return review_form(item)
    where = item.where  # reviewed on the fast path
    return FormResult(file=where.file or "", sheet=where.sheet or "", cell=where.cell or "", project=item.project,
                      unit=item.unit, filled=item.filled, total=item.total, grade=item.grade, problems=item.problems)


@dataclass(frozen=True)
class Unit:
    """A share of the work a process takes on its own: one workbook, some sheets of one, or
    the k-th of n runs of its sheets' form blocks."""

    path: Path
    sheets: tuple[str, ...] | None = None
    share: tuple[int, int] | None = None


def plan(paths: list[Path], limits: Limits, workers: int) -> list[Unit]:
    """Whole workbooks when there are many; a few big workbooks are shared out sheet by sheet,
    and where they have few sheets, by their form blocks in `workers` runs."""
    if workers < 2 or len(paths) >= 2 * workers:
        return [Unit(p) for p in paths]
    units = []
    for path in paths:
        names = sheet_names(path, limits)
        if not names or L.INFO in names:  # a jixiao workbook is read whole
            units.append(Unit(path))
        elif len(names) < 2 * workers:
            units.extend(Unit(path, None, (k, workers)) for k in range(workers))
        else:
            units.extend(Unit(path, (name,)) for name in names)
    return units


def review_unit(unit: Unit, limits: Limits) -> list[FormResult]:
    """One unit's rows; an unforeseen failure becomes that workbook's row, never the end of the review."""
    try:
        return review_file(unit.path, limits, unit.sheets, unit.share)
    except Exception as exc:  # noqa: BLE001 - one form must not stop a review of thousands
        where = Source(file=str(unit.path), sheet=unit.sheets[0] if unit.sheets else None)
        reason = f"{type(exc).__name__}: {exc}"[:200]
        problem = error("excel.review_failed", f"复核此工作簿时出现意外错误，已跳过：{reason}", where)
        return [FormResult(file=str(unit.path), sheet=where.sheet or "", problems=[problem], status="无法复核：" + problem.message)]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def review_forms(
    inputs: Iterable[Path], limits: Limits, on_file=None, on_found=None, workers: int | None = None
) -> Iterator[FormResult]:
    """Every form of every input, in input order, as they are done; forms are shared among
    `workers` processes. on_found(n) is told how many forms a workbook (or sheet) held and
    on_file(path) of each workbook done."""
    paths = list(workbook_paths(inputs))
    workers = default_workers() if workers is None else workers
    units = plan(paths, limits, workers)
    for i, rows in enumerate(_run(units, limits, workers)):
        if on_found:
            on_found(len(rows))
        yield from rows
        if on_file and (i + 1 == len(units) or units[i + 1].path != units[i].path):
            on_file(units[i].path)


def review_all(inputs: Iterable[Path], limits: Limits, workers: int | None = None) -> list[FormResult]:
    return list(review_forms(inputs, limits, workers=workers))


def _run(units: list[Unit], limits: Limits, workers: int) -> Iterator[list[FormResult]]:
    workers = min(workers, len(units))
    if workers < 2:
        yield from (review_unit(u, limits) for u in units)
        return
    import multiprocessing

    from .fastbook import forget, preread

    # fork shares the already imported code, and a workbook shared by its blocks read once here;
    # where fork is missing, spawn re-imports the code and each process reads the workbook
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        for path, sheets in dict.fromkeys((u.path, u.sheets) for u in units if u.share is not None):
            preread(path, limits, sheets)
    try:
        with multiprocessing.get_context(method).Pool(workers) as pool:
            chunk = max(1, min(16, len(units) // (workers * 8)))
            yield from pool.imap(partial(review_unit, limits=limits), units, chunksize=chunk)
    finally:
        forget()


# -- the summary workbook ------------------------------------------------------------------


SUMMARY_HEADS = ["序号", "项目", "单位", "填报总分", "复核总分", "差异", "等级", "评价总分", "评价等级", "错误数", "警告数", "主要问题",
                 "状态", "文件", "工作表", "位置"]
SUMMARY_WIDTHS = [6, 30, 26, 10, 10, 8, 10, 10, 10, 8, 8, 80, 24, 30, 12, 8]
PROBLEM_HEADS = ["表序号", "严重程度", "项目", "文件", "工作表", "单元格", "问题代码", "说明", "指标", "处理建议"]
PROBLEM_WIDTHS = [6, 8, 30, 30, 12, 8, 26, 90, 16, 40]


def write_summary(results: Iterable[FormResult], out: Path, on_form=None) -> list[FormResult]:
    """Write the summary workbook as the results arrive (on_form(result) is told of each) and
    return them. Rows are streamed to disk as plain lists (fastxlsx), so ten thousand forms cost
    little time or memory; a user text is always a text cell, never a formula."""
    from .fastxlsx import StreamBook
    from .put import atomic

    done: list[FormResult] = []

    def write(tmp: str) -> None:
        book = StreamBook(tmp)
        summary = book.sheet(SUMMARY, SUMMARY_HEADS, SUMMARY_WIDTHS)
        for i, r in enumerate(results, start=1):
            first = "；".join(f"{p.where.cell or ''} {p.message}".strip() for p in r.problems[:FIRST_PROBLEMS])
            errors = warnings = 0
            for p in r.problems:
                errors += p.severity is Severity.ERROR
                warnings += p.severity is Severity.WARNING
            summary.add([i, r.project, r.unit, r.filled, r.total, r.difference, r.grade, r.evaluation_total,
                         r.evaluation_grade, errors, warnings, first, r.status, r.file, r.sheet, r.cell])
            done.append(r)
            if on_form:
                on_form(r)
        summary.close()
        sheet = book.sheet(PROBLEMS, PROBLEM_HEADS, PROBLEM_WIDTHS)
        rows = [(p, i, r) for i, r in enumerate(done, start=1) for p in r.problems]
        rows.sort(key=lambda item: item[0].severity.rank)  # stable: form order within a severity
        for p, i, r in rows:
            where = p.where
            sheet.add([i, p.severity.label, r.project, where.file or r.file, where.sheet, where.cell, p.code,
                       p.message, where.indicator or where.row, getattr(p, "hint", "")])
        sheet.close()
        book.close()

    atomic(out, write)
    return done
