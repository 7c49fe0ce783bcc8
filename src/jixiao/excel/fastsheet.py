"""The bulk review's fast path: a sheet's cells as the general reader reads them, and the header
layouts recognised once per sheet (by the general reader's own functions).

A cell is read as python-calamine gives it — a text, a number, nothing — into the text the
general reader would see; anything else (a TRUE/FALSE, a date) is Unsure, and the form
goes to the general path.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..numbers import D, NotANumber
from ..problems import Source
from .cells import Grid, address, number_text
from .national import (FUNDS_HEADERS, FUNDS_LABELS, GOAL_HEADERS, INDICATOR_LABELS, LABEL_KEYS, PLACEHOLDERS,
                       SECTION_LABELS, Block, indicator_columns, label_key, norm, one_line)
from .national.headers import header_columns, upper_header


class Unsure(Exception):
    """The form is not plainly the common layout: the general path reads it."""


_FUNDS_KEYS = ("initial", "adjusted", "spent", "weight", "rate", "score")
_INDICATOR_KEYS = {"level1", "level2", "name", "target", "actual", "weight", "score", "reason"}
_INDEX = re.compile(r"^指标\s*\d+\s*[:：]?\s*")
RATE = re.compile(r"[-+]?\d+(?:\.\d+)?%")
# a data cell holding one of these is a header or a section label: the general reader decides
_LABELS = frozenset(norm(t) for t in FUNDS_LABELS | INDICATOR_LABELS | set(LABEL_KEYS) | set(SECTION_LABELS)
                    | {t for labels in GOAL_HEADERS.values() for t in labels} | {"合计", "绩效指标"})
AS_TARGET = re.compile(r"\s*(?:[≥≤≧≦><]|大于|小于|不低于|不少于|不高于|不超过|不多于)")


def text_of(value: object) -> str | None:
    """A raw cell as the general reader's text (Grid._text for calamine's values), or Unsure."""
    kind = type(value)
    if kind is str:
        return value.strip() or None  # type: ignore[union-attr]
    if kind is float or kind is int:
        return number_text(value)  # type: ignore[arg-type]
    if value is None:
        return None
    raise Unsure(f"cell value {kind.__name__}")  # booleans, dates, times: read by the general path


@lru_cache(maxsize=16384)
def _decimal(text: str) -> Decimal:
    body = text[:-1] if text.endswith("分") else text
    try:
        return D(body)
    except NotANumber:
        raise Unsure(text) from None


@lru_cache(maxsize=16384, typed=True)
def cell_number(value: object) -> Decimal | None:
    """A figure cell (a number, or a number typed as text) as the loader reads it; blank for a placeholder."""
    if value.__class__ is float:  # most amounts, seldom repeated: their text is a plain number, never a placeholder
        try:
            return D(number_text(value))  # type: ignore[arg-type]
        except NotANumber:
            raise Unsure(number_text(value)) from None  # type: ignore[arg-type]
    text = text_of(value)
    return None if text is None or text in PLACEHOLDERS else _decimal(text)


@lru_cache(maxsize=1024)
def row_texts(values: tuple) -> tuple[tuple[int, str], ...]:
    """(column, text) of a row's cells that hold something: headers and labels repeat from form to form."""
    return tuple((c, t) for c, t in ((c, text_of(v)) for c, v in enumerate(values)) if t is not None)


# the first character a label can have (as norm folds it), to pass over a data cell with one set lookup
_FIRST = frozenset(t[0] for t in _LABELS if t) | {"其"}
_FOLD = {"（": "(", "：": ":"}


# a text cell's first character where it needs a closer look: a label's, one norm folds, a space
_SPACES = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())  # U+3000, the ideographic space, is the last
_LOOK = _FIRST | _SPACES | set(_FOLD)


def first_text(values: list) -> tuple[int, bool]:
    """The column of a row's first cell with a text (-1: none), and whether a cell of the row holds a
    label, in one pass. The cells up to the first text are read as text_of reads them (a date there
    is Unsure); a text cell is passed over as a label by its first character where it can be none."""
    col = -1
    for c, value in enumerate(values):
        if value.__class__ is str:
            if not value:
                continue
            first = value[0]
            if first not in _LOOK:  # most cells: a text, and no label
                if col < 0:
                    col = c
                continue
            if first in _SPACES:
                first = value.lstrip()[:1]
                if not first:
                    continue  # whitespace: no text
            if col < 0:
                col = c
            if _FOLD.get(first, first) in _FIRST and _is_label(value):
                return col, True
        elif col < 0 and value is not None and text_of(value) is not None:
            col = c
    return col, False


def has_label(values: list) -> bool:
    """Whether a cell of the row (its texts) holds a label, as first_text tells it."""
    return first_text(values)[1]


@lru_cache(maxsize=8192)
def indicator_name(text: str) -> str | None:
    """An indicator's name as the general reader takes it: one line, without the template's "指标1："."""
    return _INDEX.sub("", one_line(text)).strip() or None


@lru_cache(maxsize=4096)
def level_name(text: str) -> str:
    if norm(text) in SECTION_LABELS or "分" in text:
        raise Unsure("level label")  # a section's label, or a level carrying its points: the general reader's
    return one_line(text)


@lru_cache(maxsize=4096)
def _is_label(text: str) -> bool:
    return norm(text) in _LABELS or label_key(text) in _LABELS or text.startswith(("其他需要说明", "其他说明"))


class Sheet:
    """One sheet's rows, with the header layouts recognised so far (by their cells' values)."""

    def __init__(self, grid: Grid, file: str):
        self.g = grid
        self.file = file
        self.base = Source(file=grid.file, sheet=grid.sheet)
        self.fields = self.base.__dict__  # its fields, for the readers that make its cells' Sources
        self.funds: dict[tuple, dict[str, int] | None] = {}
        self.indicators: dict[tuple, dict[str, int] | None] = {}
        self.goals: dict[tuple, dict[str, int] | None] = {}

    def source(self, row: int, col: int) -> Source:
        # Source.with_ without its field check: a sheet's forms make tens of thousands of these
        new = object.__new__(Source)
        state = self.fields.copy()
        state["cell"] = address(row, col)
        object.__setattr__(new, "__dict__", state)
        return new

    def layout(self, cache: dict, row: int, recognise) -> dict[str, int]:
        key = tuple(self.g.rows[row])
        if key not in cache:
            try:
                cache[key] = recognise(row)
            except Unsure:
                cache[key] = None
        cols = cache[key]
        if cols is None:
            raise Unsure(f"header at row {row + 1}")
        return cols

    def _unused(self, rows: list[int], cols: dict[str, int], known: set[str]) -> None:
        b = Block(self.g, rows[0], rows[-1] + 1)
        b.unused(rows, cols, known, "")
        if b.problems:
            raise Unsure("a header column the reader does not use")

    def funds_layout(self, row: int) -> dict[str, int]:
        cols = header_columns(self.g, row, FUNDS_HEADERS)
        if set(cols) != set(_FUNDS_KEYS):
            raise Unsure("funds header")
        first = next(iter(self.g.row_texts(row)))
        self._unused([row], cols, FUNDS_LABELS | {label_key(first[1])})
        cols = dict(cols, name=min(cols["initial"], cols["adjusted"]) - 1, label=first[0])
        if cols["name"] < 0:
            raise Unsure("funds header")
        return cols

    def indicator_layout(self, row: int) -> dict[str, int]:
        if upper_header(self.g, row - 1):
            raise Unsure("two-row header")
        cols = indicator_columns(self.g, row)
        keys = {norm(t) for _, t in self.g.row_texts(row)}
        if not {"三级指标", "一级指标"} <= keys or not {"level1", "name", "weight", "score", "target", "actual"} <= set(cols) <= _INDICATOR_KEYS:
            raise Unsure("indicator header")
        self._unused([row], cols, INDICATOR_LABELS)
        return dict(cols, label=next(iter(self.g.row_texts(row)))[0])

    def goal_layout(self, row: int) -> dict[str, int]:
        cols = header_columns(self.g, row, GOAL_HEADERS)
        if len(cols) != 2 or cols["planned"] >= cols["achieved"]:
            raise Unsure("goal header")
        return dict(cols, label=next(iter(self.g.row_texts(row)))[0])


__all__ = ["AS_TARGET", "RATE", "Sheet", "Unsure", "cell_number", "first_text", "has_label", "indicator_name", "level_name",
           "row_texts", "text_of"]
