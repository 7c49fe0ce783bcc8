"""Evaluation file format 1: the located Node tree → an Evaluation.

Every problem names the file, the line and the key path; nothing is guessed.
New optional keys may be added; a file that loaded before always loads.
"""

from __future__ import annotations

from decimal import Decimal

from ..glossary import kind_key
from ..model.evaluation import (
    DEFAULT_GRADING,
    KINDS,
    AssetCategory,
    Assets,
    Budget,
    BudgetLine,
    Engagement,
    Entity,
    Evaluation,
    Experience,
    Finding,
    Findings,
    GradeBand,
    Interview,
    Phase,
    Photo,
    Project,
    Suggestion,
    TargetRow,
    TeamMember,
)
from ..model.indicators import Actual, FormulaActual, Indicator, MetricActual, RuleSpec, ValueActual
from ..model.quantity import Quantity
from ..model.selfeval import Funds, FundsRow, Goal, SelfEvaluation, SelfIndicator
from ..parse.formula import names, parse_formula
from ..parse.quantity import ParseError
from ..parse.tree import Node, Reader
from ..problems import Problem
from ..rules import RULES, rule_names

FORMATS = {1}


def build(root: Node, file: str, problems: list[Problem]) -> Evaluation | None:
    r = Reader(root, problems)
    if not r.ok:
        return None
    fmt = r.decimal("format", "格式版本（format）", required=True, example="1")
    if fmt is not None and int(fmt) not in FORMATS:
        r._fail(r.child("format"), "format", f"不支持的格式版本“{fmt}”，应为 1", value=fmt)  # type: ignore[arg-type]
    # the Chinese name (部门整体支出绩效评价) is accepted as well as the key (department)
    kind = kind_key(r.text("kind", "评价类型（kind）", required=True, example="department") or "")
    if kind and kind not in KINDS:
        allowed = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
        r._fail(r.child("kind"), "kind", f"未知的评价类型“{kind}”，应为 {allowed}", value=kind)  # type: ignore[arg-type]
    year = r.decimal("year", "评价年度（year）", example="2024")
    ev = Evaluation(
        format=int(fmt) if fmt is not None else 1,
        kind=kind,
        year=int(year) if year is not None else None,
        title=r.text("title", "报告标题"),
        file=file,
        entity=_entity(r.map("entity", "被评价单位（entity）")),
        project=_project(r.map("project", "项目（project）")),
        engagement=_engagement(r.map("engagement", "评价工作（engagement）")),
        grading=_grading(r),
        budget=_budget(r.map("budget", "预算（budget）")),
        assets=_assets(r.map("assets", "固定资产（assets）")),
        targets=tuple(t for t in r.records("targets", _target_row, "绩效目标表（targets）") if t),
        indicators=tuple(_indicator(r.sub(n), n) for n in r.items("indicators", "指标体系（indicators）")),
        self_evaluation=_self_evaluation(r.map("self_evaluation", "自评表（self_evaluation）")),
        findings=_findings(r.map("findings", "发现与建议（findings）")),
        interviews=r.records("interviews", _interview, "访谈记录（interviews）"),
        photos=tuple(_photo(r, n) for n in r.items("photos", "现场照片（photos）")),
        texts=_texts(r.map("texts", "标准段落（texts）")),
    )
    r.done()
    if kind in ("department", "project") and not ev.indicators:
        r.missing("indicators", "指标体系", "[{code: A, name: 决策, children: […]}]")
    if kind == "project_self_evaluation" and ev.self_evaluation is None:
        r.missing("self_evaluation", "自评表", "{funds: …, indicators: […]}")
    return ev


# -- parts --------------------------------------------------------------------------


def _entity(r: Reader | None) -> Entity | None:
    if r is None:
        return None
    staffing = r.map("staffing", "编制（staffing）")
    staff: list[tuple[str, Decimal]] = []
    if staffing is not None:
        for key in list(staffing.node.value):  # type: ignore[union-attr]
            value = staffing.decimal(key, f"编制“{key}”")
            if value is not None:
                staff.append((key, value))
    e = Entity(
        name=r.text("name", "单位名称", required=True, example="某某局") or "",
        short_name=r.text("short_name"),
        head=r.text("head"),
        rank=r.text("rank"),
        parent=r.text("parent"),
        internal_bodies=r.texts("internal_bodies"),
        subordinate_units=r.texts("subordinate_units"),
        staffing=tuple(staff),
        functions=r.texts("functions"),
        key_tasks=r.text("key_tasks"),
        where=r.where,
    )
    r.done()
    return e


def _project(r: Reader | None) -> Project | None:
    if r is None:
        return None
    p = Project(
        name=r.text("name", "项目名称", required=True, example="某某专项资金") or "",
        department=r.text("department", "主管部门"),
        implementer=r.text("implementer", "实施单位"),
        description=r.text("description", "项目概况"),
        where=r.where,
    )
    r.done()
    return p


def _engagement(r: Reader | None) -> Engagement | None:
    if r is None:
        return None
    fieldwork = r.map("fieldwork", "评价时段（fieldwork）")
    start = fieldwork.date("start", "开始日期") if fieldwork else None
    end = fieldwork.date("end", "结束日期") if fieldwork else None
    if fieldwork:
        fieldwork.done()

    def member(m: Reader) -> TeamMember:
        t = TeamMember(m.text("name", "姓名", required=True) or "", m.text("role"), m.text("duty"), m.where)
        m.done()
        return t

    def phase(m: Reader) -> Phase:
        p = Phase(m.text("name", "阶段名称", required=True) or "", m.date("start"), m.date("end"), m.text("description"), m.where)
        m.done()
        return p

    e = Engagement(
        commissioned_by=r.text("commissioned_by", "委托单位"),
        firm=r.text("firm", "评价机构"),
        lead=r.text("lead", "主评人"),
        team=r.records("team", member),
        fieldwork_start=start,
        fieldwork_end=end,
        phases=r.records("phases", phase),
        report_date=r.date("report_date", "报告日期"),
        basis=r.texts("basis"),
        methods=r.texts("methods"),
        where=r.where,
    )
    r.done()
    return e


def _grading(r: Reader) -> tuple[GradeBand, ...]:
    def band(m: Reader) -> GradeBand | None:
        low = m.decimal("min", "分数下限（min）", required=True, example="90")
        grade = m.text("grade", "等级（grade）", required=True, example="优")
        m.done()
        return GradeBand(low, grade, m.where) if low is not None and grade else None

    bands = [b for b in r.records("grading", band, "评价定级标准（grading）") if b is not None]
    return tuple(sorted(bands, key=lambda b: -b.min)) if bands else DEFAULT_GRADING


def _amounts(m: Reader) -> dict[str, Decimal | None]:
    return {
        "initial": m.decimal("initial", "年初预算", example="931.29"),
        "adjusted": m.decimal("adjusted", "全年预算数", example="931.29"),
        "spent": m.decimal("spent", "支出决算", example="931.29"),
    }


def _budget_line(m: Reader) -> BudgetLine:
    line = BudgetLine(
        name=m.text("name", "预算项目名称", required=True, example="基本支出") or "",
        where=m.where,
        children=m.records("children", _budget_line),
        rate=m.quantity("rate", "执行率"),
        **_amounts(m),
    )
    m.done()
    return line


def _budget_totals(m: Reader | None) -> BudgetLine | None:
    if m is None:
        return None
    line = BudgetLine(name="合计", where=m.where, **_amounts(m))
    m.done()
    return line


def _stated_rates(m: Reader | None) -> tuple[tuple[str, Quantity], ...]:
    """Rates as printed in the report, keyed by metric name without its family prefix."""
    from ..metrics import METRICS

    if m is None:
        return ()
    out = []
    known = sorted(name.split(".", 1)[1] for name in METRICS if name.startswith("budget."))
    for key in list(m.node.value):  # type: ignore[union-attr]
        if key not in known:
            m.child(key)
            m._fail(m.node.value[key], "unknown_key", f"未知的比率“{key}”，应为 {'、'.join(known)}", key=key)  # type: ignore[index]
            continue
        q = m.quantity(key, f"比率“{key}”")
        if q is not None:
            out.append((f"budget.{key}", q))
    return tuple(out)


def _budget(r: Reader | None) -> Budget | None:
    if r is None:
        return None
    three = r.map("three_public", "“三公经费”（three_public）")
    tp_budget = three.decimal("budget", "“三公经费”预算安排数") if three else None
    tp_spent = three.decimal("spent", "“三公经费”实际支出数") if three else None
    if three:
        three.done()
    b = Budget(
        unit=r.text("unit", "金额单位") or "万元",
        lines=r.records("lines", _budget_line, "预算明细（lines）"),
        where=r.where,
        carryover=r.decimal("carryover", "年末结转结余"),
        sources=r.records("sources", _budget_line, "资金来源（sources）"),
        three_public_budget=tp_budget,
        three_public_spent=tp_spent,
        totals=_budget_totals(r.map("totals", "合计行（totals）")),
        rates=_stated_rates(r.map("rates", "报告所列比率（rates）")),
    )
    r.done()
    return b


def _assets(r: Reader | None) -> Assets | None:
    if r is None:
        return None

    def category(m: Reader, name: str | None = None) -> AssetCategory:
        c = AssetCategory(
            name=name or m.text("name", "资产类别", required=True, example="设备") or "",
            where=m.where,
            opening=m.decimal("opening", "期初金额"),
            increase=m.decimal("increase", "本期增加"),
            decrease=m.decimal("decrease", "本期减少"),
            closing=m.decimal("closing", "期末金额"),
        )
        m.done()
        return c

    a = Assets(
        unit=r.text("unit", "金额单位") or "万元",
        categories=r.records("categories", category, "资产类别（categories）"),
        where=r.where,
        in_use=r.decimal("in_use", "在用固定资产期末原值"),
        totals=category(totals, "合计") if (totals := r.map("totals", "合计行（totals）")) else None,
        utilization=r.quantity("utilization", "固定资产利用率"),
    )
    r.done()
    return a


def _target_row(m: Reader) -> TargetRow | None:
    name = m.text("name", "三级指标名称", required=True) or ""
    target = m.target("target", "目标值", required=True)
    row = TargetRow(name=name, target=target, where=m.where, level1=m.text("level1"), level2=m.text("level2"))  # type: ignore[arg-type]
    m.done()
    return row if target is not None else None


# -- indicators ---------------------------------------------------------------------


def _rule(r: Reader) -> RuleSpec | None:
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


def _indicator(r: Reader, node: Node) -> Indicator:
    code = r.text("code", "指标编码（code）", required=True, example="A11") or ""
    r.indicator = code or None
    name = r.text("name", "指标名称", required=True, example="职能设定明确性") or ""
    children = tuple(_indicator(r.sub(n, indicator=None), n) for n in r.items("children", "下级指标（children）"))
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
        rule=_rule(r),
        analysis=r.text("analysis", "分析"),
        score=r.decimal("score", "评价人给分（score）"),
        reason=r.text("reason", "扣分原因（reason）"),
    )
    if not children and ind.rule is None and not r.has("rule"):
        r.missing("rule", "末级指标的评分规则", "{type: completion}")
    r.done()
    return ind


# -- self-evaluation ----------------------------------------------------------------


def _funds(r: Reader | None) -> Funds | None:
    if r is None:
        return None

    def row(m: Reader) -> FundsRow:
        f = FundsRow(
            name=m.text("name", "资金名称", required=True, example="年度资金总额") or "",
            where=m.where,
            rate=m.quantity("rate", "执行率"),
            score=m.decimal("score", "得分"),
            **_amounts(m),
        )
        m.done()
        return f

    weight = r.decimal("weight", "预算执行率分值（weight）", required=True, example="10")
    funds = Funds(
        weight=weight if weight is not None else Decimal(10),
        score=r.decimal("score", "预算执行率得分"),
        unit=r.text("unit", "金额单位") or "万元",
        rows=r.records("rows", row, "资金明细（rows）"),
        where=r.where,
    )
    r.done()
    return funds


def _self_indicator(m: Reader) -> SelfIndicator:
    weight = m.decimal("weight", "分值（weight）", required=True, example="10")
    ind = SelfIndicator(
        name=m.text("name", "三级指标名称", required=True) or "",
        weight=weight if weight is not None else Decimal(0),
        where=m.where,
        level1=m.text("level1"),
        level2=m.text("level2"),
        target=m.target("target", "年度指标值"),
        basis=m.text("basis", "指标设定依据"),
        actual=m.value("actual", "实际完成值"),
        score=m.decimal("score", "得分"),
        reason=m.text("reason", "偏差原因分析及改进措施"),
        rule=_rule(m),
    )
    m.done()
    return ind


def _self_evaluation(r: Reader | None) -> SelfEvaluation | None:
    if r is None:
        return None

    def goal(m: Reader) -> Goal:
        g = Goal(m.text("planned", "预期目标") or "", m.text("achieved", "实际完成情况") or "", m.where)
        m.done()
        return g

    s = SelfEvaluation(
        funds=_funds(r.map("funds", "预算执行（funds）")),
        indicators=r.records("indicators", _self_indicator, "自评指标（indicators）"),
        total=r.decimal("total", "总分"),
        goals=r.records("goals", goal),
        where=r.where,
    )
    r.done()
    return s


# -- findings and annexes -----------------------------------------------------------


def _findings(r: Reader | None) -> Findings:
    if r is None:
        return Findings()

    def experience(m: Reader) -> Experience:
        e = Experience(m.text("title", "标题", required=True) or "", m.text("text"), m.where)
        m.done()
        return e

    def finding(m: Reader) -> Finding:
        f = Finding(m.text("title", "标题", required=True) or "", m.text("text"), m.text("area"), m.text("indicator"), m.where)
        m.done()
        return f

    def suggestion(m: Reader) -> Suggestion:
        s = Suggestion(m.text("text", "建议内容", required=True) or "", m.text("area"), m.where)
        m.done()
        return s

    f = Findings(
        experiences=r.records("experiences", experience),
        issues=r.records("problems", finding),
        suggestions=r.records("suggestions", suggestion),
        where=r.where,
    )
    r.done()
    return f


def _interview(m: Reader) -> Interview:
    qa: list[tuple[str, str]] = []
    for node in m.items("qa", "问答（qa）"):
        pair = m.sub(node)
        qa.append((pair.text("q", "问题", required=True) or "", pair.text("a", "回答") or ""))
        pair.done()
    i = Interview(date=m.text("date"), interviewees=m.texts("interviewees"), qa=tuple(qa), where=m.where)
    m.done()
    return i


def _photo(r: Reader, node: Node) -> Photo:
    if node.is_scalar:
        return Photo(str(node.value or ""), where=node.where)
    m = r.sub(node)
    p = Photo(m.text("caption", "照片说明", required=True) or "", m.text("file", "图片文件"), m.where)
    m.done()
    return p


def _texts(r: Reader | None) -> tuple[tuple[str, str], ...]:
    if r is None:
        return ()
    out = []
    for key in list(r.node.value):  # type: ignore[union-attr]
        value = r.text(key)
        if value:
            out.append((key, value))
    return tuple(out)
