"""Sheets as grids of cells, cell texts, and document values that remember their cell.

Both engines (openpyxl for .xlsx, python-calamine for .xls and bulk reading) are
turned into the same Grid; every value leaves a Grid as text, never as a float,
so a figure reads exactly as the user sees it in Excel (15 significant digits).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Iterator

from ..parse.tree import Node
from ..problems import Problem, Source, error
from .safety import Limits, check_rows

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def parse_address(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match, ref
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def number_text(value: int | float | Decimal) -> str:
    """A number as Excel shows it: at most 15 significant digits, no exponent, no trailing zeros."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        shortest = repr(value)
        # the shortest round-trip form is what Excel shows when it has at most 15 digits
        if "e" not in shortest and len(shortest.lstrip("-0").replace(".", "").lstrip("0")) <= 15:
            return shortest
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else value
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


# -- values that know their cell ----------------------------------------------------


class Text(str):
    """A text from a cell, with the cell it came from.

    A text read from a grid spells out its Source only when asked: most values are
    never reported, and a bulk review reads hundreds of thousands of them."""

    def __new__(cls, value: str, where: Source | None = None, *, cell: tuple["Grid", int, int] | None = None) -> "Text":
        obj = super().__new__(cls, value)
        obj._where = where
        obj._cell = cell
        return obj

    @property
    def where(self) -> Source:
        if self._where is None:
            grid, row, col = self._cell
            self._where = grid.source(row, col)
        return self._where

    def replaced(self, value: str) -> "Text":
        """Another text at the same cell."""
        return Text(value, self._where, cell=self._cell)


class Map(dict):
    def __init__(self, where: Source, *args: Any):
        super().__init__(*args)
        self.where = where


class Seq(list):
    def __init__(self, where: Source, *args: Any):
        super().__init__(*args)
        self.where = where


def to_node(data: Any, where: Source) -> Node:
    """A located document (Text / Map / Seq, or plain values) → the loader's Node tree."""
    if isinstance(data, Text):
        return Node(str(data), data)  # the Node asks the Text for its Source only if it is reported
    here = getattr(data, "where", where)
    if isinstance(data, dict):
        return Node({str(k): to_node(v, here) for k, v in data.items()}, here)
    if isinstance(data, list):
        return Node([to_node(v, here) for v in data], here)
    if data is None:
        return Node(None, here)
    return Node(str(data), here)


def to_plain(data: Any) -> Any:
    """The same document with plain dict / list / str only (for YAML and the web)."""
    if isinstance(data, dict):
        return {str(k): to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    return None if data is None else str(data)


# -- grids --------------------------------------------------------------------------


@dataclass
class Grid:
    """One sheet: raw values by 0-based (row, col), merged ranges, and what the engine knew."""

    file: str
    sheet: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    percent: set[tuple[int, int]] = field(default_factory=set)  # numeric cells formatted as %
    no_cache: set[tuple[int, int]] = field(default_factory=set)  # formulas without a saved value
    formats_known: bool = False  # False for calamine: % formats are not reported
    problems: list[Problem] = field(default_factory=list)
    _merge_at: dict[tuple[int, int], tuple[int, int, int, int]] | None = None
    _width: int | None = None
    _texts: dict[int, dict[int, str]] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width

    def has_text(self, row: int, needle: str) -> bool:
        """Whether some text cell of the row contains `needle` (a fast pre-filter)."""
        if row < len(self.rows):
            for v in self.rows[row]:  # a loop, not any(genexpr): the block finder asks it of every row
                if isinstance(v, str) and needle in v:
                    return True
        return False

    def raw(self, row: int, col: int) -> Any:
        if row < len(self.rows):
            values = self.rows[row]
            if col < len(values):
                value = values[col]
                return None if value == "" else value
        return None

    def source(self, row: int, col: int) -> Source:
        return Source(file=self.file, sheet=self.sheet, cell=address(row, col))

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        if self._merge_at is None:
            self._merge_at = {}
            for box in self.merged:
                r0, c0, r1, c1 = box
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        self._merge_at[(r, c)] = box
        return self._merge_at.get((row, col))

    def texts(self, row: int) -> dict[int, str]:
        """col → text of every non-empty cell of the row (computed once per row)."""
        cache = self._texts
        found = cache.get(row)
        if found is None:
            values = self.rows[row] if row < len(self.rows) else ()
            found = {}
            for col, value in enumerate(values):
                if value.__class__ is str:  # most cells: a text, or calamine's "" for a blank
                    value = value.strip()
                    if value:
                        found[col] = value
                elif value is not None:
                    text = self._text(row, col, value)
                    if text is not None:
                        found[col] = text
            cache[row] = found
        return found

    def _text(self, row: int, col: int, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = value.strip()
            return value or None
        if isinstance(value, (dt.datetime, dt.date)):
            if isinstance(value, dt.datetime) and value.time() == dt.time(0):
                value = value.date()
            return value.isoformat()
        if isinstance(value, dt.time):
            return value.isoformat()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            if (row, col) in self.percent:
                return number_text(Decimal(number_text(value)) * 100) + "%"
            return number_text(value)
        return str(value)

    def cell(self, row: int, col: int, *, strip: bool = True) -> Text | None:
        """The cell as located text; strip=False keeps a text's own spaces and line ends."""
        text = self.texts(row).get(col)
        if text is None:
            return None
        if not strip and isinstance(self.raw(row, col), str):
            text = self.raw(row, col)
        return Text(text, cell=(self, row, col))

    def is_number(self, row: int, col: int) -> bool:
        value = self.raw(row, col)
        return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)

    def row_texts(self, row: int) -> Iterator[tuple[int, str]]:
        return iter(self.texts(row).items())


def longest_text(rows: list[list[Any]]) -> int:
    """The longest text cell's length (0: none), at C speed: a loop over every cell costs as much as reading them."""
    return max(map(len, filter(str.__instancecheck__, filter(None, chain.from_iterable(rows)))), default=0)


def _scan_cells(grid: Grid) -> None:
    """Cells no reader may accept: over-long texts and formulas without a saved value."""
    for row, values in enumerate(grid.rows if longest_text(grid.rows) >= MAX_CELL_CHARS else ()):
        for col, value in enumerate(values):
            if isinstance(value, str) and len(value) >= MAX_CELL_CHARS:
                # readers cut longer texts at the limit, so a text of exactly the limit was longer
                message = f"单元格内容达到或超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 个字符，超出部分已被截断；请缩短或分段填写"
                grid.problems.append(error("excel.cell_too_long", message, grid.source(row, col)))
                values[col] = value[:200]
    message = "单元格是公式，但文件中没有保存计算结果（可能由程序生成或未重新计算）。请在 Excel 或 WPS 中打开并保存一次，或改为直接填写数值"
    for row, col in sorted(grid.no_cache):
        grid.problems.append(error("excel.formula_no_value", message, grid.source(row, col)))


# -- formulas without a cached value (.xlsx) ------------------------------------------

_CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _has_formula(archive: zipfile.ZipFile, name: str, piece: int = 1 << 20) -> bool:
    """Whether the entry's XML holds a formula (b"<f"), read a piece at a time, not into one block as big as it."""
    last = b""
    with archive.open(name) as stream:
        while True:
            data = stream.read(piece)
            if not data:
                return False
            if _formula_in(data) or (last == b"<" and data[:1] == b"f"):  # across the pieces' seam as well
                return True
            last = data[-1:]


def _formula_in(data: bytes) -> bool:
    """b"<f" in data, sooner: a sheet's XML has few "f" outside its formulas, found at memchr's speed."""
    at, looked = data.find(b"f", 1), 0
    while at > 0 and looked < 64:
        if data[at - 1] == 60:  # "<"
            return True
        at, looked = data.find(b"f", at + 1), looked + 1
    return at > 0 and b"<f" in data  # many "f": searched for the pair


def formulas_without_value(path: Path, sheets: list[str] | None = None) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → cells holding a formula but no saved result, read from the raw XML
    (of the named sheets only, when given)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels_name = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_name in names:
            for rel in ElementTree.fromstring(archive.read(rels_name)):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else "xl/" + target
                targets[rel.get("Id", "")] = target
        for sheet in book.iter(f"{main}sheet"):
            target = targets.get(sheet.get(f"{rel_ns}id", ""), "")
            if target not in names or (sheets is not None and sheet.get("name", "") not in sheets):
                continue
            if not _has_formula(archive, target):  # most sheets hold none
                continue
            data = archive.read(target)
            cells = set()
            for match in _CELL.finditer(data):
                body = match.group(2) or b""
                if b"<f" in body and (b"<v>" not in body or b"<v></v>" in body):
                    cells.add(parse_address(match.group(1).decode()))
            if cells:
                found[sheet.get("name", "")] = cells
    return found


# -- engines --------------------------------------------------------------------------


def read_openpyxl(path: Path, file: str, limits: Limits) -> tuple[list[Grid], list[Problem]]:
    import openpyxl

    problems: list[Problem] = []
    no_cache = formulas_without_value(path)
    book = openpyxl.load_workbook(path, data_only=True)
    grids = []
    for ws in book.worksheets:
        too_many = check_rows(ws.max_row, file, ws.title, limits)
        if too_many:
            problems.append(too_many)
            continue
        rows: list[list[Any]] = []
        percent: set[tuple[int, int]] = set()
        for r, cells in enumerate(ws.iter_rows()):
            values = []
            for c, cell in enumerate(cells):
                value = cell.value
                values.append(value)
                if isinstance(value, (int, float, Decimal)) and "%" in (cell.number_format or ""):
                    percent.add((r, c))
            rows.append(values)
        merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        grid = Grid(file, ws.title, rows, merged, percent, no_cache.get(ws.title, set()), formats_known=True)
        _scan_cells(grid)
        problems.extend(grid.problems)
        grids.append(grid)
    book.close()
    return grids, problems


def read_calamine(path: Path, file: str, limits: Limits, sheets: list[str] | None = None) -> tuple[list[Grid], list[Problem]]:
    from python_calamine import CalamineWorkbook

    problems: list[Problem] = []
    no_cache = formulas_without_value(path, sheets) if path.suffix.lower() == ".xlsx" else {}
    book = CalamineWorkbook.from_path(str(path))
    grids = []
    try:
        for name in sheets if sheets is not None else book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            too_many = check_rows(sheet.total_height, file, name, limits)
            if too_many:
                problems.append(too_many)
                continue
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            grid = Grid(file, name, rows, merged, set(), no_cache.get(name, set()))
            _scan_cells(grid)
            problems.extend(grid.problems)
            grids.append(grid)
    finally:
        book.close()
    return grids, problems


def read_grids(
    path: Path, file: str, limits: Limits, *, fast: bool = False, sheets: list[str] | None = None
) -> tuple[list[Grid], list[Problem]]:
    """Every sheet of a workbook (or the named ones, fast only); .xlsx via openpyxl (formats known)
    unless fast, .xls via calamine."""
    from defusedxml import DefusedXmlException

    try:
        if path.suffix.lower() == ".xlsx" and not fast:
            return read_openpyxl(path, file, limits)
        return read_calamine(path, file, limits, sheets)
    except DefusedXmlException:
        message = "工作簿的 XML 中含有实体或文档类型定义（DTD），Excel 不会写出这样的文件，疑为恶意构造，已拒绝读取"
        return [], [error("excel.xml_entities", message, Source(file=file))]
    except Exception as exc:  # a corrupt file must not show a traceback
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return [], [error("excel.unreadable", f"工作簿无法读取（文件可能已损坏）：{reason}", Source(file=file))]
