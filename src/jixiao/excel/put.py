"""Writing cells: user text always as text, figures as numbers with their format."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..numbers import D, NotANumber
from .layout import info_format

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@lru_cache(maxsize=None)
def _styles() -> dict[str, Any]:
    """HEADER_FONT, HEADER_FILL, WRAP: made on first use, so a writer without openpyxl (the review's
    streamed summary) does not import it."""
    from openpyxl.styles import Alignment, Font, PatternFill

    styles = {"HEADER_FONT": Font(bold=True), "HEADER_FILL": PatternFill("solid", fgColor="DDEBF7"),
              "WRAP": Alignment(wrap_text=True, vertical="top"),
              "CENTER": Alignment(horizontal="center", vertical="center", wrap_text=True)}
    globals().update(styles)
    return styles


def __getattr__(name: str) -> Any:
    if name in ("HEADER_FONT", "HEADER_FILL", "WRAP"):
        return _styles()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
# What a spreadsheet may take for the start of a formula: = + - @, a tab or a line break before
# one, and the full-width forms a Chinese input method types (WPS reads ＝ as =).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def put_text(ws: Worksheet, row: int, col: int, value: Any, *, wrap: bool = False):
    """Text as a string cell; a leading = + - @ (or tab, CR, full-width ＝ ＋ － ＠) never becomes
    a formula (rows and cols 1-based). Every user text jixiao writes goes through here, or through
    write_text for a streamed XlsxWriter sheet."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if formula_like(text):
        cell.quotePrefix = True  # Excel and WPS show and keep it as text, even once it is edited
    if wrap or "\n" in text or len(text) > 40:
        cell.alignment = _styles()["WRAP"]
    return cell


def quote_format(book: Any) -> Any:
    """The XlsxWriter format of a text that starts like a formula."""
    return book.add_format({"quote_prefix": True})


def write_text(sheet: Any, row: int, col: int, value: Any, quoted: Any) -> None:
    """put_text for a streamed XlsxWriter sheet (rows and cols 0-based): always a string cell,
    with the `quoted` format (quote_format) where it starts like a formula."""
    text = str(value)
    sheet.write_string(row, col, text, quoted if formula_like(text) else None)


def as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return D(str(value))
    except (NotANumber, ValueError, ArithmeticError):
        return None


def put_figure(ws: Worksheet, row: int, col: int, value: Any, number_format: str):
    """A figure as a number in its format; anything that is not a plain number stays text."""
    number = as_decimal(value)
    if number is None or (isinstance(value, str) and value.strip().endswith("%")):
        if isinstance(value, str) and value.strip().endswith("%"):
            percent = as_decimal(value.strip()[:-1])
            if percent is not None:
                cell = ws.cell(row=row, column=col, value=percent / 100)
                cell.number_format = "0.00%"
                return cell
        return put_text(ws, row, col, value)
    if number_format == "0" and number != number.to_integral_value():
        number_format = "General"  # a whole-number format would show 2.5 as 3
    cell = ws.cell(row=row, column=col, value=number)
    cell.number_format = number_format
    return cell


def put_info(ws: Worksheet, row: int, col: int, path: str, value: Any):
    """A 基本信息 value: a number where the layout expects a figure (a blank one keeps the format
    for what will be typed), anything else as text."""
    number_format = info_format(path)
    if number_format is None:
        return put_text(ws, row, col, value, wrap=True)
    if value is None or str(value).strip() == "":
        cell = ws.cell(row=row, column=col)
        cell.number_format = number_format
        return cell
    return put_figure(ws, row, col, value, number_format)


def put_label(ws: Worksheet, row: int, col: int, text: str) -> None:
    """A form's label cell (项目名称, 项目资金 …): bold on the header fill, centred, as the national forms print it."""
    cell = put_text(ws, row, col, text)
    styles = _styles()
    cell.font, cell.fill, cell.alignment = styles["HEADER_FONT"], styles["HEADER_FILL"], styles["CENTER"]


def header(ws: Worksheet, row: int, labels: list[str], *, widths: list[int] | None = None, start: int = 1) -> None:
    for i, label in enumerate(labels):
        cell = put_text(ws, row, start + i, label)
        styles = _styles()
        cell.font, cell.fill = styles["HEADER_FONT"], styles["HEADER_FILL"]
        if widths:
            ws.column_dimensions[cell.column_letter].width = widths[i]


def atomic(out: Path, write: Callable[[str], None]) -> Path:
    """Write beside the target and rename: a failed write never leaves half a file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=out.suffix, dir=out.parent, prefix=".jixiao-")
    os.close(fd)
    try:
        write(tmp)
        _usual_mode(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def save_atomic(book: Any, out: Path) -> Path:
    return atomic(out, book.save)


def save_text(out: Path, text: str) -> Path:
    """Write a text file atomically (UTF-8)."""
    return atomic(out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _usual_mode(path: str) -> None:
    """mkstemp makes the file private (0600); give it the mode a plain save would (0666 less umask)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
