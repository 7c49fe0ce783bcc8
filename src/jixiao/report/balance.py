"""Column widths that make a table short: each column gets the room its text uses best.

A template's widths suit one kind of content. With the evaluation's own texts, a
narrow 指标解释 column can make every row of 附件1 ten lines tall while 完成值 has room
to spare, and a 分值权重 header prints one character a line. Here every column first
gets what it must have (a figure with its unit on one line, a label of up to four
characters on one line, a label of up to nine on two), then the rest of the table's
width goes, step by step, to the column where it saves the most lines. The table keeps
its total width. Rows still taller than a sixth of a page may split across pages, so a
page does not end half empty before a tall row.
"""

from __future__ import annotations

import functools
import math
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .widths import DEFAULT_MARGIN, HALF_WIDTH_EM, SAFETY, TOKEN, apply_widths, fit_captions, font_size, span_of, text_em

ONE_LINE_EM = 4.5  # a label this short (一级指标, 工作计划, 运行成本) is never broken
TWO_LINES_EM = 9.0  # a label up to this long (执行率（复核）, 服务对象满意度) takes at most two lines
KINSOKU_EM = 1.0  # a bracket may not end or start a line: one character of slack
PROSE_UNIT = re.compile(r"[^\u4e00-\u9fff]*[\u4e00-\u9fff]?")  # a figure in a sentence and one character
ORPHAN_TRIES = 3
LATIN_EMS = (0.5, HALF_WIDTH_EM)  # a digit's width in the fonts the report may be set in
ORPHAN_EM = TWO_LINES_EM  # labels up to this long (B22 预算执行率) are kept from leaving a character alone
ORPHAN_STEP = 20  # twips between the widths tried
CLOSING = "）)》”、，。：；"
BRACKETS = re.compile(r"[（）()《》“”、，。：；]")
PROSE_FLOOR_EM = 3.0  # a column of words never becomes a sliver
CANDIDATES = 8  # widths tried per column and step (the next line counts that change)
TIGHT_MARGIN = 57  # twips (1 mm): the cell margin of a dense table
TALL_LINES = 8  # a row taller than this (a sixth of a landscape page) may split


class Cell:
    """A table cell as the widths see it: its grid columns and each paragraph's (em, size)."""

    def __init__(self, doc, tc, first: int, sizes: dict):
        self.tc, self.first, self.span, self.margin = tc, first, span_of(tc), DEFAULT_MARGIN
        merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        self.merged = merge is not None  # its height is shared with the rows below: not counted
        self.memo: dict[tuple[int, int], int] = {}
        self.paras, self.blocks = [], []  # the lines as measured; (paragraph, size) to break them
        for p in tc.iter(qn("w:p")):
            size = font_size(doc, p, sizes)
            self.blocks.append((p, size))
            for text in _segments(p):
                # a bracketed label is measured as it will be broken: 执行率 / （复核）
                for part in (_bracket_split(text) if text_em(text) <= ORPHAN_EM else None) or (text,):
                    self.paras.append((text_em(part), size, TOKEN.findall(part), part))

    def lines(self, width: int) -> int:
        key = (width, self.margin)
        if key not in self.memo:
            self.memo[key] = self._lines(width)
        return self.memo[key]

    def _lines(self, width: int) -> int:
        usable = max(1, width - 2 * self.margin)
        return sum(max(1, math.ceil(em * size * SAFETY / usable)) for em, size, _, _ in self.paras) if self.paras else 1

    def need(self, lines: int = 2) -> int:
        """The least width this cell must have (0 when it spans columns); a label longer than
        ONE_LINE_EM takes at most `lines` lines of nearly equal length (执行率/（复核）)."""
        if self.span != 1:
            return 0
        need = 0
        for em, size, tokens, text in self.paras:
            if em <= ONE_LINE_EM:
                ems = em
            elif em <= TWO_LINES_EM:
                ems = math.ceil(em / lines) + (KINSOKU_EM if BRACKETS.search(text) else 0)
            else:
                ems = PROSE_FLOOR_EM
            if em > TWO_LINES_EM:  # in a sentence the words after a figure are not its unit (97%与真实)
                tokens = [PROSE_UNIT.match(t).group(0) for t in tokens]
            ems = max([ems] + [text_em(t) for t in tokens])
            need = max(need, int(ems * size * SAFETY))
        return need + 2 * self.margin if need else 0


def _segments(p) -> list[str]:
    """A paragraph's lines as written: its text split at its line breaks."""
    parts = [""]
    for el in p.iter(qn("w:t"), qn("w:br")):
        if el.tag == qn("w:br"):
            parts.append("")
        else:
            parts[-1] += el.text or ""
    return [part.strip() for part in parts]


def _bracket_split(text: str) -> tuple[str, str] | None:
    """执行率（复核） → (执行率, （复核）): a label whose bracketed tail may go on a line of its own."""
    k = text.find("（")
    return (text[:k], text[k:]) if 0 < k and text.endswith("）") else None


def break_before_brackets(rows, widths: list[int]) -> int:
    """A bracketed label too long for its cell's line is broken before its bracket
    (得分 / （复核）, not 得分（复 / 核）); how many were broken."""
    broken = 0
    for row in rows:
        for c in row:
            usable = sum(widths[c.first:c.first + c.span]) - 2 * c.margin
            for p, size in c.blocks:
                texts = list(p.iter(qn("w:t")))
                text = "".join(t.text or "" for t in texts).strip()
                if (not _bracket_split(text) or text_em(text) > ORPHAN_EM or p.find(f".//{qn('w:br')}") is not None
                        or text_em(text) * size * SAFETY <= usable):
                    continue
                t = next(t for t in texts if "（" in (t.text or ""))
                head, tail = t.text.split("（", 1)
                t.text = head
                br, rest = OxmlElement("w:br"), OxmlElement("w:t")
                rest.text = "（" + tail
                t.addnext(br)
                br.addnext(rest)
                broken += 1
    return broken


def _cells(doc, tbl, sizes: dict) -> list[list[Cell]]:
    rows = []
    for tr in tbl.findall(qn("w:tr")):
        k, row = 0, []
        for tc in tr.findall(qn("w:tc")):
            cell = Cell(doc, tc, k, sizes)
            row.append(cell)
            k += cell.span
        rows.append(row)
    return rows


def _height(row: list[Cell], widths: list[int]) -> int:
    counted = [c.lines(sum(widths[c.first:c.first + c.span])) for c in row if not c.merged]
    return max(counted, default=1)


def _covers(c: Cell, col: int) -> bool:
    return not c.merged and c.first <= col < c.first + c.span


def _breakpoints(cells: list[Cell], widths: list[int], col: int, limit: int) -> list[int]:
    """The next widths of `col`, up to `limit`, at which one of its `cells` loses a line."""
    points = set()
    for c in cells:
        others = sum(widths[c.first:c.first + c.span]) - widths[col]
        for em, size, _, _ in c.paras:
            lines = max(1, math.ceil(em * size * SAFETY / max(1, others + widths[col] - 2 * c.margin)))
            for fewer in range(lines - 1, max(0, lines - 1 - CANDIDATES), -1):
                w = math.ceil(em * size * SAFETY / fewer) + 2 * c.margin - others
                if widths[col] < w <= limit:
                    points.add(w)
    return sorted(points)[:CANDIDATES]


def _best_step(rows, widths: list[int], slack: int):
    """(lines saved per twip, column, new width) of the most useful widening; None if none saves a line."""
    lines = [[c.lines(sum(widths[c.first:c.first + c.span])) if not c.merged else 0 for c in row] for row in rows]
    heights = [max(ls, default=1) for ls in lines]
    best = None
    for col in range(len(widths)):
        # per row: the cells that widen with `col`, and the tallest of the others
        touched = [([c for c in row if _covers(c, col)],
                    max([n for c, n in zip(row, ls) if not _covers(c, col)], default=1)) for row, ls in zip(rows, lines)]
        cells = [c for mine, _ in touched for c in mine]
        for w in _breakpoints(cells, widths, col, widths[col] + slack):
            trial = widths[:col] + [w] + widths[col + 1:]
            gain = sum(h - max([rest] + [c.lines(sum(trial[c.first:c.first + c.span])) for c in mine])
                       for h, (mine, rest) in zip(heights, touched) if mine and rest < h)
            rate = gain / (w - widths[col])
            if gain > 0 and (best is None or rate > best[0]):
                best = (rate, col, w)
    return best


def _grow(rows, widths: list[int], slack: int) -> int:
    """Give `slack` twips, step by step, where a twip saves the most lines; what is left."""
    while slack > 0:
        best = _best_step(rows, widths, slack)
        if best is None:
            break
        _, col, w = best
        slack -= w - widths[col]
        widths[col] = w
    return slack


def _margin(tbl) -> int:
    """The table's own left cell margin in twips, else Word's default."""
    el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:left')}")
    value = el.get(qn("w:w"), "") if el is not None else ""
    return int(value) if value.isdigit() else DEFAULT_MARGIN


def _set_margin(tbl, margin: int) -> None:
    """Narrower left and right cell margins for a table too dense for Word's default ones."""
    tblpr = tbl.find(qn("w:tblPr"))
    mar = tblpr.find(qn("w:tblCellMar"))
    if mar is None:
        mar = OxmlElement("w:tblCellMar")
        # the schema puts tblCellMar after tblW, jc, tblBorders, shd, tblLayout; before tblLook
        look = tblpr.find(qn("w:tblLook"))
        look.addprevious(mar) if look is not None else tblpr.append(mar)
    for side in ("left", "right"):
        el = mar.find(qn(f"w:{side}"))
        if el is None:
            el = OxmlElement(f"w:{side}")
            mar.append(el)
        el.set(qn("w:w"), str(margin))
        el.set(qn("w:type"), "dxa")


def _least(rows, count: int, lines: int) -> list[int]:
    mins = [0] * count
    for row in rows:
        for c in row:
            if c.span == 1 and c.first < count:
                mins[c.first] = max(mins[c.first], c.need(lines))
    return mins


def _plan(rows, tbl, total: int, count: int):
    """(least widths, margin) of the first way that fits: the labels on two lines, the same
    with narrower cell margins, then on three lines; else the least they need on three."""
    margin = _margin(tbl)
    tight = min(margin, TIGHT_MARGIN)
    tries = [(margin, 2), (tight, 2), (margin, 3), (tight, 3)]
    for m, lines in tries:
        for row in rows:
            for c in row:
                c.margin = m
        mins = _least(rows, count, lines)
        if sum(mins) <= total:
            return mins, m
    return mins, m


def balance_columns(doc, tbl, sizes: dict | None = None) -> bool:
    """Set the columns' widths from the table's content, keeping its total; whether it was changed."""
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    template = [int(c.get(qn("w:w"), "0") or 0) for c in cols]
    if len(template) < 2 or not all(template) or tbl.find(qn("w:tblPr")) is None:
        return False
    total = sum(template)
    rows = _cells(doc, tbl, {} if sizes is None else sizes)
    mins, margin = _plan(rows, tbl, total, len(template))
    if sum(mins) > total:  # more than the page holds: each column short by the same share
        widths = [int(m * total / sum(mins)) for m in mins]
    else:
        widths = list(mins)
        left = _grow(rows, widths, total - sum(mins))
        # what no line needs is shared as the template shares its width
        widths = [w + int(left * t / total) for w, t in zip(widths, template)]
    widths[-1] += total - sum(widths)
    _no_orphans(rows, widths, mins)
    if widths == template:
        return False
    if margin != _margin(tbl):
        _set_margin(tbl, margin)
    apply_widths(tbl, cols, widths)
    break_before_brackets(rows, widths)
    _let_tall_rows_split(rows, widths, tbl)
    return True


def _orphans(rows, col: int, width: int) -> int:
    """How many labels of `col` would, `width` wide, leave one character on a line of their own
    (年度资金总/额, B22 预算执行/率, 得分（复/核）: a closing bracket does not count)."""
    return sum(_orphaned(text, round((width - 2 * c.margin) / size, 2))
               for row in rows for c in row if c.span == 1 and c.first == col
               for em, size, _, text in c.paras if em <= ORPHAN_EM and not text.isascii())


@functools.lru_cache(maxsize=4096)
def _orphaned(text: str, line_em: float) -> bool:
    """Whether `text` leaves a character alone on its last line, with either width of the digits."""
    if text_em(text) + _latin(text) * (max(LATIN_EMS) - HALF_WIDTH_EM) <= line_em:
        return False
    for latin in LATIN_EMS:
        lines = wrap(text, line_em, latin)
        if len(lines) > 1 and len(lines[-1].rstrip(CLOSING)) <= 1:
            return True
    return False


def _latin(text: str) -> int:
    return sum(1 for c in text if ord(c) < 0x2000 and c != "±")


def wrap(text: str, line_em: float, latin_em: float = HALF_WIDTH_EM) -> list[str]:
    """The lines a cell prints `text` in, `line_em` wide, filled as LibreOffice fills them: a
    character a time, a closing bracket never first on a line (it takes the character before along).
    `latin_em` is the width of a digit or Latin letter, which varies with the font."""
    lines = [""]
    for ch in text:
        if lines[-1] and text_em(lines[-1] + ch) + _latin(lines[-1] + ch) * (latin_em - HALF_WIDTH_EM) > line_em:
            if ch in CLOSING and len(lines[-1]) > 1:
                lines[-1], moved = lines[-1][:-1], lines[-1][-1]
                lines.append(moved)
            else:
                lines.append("")
        lines[-1] += ch
    return lines


def _no_orphans(rows, widths: list[int], mins: list[int]) -> None:
    """A column whose label would leave a character alone gets the nearest width that leaves
    none, traded with the column with most room above its own least width."""
    for col in [k for k in range(len(widths)) for _ in range(ORPHAN_TRIES)]:  # a wider line may orphan another
        now = _orphans(rows, col, widths[col])
        if not now:
            continue
        donor = max((k for k in range(len(widths)) if k != col), key=lambda k: widths[k] - mins[k])
        room = max(0, widths[donor] - mins[donor])
        tries = range(mins[col], widths[col] + room + 1, ORPHAN_STEP)
        best = min(tries, key=lambda w: (_orphans(rows, col, w), abs(w - widths[col])), default=widths[col])
        if _orphans(rows, col, best) < now:
            widths[donor] -= best - widths[col]
            widths[col] = best


def _let_tall_rows_split(rows, widths: list[int], tbl) -> None:
    for row, tr in zip(rows, tbl.findall(qn("w:tr"))):
        if _height(row, widths) <= TALL_LINES:
            continue
        trpr = tr.find(qn("w:trPr"))
        keep = trpr.find(qn("w:cantSplit")) if trpr is not None else None
        if keep is not None:
            trpr.remove(keep)


def balance_all(doc) -> int:
    """Balance every table of the body; how many were changed."""
    sizes: dict = {}  # style → font size, for the whole document
    return sum(balance_columns(doc, tbl, sizes) for tbl in doc.element.body.iter(qn("w:tbl")))


def fit_all(doc) -> int:
    """Every table balanced and every caption fitted on its line; how many were changed."""
    return balance_all(doc) + fit_captions(doc)
