"""The demo's year, 运行监控 step (order 20): the department's 2024 July (1—7月) monitoring form of
its 就业补助资金, on course but for one target — 新增就业人数 at 2,500 by July projects to
2,500 × 12 ÷ 7 = 4,285.71 人 against ≥5,000 人, its reason and measure written — so exactly one alert."""

from __future__ import annotations

from ..audit import record
from .check import receive

FORM = """\
format: 1
kind: monitoring
year: 2024
monitoring:
  form: project
  name: 就业补助资金
  department: 乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局
  implementer: 区就业服务中心
  months: 7
  unit: 万元
  funds:
    - {name: 年度资金总额, budget: 1200, executed: 640}
    - {name: 财政拨款, budget: 1200, executed: 640}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 职业技能培训人次, target: ≥2000人次, progress: 1280人次, likelihood: 确定能}
    - {level1: 产出指标, level2: 数量指标, name: 新增就业人数, target: ≥5000人, progress: 2500人, likelihood: 有可能,
       reason: 上半年重点企业招聘延后, measure: 三季度举办专场招聘会 6 场并落实吸纳就业补贴}
    - {level1: 产出指标, level2: 质量指标, name: 补贴发放准确率, target: =100%, progress: 100%, likelihood: 确定能}
    - {level1: 产出指标, level2: 成本指标, name: 人均培训补贴, target: ≤1500元/人, progress: 1420元/人, likelihood: 确定能}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, progress: 93%, likelihood: 确定能}
"""


def demo_step(world) -> None:
    from ..demo import DEPT_1

    department = world.orgs.get(DEPT_1)
    clerk = world.users.get("renshe")
    if department is None or clerk is None:
        return
    outcome = receive(FORM.encode("utf-8"), "就业补助资金1-7月运行监控表.yaml", department, world.bureau, clerk)
    if outcome.report is not None:
        record(None, "monitoring_upload", f"上传运行监控表：{outcome.report}，预警 {outcome.report.alert_count} 条（演示数据）",
               user=clerk)
