"""Exact numbers: one constructor for Decimal, and rounding for display only.

Money, rates and scores are Decimal from the user's text to the printed page.
Rounding is 四舍五入 (ROUND_HALF_UP) and happens only where a figure is shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class NotANumber(ValueError):
    """The text is not a plain decimal number."""


def D(value: str | int | Decimal) -> Decimal:
    """Decimal from text (or an int or Decimal); never from a float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"refusing {type(value).__name__}: numbers come from text")
    if isinstance(value, int):
        return Decimal(value)
    text = value.strip().replace(",", "").replace("，", "")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise NotANumber(value) from None
    if not result.is_finite():
        raise NotANumber(value)
    return result


def places_of(value: Decimal) -> int:
    """How many decimal places a number was written with (2.56 → 2, 24000 → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-6, 16)}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to a number of decimal places: 2.675 → 2.68."""
    quantum = _QUANTA.get(places)
    return value.quantize(quantum if quantum is not None else Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int = 2, *, thousands: bool = False) -> str:
    """A number as shown to a user, e.g. fmt(D('31577.79'), thousands=True) → '31,577.79'."""
    rounded = round_half_up(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print -0.00
    return f"{rounded:,.{places}f}" if thousands else f"{rounded:.{places}f}"


def fmt_plain(value: Decimal, *, thousands: bool = True) -> str:
    """A number with the places it has, trailing zeros of a fraction dropped: 24000, 0.5."""
    if value == value.to_integral_value():
        value = value.quantize(ONE)
    else:
        value = value.normalize()
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
