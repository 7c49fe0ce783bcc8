"""A workbook of plain tables streamed straight to its XML: the bulk review's summary.

Ten thousand forms make some 200,000 cells; a general writer spends more on them than the
review spends reading the forms. Here a row is a list of plain values (a text, an int, a
Decimal, None) and becomes one line of sheet XML: texts are inline strings (a text that
starts like a formula gets the quote prefix, so Excel and WPS keep it as text), Decimals
numbers shown to two places (rounded ROUND_HALF_UP first: the cell holds the figure as
shown), the first row a bold, shaded, frozen header. Sheets are written one after another.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from ..numbers import round_half_up
from .cells import column_letter
from .put import formula_like

# cell styles (styles.xml's cellXfs): 0 plain, 1 header, 2 two places ("0.00", built-in format 2), 3 quoted text
_HEAD, _TWO, _QUOTED = 1, 2, 3
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# what XML 1.0 cannot hold, written as Excel does (_xHHHH_; a literal _xHHHH_ has its underscore escaped)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _escape(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPED.sub(r"_x005F\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _text_cell(ref: str, text: str, style: int) -> str:
    s = f' s="{style}"' if style else ""
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


@lru_cache(maxsize=2048)
def _text_tail(text: str) -> str:
    """A data cell's XML after its reference (the grade, unit, file, status repeat from row to row)."""
    return _text_cell("", text, _QUOTED if formula_like(text) else 0)[len('<c r=""'):]


def _width(width: float) -> float:
    """A width in characters as Excel stores it (the padding a column's width includes)."""
    pixels = int(width * 7 + 0.5) + 5
    return int(pixels / 7 * 256) / 256


class SheetStream:
    """One sheet being written: rows go out as they are given (row 1 is the header)."""

    def __init__(self, out, heads: list[str], widths: list[float]):
        self.out = out
        self.letters = [column_letter(c) for c in range(len(heads))]
        self.row = 1
        self.rows: list[str] = []  # written 500 at a time
        cols = "".join(f'<col min="{i}" max="{i}" width="{_width(w)}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
        head = "".join(_text_cell(f"{letter}1", text, _HEAD) for letter, text in zip(self.letters, heads))
        self._write(f'{_DECL}<worksheet {_NS} {_REL_NS}><sheetViews><sheetView workbookViewId="0">{pane}</sheetView>'
                    f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
                    f'<row r="1">{head}</row>')

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))

    def add(self, values: Iterable) -> None:
        """One row: texts as text, ints as numbers, Decimals as figures to two places; None and "" left blank."""
        self.row += 1
        n = str(self.row)
        cells = []
        for letter, value in zip(self.letters, values):
            if value is None or value == "":
                continue
            kind = value.__class__
            if kind is Decimal:
                cells.append(f'<c r="{letter}{n}" s="{_TWO}"><v>{float(round_half_up(value, 2)):.16G}</v></c>')
            elif kind is int:
                cells.append(f'<c r="{letter}{n}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{letter}{n}"{_text_tail(str(value))}')
        self.rows.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(self.rows) >= 500:
            self._write("".join(self.rows))
            self.rows.clear()

    def close(self) -> None:
        self._write("".join(self.rows) + '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                    'footer="0.3"/></worksheet>')
        self.out.close()


class StreamBook:
    """A workbook written sheet by sheet to `path` (close() finishes it)."""

    def __init__(self, path: str):
        # level 1: the summary's XML is repetitive, so it packs nearly as small at a fraction of the time
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []

    def sheet(self, name: str, heads: list[str], widths: list[float]) -> SheetStream:
        self.names.append(name)
        return SheetStream(self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w"), heads, widths)

    def close(self) -> None:
        z, n = self.zip, len(self.names)
        sheets = "".join(f'<sheet name="{_escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(self.names, 1))
        z.writestr("xl/workbook.xml", f'{_DECL}<workbook {_NS} {_REL_NS}><bookViews><workbookView/></bookViews>'
                                      f'<sheets>{sheets}</sheets></workbook>')
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        links = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, n + 1))
        z.writestr("xl/_rels/workbook.xml.rels", f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships">{links}<Relationship Id="rId{n + 1}" Type="{rel}/styles" '
                   f'Target="styles.xml"/></Relationships>')
        z.writestr("_rels/.rels", f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/styles.xml", _STYLES)
        main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                        for i in range(1, n + 1))
        z.writestr("[Content_Types].xml", f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   f'PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>{parts}<Override '
                   f'PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/></Types>')
        z.close()


_STYLES = (
    f'{_DECL}<styleSheet {_NS}>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)

__all__ = ["SheetStream", "StreamBook"]
