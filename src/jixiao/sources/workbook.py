"""Workbooks (.xlsx, .xls; .xlsm refused): checked for safety before they are opened, then read
by the first layout that recognises their sheets (jixiao.excel.read.LAYOUTS; a new layout
is one module registered there). For `jixiao review`, every form of a workbook: each form
block of each sheet, or a jixiao workbook read whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..io.format1 import build
from ..io.load import Loaded
from ..problems import Problem, Source, error
from .forms import Form, FormState, unreadable
from .registry import Format, register

BLOCK_SUFFIXES = (".xlsx", ".xls")  # read block by block by the bulk review (.xlsm is refused)


def read_workbook(path: Path, file: str) -> Loaded:
    from ..excel import declaration, monitoring, read  # noqa: F401  (on first use: a command that reads only YAML starts without the workbook readers)

    doc, problems = read.read_document(path, file=file)
    return Loaded(None, tuple(problems)) if doc is None else _loaded(doc, file, problems)


def _loaded(doc: Any, file: str, problems: list[Problem]) -> Loaded:
    """A located document (values remember their cells) built into its evaluation."""
    from ..excel.cells import to_node, to_plain

    ev = build(to_node(doc, Source(file=file)), file, problems)
    return Loaded(ev, tuple(problems), to_plain(doc))


def workbook_forms(path: Path, file: str, *, limits=None, sheets: tuple[str, ...] | None = None) -> list[Form]:
    """Every form of one workbook (or of the named sheets), in sheet order; a sheet that is no
    form is a SKIPPED note; a workbook that cannot be read, or holds no form, one UNREADABLE record."""
    from ..excel import layout as L
    from ..excel.cells import read_grids
    from ..excel.safety import Limits, check_file

    limits = limits or Limits.from_env()
    refused = [_named(p, path, file) for p in check_file(path, limits)]
    if refused:
        return [unreadable(file, refused)]
    grids, problems = read_grids(path, file, limits, fast=True, sheets=list(sheets) if sheets else None)
    if not grids:
        return [unreadable(file, problems)]
    if sheets is None and any(g.sheet == L.INFO for g in grids):
        return [_jixiao_workbook(path, file, limits)]  # one evaluation: read whole, with cell formats, as `score` reads it
    return grid_forms(grids, problems, file, whole=not sheets)


def workbook_grids(path: Path, file: str, limits=None) -> tuple[list, list[Problem]]:
    """Every sheet as a grid, after the safety check; ([], problems) where refused or unreadable."""
    from ..excel.cells import read_grids
    from ..excel.safety import Limits, check_file

    limits = limits or Limits.from_env()
    refused = [_named(p, path, file) for p in check_file(path, limits)]
    if refused:
        return [], refused
    return read_grids(path, file, limits)


def workbook_blocks(path: Path, file: str, limits, sheets: tuple[str, ...] | None = None) -> list[tuple] | None:
    """The form blocks (grid, first row, end row) of a workbook of national forms, in sheet order,
    for the bulk review to share out and read (block_form); None where the workbook is not one to
    read block by block (a jixiao workbook, one refused or unreadable, one without a form):
    workbook_forms then says what it is."""
    from ..excel import layout as L
    from ..excel.cells import read_grids
    from ..excel.national import blocks, is_form
    from ..excel.safety import check_file

    if path.suffix.lower() not in BLOCK_SUFFIXES or check_file(path, limits):
        return None
    grids, _ = read_grids(path, file, limits, fast=True, sheets=list(sheets) if sheets else None)
    if not grids or (sheets is None and any(g.sheet == L.INFO for g in grids)):
        return None
    found = [g for g in grids if is_form(g)]
    if not found and not sheets:
        return None
    return [(grid, first, end) for grid in found for first, end in blocks(grid)]


def sheet_names(path: Path, limits) -> list[str]:
    """A workbook's sheet names, to share it among processes; [] where it is refused or cannot be
    opened (reading it says why)."""
    from ..excel.safety import check_file

    if path.suffix.lower() not in BLOCK_SUFFIXES or check_file(path, limits):
        return []
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            return list(book.sheet_names)
        finally:
            book.close()
    except Exception:  # unreadable: reading it reports why
        return []


def grid_forms(grids: list, problems: list[Problem], file: str, *, whole: bool = True) -> list[Form]:
    """The national forms of some grids (a workbook's sheets, a Word file's tables): a record per
    form block, a SKIPPED note per grid that is no form, and, when the grids are the whole file
    and hold no form, an UNREADABLE record with the file's own problems."""
    forms = [form for grid in grids for form in _sheet_forms(grid, file)]
    declaration = any(f.note in _declaration_note() for f in forms)  # a 申报表 or 监控表 is passed by, said, not unreadable
    if whole and not declaration and all(f.state is FormState.SKIPPED for f in forms):
        missing = error("excel.not_recognised", "未找到自评表（含“一级指标”“三级指标”表头的工作表）", Source(file=file))
        forms.append(unreadable(file, [missing] + problems, "未找到自评表"))
    return forms


def _declaration_note() -> tuple[str, str]:
    from ..excel.declaration import SKIPPED
    from ..excel.monitoring import SKIPPED as MONITORED

    return SKIPPED, MONITORED


def _named(problem: Problem, path: Path, file: str) -> Problem:
    """A problem named by the user's name of the file, not by the path it was read from."""
    if problem.where.file != str(path):
        return problem
    return dataclasses.replace(problem, where=problem.where.with_(file=file))


def _sheet_forms(grid, file: str) -> list[Form]:
    from ..excel.declaration import SKIPPED, is_declaration
    from ..excel.monitoring import SKIPPED as MONITORED, is_monitoring
    from ..excel.national import blocks, skip_reason

    reason = MONITORED if is_monitoring(grid) else SKIPPED if is_declaration(grid) else skip_reason(grid)
    if reason:
        return [Form(Source(file=file, sheet=grid.sheet), state=FormState.SKIPPED, note=reason)]
    return [block_form(grid, first, end, file) for first, end in blocks(grid)]


def block_form(grid, first: int, end: int, file: str) -> Form:
    """The national form in rows first..end-1 of a sheet (the bulk review shares a sheet's blocks out)."""
    from ..excel.national import inside, read_block

    part = read_block(grid, first, end)
    part.problems.extend(p for p in grid.problems if inside(p, first, end))
    return _national_form(part, file)


def _national_form(part, file: str) -> Form:
    from ..excel.read import standalone

    if part.unread:  # rows of another form the reader cannot place: said, with its place
        return Form(part.where, Loaded(None, tuple(part.problems)), FormState.UNREADABLE, part.unread)
    if part.blank:
        return Form(part.where, Loaded(None, tuple(part.problems)), state=FormState.BLANK)  # what the reader said of it
    return Form(part.where, _loaded(standalone(part, file), file, list(part.problems)))


def _jixiao_workbook(path: Path, file: str, limits) -> Form:
    """A jixiao workbook (template or export): its 自评表 recomputed with the workbook's own budget."""
    from ..excel import layout as L
    from ..excel.read import read_document

    doc, problems = read_document(path, limits, file)
    if doc is None:
        return unreadable(file, problems)
    se = doc.get("self_evaluation")
    where = getattr(se, "where", None) or Source(file=file, sheet=L.SELF)
    if not se and not doc.get("indicators"):
        return Form(Source(file=file, sheet=L.SELF), state=FormState.BLANK)
    return Form(where, _loaded(doc, file, problems))


WORKBOOK = register(Format("工作簿", frozenset({".xlsx", ".xlsm", ".xls"}), read_workbook, forms=workbook_forms))
