"""附件1's continuation pages: the 一级/二级 labels printed again on the first row of each page.

A merged cell prints its text only on the page where it starts, so an indicator on the
next page would stand without its parents (C23 without "C 部门绩效 / C2"). Once a
LibreOffice pass says on which page each row fell, the merge is restarted, with the
label, on the first row of each new page.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

from docx.oxml.ns import qn

KEY_CHARS = 6  # enough of the 三级指标 cell to find its row on a page, short enough to sit on one line
TIMEOUT_SECONDS = 120
SEARCH_PAGES = 12  # a row not found this far from the row before it is left unplaced


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, whitespace removed (pdftotext); empty without poppler."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return []
    proc = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    return ["".join(page.split()) for page in proc.stdout.split("\f")] if proc.returncode == 0 else []


def _tcs(tr) -> list:
    return tr.findall(qn("w:tc"))


def _text(el) -> str:
    return "".join("".join(t.text or "" for t in el.iter(qn("w:t"))).split())


def _v_merge(tc) -> str | None:
    el = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return None if el is None else (el.get(qn("w:val")) or "continue")


def _merged_columns(trs) -> list[int]:
    width = len(_tcs(trs[0]))
    cols = set()
    for tr in trs[1:]:
        tcs = _tcs(tr)
        if len(tcs) == width:
            cols.update(i for i, tc in enumerate(tcs) if _v_merge(tc) == "continue")
    return sorted(cols)


def _row_keys(tcs, key_col: int) -> list[str]:
    """What identifies a row on a page: the start of its key cell, then its other cells' texts
    (the key alone may stand in the prose above the table too: 领取社会保险待遇资格认证率)."""
    key = _text(tcs[key_col])[:KEY_CHARS] if key_col < len(tcs) else ""
    others = [_text(tc)[:KEY_CHARS] for k, tc in enumerate(tcs) if k > key_col]
    return [key] + [t for t in others if len(t) >= 2] if key else []


def row_pages(trs, key_col: int, pages: list[str], cursor: int = 0) -> list[int | None]:
    """The page of each body row, found by its key cell (and its other cells), in order from page `cursor`."""
    found: list[int | None] = []
    for tr in trs[1:]:
        keys = _row_keys(_tcs(tr), key_col)
        window = range(cursor, min(cursor + SEARCH_PAGES, len(pages)))
        hit = next((i for i in window if keys and all(k in pages[i] for k in keys)), None)
        if hit is None:  # a row split across pages holds its cells on two: its key decides
            hit = next((i for i in window if keys and keys[0] in pages[i]), None)
        found.append(hit)
        if hit is not None:
            cursor = hit
    return found


def _restart_with(tc, source) -> None:
    """A continued cell becomes a restart holding the label of the cell its merge began with."""
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    for p in source.findall(qn("w:p")):
        tc.append(copy.deepcopy(p))
    tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").set(qn("w:val"), "restart")


def _tables_with_start(doc, anchor_pages: dict[str, int]):
    """Each top-level table with the page of the last bookmarked heading before it (0 if none)."""
    start = 0
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            for mark in el.iter(qn("w:bookmarkStart")):
                start = max(start, anchor_pages.get(mark.get(qn("w:name")), 0))
        elif el.tag == qn("w:tbl"):
            yield el, start


def repeat_parent_labels(doc, pdf: Path, anchor_pages: dict[str, int]) -> int:
    """Restart the merged label cells on each page's first row; how many cells were restarted.

    `anchor_pages` gives the page of each heading's bookmark: a table's rows are looked for
    from its heading's page on, not in the prose or the tables before it that name them too.
    """
    pages: list[str] | None = None
    restarted = 0
    for tbl, start in _tables_with_start(doc, anchor_pages):
        trs = tbl.findall(qn("w:tr"))
        cols = _merged_columns(trs) if len(trs) > 2 else []
        if not cols:
            continue
        pages = page_texts(pdf) if pages is None else pages
        if not pages:
            return 0
        on = row_pages(trs, max(cols) + 1, pages, max(start - 1, 0))
        restarted += _restart_on_new_pages(trs, cols, on)
    return restarted


def _restart_on_new_pages(trs, cols: list[int], on: list[int | None]) -> int:
    restarted = 0
    last_restart: dict[int, object] = {}
    previous = None
    for tr, page in zip(trs[1:], on):
        tcs = _tcs(tr)
        for col in cols:
            if col >= len(tcs):
                continue
            state = _v_merge(tcs[col])
            if state == "restart":
                last_restart[col] = tcs[col]
            elif (state == "continue" and page is not None and previous is not None and page > previous
                  and col in last_restart):
                _restart_with(tcs[col], last_restart[col])
                restarted += 1
        previous = page if page is not None else previous
    return restarted
