"""Word 自评表 (.docx; .doc and .wps converted by LibreOffice first): every table of the document
becomes a grid of cells, as a worksheet would, and is read by the workbook layouts
(jixiao.excel.read.LAYOUTS, the national block reader), so a layout reads the same from Word as
from Excel.

Places: table N of the document (nested tables counted where they stand) is the sheet 表N and its
cells are A1 references in its own grid (A = the first column, 1 = the first row, before merging),
e.g. 自评表.docx!表1!E14. A cell merged across columns (gridSpan) or rows (vMerge) keeps its text
once, in its top-left, as a workbook would. A merge across rows, and a label spanning columns, are
merges to the readers; a figure in a cell that only spans columns is not: a Word table's columns
are cut by every row's own cell widths, so such a cell is an ordinary wide cell, not a figure whose
place is in doubt.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

from ..excel.cells import Grid
from ..excel.safety import Limits, check_archive, check_rows
from ..io.load import Loaded
from ..problems import Problem, Source, error
from .docx_split import joined
from .forms import Form, FormState, unreadable
from .registry import Format, register

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A cell that only spans columns is one cell in Word (every row cuts the columns by its own widths):
# it is no merge to the readers, which refuse a figure or a 完成值 in a merged cell, except the label of
# the row's values, its first text when that is no figure and more follows: the readers find a name
# merged across the label columns (年度资金总额 over A:B) by its merge.
FIGURE = re.compile(r"[-+]?[\d.,]+\s*%?")
MAX_COLUMNS = 256  # Word itself allows 63 columns; a wider grid is a hostile file
CONVERT_SECONDS = 120
MAX_DOCUMENT = 32 * 2**20  # the document part unzipped: a 自评表's is some 100 KB

# The parts a .docx is made of (as Word, WPS, LibreOffice and python-docx write them); anything else is
# refused, as for a workbook.
_PART = r"[\w.\- ]+"
_DATA = r"xml|rels|vml|bin|odttf|fntdata|png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|wdp|xlsx|docx|pptx|xls|doc|ppt"
DOCX_PART = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels"
    rf"|docProps/{_PART}\.(?:xml|jpe?g|png|emf|wmf)"
    rf"|customXml/(?:_rels/)?{_PART}\.(?:xml|rels)"
    rf"|word/(?:{_PART}/)*{_PART}\.(?:{_DATA})"
    r"|(?:_rels|docProps|customXml|word)/(?:[\w.\- ]+/)*",  # folder entries some zip tools add
    re.IGNORECASE,
)
# The workbook checks' messages in a Word document's words (longest first).
_WORD_TERMS = (("Excel 工作簿（.xlsx）", "Word 文档（.docx）"), ("启用宏工作簿（.xlsm）", "启用宏文档（.docm）"),
               ("启用宏的工作簿", "启用宏的文档"), (".xlsm", ".docm"), (".xlsx", ".docx"), ("Excel", "Word"),
               ("工作簿", "文档"), ("工作表", "表格"))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VBA = ("Macros".encode("utf-16-le"), "_VBA_PROJECT".encode("utf-16-le"))


def in_word_terms(problem: Problem) -> Problem:
    """A workbook reader's message about the whole file or a table, said of a Word document."""
    return problem if problem.where.cell else dataclasses.replace(problem, message=in_word_words(problem.message))


def in_word_words(text: str) -> str:
    for excel, word in _WORD_TERMS:
        text = text.replace(excel, word)
    return text


# -- the document's tables as grids ---------------------------------------------------------


def _paragraphs(element) -> Iterator:
    """The paragraphs of a cell (also inside content controls), not those of a table nested in it."""
    for child in element:
        if child.tag == W + "p":
            yield child
        elif child.tag != W + "tbl":
            yield from _paragraphs(child)


def _paragraph_text(p) -> str:
    out = []
    for run in p.iter(W + "r"):  # runs inside hyperlinks and insertions too; deleted text is w:delText
        for el in run:
            if el.tag == W + "t":
                out.append(el.text or "")
            elif el.tag == W + "tab":
                out.append("\t")
            elif el.tag in (W + "br", W + "cr"):
                out.append("\n")
    return "".join(out)


def cell_text(tc) -> str | None:
    text = "\n".join(_paragraph_text(p) for p in _paragraphs(tc)).strip()
    return text or None


def _number(element, tag: str, default: int) -> int:
    found = element.find(tag) if element is not None else None
    value = found.get(W + "val", "") if found is not None else ""
    return int(value[:7]) if value.isdigit() else default  # a thousand-digit count is still far over any limit


def _children(element, tag: str) -> Iterator:
    """The rows of a table or the cells of a row, also those inside content controls (a repeating section)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children(child, tag)


def table_grid(tbl, file: str, sheet: str) -> Grid:
    """One table as a worksheet-like grid: each cell's text at its top-left, merges across rows kept;
    what could not be read is in the grid's problems, as for a sheet."""
    problems: list[Problem] = []
    rows: list[list[str | None]] = []
    boxes: list[list] = []  # [r0, c0, r1, c1, holds a label] of every cell
    open_at: dict[int, int] = {}  # grid column → the box a vMerge continues there
    for r, tr in enumerate(_children(tbl, W + "tr")):
        col = min(_number(tr.find(W + "trPr"), W + "gridBefore", 0), MAX_COLUMNS)  # cells skipped before the first
        values: list[str | None] = [None] * col
        continued: set[int] = set()
        first_box = len(boxes)
        for tc in _children(tr, W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(1, _number(tcpr, W + "gridSpan", 1))
            if col + span > MAX_COLUMNS:
                problems.append(error("input.docx_columns", f"表格第{r + 1}行超过 {MAX_COLUMNS} 列：Word 表格最多 63 列，疑为恶意构造，该行其余单元格未读取",
                                      Source(file=file, sheet=sheet)))
                break
            vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue" and col in open_at:
                boxes[open_at[col]][2] = r  # the cell above reaches down here: its text stays up there
                continued.add(col)
                values += [None] * span
            else:
                text = cell_text(tc)
                values += [text] + [None] * (span - 1)
                if vmerge is not None:
                    open_at[col] = len(boxes)
                    continued.add(col)
                label = bool(text) and not FIGURE.fullmatch(text) and not any(values[:-span])
                boxes.append([r, col, r, col + span - 1, label])
            col += span
        for box in boxes[first_box:]:
            box[4] = box[4] and any(values[box[3] + 1:])  # a lone heading across the row labels nothing
        open_at = {c: i for c, i in open_at.items() if c in continued}
        rows.append(values)
    merged = [(r0, c0, r1, c1) for r0, c0, r1, c1, label in boxes if r1 > r0 or (c1 > c0 and label)]
    return Grid(file, sheet, rows, merged, problems=problems)


def document_grids(path: Path, file: str, limits: Limits) -> tuple[list[Grid], list[Problem]]:
    """Every table of a .docx as a grid, checked for safety before any XML is parsed."""
    problems = [in_word_terms(p) for p in _check_docx(path, file, limits)]
    if problems:
        return [], problems
    try:
        with zipfile.ZipFile(path) as archive:
            part = archive.getinfo(_main_part(archive))
            if part.file_size > MAX_DOCUMENT:
                return [], [error("input.docx_too_large", f"Word 文档正文（{part.filename}）解压后 {part.file_size / 2**20:,.1f} MB，"
                                  f"超过上限 {MAX_DOCUMENT // 2**20} MB：一份自评表远小于此，已拒绝读取", Source(file=file))]
            root = _xml(archive.read(part))
    except _Entities:
        message = "Word 文档的 XML 中含有实体或文档类型定义（DTD），Word 不会写出这样的文件，疑为恶意构造，已拒绝读取"
        return [], [error("excel.xml_entities", message, Source(file=file))]
    except Exception as exc:  # a corrupt part must not show a traceback
        return [], [error("input.docx_unreadable", _unreadable(exc), Source(file=file))]
    return _grids(root, file, limits, problems), problems  # the parser nests at most 256 levels: no deep recursion here


def _unreadable(exc: Exception) -> str:
    """Why the XML could not be parsed, in Chinese (the parser's own words are English)."""
    text, where = str(exc), getattr(exc, "position", None)
    if "depth" in text.lower():
        return "Word 文档的内容嵌套层级过深（超过 256 层），疑为恶意构造，已拒绝读取"
    if where:
        return f"Word 文档无法读取（文件可能已损坏）：正文 XML 第{where[0]}行第{where[1]}列有误"
    if isinstance(exc, KeyError):  # the relationships name a part the archive does not hold
        return "Word 文档无法读取（文件可能已损坏）：文档关系指向的正文部分不存在"
    return f"Word 文档无法读取（文件可能已损坏）：{type(exc).__name__}"


def _grids(root, file: str, limits: Limits, problems: list[Problem]) -> list[Grid]:
    grids = []
    for n, tbl in enumerate(root.iter(W + "tbl"), 1):
        sheet = f"表{n}"
        too_many = check_rows(sum(1 for _ in _children(tbl, W + "tr")), file, sheet, limits)  # counted before any cell is read
        if too_many:
            problems.append(in_word_terms(too_many))
            continue
        grid = table_grid(tbl, file, sheet)
        problems.extend(grid.problems)
        grids.append(grid)
    return joined(grids)  # a form Word split over two tables is one form


class _Entities(Exception):
    """The XML declares a document type or entities: Word never writes them."""


def _xml(data: bytes):
    """lxml without entities, DTDs or the network (fast, in C); a declared document type is refused outright."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
        raise _Entities()
    return root


def _main_part(archive: zipfile.ZipFile) -> str:
    """The document part the package's relationships name (Word, WPS and LibreOffice: word/document.xml)."""
    try:
        for rel in _xml(archive.read("_rels/.rels")):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    except KeyError:
        pass
    return "word/document.xml"


def _check_docx(path: Path, file: str, limits: Limits) -> list[Problem]:
    where = Source(file=file)
    if not path.exists():
        return [error("input.not_found", "文件不存在", where)]
    if path.suffix.lower() == ".docm":
        return [error("excel.macro", "不接受启用宏的 Word 文档（.docm）：宏可能携带恶意代码。请在 Word 或 WPS 中“另存为” .docx 后再导入", where)]
    with open(path, "rb") as f:
        return check_archive(f, where, limits, DOCX_PART, "word/document.xml")


# -- .doc and .wps: LibreOffice makes the .docx ----------------------------------------------


def _soffice() -> str | None:
    override = os.environ.get("JIXIAO_SOFFICE")  # as for the PDF report: "" means none
    if override is not None:
        return shutil.which(override) if override else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _old_format(path: Path, file: str, limits: Limits) -> list[Problem]:
    """A .doc / .wps is refused before LibreOffice sees it when it is too large, not a Word file, or holds macros."""
    where = Source(file=file)
    if not path.exists():
        return [error("input.not_found", "文件不存在", where)]
    size = path.stat().st_size
    if size > limits.max_file:
        return [error("excel.too_large", f"文件过大（{size / 2**20:,.1f} MB），上限为 {limits.max_file / 2**20:,.1f} MB", where)]
    data = path.read_bytes()
    if not data.startswith((_OLE, b"{\\rtf", b"PK\x03\x04")):  # a .docx saved under the old name is read as one
        return [error("input.docx_not_word", f"不是有效的 Word 文档（{path.suffix}）：文件可能已损坏或被改名", where)]
    if data.startswith(_OLE) and any(name in data for name in _VBA):
        return [error("excel.macro", "Word 文档内含宏（VBA 工程），不予读取：请在 Word 或 WPS 中删除宏后“另存为” .docx 再导入", where)]
    return []


def convert_to_docx(path: Path, file: str, work: Path, limits: Limits) -> tuple[Path | None, list[Problem]]:
    """The .doc / .wps as a .docx made by LibreOffice headless in `work`, or why not."""
    refused = _old_format(path, file, limits)
    if refused:
        return None, refused
    if path.read_bytes()[:4] == b"PK\x03\x04":
        return path, []
    soffice = _soffice()
    where = Source(file=file)
    if soffice is None:
        return None, [error("input.docx_convert", f"读取 {path.suffix} 需要 LibreOffice（soffice），本机未安装：请安装，或在 Word / WPS 中另存为 .docx 后再导入", where)]
    source = work / f"form{path.suffix.lower()}"
    shutil.copyfile(path, source)  # the user's file name never reaches the command line
    env = dict(os.environ, HOME=str(work))  # LibreOffice writes its profile there, never in the user's home
    cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # soffice starts children of its own: end the whole group
        proc.wait()
        return None, [error("input.docx_convert", f"LibreOffice 转换 {path.suffix} 超过 {CONVERT_SECONDS} 秒未完成，已停止：请在 Word / WPS 中另存为 .docx 后再导入", where)]
    produced = work / "out" / "form.docx"
    if not produced.is_file():
        return None, [error("input.docx_convert", f"LibreOffice 未能转换此 {path.suffix} 文件（文件可能已损坏）：请在 Word / WPS 中另存为 .docx 后再导入", where)]
    return produced, []


def word_grids(path: Path, file: str, limits: Limits | None = None) -> tuple[list[Grid], list[Problem]]:
    """Every table of a Word 自评表 of any of the registered suffixes, as grids, or the problems why not."""
    limits = limits or Limits.from_env()
    if path.suffix.lower() not in (".doc", ".wps"):
        return document_grids(path, file, limits)
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        docx, problems = convert_to_docx(path, file, Path(tmp), limits)
        if docx is None:
            return [], problems
        return document_grids(docx, file, limits)


# -- the form ----------------------------------------------------------------------------------


def read_document(path: Path, file: str) -> tuple[dict | None, list[Problem]]:
    """The form as a located document, read by the first workbook layout that recognises its tables."""
    from ..excel import declaration, monitoring  # noqa: F401  (a 绩效目标申报表 or 运行监控表 in Word is read by its layout too)
    from ..excel.read import LAYOUTS

    grids, problems = word_grids(path, file)
    if not grids:
        if not problems:
            problems.append(_no_table(file))
        return None, problems
    found: list[Problem] = []
    layout = next(layout for layout in LAYOUTS if layout.recognises(grids))
    doc = layout.read(grids, file, found)
    for p in found:
        if p.code == "excel.not_recognised":
            p = dataclasses.replace(p, message=no_form(grids))
        problems.append(in_word_terms(p))
    return doc, problems


def no_form(grids: list[Grid]) -> str:
    from ..excel.national import skip_reason

    tables = "、".join(f"{g.sheet}（{skip_reason(g)}）" for g in grids)
    return f"Word 文档中没有找到自评表（含“一级指标”“三级指标”和“分值”或“得分”表头的表格）。表格有：{tables}"


def read_docx(path: Path, file: str) -> Loaded:
    from ..excel.cells import to_node, to_plain
    from ..io.format1 import build

    doc, problems = read_document(path, file)
    if doc is None:
        return Loaded(None, tuple(problems))
    ev = build(to_node(doc, Source(file=file)), file, problems)
    return Loaded(ev, tuple(problems), to_plain(doc))


def docx_forms(path: Path, file: str, *, limits: Limits | None = None, sheets: tuple[str, ...] | None = None) -> list[Form]:
    """Every form of a Word 自评表 for `jixiao review`, as a workbook's are found: a record per form block of
    each table, a SKIPPED note per table that is no form, or one UNREADABLE record saying why."""
    from .workbook import grid_forms

    grids, problems = word_grids(path, file, limits)
    if not grids:
        return [unreadable(file, problems or [_no_table(file)])]
    forms = []
    for form in grid_forms(grids, problems, file):
        if form.state is FormState.UNREADABLE:
            form = unreadable(file, [error("excel.not_recognised", no_form(grids), Source(file=file))] + problems, "未找到自评表")
        elif form.state is FormState.SKIPPED:
            form = dataclasses.replace(form, note=in_word_words(form.note))
        forms.append(form)
    return forms


def _no_table(file: str) -> Problem:
    return error("excel.not_recognised", "Word 文档中没有表格：自评表应是 Word 表格", Source(file=file))


WORD = register(Format("Word 自评表", frozenset({".docx", ".docm", ".doc", ".wps"}), read_docx, forms=docx_forms))
