"""Build the corpus of real forms (tests/forms/*/form.xlsx or form.docx) from their descriptions.

Each form lives in tests/forms/<province>-<short-name>/ with
- form.yaml      the transcription: every cell as printed, row by row (see below);
- form.xlsx / form.docx   built from form.yaml by this script (committed, rebuilt here);
- source.txt     where it was published and what was cut;
- expected.yaml  what a careful reviewer finds in it.

form.yaml
---------
    output: form.xlsx                # or form.docx
    sheets:                          # .xlsx: one entry per worksheet
      - name: 项目支出绩效自评表
        widths: {A: 12, B: 30}       # optional column widths
        rows:                        # row N of the list is worksheet row N, cells from column A
          - [项目支出绩效自评表]
          - [项目名称, 委托业务项目]
          - []                       # a blank row
        merges: [A1:I1, B2:I2]       # merged ranges, the value sits in the top-left cell
        formats: {G7: "0.00%"}       # optional number formats
    tables:                          # .docx: paragraphs and tables in the order printed
      - paragraph: 项目支出绩效自评表
      - rows: [...]                  # as above; merges in table coordinates (A1 = row 1, column 1)
        merges: [...]

A cell is typed as it looks in the original: a YAML string is a text cell (quote "90" for a
number typed as text), a YAML number is a number cell, null is an empty cell. Text that starts
with "=" stays text, never a formula.

Usage:  python tests/forms/build.py           rebuild every form
        python tests/forms/build.py --check   fail if a committed workbook differs from its description
        python tests/forms/build.py DIR ...   rebuild the named forms only
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import range_boundaries

HERE = Path(__file__).resolve().parent
# Fixed timestamps so that a rebuild gives the same bytes (the files are committed).
STAMP = datetime(2024, 1, 1)
ZIP_STAMP = (2024, 1, 1, 0, 0, 0)
WRAP = Alignment(wrap_text=True, vertical="center")


def load_description(folder: Path) -> dict:
    with (folder / "form.yaml").open(encoding="utf-8") as f:
        description = yaml.safe_load(f)
    if not isinstance(description, dict) or "output" not in description:
        raise SystemExit(f"{folder / 'form.yaml'}: 缺少 output")
    return description


def _rows(rows: list | None, where: str) -> list[list]:
    out = []
    for i, row in enumerate(rows or [], 1):
        if row is None:
            row = []
        if not isinstance(row, list):
            raise SystemExit(f"{where}: 第{i}行应为单元格列表，实为 {row!r}")
        for value in row:
            if value is not None and not isinstance(value, (str, int, float)):
                raise SystemExit(f"{where}: 第{i}行有不能写入单元格的值 {value!r}")
        out.append(row)
    return out


def build_xlsx(description: dict, where: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in description["sheets"]:
        ws = book.create_sheet(sheet["name"])
        for r, row in enumerate(_rows(sheet.get("rows"), f"{where} {sheet['name']}"), 1):
            for c, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=100" and "=8个" are targets, not formulas
                    if "\n" in value or len(value) > 12:
                        cell.alignment = WRAP
        for ref in sheet.get("merges") or []:
            ws.merge_cells(ref)
        for ref, fmt in (sheet.get("formats") or {}).items():
            ws[ref].number_format = fmt
        for col, width in (sheet.get("widths") or {}).items():
            ws.column_dimensions[col].width = width
    book.properties.creator = "jixiao tests/forms/build.py"
    book.properties.created = STAMP
    book.properties.modified = STAMP
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_docx(description: dict, where: str) -> bytes:
    """The Word form as a department prints it: small type, landscape when wide, columns as wide as
    their texts need (merged cells keep their text once, in the top-left, as Word merges them)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    blocks = [(n, block, None if "paragraph" in block else _rows(block.get("rows"), f"{where} 第{n}块"))
              for n, block in enumerate(description["tables"], 1)]
    widest = max((max(len(r) for r in rows) for _, _, rows in blocks if rows), default=0)
    section = doc.sections[0]
    if widest > 8:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.8)
    usable = section.page_width - section.left_margin - section.right_margin
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for n, block, rows in blocks:
        if rows is None:
            paragraph = doc.add_paragraph(str(block["paragraph"]))
            if n == 1:  # the form's title, as printed above it
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.runs[0].font.size, paragraph.runs[0].bold = Pt(14), True
            continue
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.autofit = False
        for col, share in enumerate(_column_shares(rows, block.get("merges") or [], width)):
            table.columns[col].width = int(usable * share)  # the grid column, as Word and LibreOffice lay it out
            for cell in table.columns[col].cells:
                cell.width = int(usable * share)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    table.cell(r, c).text = str(value)
        for ref in block.get("merges") or []:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            table.cell(min_row - 1, min_col - 1).merge(table.cell(max_row - 1, max_col - 1))
    props = doc.core_properties
    props.author = "jixiao tests/forms/build.py"
    props.last_modified_by = ""
    props.created = STAMP
    props.modified = STAMP
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _column_shares(rows: list[list], merges: list[str], width: int) -> list[float]:
    """Each column's share of the page: as much as its longest unmerged text needs (a CJK character
    counts two), between a narrow column and a third of the page."""
    covered = set()
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_col > min_col:
            covered |= {(r - 1, c - 1) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}
    need = [4.0] * width
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and (r, c) not in covered:
                line = max(str(value).splitlines() or [""], key=len)
                need[c] = max(need[c], min(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line), 28) ** 0.8)
    total = sum(need)
    return [n / total for n in need]


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, so that identical content gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into dcterms:modified whatever was set
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + STAMP.isoformat().encode() + b"Z", data)
            dst.writestr(entry, data)
    return out.getvalue()


def build(folder: Path) -> tuple[Path, bytes]:
    description = load_description(folder)
    output = folder / description["output"]
    where = str(folder / "form.yaml")
    if output.suffix == ".xlsx":
        data = build_xlsx(description, where)
    elif output.suffix == ".docx":
        data = build_docx(description, where)
    else:
        raise SystemExit(f"{where}: output 应为 .xlsx 或 .docx")
    return output, stable_zip(data)


def form_folders(names: list[str] | None = None) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(p for p in HERE.iterdir() if (p / "form.yaml").is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("folders", nargs="*")
    args = parser.parse_args(argv)
    stale = []
    for folder in form_folders(args.folders):
        output, data = build(folder)
        if args.check:
            if not output.is_file() or output.read_bytes() != data:
                stale.append(output)
        else:
            output.write_bytes(data)
            print(output.relative_to(HERE))
    if stale:
        print("与 form.yaml 不一致，请重新运行 tests/forms/build.py：", *map(str, stale), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
