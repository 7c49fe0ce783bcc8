"""Any valid indicator tree can be scored and checked: no traceback, whatever its depth, codes,
rule types and actual values. Duplicate and non-nesting codes are reported, never fatal; every
score lies between 0 and its weight."""

import json
from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.analysis import analyse
from jixiao.io.document import dump_yaml, load_plain
from jixiao.io.load import load_text
from jixiao.metrics import METRICS
from jixiao.render.json_out import scorecard_json
from jixiao.rules import RULES

NAMES = ["职能设定明确性", "预算执行率", "新增就业人数", "满意度", "内控制度", "资产管理"]
LEVELS = ["明确", "合理", "规范", "达成预期指标", "部分达成预期指标", "未达成预期指标"]
UNITS = ["", "%", "人", "万人", "人次", "元/人次", "件", "个"]
OPS = ["≥", "≤", "=", ">", "<", "±", "不低于", ""]
FORMULAS = {"甲 / 乙": ("甲", "乙"), "甲 / (乙 + 丙)": ("甲", "乙", "丙"), "(甲 − 乙) / 乙": ("甲", "乙")}
RULE_TYPES = sorted(RULES)

# Strategies are built once: building them inside every draw costs more than scoring the tree.
# Short codes from few letters, so duplicates and codes that do not extend their parent's are common.
CODES = st.text(alphabet="AB12", min_size=1, max_size=3)
NAME = st.sampled_from(NAMES)
LEVEL = st.sampled_from(LEVELS)
TRUTH = st.sampled_from(["true", "false"])
OP = st.sampled_from(OPS)
UNIT = st.sampled_from(UNITS)
SHARE = st.sampled_from(["0", "0.25", "0.5", "0.8", "1", "1.5"])  # of the weight: points, scores


def number(low: int, high: int, places: int = 2):
    """A decimal as written, with the edges (0, 1, the bounds) drawn often."""
    scale = Decimal(10) ** -places
    edges = st.sampled_from(sorted({low, high, max(low, 0), min(high, 1), min(high, 100)}))
    return st.one_of(edges, st.integers(low, high)).map(lambda n: str(Decimal(n) * scale))


AMOUNT = number(0, 100000)
POINTS = number(0, 300)
FIGURE = number(0, 300000)
SIGNED = number(-300000, 300000)  # a rate of change may be negative
PERCENT = st.tuples(number(0, 10000), st.sampled_from(["%", ""])).map("".join)
WEIGHT = number(0, 3000).map(Decimal)


def part(draw, weight: Decimal, share=SHARE) -> str:
    return str(weight * Decimal(draw(share)))


def figure(draw, unit: str | None, value=FIGURE) -> str:
    """A figure with a unit; a leaf mostly keeps one unit, so its figures are compared."""
    return draw(value) + (unit if unit is not None else draw(UNIT))


def target(draw, unit: str | None) -> str:
    return draw(LEVEL) if draw(st.booleans()) else draw(OP) + figure(draw, unit)


def value(draw, unit: str | None) -> str:
    return draw(LEVEL) if draw(st.booleans()) else figure(draw, unit)


def maybe(draw) -> bool:
    return draw(st.booleans())


def rule(draw, weight: Decimal, unit: str | None) -> dict:
    """Any rule type with valid parameters; the assessments (findings, met) may be absent."""
    kind = draw(st.sampled_from(RULE_TYPES))
    r: dict = {"type": kind}
    if kind == "levels":
        names = draw(st.lists(LEVEL, min_size=1, max_size=3, unique=True))
        r["levels"] = {name: part(draw, weight) for name in names}
    elif kind == "deduct":
        r["per_item"] = draw(POINTS)
        if maybe(draw):
            r["findings"] = [
                {"text": "未按规定采购", "points": draw(POINTS)} if maybe(draw) else draw(st.sampled_from(["制度不完整", "未公开"]))
                for _ in range(draw(st.integers(0, 3)))
            ]
        if maybe(draw):
            r["veto"] = draw(TRUTH)
            r["veto_reason"] = "挪用专项资金"
    elif kind == "checklist":
        r["items"] = []
        for i in range(draw(st.integers(1, 3))):
            item = {"text": f"要点{i + 1}", "points": part(draw, weight)}
            if maybe(draw):
                item["met"] = draw(TRUTH)
            if maybe(draw):
                item["note"] = "未满足"
            r["items"].append(item)
    elif kind == "step":
        r.update(full_at=draw(PERCENT), per_point=draw(POINTS))
        if maybe(draw):
            r["ceiling"] = draw(TRUTH)
    elif kind == "brackets":
        bounds = sorted(draw(st.lists(st.integers(0, 100), min_size=1, max_size=3, unique=True)), reverse=True)
        r["brackets"] = {f"≥{b}%": part(draw, weight) for b in bounds}
    elif kind == "either":
        r["other_name"] = "结转结余变动率"
        if maybe(draw):
            r.update(other_actual=draw(PERCENT), other_target="≤" + draw(PERCENT))
    elif kind == "summed":
        r["parts"] = {f"分项{i}": figure(draw, unit) for i in range(draw(st.integers(1, 3)))}
    elif kind == "coefficient":
        if maybe(draw):
            r["coefficient"] = draw(PERCENT)
    elif kind == "band":
        r.update(limit=draw(PERCENT), per_point=draw(POINTS))
        if maybe(draw):
            r["max_deduct"] = draw(POINTS)
    elif kind == "threshold":
        if maybe(draw):
            r["target"] = target(draw, unit)
    elif kind == "completion":
        bands = []
        for upto in sorted(draw(st.lists(st.integers(1, 50), max_size=3, unique=True))):
            action = draw(st.sampled_from(["deduct", "per_point", "score"]))
            bands.append({"upto": f"{upto}%", action: draw(POINTS)})
        if maybe(draw):
            bands.append({"above": bands[-1]["upto"] if bands else "10%", "score": "0"})
        if bands:
            r["overshoot"] = bands
        if maybe(draw):
            r["misreport"] = draw(POINTS)
        if maybe(draw):
            r["falsified"] = draw(TRUTH)
    elif kind in ("tiers", "manual"):
        if maybe(draw):
            r["score"] = part(draw, weight)
        if kind == "tiers" and maybe(draw):
            r["splits"] = draw(st.sampled_from(["80%、60%", "80%、50%", "100-80-50-0"]))
        if kind == "manual" and maybe(draw):
            r["reason"] = "依据访谈与资料核查评分"
    return r


def actual(draw, unit: str | None):
    """Absent, blank, a quantity, a level, a metric, a formula or a {value, source}."""
    kind = draw(st.sampled_from(["none", "blank", "quantity", "level", "metric", "formula", "value"]))
    if kind == "none":
        return None
    if kind == "blank":
        return ""
    if kind == "quantity":
        return figure(draw, unit, SIGNED)
    if kind == "level":
        return draw(LEVEL)
    if kind == "metric":
        return {"metric": draw(st.sampled_from(sorted(METRICS))), "source": "决算报表"}
    if kind == "value":
        return {"value": value(draw, unit), "source": "统计报表"}
    formula = draw(st.sampled_from(sorted(FORMULAS)))
    unit = draw(st.sampled_from(["人", "件", ""]))
    return {"formula": formula, "inputs": {name: draw(AMOUNT) + unit for name in FORMULAS[formula]}, "source": "台账"}


def indicator(draw, depth: int) -> dict:
    node: dict = {"code": draw(CODES), "name": draw(NAME)}
    if depth > 1 and maybe(draw):
        node["children"] = [indicator(draw, depth - 1) for _ in range(draw(st.integers(1, 3)))]
        if maybe(draw):
            node["weight"] = draw(number(0, 10000))  # may or may not add up: a problem, not a crash
        return node
    weight = draw(WEIGHT)
    node["weight"] = str(weight)
    unit = draw(st.one_of(UNIT, st.none()))  # None: each figure its own unit
    if maybe(draw):
        node["benchmark"] = target(draw, unit)
    found = actual(draw, unit)
    if found is not None:
        node["actual"] = found
    if maybe(draw):
        node["reported"] = value(draw, unit)
    if maybe(draw):
        node["score"] = part(draw, weight)
    if maybe(draw):
        node["reason"] = "扣分原因见底稿"
    node["rule"] = rule(draw, weight, unit)
    return node


@st.composite
def documents(draw):
    doc: dict = {"format": "1", "kind": "department", "entity": {"name": "某某局"}}
    if maybe(draw):
        amounts = {k: draw(AMOUNT) for k in ("initial", "adjusted", "spent")}
        doc["budget"] = {"lines": [{"name": "基本支出", **amounts}], "three_public": {"budget": draw(POINTS), "spent": draw(POINTS)}}
    if maybe(draw):
        doc["assets"] = {
            "categories": [{"name": "设备", "opening": "100", "increase": "0", "decrease": "0", "closing": "100"}],
            "in_use": draw(AMOUNT),
        }
    depth = draw(st.integers(1, 4))
    doc["indicators"] = [indicator(draw, depth) for _ in range(draw(st.integers(1, 3)))]
    return doc


def walk(nodes, parent=None):
    for node in nodes:
        yield parent, node
        yield from walk(node.get("children", []), node)


def assert_sound(card) -> None:
    """Every score lies in [0, weight], and so does the total."""
    for _, node in card.nodes():
        if node.score is not None:
            assert 0 <= node.score <= node.weight, (node.code, node.score, node.weight)
    assert 0 <= card.total <= card.weight


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents(), as_yaml=st.booleans())
def test_any_valid_tree_scores_and_checks(doc, as_yaml):
    loaded = load_text(dump_yaml(doc), "随机.yaml") if as_yaml else load_plain(doc, "随机.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    analysis = analyse(loaded.evaluation)
    card = analysis.scorecard
    assert_sound(card)
    assert analysis.headline is not None and analysis.headline.text
    json.dumps(scorecard_json(analysis.evaluation, card, analysis.self_scorecard), ensure_ascii=False)

    found = Counter((p.code, p.where.indicator) for p in analysis.problems)
    codes = Counter(node["code"] for _, node in walk(doc["indicators"]))
    for code, times in codes.items():
        assert found[("weights.codes", code)] == times - 1, code  # every repetition after the first
    unnested = Counter(node["code"] for parent, node in walk(doc["indicators"]) if parent and not node["code"].startswith(parent["code"]))
    assert Counter({c: n for (kind, c), n in found.items() if kind == "weights.code_nesting"}) == unnested


EDGE = st.sampled_from(["0", "1", "-1", "100", "0.01"])  # where a rule divides or compares
EDGE_WEIGHT = st.sampled_from(["0", "1", "10", "100"]).map(Decimal)


@st.composite
def edge_leaves(draw):
    """One leaf whose 标杆值, 完成值 and 填报值 are edge figures in one unit, under any rule,
    and often the same figures on the 自评表."""
    unit = draw(st.sampled_from(["", "%", "人"]))
    weight = draw(EDGE_WEIGHT)
    leaf = {"code": "A1", "name": "边界指标", "weight": str(weight)}
    for key, prefix in (("benchmark", OP), ("actual", st.just("")), ("reported", st.just(""))):
        if maybe(draw):
            leaf[key] = draw(prefix) + draw(EDGE) + unit
    leaf["rule"] = rule(draw, weight, unit)
    doc = {"format": "1", "kind": "department", "entity": {"name": "某某局"}, "indicators": [leaf]}
    if maybe(draw):  # scored by the form's default rules, or by the leaf's rule
        row = {"name": leaf["name"], "weight": leaf["weight"]}
        for key, field in (("benchmark", "target"), ("actual", "actual"), ("rule", "rule")):
            if key in leaf and (key != "rule" or maybe(draw)):
                row[field] = leaf[key]
        form = {"indicators": [row]}
        if maybe(draw):
            row["score"] = draw(EDGE)
        if maybe(draw):
            form["total"] = draw(EDGE)
        if maybe(draw):
            form["funds"] = {"weight": "10", "rows": [{"name": "年度资金总额", **{k: draw(EDGE) for k in ("initial", "adjusted", "spent")}}]}
        doc["self_evaluation"] = form
    return doc


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=edge_leaves())
def test_any_rule_scores_edge_figures(doc):
    loaded = load_plain(doc, "边界.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    analysis = analyse(loaded.evaluation)
    assert_sound(analysis.scorecard)
    json.dumps(scorecard_json(analysis.evaluation, analysis.scorecard, analysis.self_scorecard), ensure_ascii=False)
