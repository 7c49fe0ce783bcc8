"""The demo's 目标申报: DEPT_1's 2024 declaration, submitted, with 新增就业人数 set at ≥2.4万人 —
below the 25632人 its 2023 定稿 evaluation verified — which the review finds (目标设定偏低)."""

from __future__ import annotations

from django.utils import timezone

from ..demo import DEPT_1
from ..documents import to_text
from ..stages import DemoWorld
from .actions import describe
from .models import SUBMITTED, Declaration
from .review import review_and_store

LOW = "≥2.4万人"  # the 2024 evaluation's own target; 2023's 新增就业人数 was 25632人 (world.evaluations["previous"])


def document(year: int) -> dict:
    return {"format": "1", "kind": "declaration", "year": year, "declaration": {
        "form": "department", "name": DEPT_1, "department": DEPT_1,
        "funds": {"unit": "万元", "total": "6923.3552", "parts": [{"name": "财政拨款", "amount": "6923.3552"}]},
        "goal": "落实就业优先政策，稳定和扩大就业；提升职业技能培训质量；完善社会保障服务。",
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "新增就业人数", "target": LOW, "basis": "年度就业目标责任书"},
            {"level1": "产出指标", "level2": "数量指标", "name": "职业技能培训", "target": "≥1.95万人次", "basis": "年度工作计划"},
            {"level1": "产出指标", "level2": "质量指标", "name": "举报投诉案件结案率", "target": "≥98%", "basis": "劳动保障监察工作要求"},
            {"level1": "产出指标", "level2": "时效指标", "name": "领取社会保险待遇资格认证率", "target": "=100%", "basis": "社会保险经办规程"},
            {"level1": "产出指标", "level2": "成本指标", "name": "“三公经费”控制率", "target": "≤100%", "basis": "部门预算"},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "退休人员社会化管理覆盖率", "target": "=100%", "basis": "社会化管理服务规定"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "target": "≥90%", "basis": "满意度调查"},
        ]}}


def demo_step(world: DemoWorld) -> None:
    previous = world.evaluations.get("previous")
    year = (previous.year + 1) if previous is not None and previous.year else 2024
    doc = document(year)
    row = Declaration(bureau=world.bureau, department=world.orgs[DEPT_1], created_by=world.users["renshe"])
    describe(row, doc)
    row.text = to_text(doc)
    row.status, row.submitted_at = SUBMITTED, timezone.now()
    review_and_store(row)
