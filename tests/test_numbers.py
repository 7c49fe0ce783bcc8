from decimal import Decimal

from jixiao.model.evaluation import DEFAULT_GRADING
from jixiao.numbers import D, NotANumber, fmt, ratio_percent, round_half_up
from jixiao.scoring import grade_of

import pytest


def test_exact_halves_round_up():
    assert fmt(D("2.675")) == "2.68"
    assert fmt(D("2.665")) == "2.67"
    assert fmt(D("89.995")) == "90.00"
    assert round_half_up(D("0.125"), 2) == Decimal("0.13")


def test_grade_is_taken_from_the_total_as_shown():
    assert grade_of(D("89.995"), DEFAULT_GRADING) == "优"
    assert grade_of(D("89.994"), DEFAULT_GRADING) == "良"
    assert grade_of(D("59.99"), DEFAULT_GRADING) == "差"


def test_numbers_come_from_text_never_floats():
    assert D("31,577.79") == Decimal("31577.79")
    with pytest.raises(TypeError):
        D(0.1)  # type: ignore[arg-type]
    with pytest.raises(NotANumber):
        D("abc")


def test_thousands_and_negative_zero():
    assert fmt(D("31577.79"), thousands=True) == "31,577.79"
    assert fmt(D("-0.001")) == "0.00"


def test_zero_denominator_is_a_stated_case():
    assert ratio_percent(D(1), D(0)) is None
