"""The annexes: 附件1 scoring table, 附件2 信息基础表, 附件4 访谈记录, 附件5 现场照片."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.evaluation import Evaluation
from ...numbers import fmt
from ...parse.images import BadImage, ImageInfo, photo_path, read_image_file
from ...render.figures import rate_text, weight_text
from ...scoring import Scorecard
from .analysis import IndicatorRow, ScoreTotal, all_rows
from .basics import Budget, Entity
from .common import cn_ordinal, kind_short, short_name, year_text
from .front import words_for


@dataclass(frozen=True)
class Annex1:
    title: str
    rows: tuple[IndicatorRow, ...]
    total: ScoreTotal


@dataclass(frozen=True)
class InfoRow:
    """A row of the 信息基础表: two label/value pairs side by side."""

    label: str
    value: str
    label2: str
    value2: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # its first paragraph, opened by 答：
    more: tuple[str, ...] = ()  # the answer's further paragraphs


@dataclass(frozen=True)
class Interview:
    heading: str
    meta: tuple[str, ...]
    qa: tuple[Answer, ...]


@dataclass(frozen=True)
class Photo:
    """A photo of 附件5, two to a page: `file` is its checked path ("" where refused: the caption alone)."""

    caption: str
    file: str
    width_mm: str  # fitted into half a page
    page_break: bool  # after the second photo of a page


# half the portrait text block (225 mm) less a caption and, on the first page, the annex heading
PHOTO_BOX_MM = (156, 90)


def annex1_of(ev: Evaluation, sc: Scorecard) -> Annex1:
    return Annex1(
        title=f"{short_name(ev)}{year_text(ev)}{kind_short(ev)}绩效评价指标体系及综合评分表",
        rows=all_rows(sc),
        total=ScoreTotal(weight_text(sc.weight), fmt(sc.total), rate_text(sc.rate)),
    )


def info_rows_of(ev: Evaluation, budget: Budget | None, entity: Entity) -> tuple[InfoRow, ...]:
    w = words_for(ev)
    rows = [InfoRow(w.subject, short_name(ev), w.subject_head, entity.head or "-")]
    if budget is not None:
        unit = ev.budget.unit if ev.budget else ""
        rows += [
            InfoRow("年初预算", budget.initial + unit, "全年预算数", budget.adjusted + unit),
            InfoRow("预算调整数", budget.adjustment + unit, "预算调整率", budget.adjustment_rate),
            InfoRow("全年执行数", budget.spent + unit, "预算执行率", budget.execution_rate),
        ]
    return tuple(rows)


def answer(j: int, question: str, text: str) -> Answer:
    paras = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    return Answer(f"{j}. {question}", f"答：{paras[0]}", tuple(paras[1:]))


def interviews_of(ev: Evaluation) -> tuple[Interview, ...]:
    out = []
    for i, iv in enumerate(ev.interviews, start=1):
        meta = [f"被访谈单位：{short_name(ev)}"]
        if iv.interviewees:
            meta.append(f"被访谈对象：{'、'.join(iv.interviewees)}")
        if iv.date:
            meta.append(f"访谈日期：{date_text(iv.date)}")
        out.append(Interview(
            heading=f"访谈{cn_ordinal(i)}" if len(ev.interviews) > 1 else "",
            meta=tuple(meta),
            qa=tuple(answer(j, q, a) for j, (q, a) in enumerate(iv.qa, start=1)),
        ))
    return tuple(out)


def date_text(text: str) -> str:
    """2025-07 → 2025年7月, 2025-07-15 → 2025年7月15日; anything else as written."""
    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\s*", text)
    if not m:
        return text
    return f"{m[1]}年{int(m[2])}月" + (f"{int(m[3])}日" if m[3] else "")


def fitted_width(info: ImageInfo) -> int:
    box_w, box_h = PHOTO_BOX_MM
    return min(box_w, max(1, box_h * info.width // max(1, info.height)))


def photos_of(ev: Evaluation) -> tuple[Photo, ...]:
    out = []
    for i, p in enumerate(ev.photos, start=1):
        file, width = "", 0
        if p.file:
            path = photo_path(ev.file, p.file)
            try:
                width = fitted_width(read_image_file(path, p.file))
                file = str(path)
            except BadImage:  # the check photos.file says why, in the 检查结果
                pass
        out.append(Photo(f"图5-{i} {p.caption}", file, str(width or ""), i % 2 == 0 and i < len(ev.photos)))
    return tuple(out)
