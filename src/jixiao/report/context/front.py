"""The cover, the title and the headings that name the subject (封面、摘要)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.evaluation import Evaluation
from .common import year_text


@dataclass(frozen=True)
class Words:
    """Headings that name the subject: a department (部门整体) or a project (项目支出) evaluation."""

    overview: str
    basic: str
    functions: str
    organisation: str
    tasks: str
    assets: str
    spending: str
    management: str
    goals: str
    overall_goal: str
    annual_goal: str
    targets: str
    self_form: str
    subject_head: str
    subject: str
    info_overview: str


DEPARTMENT_WORDS = Words(
    overview="部门概况", basic="部门基本情况", functions="部门主要职能",
    organisation="部门机构设置及人员构成", tasks="部门单位年度重点工作", assets="部门固定资产情况",
    spending="部门单位整体支出规模", management="部门管理情况", goals="部门绩效目标",
    overall_goal="总体目标", annual_goal="年度整体绩效目标", targets="表1-3 部门（单位）整体绩效目标表",
    self_form="整体支出绩效自评表", subject_head="部门负责人", subject="部门单位",
    info_overview="部门基本概况",
)
PROJECT_WORDS = Words(
    overview="项目概况", basic="项目基本情况", functions="项目概况",
    organisation="项目主管部门及实施单位", tasks="项目年度主要任务", assets="项目资产情况",
    spending="项目资金投入和使用情况", management="项目组织管理情况", goals="项目绩效目标",
    overall_goal="总体目标", annual_goal="年度绩效目标", targets="表1-3 项目绩效目标表",
    self_form="项目支出绩效自评表", subject_head="项目负责人", subject="项目名称",
    info_overview="项目概况",
)


def words_for(ev: Evaluation) -> Words:
    return PROJECT_WORDS if ev.kind == "project" else DEPARTMENT_WORDS


@dataclass(frozen=True)
class CoverLine:
    label: str
    value: str


def title_of(ev: Evaluation) -> str:
    return ev.title or f"{ev.subject_name}{year_text(ev)}{ev.kind_label}报告"


def cover_lines(ev: Evaluation) -> tuple[CoverLine, ...]:
    eng = ev.engagement
    lines = [CoverLine("部门名称" if ev.entity is not None else "项目名称", ev.subject_name)]
    if eng is not None and eng.commissioned_by:
        lines.append(CoverLine("委托单位", eng.commissioned_by))
    if ev.year:
        lines.append(CoverLine("评价年度", f"{ev.year}年度"))
    if eng is not None and eng.firm:
        lines.append(CoverLine("评价机构", eng.firm))
    if eng is not None and eng.lead:
        lines.append(CoverLine("主评人", eng.lead))
    return tuple(lines)
