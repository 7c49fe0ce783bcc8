"""Format 1's 指标体系: each indicator with its actual (a value, a metric or a formula) and its rule."""

from __future__ import annotations

from ..model.indicators import Actual, FormulaActual, Indicator, MetricActual, RuleSpec, ValueActual
from ..model.quantity import Quantity
from ..parse.formula import names, parse_formula
from ..parse.quantity import ParseError
from ..parse.tree import Node, Reader
from ..rules import RULES, rule_names


def rule(r: Reader) -> RuleSpec | None:
    m = r.map("rule", "评分规则（rule）")
    if m is None:
        return None
    kind = m.text("type", "规则类型（type）", required=True, example="completion")
    if kind is None:
        return None
    module = RULES.get(kind)
    if module is None:
        m._fail(m.child("type"), "rule_type", f"未知的评分规则类型“{kind}”，应为 {rule_names()}", value=kind)  # type: ignore[arg-type]
        return None
    params = module.read(m)
    m.done()
    return RuleSpec(kind, params, m.where)


def _actual(r: Reader) -> Actual | None:
    node = r.child("actual")
    if node is None:
        return None
    if node.is_scalar:
        value = r.value_of(node, "完成值（actual）")
        return ValueActual(value, where=node.where) if value is not None else None
    m = r.sub(node)
    if not m.ok:
        return None
    source = m.text("source", "数据来源")
    result: Actual | None = None
    if m.has("metric"):
        from ..metrics import METRICS, metric_names

        name = m.text("metric", "指标计算（metric）") or ""
        if name not in METRICS:
            m._fail(m.child("metric"), "metric", f"未知的计算指标“{name}”，应为 {metric_names()}", value=name)  # type: ignore[arg-type]
        else:
            result = MetricActual(name, source, node.where)
    elif m.has("formula"):
        text = m.text("formula", "计算公式") or ""
        inputs: list[tuple[str, Quantity]] = []
        box = m.map("inputs", "公式输入值（inputs）")
        if box is None:
            m.missing("inputs", "公式中各名称的数值", "{当期审结案件数: 1153件}")
        else:
            for key in list(box.node.value):  # type: ignore[union-attr]
                q = box.quantity(key, f"输入值“{key}”")
                if q is not None:
                    inputs.append((key, q))
        try:
            expr = parse_formula(text)
        except ParseError as exc:
            m._fail(m.child("formula"), "formula", str(exc), value=text)  # type: ignore[arg-type]
        else:
            known = {k for k, _ in inputs}
            missing = [n for n in names(expr) if n not in known]
            if box is not None and missing:
                m._fail(box.node, "formula_input", f"公式中的“{'、'.join(missing)}”没有给出数值（inputs）")
            else:
                result = FormulaActual(text, expr, tuple(inputs), source, node.where)
    elif m.has("value"):
        value = m.value("value", "完成值")
        result = ValueActual(value, source, node.where) if value is not None else None
    else:
        m.missing("value", "完成值，或以 metric / formula 计算", "25632人")
    m.done()
    return result


def indicator(r: Reader, node: Node) -> Indicator:
    code = r.text("code", "指标编码（code）", required=True, example="A11") or ""
    r.indicator = code or None
    name = r.text("name", "指标名称", required=True, example="职能设定明确性") or ""
    children = tuple(indicator(r.sub(n, indicator=None), n) for n in r.items("children", "下级指标（children）"))
    weight = r.decimal("weight", "权重（weight）", example="3")
    if not children and weight is None and not r.has("weight"):
        r.missing("weight", "末级指标的权重", "3")
    ind = Indicator(
        code=code,
        name=name,
        where=r.where,
        weight=weight,
        children=children,
        explanation=r.text("explanation", "指标解释"),
        standard=r.text("standard", "评分标准"),
        benchmark=r.target("benchmark", "标杆值（benchmark）"),
        actual=_actual(r),
        reported=r.value("reported", "填报值（reported）"),
        rule=rule(r),
        analysis=r.text("analysis", "分析"),
        score=r.decimal("score", "评价人给分（score）"),
        reason=r.text("reason", "扣分原因（reason）"),
    )
    if not children and ind.rule is None and not r.has("rule"):
        r.missing("rule", "末级指标的评分规则", "{type: completion}")
    r.done()
    return ind
