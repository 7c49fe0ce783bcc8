"""Pagination and typography of the rendered Word report, whatever template it came from.

Templates mark a page break with a paragraph holding only a break; that paragraph lands
on the next page when the previous one fills its page, leaving a blank page. Here such
paragraphs become "page break before" on what follows; captions, headings and the
signature block are kept with what they belong to; the chart gets its 图x-x caption;
navigable headings get an outline level; ISO dates are written the Chinese way.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

SIGNATURE_STYLE = "落款"
CAPTION_STYLE = "表题"
CAPTION_SPACE = Pt(12)
# navigation pane levels (0 = top) of the headings the template styles do not give one
OUTLINE_BY_STYLE = {"附件标题": 0, "摘要一级": 2, "摘要二级": 3}
FRONT_TITLES = {"摘要": 0}
NUMERALS = "一二三四五六七八九十"
ISO_DATE = re.compile(r"(?<![\d\-/])(\d{4})-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12]\d|3[01]))?(?![\d\-])")


def _is_break_only(p) -> bool:
    """A paragraph whose only content is a page break (no text, picture or section end)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
        return False
    breaks = [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    if not breaks or any(t.text for t in p.iter(qn("w:t"))):
        return False
    return not any(True for _ in p.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")))


def _first_paragraph(el):
    if el.tag == qn("w:p"):
        return el
    if el.tag == qn("w:tbl"):
        return next(el.iter(qn("w:p")), None)
    return None


def real_page_breaks(doc) -> int:
    """Break-only paragraphs become 'page break before' on the next paragraph; how many were replaced."""
    body = doc.element.body
    replaced = 0
    for p in list(body.iterchildren(qn("w:p"))):
        if not _is_break_only(p):
            continue
        nxt = p.getnext()
        target = _first_paragraph(nxt) if nxt is not None else None
        if target is None:
            continue
        Paragraph(target, doc._body).paragraph_format.page_break_before = True
        body.remove(p)
        replaced += 1
    return replaced


def style_name(doc, p) -> str:
    ppr = p.find(qn("w:pPr"))
    el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    if el is None:
        return ""
    try:
        return doc.styles.get_by_id(el.get(qn("w:val")), 1).name  # 1: WD_STYLE_TYPE.PARAGRAPH
    except (KeyError, ValueError):
        return ""


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()


def _keep_next(doc, p, value: bool = True) -> None:
    Paragraph(p, doc._body).paragraph_format.keep_with_next = value


def keep_signature(doc) -> None:
    """The signature block (盖章/签字/日期) stays on the page of the paragraph before it."""
    body = list(doc.element.body.iterchildren())
    first = next((i for i, el in enumerate(body) if el.tag == qn("w:p") and style_name(doc, el) == SIGNATURE_STYLE),
                 None)
    if first is None:
        return
    k = first
    while k + 1 < len(body) and body[k + 1].tag == qn("w:p") and style_name(doc, body[k + 1]) == SIGNATURE_STYLE:
        _keep_next(doc, body[k])
        k += 1
    for el in reversed(body[:first]):
        if el.tag != qn("w:p"):
            break
        _keep_next(doc, el)
        if _text(el):
            break


def keep_tables_together(doc) -> None:
    """A table's header row stays with its first body row, and a picture with its caption below."""
    for tbl in doc.element.body.iter(qn("w:tbl")):
        first = tbl.find(qn("w:tr"))
        rows = tbl.findall(qn("w:tr"))
        if first is None or len(rows) < 2:
            continue
        for p in first.iter(qn("w:p")):
            _keep_next(doc, p)
    for p in doc.element.body.iterchildren(qn("w:p")):
        nxt = p.getnext()
        if (next(p.iter(qn("w:drawing")), None) is not None and nxt is not None and nxt.tag == qn("w:p")
                and _text(nxt) and next(nxt.iter(qn("w:drawing")), None) is None):
            _keep_next(doc, p)
            fmt = Paragraph(nxt, doc._body).paragraph_format
            if fmt.space_after is None:  # the caption stands off the picture below it (附件5: two a page)
                fmt.space_after = CAPTION_SPACE


def set_outline(p, level: int) -> None:
    ppr = p.get_or_add_pPr()
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        el = OxmlElement("w:outlineLvl")
        # the schema puts outlineLvl after jc and before divId, cnfStyle, rPr, sectPr and pPrChange
        tail = next((c for c in ppr if c.tag in (qn("w:divId"), qn("w:cnfStyle"), qn("w:rPr"),
                                                qn("w:sectPr"), qn("w:pPrChange"))), None)
        if tail is not None:
            tail.addprevious(el)
        else:
            ppr.append(el)
    el.set(qn("w:val"), str(level))


def outline_levels(doc) -> None:
    """摘要, the 附件 titles and the 摘要's own headings appear in the navigation pane."""
    for p in doc.element.body.iterchildren(qn("w:p")):
        name = style_name(doc, p)
        text = "".join(_text(p).split())
        if name in OUTLINE_BY_STYLE and text:
            set_outline(p, OUTLINE_BY_STYLE[name])
        elif text in FRONT_TITLES:
            set_outline(p, FRONT_TITLES[text])


def chinese_dates(doc) -> None:
    """2025-07 → 2025年7月, 2025-07-15 → 2025年7月15日, in every run of the body."""
    def fix(match: re.Match) -> str:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        return f"{year}年{month}月" + (f"{int(day)}日" if day else "")

    for t in doc.element.body.iter(qn("w:t")):
        if t.text and "-" in t.text:
            t.text = ISO_DATE.sub(fix, t.text)


def chapter_number(text: str) -> int | None:
    """一、基本情况 → 1; None for anything that is not a numbered chapter."""
    head = text.split("、", 1)[0]
    if "、" not in text or not head or any(c not in NUMERALS for c in head):
        return None
    if head == "十":
        return 10
    if len(head) == 1:
        return NUMERALS.index(head) + 1
    if len(head) == 2 and head[0] == "十":
        return 10 + NUMERALS.index(head[1]) + 1
    return None


def caption_charts(doc, chart_png: bytes | None, title: str) -> None:
    """Each chart gets a caption under it: 图4-1 一级指标得分率 (no number before the first chapter)."""
    if not chart_png:
        return
    chapter, count = None, 0
    for p in list(doc.element.body.iterchildren(qn("w:p"))):
        if style_name(doc, p) == "Heading 1":
            chapter, count = chapter_number(_text(p)), 0
            continue
        if not _holds_image(doc, p, chart_png):
            continue
        count += 1
        label = f"图{chapter}-{count} {title}" if chapter else title
        cap = OxmlElement("w:p")
        p.addnext(cap)
        para = Paragraph(cap, doc._body)
        if CAPTION_STYLE in [s.name for s in doc.styles]:
            para.style = doc.styles[CAPTION_STYLE]
        para.paragraph_format.keep_with_next = False
        para.add_run(label)
        _keep_next(doc, p)


def _holds_image(doc, p, blob: bytes) -> bool:
    for blip in p.iter(qn("a:blip")):
        rid = blip.get(qn("r:embed"))
        part = doc.part.related_parts.get(rid) if rid else None
        if part is not None and part.blob == blob:
            return True
    return False


def paginate(doc, chart_png: bytes | None = None, chart_title: str = "") -> None:
    """Every pagination and typography rule, in the order they depend on each other."""
    real_page_breaks(doc)
    caption_charts(doc, chart_png, chart_title)
    keep_tables_together(doc)
    keep_signature(doc)
    outline_levels(doc)
    chinese_dates(doc)
