"""What every chapter formats alike: dates, money, ordinals, the subject's names.

Numbers go through jixiao.render.figures and jixiao.numbers, nowhere else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from ...model.evaluation import Evaluation
from ...numbers import fmt

CN_DIGITS = "〇一二三四五六七八九"
CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
               "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]


def cn_ordinal(n: int) -> str:
    return CN_ORDINALS[n - 1] if 1 <= n <= len(CN_ORDINALS) else str(n)


def money(value: Decimal | None) -> str:
    return "-" if value is None else fmt(value, thousands=True)


def date_cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def date_cn_upper(d: dt.date | None) -> str:
    """二〇二五年八月十五日, as a signature date is written."""
    if d is None:
        return "    年  月  日"

    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")

    year = "".join(CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{small(d.month)}月{small(d.day)}日"


def period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        if start == end:
            return date_cn(start)
        tail = f"{end.month}月{end.day}日" if end.year == start.year else date_cn(end)
        return f"{date_cn(start)}—{tail}"
    return date_cn(start or end)


def strip_end(text: str) -> str:
    """A sentence without its closing punctuation, to be closed by the report's own."""
    return text.rstrip("。；;，, ")


def shown(value: object) -> str:
    """A 完成值 or level as shown in a table."""
    if value is None:
        return "-"
    display = getattr(value, "display", None)
    return display() if callable(display) else str(value)


def short_name(ev: Evaluation) -> str:
    if ev.entity is not None:
        return ev.entity.display_name
    return ev.subject_name


def year_text(ev: Evaluation) -> str:
    return f"{ev.year}年度" if ev.year else ""


def kind_short(ev: Evaluation) -> str:
    return {"department": "部门整体支出", "project": "项目支出"}.get(ev.kind, "")


# Tag names of earlier versions: a firm's own template written with them keeps filling.
FORMER_TAGS = {"words": "w", "level1": "l1", "level2": "l2", "level3": "l3", "question": "q", "answer": "a"}


def as_template_data(value: Any) -> Any:
    """Records as the plain dicts and lists the Word and HTML templates are filled from."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: as_template_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data.update({FORMER_TAGS[k]: v for k, v in list(data.items()) if k in FORMER_TAGS and FORMER_TAGS[k] not in data})
        return data
    if isinstance(value, (list, tuple)):
        return [as_template_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_template_data(v) for k, v in value.items()}
    return value
