"""Problems are values: one shape for everything a user is told is wrong.

Loading, scoring and checking never raise on bad user data; each stage returns
its result together with a list of Problem, and the user sees them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Source:
    """Where a figure or record comes from; every part is optional.

    file:line for YAML, file!sheet!cell for workbooks, an indicator code, a
    table and row for figures that live in a table, and the key path inside
    the document (e.g. ``indicators[2].children[0].weight``).
    """

    file: str | None = None
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    indicator: str | None = None
    path: str | None = None
    table: str | None = None
    row: str | None = None
    # a place in a delivered report (render/places.py names it): its page, the headings it lies
    # under, the paragraph's index (python-docx Document.paragraphs order) or the table's index
    # (Document.tables order) with a cell's row and column, counted from 0
    page: int | None = None
    heading: str | None = None
    paragraph: int | None = None
    table_index: int | None = None
    cell_row: int | None = None
    cell_col: int | None = None

    def with_(self, **changes: Any) -> "Source":
        for key in changes:
            if key not in _SOURCE_FIELDS:
                raise TypeError(f"Source has no field {sorted(changes.keys() - _SOURCE_FIELDS)}")
        # set the fields directly: the frozen __init__ costs more than the rest of a row's scoring
        fields = self.__dict__.copy()
        fields.update(changes)
        new = object.__new__(Source)
        object.__setattr__(new, "__dict__", fields)
        return new

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file and self.sheet:
            parts.append(f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else ""))
        elif self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.path:
            parts.append(self.path)
        if self.indicator:
            parts.append(f"指标{self.indicator}")
        if self.table:
            parts.append(self.table + (f"「{self.row}」" if self.row else ""))
        elif self.row:
            parts.append(f"「{self.row}」")
        return " ".join(parts) if parts else "（整体）"

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v is not None}
        data["text"] = str(self)
        return data


_SOURCE_FIELDS = frozenset(Source.__dataclass_fields__)


@dataclass(frozen=True)
class Problem:
    """One thing a user is told: where, a stable code, severity, message, figures."""

    code: str
    severity: Severity
    message: str
    where: Source = field(default_factory=Source)
    figures: tuple[tuple[str, str], ...] = ()
    hint: str = ""  # what to do about it (处理建议)

    @staticmethod
    def make(
        code: str,
        severity: Severity,
        message: str,
        where: Source | None = None,
        /,
        *,
        hint: str = "",
        **figures: Any,
    ) -> "Problem":
        return Problem(
            code=code,
            severity=severity,
            message=message,
            where=where or Source(),
            figures=tuple((k, _figure_text(v)) for k, v in figures.items()),
            hint=hint,
        )

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "severity_label": self.severity.label,
            "where": self.where.to_json(),
            "message": self.message,
            "hint": self.hint,
            "figures": dict(self.figures),
        }


def _figure_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def error(code: str, message: str, where: Source | None = None, /, *, hint: str = "", **figures: Any) -> Problem:
    return Problem.make(code, Severity.ERROR, message, where, hint=hint, **figures)


def warning(code: str, message: str, where: Source | None = None, /, *, hint: str = "", **figures: Any) -> Problem:
    return Problem.make(code, Severity.WARNING, message, where, hint=hint, **figures)


def info(code: str, message: str, where: Source | None = None, /, *, hint: str = "", **figures: Any) -> Problem:
    return Problem.make(code, Severity.INFO, message, where, hint=hint, **figures)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; stable within a severity."""
    return sorted(problems, key=lambda p: p.severity.rank)
