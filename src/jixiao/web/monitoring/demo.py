"""The demo's year, 运行监控 step (order 20): the department's 2024 July (1—7月) 部门整体 monitoring
form of the indicators it declared (web/declarations' demo step), on course but for one target —
新增就业人数 at 1.1万人 by July projects to 11,000 × 12 ÷ 7 = 18,857.14 人 against ≥2.4万人, its
reason and measure written — so exactly one alert."""

from __future__ import annotations

from .check import receive

FORM = """\
format: 1
kind: monitoring
year: 2024
monitoring:
  form: department
  name: 乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局
  department: 乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局
  months: 7
  unit: 万元
  funds:
    - {name: 年度资金总额, budget: 6923.3552, executed: 3800.12}
    - {name: 财政拨款, budget: 6923.3552, executed: 3800.12}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 新增就业人数, target: ≥2.4万人, progress: 1.1万人, likelihood: 有可能,
       reason: 上半年重点企业招聘延后, measure: 三季度举办专场招聘会 6 场并落实吸纳就业补贴}
    - {level1: 产出指标, level2: 数量指标, name: 职业技能培训, target: ≥1.95万人次, progress: 1.2万人次, likelihood: 确定能}
    - {level1: 产出指标, level2: 质量指标, name: 举报投诉案件结案率, target: ≥98%, progress: 98.5%, likelihood: 确定能}
    - {level1: 产出指标, level2: 时效指标, name: 领取社会保险待遇资格认证率, target: =100%, progress: 100%, likelihood: 确定能}
    - {level1: 产出指标, level2: 成本指标, name: “三公经费”控制率, target: ≤100%, progress: 46%, likelihood: 确定能}
    - {level1: 效益指标, level2: 社会效益指标, name: 退休人员社会化管理覆盖率, target: =100%, progress: 100%, likelihood: 确定能}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 服务对象满意度, target: ≥90%, progress: 年底开展调查, likelihood: 确定能}
"""


def demo_step(world) -> None:
    from ..demo import DEPT_1

    department = world.orgs.get(DEPT_1)
    clerk = world.users.get("renshe")
    if department is None or clerk is None:
        return
    # like the other demo data, no audit row: the log records what people did, in their request
    receive(FORM.encode("utf-8"), "部门整体1-7月运行监控表.yaml", department, world.bureau, clerk)
