"""Settings read from the environment (JIXIAO_UPLOAD_MAX_MB, JIXIAO_WORKERS …): the one reader.

What people type is accepted (spaces, full-width digits １５, thousands groups 40,000,000); anything
else stops the program at start with a SettingError naming the variable, the value as typed and
what is expected, in Chinese, rather than a traceback or a silent default.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Digits, or digits in groups of three (40 000 000, 40,000,000, 40_000_000); ASCII only after NFKC.
_WHOLE = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:[ ,_]\d{3})+)", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_SHOWN = 60  # characters of a wrong value repeated in the message


class SettingError(ValueError):
    """A setting from the environment that cannot be used; `message` is what the user reads."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def typed(value: str) -> str:
    """A value as typed, for a message: on one line and not too long."""
    text = value.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def whole_number(text: str) -> int | None:
    """The integer `text` says, as people type it (１５, " 15 ", 40,000,000); None when it says none."""
    text = unicodedata.normalize("NFKC", text).strip()
    return int(re.sub(r"[ ,_]", "", text)) if _WHOLE.fullmatch(text) else None


def expected_int(minimum: int | None, maximum: int | None, unit: str = "") -> str:
    """“不小于 1 的整数（兆字节）”: what an integer setting must be, in words."""
    if minimum is not None and maximum is not None:
        what = f"{minimum} 至 {maximum} 的整数"
    elif minimum is not None:
        what = f"不小于 {minimum} 的整数"
    elif maximum is not None:
        what = f"不大于 {maximum} 的整数"
    else:
        what = "整数"
    return f"{what}（{unit}）" if unit else what


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None,
            unit: str = "") -> int:
    """The integer in environment variable `name`; `default` when it is unset or blank."""
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    number = whole_number(raw)
    if number is None or (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        what = expected_int(minimum, maximum, unit)
        raise SettingError(f"环境变量 {name} 应为{' ' if what[0] in '-0123456789' else ''}{what}，现为“{typed(raw)}”")
    return number


def env_number(name: str, default: float, *, minimum: float = 0, unit: str = "") -> float:
    """The number (12, 0.5, １２０) in environment variable `name`, at least `minimum`; `default`
    when it is unset or blank. For durations and shares, never money."""
    raw = os.environ.get(name, "")
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return default
    if not _DECIMAL.fullmatch(text) or float(text) < minimum:
        what = f"不小于 {minimum:g} 的数" + (f"（{unit}）" if unit else "")
        raise SettingError(f"环境变量 {name} 应为{what}，现为“{typed(raw)}”")
    return float(text)


def env_choice(name: str, default: str, choices: dict[str, str]) -> str:
    """One of `choices` (value → what it means, for the message) in `name`, case and width folded;
    `default` when it is unset or blank."""
    raw = os.environ.get(name, "")
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if not text:
        return default
    if text not in choices:
        said = "、".join(f"{value}（{meaning}）" for value, meaning in choices.items())
        raise SettingError(f"环境变量 {name} 应为 {said} 之一，现为“{typed(raw)}”")
    return text
