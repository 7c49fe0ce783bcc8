from decimal import Decimal

import pytest

from jixiao.parse.formula import DivisionByZero, evaluate, names, parse_formula, render
from jixiao.parse.quantity import ParseError


def test_closing_rate_formula_of_the_reference():
    expr = parse_formula("当期审结案件数 / (上期末累计未结争议案件数 + 当期立案受理案件数)")
    values = {"当期审结案件数": Decimal(1153), "上期末累计未结争议案件数": Decimal(20), "当期立案受理案件数": Decimal(1161)}
    assert names(expr) == list(values)
    result = evaluate(expr, values.__getitem__)
    assert f"{result * 100:.2f}" == "97.63"
    assert render(expr) == "当期审结案件数 / (上期末累计未结争议案件数 + 当期立案受理案件数)"


def test_precedence_and_chinese_operators():
    assert evaluate(parse_formula("2 + 3 × 4 − 6 ÷ 2"), lambda n: Decimal(0)) == Decimal(11)
    assert evaluate(parse_formula("(a − b) / b"), {"a": Decimal(25632), "b": Decimal(24000)}.__getitem__) == Decimal(
        "0.068"
    )


def test_zero_denominator_names_the_divisor():
    with pytest.raises(DivisionByZero) as exc:
        evaluate(parse_formula("a / (b - c)"), {"a": Decimal(1), "b": Decimal(2), "c": Decimal(2)}.__getitem__)
    assert "b − c" in str(exc.value)


@pytest.mark.parametrize("text", ["a +", "(a + b", "a b", "__import__('os')", "a ** b", "a; b"])
def test_bad_formulas_are_refused(text):
    with pytest.raises(ParseError):
        parse_formula(text)
