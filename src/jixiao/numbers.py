"""Exact numbers: one constructor for Decimal, and rounding for display only.

Money, rates and scores are Decimal from the user's text to the printed page.
Rounding is 四舍五入 (ROUND_HALF_UP) and happens only where a figure is shown.
"""

from __future__ import annotations

import logging
import re
from decimal import ROUND_HALF_UP, Context, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# No figure on a form has this many digits; a longer "number" is hostile input, and
# refusing it keeps every later sum, rounding and printout small.
MAX_DIGITS = 100

log = logging.getLogger("jixiao.security")
log.addHandler(logging.NullHandler())  # the CLI prints the problem itself; servers configure a handler

# Plain decimals only: Decimal() itself would also take 1E5, 1_000, NaN and Infinity.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")
# What Python or a spreadsheet would take for a number (1E5, 1_000, NaN): the readers of
# quantities and formulas find these to say why they are refused, rather than misread them.
WRITTEN = re.compile(r"[+-]?[\d_]+(?:\.[\d_]*)?(?:[eE][+-]?\d+)?")
SPECIAL = re.compile(r"[+-]?(?:s?nan|inf(?:inity)?)(?![a-z])", re.IGNORECASE)


class NotANumber(ValueError):
    """The text is not a plain decimal number; `reason` says why in Chinese, or is empty."""

    def __init__(self, value: object, reason: str = ""):
        super().__init__(value)
        self.value = value
        self.reason = reason


def why_not_plain(text: str) -> str:
    """Why a text that looks almost like a number is not one ('' when nothing specific)."""
    text = text.strip()
    if _EXPONENT.fullmatch(text):
        return "不接受科学计数法（如 1E5），请写成普通小数"
    if "_" in text and re.fullmatch(r"[+-]?[\d_]+(?:\.[\d_]*)?", text):
        return "数字中不能有下划线"
    if SPECIAL.fullmatch(text):
        return "NaN、Infinity 不是有限的数"
    return ""


def too_many_digits(text: str) -> str:
    """Why a number is refused for its length ('' when it is short enough)."""
    if len(text) <= MAX_DIGITS:
        return ""
    digits = sum(ch.isdigit() for ch in text)
    if digits <= MAX_DIGITS:
        return ""
    log.warning("拒绝数字：共%s位数字，超过上限%s位（%s…）", digits, MAX_DIGITS, text[:20])
    return f"共{digits}位数字，超过上限{MAX_DIGITS}位"


def D(value: str | int | Decimal) -> Decimal:
    """Decimal from text (or an int or Decimal); never from a float.

    Text must be a plain decimal (thousands separators allowed) of at most MAX_DIGITS digits."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"refusing {type(value).__name__}: numbers come from text")
    if isinstance(value, int):
        return Decimal(value)
    text = value.strip().replace(",", "").replace("，", "")
    if not _PLAIN.fullmatch(text):
        raise NotANumber(value, why_not_plain(text))
    too_long = too_many_digits(text)
    if too_long:
        raise NotANumber(value, too_long)
    return Decimal(text)


def places_of(value: Decimal) -> int:
    """How many decimal places a number was written with (2.56 → 2, 24000 → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-6, 16)}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to a number of decimal places: 2.675 → 2.68."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = Decimal(1).scaleb(-places)
    if value.adjusted() + places >= 26:
        # more digits than the default context's 28 would make quantize fail: give it room
        room = Context(prec=max(value.adjusted(), 0) + max(places, 0) + 3)
        return value.quantize(quantum, rounding=ROUND_HALF_UP, context=room)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int = 2, *, thousands: bool = False) -> str:
    """A number as shown to a user, e.g. fmt(D('31577.79'), thousands=True) → '31,577.79'."""
    rounded = round_half_up(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print -0.00
    return f"{rounded:,.{places}f}" if thousands else f"{rounded:.{places}f}"


def fmt_plain(value: Decimal, *, thousands: bool = True) -> str:
    """A number with the places it has, trailing zeros of a fraction dropped: 24000, 0.5."""
    if value == value.to_integral_value():
        value = round_half_up(value, 0)
    else:
        # normalize() rounds to the context's 28 digits: a longer figure keeps all of its own
        digits = len(value.as_tuple().digits)
        value = value.normalize(Context(prec=digits)) if digits > 28 else value.normalize()
    places = places_of(value)
    return fmt(value, places, thousands=thousands)


def fmt_percent(value: Decimal, places: int = 2) -> str:
    """A percentage number (97.63 means 97.63%) as shown: '97.63%'."""
    return f"{fmt(value, places)}%"


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator × 100, or None when the denominator is 0."""
    if denominator == 0:
        return None
    return numerator / denominator * HUNDRED
