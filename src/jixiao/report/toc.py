"""The table of contents as Word would write it: bookmarked headings, hyperlinked entries, page numbers.

The TOC field's result is filled here (Word's TOC \\o "1-2" \\u takes the paragraphs at
outline levels 1–2, from their style or their own properties); once a LibreOffice pass
has laid the document out, each entry gets its PAGEREF with the page the heading fell
on, so Word and WPS show the contents as they are, without asking to update fields.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TOC_LEVELS = (0, 1)  # outline levels of TOC \o "1-2"


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()


def _outline_of_styles(doc) -> dict[str, int]:
    """Outline level of every paragraph style, through its basedOn chain."""
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for st in doc.styles.element.iterchildren(qn("w:style")):
        sid = st.get(qn("w:styleId"))
        lvl = st.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        own[sid] = int(lvl.get(qn("w:val"))) if lvl is not None else None
        parent = st.find(qn("w:basedOn"))
        if parent is not None:
            based[sid] = parent.get(qn("w:val"))
    levels: dict[str, int] = {}
    for sid in own:
        cur, seen = sid, set()
        while cur is not None and cur not in seen and own.get(cur) is None:
            seen.add(cur)
            cur = based.get(cur)
        if cur is not None and own.get(cur) is not None:
            levels[sid] = own[cur]
    return levels


def outline_level(p, styles: dict[str, int]) -> int | None:
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        direct = ppr.find(qn("w:outlineLvl"))
        if direct is not None:
            return int(direct.get(qn("w:val")))
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            return styles.get(style.get(qn("w:val")))
    return None


def toc_field(doc):
    """(paragraph holding the TOC field, its instrText) or (None, None)."""
    instr = next((t for t in doc.element.body.iter(qn("w:instrText")) if "TOC" in (t.text or "")), None)
    return (instr.getparent().getparent(), instr) if instr is not None else (None, None)


def _bookmark(p, name: str, ident: int) -> None:
    start = _el("w:bookmarkStart", id=str(ident), name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(_el("w:bookmarkEnd", id=str(ident)))


def _field_runs(instr: str, result: str) -> list:
    runs = []
    for part in ("begin", instr, "separate", result, "end"):
        r = OxmlElement("w:r")
        if part in ("begin", "separate", "end"):
            r.append(_el("w:fldChar", fldCharType=part))
        elif part is instr:
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            r.append(t)
        else:
            t = OxmlElement("w:t")
            t.text = part
            r.append(t)
        runs.append(r)
    return runs


def fill_toc(doc, toc_style_ids: dict[int, str | None]) -> list:
    """Fill the TOC field's result with one hyperlinked entry per heading; the entry paragraphs."""
    para, _ = toc_field(doc)
    if para is None:
        return []
    runs = list(para.findall(qn("w:r")))
    sep = next((i for i, r in enumerate(runs) if (c := r.find(qn("w:fldChar"))) is not None
                and c.get(qn("w:fldCharType")) == "separate"), None)
    if sep is None:
        return []
    end_run = None
    for r in runs[sep + 1:]:
        c = r.find(qn("w:fldChar"))
        para.remove(r)
        if c is not None and c.get(qn("w:fldCharType")) == "end":
            end_run = r
            break
    if end_run is None:
        return []
    styles = _outline_of_styles(doc)
    headings = [(lvl, p) for p in doc.element.body.iterchildren(qn("w:p"))
                if p is not para and (lvl := outline_level(p, styles)) in TOC_LEVELS and _text(p)]
    anchor, entries = para, []
    for n, (lvl, heading) in enumerate(headings, start=1):
        name = f"_Toc{n:09d}"
        _bookmark(heading, name, 90000 + n)
        new = OxmlElement("w:p")
        style_id = toc_style_ids.get(lvl + 1)
        if style_id:
            ppr = OxmlElement("w:pPr")
            ppr.append(_el("w:pStyle", val=style_id))
            new.append(ppr)
        link = _el("w:hyperlink", anchor=name, history="1")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = _text(heading)
        r.append(t)
        link.append(r)
        new.append(link)
        anchor.addnext(new)
        anchor = new
        entries.append(new)
    anchor.append(end_run)
    return entries


def entry_text(p) -> str:
    """The heading an entry names (its first run, before any page number)."""
    link = p.find(qn("w:hyperlink"))
    first = (link if link is not None else p).find(qn("w:r"))
    return _text(first) if first is not None else _text(p)


def number_toc(doc, entries: list, pages: list[int | None]) -> None:
    """Write each entry's page (PAGEREF to its heading's bookmark, result filled) after a tab."""
    for p, page in zip(entries, pages):
        if page is None:
            continue
        link = p.find(qn("w:hyperlink"))
        holder = link if link is not None else p
        tab = OxmlElement("w:r")
        tab.append(OxmlElement("w:tab"))
        holder.append(tab)
        name = link.get(qn("w:anchor")) if link is not None else ""
        for r in _field_runs(f" PAGEREF {name} \\h ", str(page)) if name else []:
            holder.append(r)
    # the field's end run was appended to the last entry: keep it last
    last = entries[-1] if entries else None
    end = last.find(f"{qn('w:r')}/{qn('w:fldChar')}[@{qn('w:fldCharType')}='end']/..") if last is not None else None
    if end is not None and end.getparent() is last:
        last.remove(end)
        last.append(end)


def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """(title, page) of each PDF bookmark LibreOffice wrote for a heading, in order; [] if unreadable."""
    try:
        return _outline_pages(pdf)
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds; an unreadable first pass only leaves
        return []      # the contents unnumbered (Word is then asked to refresh them)


def _outline_pages(pdf: Path) -> list[tuple[str, int]]:
    from pdfminer.pdfdocument import PDFDocument, PDFNoOutlines
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(pdf, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        pages = {page.pageid: i + 1 for i, page in enumerate(PDFPage.create_pages(doc))}
        found = []
        try:
            outlines = list(doc.get_outlines())
        except PDFNoOutlines:
            return []
        for _level, title, dest, action, _se in outlines:
            if dest is None and action is not None:
                dest = resolve1(action).get("D")
            dest = resolve1(dest)
            if isinstance(dest, (bytes, str)):
                dest = resolve1(doc.get_dest(dest))
            if isinstance(dest, dict):
                dest = resolve1(dest.get("D"))
            ref = dest[0] if isinstance(dest, list) and dest else None
            page = pages.get(getattr(ref, "objid", None))
            if page is not None:
                found.append(("".join(str(title).split()), page))
    return found


def match_pages(entries: list[str], outline: list[tuple[str, int]]) -> list[int | None]:
    """The page of each contents entry: the next bookmark of the same title, in document order."""
    pages: list[int | None] = []
    cursor = 0
    for text in entries:
        key = "".join(text.split())
        hit = next((k for k in range(cursor, len(outline)) if outline[k][0] == key), None)
        if hit is None:
            pages.append(None)
            continue
        pages.append(outline[hit][1])
        cursor = hit + 1
    return pages
