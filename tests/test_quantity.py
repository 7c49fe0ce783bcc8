"""Quantities and targets as they are written on real forms."""

from decimal import Decimal

import pytest

from jixiao.model.quantity import Level
from jixiao.parse.quantity import ParseError, parse_quantity, parse_target, parse_value


@pytest.mark.parametrize(
    "text, value, unit, places",
    [
        ("25632人", "25632", "人", 0),
        ("2.56万人", "25600", "人", 2),
        ("97.63%", "97.63", "%", 2),
        ("96.90%", "96.90", "%", 2),
        ("31,577.79万元", "315777900", "元", 2),
        ("1490.77元/人次", "1490.77", "元/人次", 2),
        ("=2.56万人", "25600", "人", 2),
        ("=97.63%", "97.63", "%", 2),
        ("１２３个", "123", "个", 0),
        ("97.63％", "97.63", "%", 2),
        ("2.16亿元", "216000000", "元", 2),
        ("100百分比", "100", "%", 0),
        ("3120人次", "3120", "人次", 0),
        ("0", "0", "", 0),
    ],
)
def test_quantities(text, value, unit, places):
    q = parse_quantity(text)
    assert q.value == Decimal(value)
    assert q.unit == unit
    assert q.places == places


@pytest.mark.parametrize(
    "text, op, value, unit",
    [
        ("≥2.4万人", ">=", "24000", "人"),
        ("≥1.85万人次", ">=", "18500", "人次"),
        ("≥98%", ">=", "98", "%"),
        ("=100%", "=", "100", "%"),
        ("≤100%", "<=", "100", "%"),
        ("±10%以内", "within", "10", "%"),
        ("=2个", "=", "2", "个"),
        ("≤1500元/人次", "<=", "1500", "元/人次"),
        ("≥100百分比", ">=", "100", "%"),
        ("＞90％", ">", "90", "%"),
        ("不低于80%", ">=", "80", "%"),
        ("不超过1500元", "<=", "1500", "元"),
        ("80%以上", ">=", "80", "%"),
        ("5天以下", "<=", "5", "天"),
        (">=95%", ">=", "95", "%"),
        ("100%", "=", "100", "%"),
    ],
)
def test_targets(text, op, value, unit):
    t = parse_target(text)
    assert t.op == op
    assert t.quantity is not None
    assert t.quantity.value == Decimal(value)
    assert t.quantity.unit == unit
    assert str(t) == text  # shown as the user wrote it


@pytest.mark.parametrize("text", ["明确", "合理", "较为合理", "健全", "规范", "合规", "达成预期指标", "部分达成预期指标", "有效提升"])
def test_qualitative_levels(text):
    t = parse_target(text)
    assert t.quantity is None and t.level == Level(text)
    assert parse_value(text) == Level(text)


@pytest.mark.parametrize("text", ["≥两万人", "≥", "不低于百分之八十", ""])
def test_unreadable_targets_say_what_is_expected(text):
    with pytest.raises(ParseError) as exc:
        parse_target(text)
    assert "例如" in str(exc.value)


def test_reported_precision_is_honoured():
    # 2.56万人 agrees with 25,632 at its own precision; 97% does not agree with 97.63%.
    assert parse_quantity("2.56万人").agrees_with(Decimal("25632"))
    assert not parse_quantity("2.57万人").agrees_with(Decimal("25632"))
    assert not parse_quantity("97%").agrees_with(Decimal("97.6291278577476714648602879"))
    assert parse_quantity("97.63%").agrees_with(Decimal("97.6291278577476714648602879"))
    assert parse_quantity("1.92万人次").agrees_with(Decimal("19228"))
