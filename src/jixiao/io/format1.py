"""Evaluation file format 1: the located Node tree → an Evaluation.

Every problem names the file, the line and the key path; nothing is guessed.
New optional keys may be added; a file that loaded before always loads.
The money parts, the 指标体系 and the 自评表 are read by format1_budget,
format1_indicators and format1_selfeval.
"""

from __future__ import annotations

from decimal import Decimal

from ..glossary import kind_key
from ..model.evaluation import (
    DEFAULT_GRADING,
    KINDS,
    Engagement,
    Entity,
    Evaluation,
    Experience,
    Finding,
    Findings,
    GradeBand,
    Interview,
    Narrative,
    Phase,
    Photo,
    Project,
    Suggestion,
    TeamMember,
)
from ..model.declaration import KIND as DECLARATION
from ..model.monitoring import KIND as MONITORING
from ..parse.pause import gc_paused
from ..parse.tree import Node, Reader
from ..problems import Problem
from .format1_budget import assets, budget, target_row
from .format1_declaration import declaration
from .format1_indicators import indicator
from .format1_monitoring import monitoring
from .format1_selfeval import self_evaluation

FORMATS = {1}


@gc_paused()
def build(root: Node, file: str, problems: list[Problem]) -> Evaluation | None:
    r = Reader(root, problems)
    if not r.ok:
        return None
    fmt = r.decimal("format", "格式版本（format）", required=True, example="1")
    if fmt is not None and int(fmt) not in FORMATS:
        r._fail(r.child("format"), "format", f"不支持的格式版本“{fmt}”，应为 1", value=fmt)  # type: ignore[arg-type]
    # the Chinese name (部门整体支出绩效评价) is accepted as well as the key (department)
    kind = kind_key(r.text("kind", "评价类型（kind）", required=True, example="department") or "")
    if kind and kind not in KINDS and kind not in (DECLARATION, MONITORING):
        allowed = "、".join(f"{k}（{v}）" for k, v in KINDS.items()) + f"，或 {DECLARATION}（绩效目标申报表）、{MONITORING}（绩效运行监控表）"
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
        budget=budget(r.map("budget", "预算（budget）")),
        assets=assets(r.map("assets", "固定资产（assets）")),
        targets=tuple(t for t in r.records("targets", target_row, "绩效目标表（targets）") if t),
        indicators=tuple(indicator(r.sub(n), n) for n in r.items("indicators", "指标体系（indicators）")),
        self_evaluation=self_evaluation(r.map("self_evaluation", "自评表（self_evaluation）")),
        declaration=declaration(r.map("declaration", "绩效目标申报表（declaration）"), int(year) if year is not None else None),
        monitoring=monitoring(r.map("monitoring", "绩效运行监控表（monitoring）"), int(year) if year is not None else None),
        findings=_findings(r.map("findings", "发现与建议（findings）")),
        interviews=r.records("interviews", _interview, "访谈记录（interviews）"),
        photos=tuple(_photo(r, n) for n in r.items("photos", "现场照片（photos）")),
        management=r.records("management", _narrative, "部门管理情况（management）"),
        texts=_texts(r.map("texts", "标准段落（texts）")),
    )
    r.child("disclosure")  # 公开版: the parts marked internal, read by report.public
    r.done()
    if kind in ("department", "project") and not ev.indicators:
        r.missing("indicators", "指标体系", "[{code: A, name: 决策, children: […]}]")
    if kind == "project_self_evaluation" and ev.self_evaluation is None:
        r.missing("self_evaluation", "自评表", "{funds: …, indicators: […]}")
    if kind == DECLARATION and ev.declaration is None:
        r.missing("declaration", "绩效目标申报表", "{name: …, funds: …, indicators: […]}")
    if kind == MONITORING and ev.monitoring is None:
        r.missing("monitoring", "绩效运行监控表", "{name: …, months: 7, funds: […], indicators: […]}")
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
        transformation=r.text("transformation", "职能转变"),
        overview=r.text("overview", "部门基本概况"),
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


def _narrative(m: Reader) -> Narrative:
    n = Narrative(m.text("title", "标题", required=True, example="财务管理情况") or "", m.text("text"),
                  m.records("parts", _narrative), m.where)
    m.done()
    return n


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
