"""The jixiao workbook: sheet names, columns and the labels of 基本信息 rows.

Template, export and import all read these tables, so a column renamed here
is renamed everywhere.
"""

from __future__ import annotations

import re

from ..glossary import LABELS as FIELD_LABELS

INFO = "基本信息"
BUDGET = "预算"
ASSETS = "资产"
TARGETS = "绩效目标"
INDICATORS = "指标体系"
SELF = "自评表"
FINDINGS = "发现与建议"
GUIDE = "填写说明"
CHECKS = "检查结果"

MONEY = "#,##0.00"
PERCENT = "0.00%"
SCORE = "0.00"
COUNT = "0"

# (key, header, kind): kind is "text", "money", "score" or "int"
BUDGET_COLUMNS = [
    ("group", "分组", "text"),
    ("level", "级次", "int"),
    ("name", "项目名称", "text"),
    ("initial", FIELD_LABELS["initial"], "money"),
    ("adjusted", FIELD_LABELS["adjusted"], "money"),
    ("spent", "支出决算数", "money"),  # the 决算's word, as the report's 表1-2 has it
]
# Headers that earlier workbooks wrote, still read: the column was renamed to the glossary's word.
FORMER_HEADERS = {"调整后预算数": "adjusted"}
BUDGET_GROUPS = {"lines": "预算明细", "sources": "资金来源"}

ASSET_COLUMNS = [
    ("name", "资产类别", "text"),
    ("opening", FIELD_LABELS["opening"], "money"),
    ("increase", FIELD_LABELS["increase"], "money"),
    ("decrease", FIELD_LABELS["decrease"], "money"),
    ("closing", FIELD_LABELS["closing"], "money"),
]

TARGET_COLUMNS = [
    ("level1", "一级指标", "text"),
    ("level2", "二级指标", "text"),
    ("name", "三级指标", "text"),
    ("target", "目标值", "text"),
]

INDICATOR_COLUMNS = [
    ("code", "指标编码", "text"),
    ("parent", "上级编码", "text"),
    ("name", "指标名称", "text"),
    ("weight", "权重", "score"),
    ("explanation", "指标解释", "text"),
    ("standard", "评分标准", "text"),
    ("benchmark", "标杆值", "text"),
    ("actual", "完成值", "text"),
    ("metric", "计算指标", "text"),
    ("formula", "计算公式", "text"),
    ("inputs", "公式输入值", "text"),
    ("source", "数据来源", "text"),
    ("reported", "填报值", "text"),
    ("rule_type", "规则类型", "text"),
    ("rule", "规则参数", "text"),
    ("analysis", "分析", "text"),
    ("score", "评价人给分", "score"),
    ("reason", "扣分原因", "text"),
]
SCORED_INDICATOR_COLUMNS = [("computed", "计算得分"), ("rate", "得分率"), ("computed_reason", "计算扣分原因")]

FINDING_COLUMNS = [
    ("group", "类别", "text"),
    ("area", "方面", "text"),
    ("title", "标题", "text"),
    ("text", "内容", "text"),
    ("indicator", "关联指标", "text"),
]
FINDING_GROUPS = {"experiences": "经验做法", "problems": "存在问题", "suggestions": "意见建议"}

QUALITATIVE = ["达成预期指标", "部分达成预期指标", "未达成预期指标", "明确", "合理", "健全", "规范", "合规", "有效提升"]

LABELS = {
    "format": "格式版本",
    "kind": "评价类型",
    "year": "评价年度",
    "title": "报告标题",
    "entity.name": "被评价单位名称",
    "entity.short_name": "单位简称",
    "entity.head": "单位负责人",
    "entity.rank": "机构级别",
    "entity.parent": "上级单位",
    "entity.internal_bodies[]": "内设机构",
    "entity.subordinate_units[]": "下属单位",
    "entity.staffing": "编制",
    "entity.functions[]": "主要职能",
    "entity.key_tasks": "年度重点工作",
    "project.name": "项目名称",
    "project.department": "主管部门",
    "project.implementer": "实施单位",
    "project.description": "项目概况",
    "engagement.commissioned_by": "委托单位",
    "engagement.firm": "评价机构",
    "engagement.lead": "主评人",
    "engagement.team[].name": "评价组成员姓名",
    "engagement.team[].role": "评价组成员角色",
    "engagement.team[].duty": "评价组成员分工",
    "engagement.fieldwork.start": "评价开始日期",
    "engagement.fieldwork.end": "评价结束日期",
    "engagement.phases[].name": "评价阶段",
    "engagement.phases[].start": "阶段开始日期",
    "engagement.phases[].end": "阶段结束日期",
    "engagement.phases[].description": "阶段说明",
    "engagement.report_date": "报告日期",
    "engagement.basis[]": "评价依据",
    "engagement.methods[]": "评价方法",
    "grading[].min": "等级分数下限",
    "grading[].grade": "评价等级",
    "budget.unit": "预算金额单位",
    "budget.carryover": "年末结转结余",
    "budget.three_public.budget": "“三公经费”预算安排数",
    "budget.three_public.spent": "“三公经费”实际支出数",
    "assets.unit": "资产金额单位",
    "assets.in_use": "在用固定资产期末原值",
    "interviews[].date": "访谈日期",
    "interviews[].interviewees[]": "受访人",
    "interviews[].qa[].q": "访谈问题",
    "interviews[].qa[].a": "访谈回答",
    "photos[]": "现场照片说明",
    "photos[].caption": "现场照片说明",
    "photos[].file": "现场照片文件",
    "self_evaluation.funds.score": "自评表预算执行率得分",
    "self_evaluation.funds.weight": "自评表预算执行率分值",
    "self_evaluation.funds.unit": "自评表资金单位",
}

TEMPLATE_INFO = {
    "department": [
        "format", "kind", "year", "title", "entity.name", "entity.short_name", "entity.head", "entity.rank",
        "entity.parent", "entity.internal_bodies[0]", "entity.subordinate_units[0]", "entity.functions[0]",
        "entity.key_tasks", "engagement.commissioned_by", "engagement.firm", "engagement.lead",
        "engagement.team[0].name", "engagement.team[0].role", "engagement.team[0].duty",
        "engagement.fieldwork.start", "engagement.fieldwork.end", "engagement.report_date", "engagement.basis[0]",
        "engagement.methods[0]", "grading[0].min", "grading[0].grade", "grading[1].min", "grading[1].grade",
        "grading[2].min", "grading[2].grade", "grading[3].min", "grading[3].grade", "budget.unit",
        "budget.carryover", "budget.three_public.budget", "budget.three_public.spent", "assets.unit", "assets.in_use",
    ],
}
# a project evaluation names the project where a department evaluation describes the entity
TEMPLATE_INFO["project"] = (
    TEMPLATE_INFO["department"][:4]
    + ["project.name", "project.department", "project.implementer", "project.description"]
    + TEMPLATE_INFO["department"][13:]
)
TEMPLATE_INFO["project_self_evaluation"] = ["format", "kind", "grading[0].min", "grading[0].grade", "grading[1].min",
                                            "grading[1].grade", "grading[2].min", "grading[2].grade", "grading[3].min",
                                            "grading[3].grade"]
TEMPLATE_GRADING = {"grading[0].min": "90", "grading[0].grade": "优", "grading[1].min": "80", "grading[1].grade": "良",
                    "grading[2].min": "60", "grading[2].grade": "中", "grading[3].min": "0", "grading[3].grade": "差"}

KIND_SHEETS = {
    "department": [INFO, BUDGET, ASSETS, TARGETS, INDICATORS, SELF, FINDINGS],
    "project": [INFO, BUDGET, ASSETS, TARGETS, INDICATORS, SELF, FINDINGS],
    "project_self_evaluation": [INFO, SELF],
}


# 基本信息 rows that hold a figure, written as numbers in these formats ([] any index, .* any key below)
INFO_FIGURES = {
    "format": COUNT,
    "year": COUNT,
    "entity.staffing.*": COUNT,
    "grading[].min": SCORE,
    "budget.carryover": MONEY,
    "budget.three_public.budget": MONEY,
    "budget.three_public.spent": MONEY,
    "budget.totals.*": MONEY,
    "assets.in_use": MONEY,
    "assets.totals.*": MONEY,
    "self_evaluation.funds.score": SCORE,
    "self_evaluation.funds.weight": SCORE,
}


def info_format(path: str) -> str | None:
    """The number format of a 基本信息 row that holds a figure (None for a text)."""
    generic = re.sub(r"\[\d+\]", "[]", path)
    return INFO_FIGURES.get(generic) or INFO_FIGURES.get(generic.rsplit(".", 1)[0] + ".*")


def label_of(path: str) -> str:
    """基本信息 label of a key path: entity.functions[2] → 主要职能（第3项）."""
    generic = re.sub(r"\[\d+\]", "[]", path)
    label = LABELS.get(generic)
    numbers = [int(n) + 1 for n in re.findall(r"\[(\d+)\]", path)]
    if label is None:
        parent = generic.rsplit(".", 1)[0]
        last = path.rsplit(".", 1)[-1]
        label = LABELS.get(parent, parent) + "：" + FIELD_LABELS.get(last, last) if "." in generic else path
    if numbers:
        label += "（第" + "-".join(map(str, numbers)) + "项）"
    return label
