"""How wide a text prints: figures with their units, cell paragraphs, table captions.

A figure such as “±10%以内”, “25,632人” or “1,490.77元/人/次” must not break inside a
cell (“±10%以/内”): each such token is measured (CJK characters one em, Latin digits and
signs about half); balance.py gives the columns that room. A caption slightly too long
for its line is set a little smaller here, so no lone “表” wraps.
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


def text_em(text: str) -> float:
    """Width of a text in em: CJK and full-width forms 1, the rest about half."""
    return sum(HALF_WIDTH_EM if ord(c) < 0x2000 and c != "±" else (0.6 if c == "±" else 1.0) for c in text)


def font_size(doc, p, cache: dict | None = None) -> int:
    """The font size of a cell paragraph in twips (a run's own size, else its style's).

    `cache` (a dict kept by the caller for one document) spares looking a style up again.
    """
    sz = next(p.iter(qn("w:sz")), None)
    if sz is not None and sz.get(qn("w:val"), "").isdigit():
        return int(sz.get(qn("w:val"))) * 10  # half-points → twips
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    key = style.get(qn("w:val")) if style is not None else None
    if cache is not None and key in cache:
        return cache[key]
    try:
        current = doc.styles.get_by_id(key, 1) if key is not None else doc.styles["Normal"]
    except (KeyError, ValueError):
        current = None
    size = DEFAULT_SIZE.twips
    while current is not None:
        if current.font.size is not None:
            size = current.font.size.twips
            break
        current = current.base_style
    if cache is not None:
        cache[key] = size
    return size


def span_of(tc) -> int:
    """How many grid columns a cell spans."""
    el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(el.get(qn("w:val"))) if el is not None and el.get(qn("w:val"), "").isdigit() else 1


def apply_widths(tbl, cols, widths: list[int]) -> None:
    for col, w in zip(cols, widths):
        col.set(qn("w:w"), str(w))
    for tr in tbl.findall(qn("w:tr")):
        k = 0
        for tc in tr.findall(qn("w:tc")):
            span = span_of(tc)
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if tcw is not None and k < len(widths):
                tcw.set(qn("w:w"), str(sum(widths[k:k + span])))
                tcw.set(qn("w:type"), "dxa")
            k += span


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
        size = font_size(doc, p)
        needed = text_em(text) * size * SAFETY
        if needed <= width or needed > width * SHRINK_LIMIT:
            continue
        half_points = max(MIN_CAPTION_SIZE, int(width / (text_em(text) * SAFETY) / 10))
        for run in Paragraph(p, doc._body).runs:
            run.font.size = Pt(half_points / 2)
        fitted += 1
    return fitted
