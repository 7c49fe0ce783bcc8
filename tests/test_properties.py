"""Properties that must hold for any input, not only the examples."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.quantity import Quantity, Target
from jixiao.numbers import fmt, round_half_up
from jixiao.parse.quantity import parse_quantity
from jixiao.rules import band, completion, ratio, step
from jixiao.rules.base import RuleInput

from test_rules import OVERSHOOT

decimals = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
percents = st.decimals(min_value=-500, max_value=500, places=2, allow_nan=False, allow_infinity=False)
ops = st.sampled_from([">=", "<=", "=", ">", "<"])


def x(weight, actual, target=None, op=">=", reported=None):
    return RuleInput(
        code="P1",
        name="性质",
        weight=weight,
        benchmark=Target(op, Quantity(target, "人")) if target is not None else None,
        actual=Quantity(actual, "人"),
        reported=reported,
    )


@given(weights, decimals, st.decimals(min_value=1, max_value=10**6, places=2), ops, st.booleans())
def test_completion_stays_within_zero_and_weight(weight, actual, target, op, misreported):
    p = completion.Params(overshoot=OVERSHOOT, misreport=Decimal(2))
    reported = Quantity(actual + 1, "人") if misreported else None
    result = completion.score(p, x(weight, actual, target, op, reported))
    assert result.score is not None and 0 <= result.score <= weight


@given(weights, decimals, decimals, st.decimals(min_value=1, max_value=10**6, places=2))
def test_completion_is_monotonic_in_the_actual_value(weight, a, b, target):
    low, high = sorted([a, b])
    p = completion.Params()  # no overshoot bands: more done never scores less
    assert completion.score(p, x(weight, low, target)).score <= completion.score(p, x(weight, high, target)).score


@given(weights, percents)
def test_rate_rules_stay_within_zero_and_weight(weight, value):
    rate = RuleInput("P2", "率", weight, None, Quantity(value, "%"))
    for module, params in (
        (step, step.Params(Decimal(95), Decimal("0.1"))),
        (band, band.Params(Decimal(10), Decimal("0.1"), Decimal(2))),
        (ratio, ratio.Params()),
    ):
        result = module.score(params, rate)
        assert 0 <= result.score <= weight


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(["人", "人次", "%", "元/人次", "个", "件", ""]),
)
def test_parse_of_format_round_trips(number, scale, unit):
    q = Quantity(number, unit, scale if unit != "%" else "")
    back = parse_quantity(q.text())
    assert back.value == q.value and back.unit == q.unit and back.scale == q.scale


@given(st.integers(min_value=0, max_value=10**6))
def test_exact_halves_round_up(n):
    half = Decimal(n) / 100 + Decimal("0.005")
    assert round_half_up(half, 2) == Decimal(n + 1) / 100
    assert fmt(half) == f"{Decimal(n + 1) / 100:.2f}"
