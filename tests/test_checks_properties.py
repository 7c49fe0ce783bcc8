"""A randomly generated consistent evaluation has no error; changing any one cross-checked
figure of it (an amount, a total, a stated rate, a weight, a point, a filled score) gives one."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.analysis import analyse
from jixiao.io.document import get_path, load_plain, set_path
from jixiao.problems import Severity

CENT = Decimal("0.01")


def money(draw, low=0, high=100000):
    return Decimal(draw(st.integers(min_value=low, max_value=high))) / 100


def pct(numerator: Decimal, denominator: Decimal) -> str:
    return f"{(numerator / denominator * 100).quantize(CENT, ROUND_HALF_UP)}%"


def split(draw, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def consistent_documents(draw):
    lines, perturbable = [], []
    for i in range(draw(st.integers(1, 4))):
        initial = money(draw, 100)
        adjusted = money(draw, 100)
        spent = min(money(draw, 0), adjusted)
        lines.append({"name": f"支出{i}", "initial": str(initial), "adjusted": str(adjusted), "spent": str(spent)})
        perturbable += [f"budget.lines[{i}].{c}" for c in ("initial", "adjusted", "spent")]
    col = {c: sum((Decimal(l[c]) for l in lines), Decimal(0)) for c in ("initial", "adjusted", "spent")}
    first = {c: min(money(draw), col[c]) for c in col}
    sources = [
        {"name": "上级资金", **{c: str(first[c]) for c in col}},
        {"name": "本级资金", **{c: str(col[c] - first[c]) for c in col}},
    ]
    perturbable += [f"budget.sources[{i}].{c}" for i in range(2) for c in col]
    perturbable += [f"budget.totals.{c}" for c in col] + ["budget.rates.execution_rate", "budget.rates.adjustment_rate"]
    categories = []
    for i in range(draw(st.integers(1, 4))):
        opening = money(draw, 100, 50000)
        increase = money(draw, 0, 10000)
        decrease = min(money(draw, 0, 10000), opening - 1)  # leaves a closing value above 0
        closing = opening + increase - decrease
        categories.append({"name": f"资产{i}", "opening": str(opening), "increase": str(increase), "decrease": str(decrease), "closing": str(closing)})
        perturbable += [f"assets.categories[{i}].{c}" for c in ("opening", "increase", "decrease", "closing")]
    closing_total = sum((Decimal(c["closing"]) for c in categories), Decimal(0))
    in_use = (closing_total * Decimal(draw(st.integers(50, 100))) / 100).quantize(CENT)
    atotals = {c: str(sum((Decimal(x[c]) for x in categories), Decimal(0))) for c in ("opening", "increase", "decrease", "closing")}
    perturbable += [f"assets.totals.{c}" for c in atotals] + ["assets.in_use", "assets.utilization"]

    leaves = []
    weights = [w for w in split(draw, 100, draw(st.integers(2, 6)))]
    for i, w in enumerate(weights):
        p1 = draw(st.integers(0, w))
        leaves.append({
            "code": f"A{i + 1}", "name": f"指标{i}", "weight": str(w),
            "standard": f"1. 要点一，得{p1}分；2. 要点二，得{w - p1}分。",
            "benchmark": "规范", "actual": "规范",
            "rule": {"type": "checklist", "items": [
                {"text": "要点一", "points": str(p1), "met": "true"},
                {"text": "要点二", "points": str(w - p1), "met": draw(st.sampled_from(["true", "false"])),
                 "note": "未达到要求"},
            ]},
        })
        perturbable += [f"indicators[0].children[{i}].weight", f"indicators[0].children[{i}].rule.items[0].points"]

    rate = col["spent"] / col["adjusted"]
    funds_score = (rate * 10).quantize(CENT, ROUND_HALF_UP)
    rows = []
    for i, w in enumerate(split(draw, 90, draw(st.integers(1, 5)))):
        target = draw(st.integers(100, 10000))
        actual = target + draw(st.integers(0, target // 25))
        rows.append({"name": f"自评指标{i}", "target": f"≥{target}个", "actual": f"{actual}个", "weight": str(w), "score": str(w)})
        perturbable += [f"self_evaluation.indicators[{i}].weight", f"self_evaluation.indicators[{i}].score"]
    perturbable += ["self_evaluation.funds.score", "self_evaluation.total"]
    doc = {
        "format": "1", "kind": "department", "year": "2024", "title": "随机评价",
        "entity": {"name": "随机局"},
        "budget": {
            "unit": "万元", "lines": lines, "sources": sources,
            "totals": {c: str(v) for c, v in col.items()},
            "rates": {"execution_rate": pct(col["spent"], col["adjusted"]),
                      "adjustment_rate": pct(col["adjusted"] - col["initial"], col["initial"])},
        },
        "assets": {"unit": "万元", "categories": categories, "totals": atotals, "in_use": str(in_use),
                   "utilization": pct(in_use, closing_total)},
        "indicators": [{"code": "A", "name": "部门管理", "children": leaves}],
        "self_evaluation": {
            "funds": {"weight": "10", "score": str(funds_score)},
            "indicators": rows,
            "total": str(funds_score + 90),
        },
    }
    return doc, perturbable


def errors(doc):
    loaded = load_plain(doc, "随机.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    return [p for p in analyse(loaded.evaluation).problems if p.severity is Severity.ERROR]


@settings(max_examples=80, deadline=None)
@given(consistent_documents(), st.data())
def test_consistent_evaluation_has_no_error_and_any_change_makes_one(generated, data):
    doc, perturbable = generated
    assert errors(doc) == []
    path = data.draw(st.sampled_from(perturbable))
    old = get_path(doc, path)
    number = Decimal(old.rstrip("%"))
    set_path(doc, path, f"{number + 1}{'%' if old.endswith('%') else ''}")
    found = errors(doc)
    assert found, f"changing {path} from {old} went unnoticed"
