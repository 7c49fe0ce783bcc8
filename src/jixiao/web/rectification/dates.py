"""Dates as people type them: 2025-03-31, 2025/3/31, 2025.3.31, 2025年3月31日, full-width digits."""

from __future__ import annotations

import datetime as dt
import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
EXPECTED = "不是日期：应写作 2025-03-31 或 2025年3月31日"


def parse_date(value) -> tuple[dt.date | None, str]:
    """(the date, "") or (None, why not); a blank is (None, "")."""
    if value is None:
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = str(value).strip().translate(_FULL_WIDTH)
    if not text:
        return None, ""
    m = _DATE.fullmatch(text)
    if not m:
        return None, EXPECTED
    try:
        return dt.date(*map(int, m.groups())), ""
    except ValueError:
        return None, "不是存在的日期（月份应为 1～12，日应在该月天数之内）"
