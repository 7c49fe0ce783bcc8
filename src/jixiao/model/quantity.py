"""Quantities, qualitative levels and targets as plain values.

A Quantity keeps the number as the user wrote it (2.56 in 万), so that the
precision of a reported figure can be honoured: 2.56万人 agrees with a verified
25,632人, while 97% does not agree with a verified 97.63%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import fmt, fmt_plain, places_of, round_half_up
from .once import once

SCALES: dict[str, Decimal] = {
    "": Decimal(1),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
}

PERCENT = "%"


@dataclass(frozen=True)
class Quantity:
    """A number with its scale (万, 亿) and unit (人, %, 元/人次 …)."""

    number: Decimal  # as written, in its scale: 2.56 for 2.56万人
    unit: str = ""
    scale: str = ""
    written: bool = True  # False for a computed figure (shown rounded to 2 places)

    @once  # read by every rule and check of the row: made once (a frozen record keeps it)
    def value(self) -> Decimal:
        """The number in the base unit: 25600 for 2.56万人; 97.63 for 97.63%."""
        return self.number * SCALES[self.scale]

    @property
    def places(self) -> int:
        return places_of(self.number)

    @property
    def resolution(self) -> Decimal:
        """The smallest step the figure was written to, in base units: 100 for 2.56万人."""
        return SCALES[self.scale].scaleb(-self.places)

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    def agrees_with(self, verified: Decimal) -> bool:
        """Whether a verified base-unit value rounds (四舍五入) to this written figure."""
        in_scale = verified / SCALES[self.scale]
        return round_half_up(in_scale, self.places) == round_half_up(self.number, self.places)

    def text(self) -> str:
        """As a person writes it: 2.56万人, 97.63%, 25632人; computed figures to 2 places."""
        number = fmt_plain(self.number, thousands=False) if self.written else fmt(self.number)
        return f"{number}{self.scale}{self.unit}"

    def base_text(self) -> str:
        """The base-unit value with thousands separators: 25,632人, 97.63%."""
        if self.is_percent:
            return f"{fmt_plain(self.value) if self.written else fmt(self.value)}%"
        value = self.value
        shown = fmt_plain(value) if self.written else fmt(value, thousands=True)
        return f"{shown}{self.unit}"

    def display(self) -> str:
        """As shown in a sentence: written 万/亿 figures as written, others in base units."""
        return self.text() if self.scale else self.base_text()

    def __str__(self) -> str:
        return self.text()


def computed(value: Decimal, unit: str = "") -> Quantity:
    """A figure jixiao computed: exact inside, two places when shown."""
    return Quantity(number=value, unit=unit, scale="", written=False)


@dataclass(frozen=True)
class Level:
    """A qualitative value: 明确, 合理, 健全, 达成预期指标 …"""

    text: str

    def __str__(self) -> str:
        return self.text


# The three tiers of the national self-evaluation form and their share of the weight.
TIER_ACHIEVED = "达成预期指标"
TIER_PARTLY = "部分达成预期指标"
TIER_MISSED = "未达成预期指标"

COMPARISONS = {
    ">=": "≥",
    ">": "＞",
    "<=": "≤",
    "<": "＜",
    "=": "=",
    "within": "±",
}


@dataclass(frozen=True)
class Target:
    """A target: a comparison with a quantity ("≥2.4万人", "±10%以内") or a level ("明确")."""

    op: str | None  # one of COMPARISONS, or None for a qualitative level
    quantity: Quantity | None = None
    level: Level | None = None
    raw: str = ""

    @property
    def is_quantitative(self) -> bool:
        return self.quantity is not None

    def text(self) -> str:
        if self.raw:
            return self.raw
        if self.level is not None:
            return self.level.text
        assert self.quantity is not None and self.op is not None
        if self.op == "within":
            return f"±{self.quantity.text()}以内"
        return f"{COMPARISONS[self.op]}{self.quantity.text()}"

    def __str__(self) -> str:
        return self.text()

    def is_met_by(self, value: Decimal) -> bool:
        """Whether a base-unit value meets this quantitative target."""
        assert self.quantity is not None
        goal = self.quantity.value
        return {
            ">=": value >= goal,
            ">": value > goal,
            "<=": value <= goal,
            "<": value < goal,
            "=": value == goal,
            "within": abs(value) <= goal,
        }[self.op or "="]
