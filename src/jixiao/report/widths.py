"""Column widths from the content: a number with its short unit never wraps inside a cell.

A template's column widths suit typical content; a figure such as “±10%以内”, “25,632人”
or “1,490.77元/人/次” in a narrow column breaks into “±10%以/内”. Each such token is
measured (CJK characters one em, Latin digits and signs about half); a column too
narrow for its longest token is widened, and the width is taken from the columns
with room to spare (the prose columns, which wrap anyway), so the table keeps its width.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

# a figure, its sign or comparison, and a unit of up to two characters per part (元/人/次)
TOKEN = re.compile(r"[±≥≤<>＞＜≈~+\-−]?\d[\d,.]*[%‰]?(?:[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2})*)?")
HALF_WIDTH_EM = 0.55  # digits, Latin letters and ASCII signs in the CJK fonts used
SAFETY = 1.08  # rounding of glyph advances and justification
DEFAULT_MARGIN = 108  # twips each side: Word's default cell margin
DEFAULT_SIZE = Pt(10.5)
MIN_SHARE = 0.8  # a column keeps a fifth of its room above its own need


def text_em(text: str) -> float:
    """Width of a text in em: CJK and full-width forms 1, the rest about half."""
    return sum(HALF_WIDTH_EM if ord(c) < 0x2000 and c != "±" else (0.6 if c == "±" else 1.0) for c in text)


def _font_size(doc, p) -> int:
    """The font size of a cell paragraph in twips (a run's own size, else its style's)."""
    sz = next(p.iter(qn("w:sz")), None)
    if sz is not None and sz.get(qn("w:val"), "").isdigit():
        return int(sz.get(qn("w:val"))) * 10  # half-points → twips
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    try:
        current = doc.styles.get_by_id(style.get(qn("w:val")), 1) if style is not None else doc.styles["Normal"]
    except (KeyError, ValueError):
        current = None
    while current is not None:
        if current.font.size is not None:
            return current.font.size.twips
        current = current.base_style
    return DEFAULT_SIZE.twips


def cell_need(doc, tc) -> int:
    """Twips a cell's longest figure needs on one line, margins included; 0 without one."""
    need = 0
    for p in tc.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        tokens = TOKEN.findall(text)
        if tokens:
            size = _font_size(doc, p)
            need = max(need, max(int(text_em(tok) * size * SAFETY) for tok in tokens))
    return need + 2 * DEFAULT_MARGIN if need else 0


def _span(tc) -> int:
    el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(el.get(qn("w:val"))) if el is not None and el.get(qn("w:val"), "").isdigit() else 1


def _prose_need(doc, tc) -> int:
    """What a cell of words needs at least: three characters (a column never becomes a sliver)."""
    p = next(tc.iter(qn("w:p")), None)
    return 3 * (_font_size(doc, p) if p is not None else DEFAULT_SIZE.twips) + 2 * DEFAULT_MARGIN


def fit_columns(doc, tbl) -> bool:
    """Widen the columns whose figures would wrap, from the others' room; whether anything changed."""
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    widths = [int(c.get(qn("w:w"), "0")) for c in cols]
    if not widths or not all(widths):
        return False
    need = [0] * len(widths)
    floor = [0] * len(widths)
    for tr in tbl.findall(qn("w:tr")):
        k = 0
        for tc in tr.findall(qn("w:tc")):
            span = _span(tc)
            if span == 1 and k < len(widths):
                need[k] = max(need[k], cell_need(doc, tc))
                floor[k] = max(floor[k], _prose_need(doc, tc))
            k += span
    deficit = sum(max(0, n - w) for n, w in zip(need, widths))
    if not deficit:
        return False
    room = [int(max(0, w - max(n, f)) * MIN_SHARE) if n <= w else 0 for w, n, f in zip(widths, need, floor)]
    if sum(room) <= 0:
        return False
    share = min(1.0, sum(room) / deficit)
    new = []
    for w, n, r in zip(widths, need, room):
        if n > w:
            new.append(w + int((n - w) * share))
        else:
            new.append(w - int(r * min(1.0, deficit / sum(room))))
    _apply(tbl, cols, new)
    return True


def _apply(tbl, cols, widths: list[int]) -> None:
    for col, w in zip(cols, widths):
        col.set(qn("w:w"), str(w))
    for tr in tbl.findall(qn("w:tr")):
        k = 0
        for tc in tr.findall(qn("w:tc")):
            span = _span(tc)
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if tcw is not None and k < len(widths):
                tcw.set(qn("w:w"), str(sum(widths[k:k + span])))
                tcw.set(qn("w:type"), "dxa")
            k += span


def fit_all(doc) -> int:
    """Fit every table of the body and the captions over them; how many were changed."""
    return sum(fit_columns(doc, tbl) for tbl in doc.element.body.iter(qn("w:tbl"))) + fit_captions(doc)


CAPTION_STYLE = "表题"
MIN_CAPTION_SIZE = 21  # half-points: 五号, below which a caption rather wraps
SHRINK_LIMIT = 1.2  # a caption at most this much too long is shrunk onto one line


def _section_widths(doc) -> list[tuple[object, int]]:
    """(paragraph, text width of its section in twips) for every body paragraph."""
    body = doc.element.body
    pending, found = [], []
    for el in body.iterchildren():
        if el.tag != qn("w:p"):
            continue
        pending.append(el)
        sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            found += [(p, _text_width(sect)) for p in pending]
            pending = []
    last = body.find(qn("w:sectPr"))
    return found + [(p, _text_width(last)) for p in pending]


def _text_width(sect) -> int:
    if sect is None:
        return 0
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 0
    value = lambda el, name: int(el.get(qn(f"w:{name}"), "0") or 0)  # noqa: E731
    return value(size, "w") - value(margins, "left") - value(margins, "right")


def fit_captions(doc) -> int:
    """A table caption slightly too long for its line is set a little smaller, so no lone “表” wraps."""
    try:
        caption_id = doc.styles[CAPTION_STYLE].style_id
    except KeyError:
        return 0
    fitted = 0
    for p, width in _section_widths(doc):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None or style.get(qn("w:val")) != caption_id or not width:
            continue
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        size = _font_size(doc, p)
        needed = text_em(text) * size * SAFETY
        if needed <= width or needed > width * SHRINK_LIMIT:
            continue
        half_points = max(MIN_CAPTION_SIZE, int(width / (text_em(text) * SAFETY) / 10))
        for run in Paragraph(p, doc._body).runs:
            run.font.size = Pt(half_points / 2)
        fitted += 1
    return fitted
