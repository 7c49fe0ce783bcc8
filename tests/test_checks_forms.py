"""Checks the published forms need (tests/forms/, issue 13): each mistake as a department makes it,
found where a careful reviewer finds it, and nothing raised on the same form written right."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.excel.review import review_file
from jixiao.excel.safety import Limits

from test_checks_selfeval import IND, analysed, problems_of

D = Decimal


def coefficient_row(coefficient, score):
    """补贴资金发放及时率 ≥95%, 完成91%, 权重10: 系数 91 / 95 = 95.79%, 得分9.58."""
    return analysed((f"{IND}[3].rule", {"type": "coefficient", "coefficient": coefficient}), (f"{IND}[3].score", score))


def test_a_coefficient_filled_as_100_for_a_missed_target_is_an_error():
    analysis = coefficient_row("100", "10")
    (p,) = problems_of(analysis, "selfeval.coefficient")
    assert p.message == (
        "自评表“补贴资金发放及时率”指标值≥95%，全年完成值91%，得分系数应为95.79%、得分 10 × 95.79% = 9.58分；表中系数填100%、得10分"
    )
    assert p.where.row == "补贴资金发放及时率"
    assert not problems_of(analysis, "selfeval.score")  # said once, by the coefficient


def test_a_score_that_is_not_coefficient_times_weight_is_an_error():
    analysis = coefficient_row("95.79%", "9.5")
    (p,) = problems_of(analysis, "selfeval.coefficient_score")
    assert "得分填写为9.50分，不等于得分系数95.79% × 权重10分 = 9.58分" in p.message
    assert not problems_of(analysis, "selfeval.coefficient")


@pytest.mark.parametrize("coefficient, score", [("95.79", "9.58"), ("95.79%", "9.58")])
def test_a_coefficient_filled_right_raises_nothing(coefficient, score):
    analysis = coefficient_row(coefficient, score)
    codes = {p.code for p in analysis.problems}
    assert not codes & {"selfeval.coefficient", "selfeval.coefficient_score", "selfeval.score"}
    assert analysis.self_scorecard.total.quantize(D("0.01")) == D("95.52")


FORMS = Path(__file__).parent / "forms"


def reviewed(folder):
    (result,) = review_file(FORMS / folder / "form.xlsx", Limits.from_env())
    return result


@pytest.mark.parametrize("folder, parts, total", [
    ("anhui-chizhou-cunji", "“其中:本年财政拨款”一行填有202.64/132.912/132.912", 80),
    ("anhui-chizhou-weituo", "“其中:本年财政拨款”一行填有90/89.974/89.974", 90),
])
def test_a_funds_total_left_0_0_is_recomputed_from_its_parts(folder, parts, total):
    result = reviewed(folder)
    (p,) = [p for p in result.problems if p.code == "selfeval.funds_total_blank"]
    assert p.where.cell == "B7" and p.severity.name == "ERROR"
    assert f"“年度资金总额”一行为0/0/0，而{parts}" in p.message
    assert p.message.endswith("= 100.00%，得分10.00分，与填报的0分不符")
    # said once: not again as four sums that differ and a funds line left unscored
    assert not [p for p in result.problems if p.code in ("selfeval.funds_rows", "selfeval.funds_score", "score.not_scored")]
    assert result.total == total


def test_a_blank_funds_total_in_a_yaml_form_is_recomputed_too():
    blank = [(f"self_evaluation.funds.rows[0].{c}", None) for c in ("initial", "adjusted", "spent", "rate")]
    analysis = analysed(*blank)
    (p,) = problems_of(analysis, "selfeval.funds_total_blank")
    assert "“年度资金总额”一行为—/—/—" in p.message and "465.12 / 480.00 × 100% = 96.90%，得分9.69分" in p.message
    assert analysis.self_scorecard.total.quantize(D("0.01")) == D("95.52")


def test_a_funds_total_that_is_filled_is_not_replaced_by_its_parts():
    analysis = analysed(("self_evaluation.funds.rows[0].spent", "0"))  # spent 0 of 480: a real 0%
    assert not problems_of(analysis, "selfeval.funds_total_blank")
    assert analysis.self_scorecard.funds.score == 0


def found(folder, code):
    return [(p.where.cell, p.message) for p in reviewed(folder).problems if p.code == code]


def test_a_budget_adjusted_without_a_reason_is_said():
    ((cell, message),) = found("anhui-chizhou-cunji", "selfeval.budget_adjusted")
    assert cell == "B8" and message == (
        "自评表资金明细“其中:本年财政拨款”：年初预算数202.64万元调减为全年预算数132.912万元（调减69.728万元，34.41%），"
        "调减后的全年预算数恰等于全年执行数，按年初预算数计执行率为65.59%；自评表未说明预算调整的原因"
    )
    ((_, message),) = found("anhui-chizhou-weituo", "selfeval.budget_adjusted")
    assert "年初预算数90万元调减为全年预算数89.974万元（调减0.026万元，0.03%）" in message
    ((_, message),) = found("shanxi-jishan-gongwei", "selfeval.budget_adjusted")
    assert "年初预算数为0，全年预算数207.4538万元全部为年中安排" in message


def _with_funds_reason(reason):
    from dataclasses import replace

    from jixiao.checks import funds
    from jixiao.checks.base import Context

    analysis = analysed()
    ss = analysis.self_scorecard
    given = replace(ss.funds, funds=replace(ss.funds.funds, reason=reason))
    return [p.message for p in funds.budget_adjusted(Context(analysis.evaluation, analysis.scorecard, replace(ss, funds=given)))]


def test_a_routine_adjustment_is_asked_about_only_where_the_form_has_a_reason_cell():
    # the sample: 500 → 480万元, 465.12 spent, on the national form (no reason cell): not asked about
    assert _with_funds_reason(None) == []
    # a form with a reason cell left blank (四川: “年中发生预算调整的…应单独说明理由”)
    assert _with_funds_reason("") == ["自评表资金明细“年度资金总额”：年初预算数500万元调减为全年预算数480万元（调减20万元，4.00%）；自评表未说明预算调整的原因"]
    assert _with_funds_reason("上年结转资金经清算核减20万元") == []


def test_an_execution_rate_under_90_without_a_reason_is_said():
    ((cell, message),) = found("beijing-haidian-qingsao", "selfeval.rate_reason")
    assert cell == "B5" and "预算执行率为49.88%" in message and "低于90%，未说明原因" in message
    # the reason written on the amount indicator's row (剩余3%尾款未付) is a reason
    assert not found("hebei-langfang-nuantong", "selfeval.rate_reason")


def test_a_rate_written_on_a_0_0_row_is_said():
    assert [c for c, _ in found("sichuan-qingshen-gongzi", "selfeval.rate_on_zero")] == ["B11", "B12"]
    assert not problems_of(analysed(), "selfeval.rate_on_zero")  # 其他资金 0/0/0 with no rate: right


@pytest.mark.parametrize("folder, cell, said", [
    ("anhui-chizhou-cunji", "D19", "指标“项目总成本”的指标值≤202.6万元就是年初预算数202.64万元"),
    ("sichuan-zhongjiang-shuibiao", "D16", "指标“项目计划总投资”的指标值20万元就是全年预算数20万元"),
    ("yunnan-lijiang-weipian", "C13", "指标“卫片执法补助经费”的指标值=72890元就是预算数7.29万元"),
])
def test_an_indicator_that_is_the_budget_counts_the_funds_twice(folder, cell, said):
    ((where, message),) = found(folder, "selfeval.double_count")
    assert where == cell and message.startswith(said) and message.endswith("与预算执行率重复考核资金")


def test_an_execution_rate_indicator_beside_the_funds_line_counts_it_twice():
    analysis = analysed((f"{IND}[3].name", "预算资金执行率"))
    (p,) = problems_of(analysis, "selfeval.double_count")
    assert p.message.startswith("指标“预算资金执行率”（≥95%，完成91%，10分）与预算执行情况（10分 × 执行率）重复考核执行率")
    assert not problems_of(analysed(), "selfeval.double_count")  # 人均培训补贴 1490.77元/人次 is a unit cost


def test_a_total_cost_that_is_not_what_was_spent_is_an_error():
    analysis = analysed((f"{IND}[4].name", "项目总成本"), (f"{IND}[4].target", "≤500万元"), (f"{IND}[4].actual", "440万元"))
    (p,) = problems_of(analysis, "selfeval.cost_spent")
    assert p.message == "成本指标“项目总成本”完成值为440万元，而全年执行数为465.12万元（相差25.12万元）"
    double = problems_of(analysis, "selfeval.double_count")
    assert [d.message.split("，与")[0] for d in double] == ["指标“项目总成本”的指标值≤500万元就是年初预算数500万元"]
    spent = analysed((f"{IND}[4].name", "项目总成本"), (f"{IND}[4].target", "≤1500元/人次"), (f"{IND}[4].actual", "465.12万元"))
    assert not problems_of(spent, "selfeval.cost_spent")


def test_goal_amounts_that_do_not_add_up_are_an_error():
    ((cell, message),) = found("anhui-chizhou-cunji", "selfeval.goal_amounts")
    assert cell == "B12" and message == "自评表预期目标写共2026400元，其中5项合计1740000元，比所写总数少286400元"
    # 共完成预算资金89.97万元 agrees with the 全年执行数 89.974万元 at its own precision: only the parts are wrong
    assert [m for _, m in found("anhui-chizhou-weituo", "selfeval.goal_amounts")] == [
        "自评表实际完成情况写共89.97万元，其中3项合计89.99万元，比所写总数多0.02万元"]


def test_a_goal_amount_that_is_not_the_budget_is_said():
    analysis = analysed(("self_evaluation.goals[0].planned", "共安排资金520万元，其中本年财政拨款420万元，上年结转100万元。"))
    (p,) = problems_of(analysis, "selfeval.goal_amounts")
    assert p.message == "自评表预期目标写共520万元，与资金明细的年初预算数500万元、全年预算数480万元不符"
    assert not problems_of(analysed(), "selfeval.goal_amounts")


@pytest.mark.parametrize("folder, cell", [
    ("anhui-xiaoxian-hexi", "B10"), ("shanxi-jishan-gongwei", "B11"), ("yunnan-lijiang-weipian", "B10"),
    ("yunnan-yongde-yingyang", "B11"),
])
def test_achieved_goals_that_repeat_the_planned_ones_are_said(folder, cell):
    ((where, message),) = found(folder, "complete.goals_identical")
    assert where == cell and "预期目标与实际完成情况一字不差" in message
    assert not found("sichuan-zhongjiang-shuibiao", "complete.goals_identical")  # the latter half only: not the same


def test_a_reason_that_is_0_is_no_reason():
    assert [c for c, _ in found("hebei-langfang-nuantong", "complete.reason_zero")] == ["D26", "D29", "D38"]
    analysis = analysed((f"{IND}[3].reason", "无"))  # 91% of ≥95%: a reason is needed
    (p,) = problems_of(analysis, "complete.reason_zero")
    assert p.message == "自评表“补贴资金发放及时率”的偏差原因分析及改进措施填的是“无”，而该指标未满分，需说明原因"
    assert not problems_of(analysed((f"{IND}[0].reason", "无")), "complete.reason_zero")  # met at full marks: 无 is right


def test_rates_without_their_percent_sign_are_said_once():
    ((cell, message),) = found("hebei-langfang-nuantong", "targets.no_unit")
    assert cell == "D17" and message.startswith("自评表8个指标的指标值只写数字，没有单位：工程完工率（≥100）")
    assert not found("hubei-shangwu-fuwumaoyi", "targets.no_unit")  # 服务外包在岸(万美元): its unit is in its name


def test_a_project_named_by_the_form_title_is_said():
    ((_, message),) = found("yunnan-lijiang-weipian", "complete.title_as_name")
    assert message == "项目名称填的是表名“2020年省级自然资源卫片执法补助经费支出绩效自评表”，不是项目名称"


def test_a_ceiling_met_at_0_is_said_to_be_met_not_divided_by():
    analysis = analysed((f"{IND}[4].target", "≤3%"), (f"{IND}[4].actual", "0%"), (f"{IND}[4].name", "预算调整率"))
    (p,) = problems_of(analysis, "selfeval.le_zero")
    assert p.severity.name == "INFO" and "判为达成、得满分" in p.message
    assert analysis.self_scorecard.rows[4].score == 10


def test_the_shipped_examples_raise_none_of_the_form_checks(reference):
    from jixiao.analysis import analyse

    new = {"selfeval.coefficient", "selfeval.coefficient_score", "selfeval.funds_total_blank", "selfeval.budget_adjusted",
           "selfeval.rate_reason", "selfeval.rate_on_zero", "selfeval.double_count", "selfeval.cost_spent",
           "selfeval.goal_amounts", "complete.goals_identical", "complete.reason_zero", "complete.title_as_name",
           "targets.no_unit", "selfeval.le_zero", "weights.deduction_exceeds", "weights.standard_quantity",
           "complete.goals_figures", "targets.rate_unit", "targets.value_is_weight", "complete.template_text",
           "selfeval.funds_rows_scored", "selfeval.level_unstated"}
    for analysis in (analyse(reference), analysed()):
        assert not {p.code for p in analysis.problems} & new


def _score_table(*rows):
    """The rows of a 评分表 (三级指标, 评分标准, 分值) as a reader delivers them, on the sample's file."""
    from dataclasses import replace

    from jixiao.checks import weights
    from jixiao.checks.base import Context
    from jixiao.model.selfeval import SelfEvaluation, SelfIndicator
    from jixiao.problems import Source

    ev = analysed().evaluation
    form = SelfEvaluation(None, tuple(
        SelfIndicator(name, D(weight), Source(cell=f"C{n}"), standard=standard) for n, (name, standard, weight) in enumerate(rows, 2)
    ), None)
    ctx = Context(replace(ev, self_evaluation=form), None, None)
    return [(p.code, p.where.cell, p.message) for check in (weights.deduction_items, weights.standard_quantity) for p in check(ctx)]


GLJ = yaml.safe_load((FORMS / "hunan-yueyang-glj" / "form.yaml").read_text(encoding="utf-8"))["sheets"][0]["rows"]


def test_a_standard_deducting_more_than_the_weight_is_said():
    # hunan-yueyang-glj row 10: ①…⑤, 以上情况每出现一例不符合要求的扣1分, under 3 points
    name, standard, weight = GLJ[9][2].replace("\n", ""), GLJ[9][3], GLJ[9][4]
    assert _score_table((name, standard, weight)) == [(
        "weights.deduction_exceeds", "C2", "资金使用合规性：评分标准列了5项要求、每项不符合扣1分，可扣5分，而分值只有3分")]
    # row 9: ①②③ each 1分 (points given, not deducted) under 3 points: right
    assert _score_table((GLJ[8][2].replace("\n", ""), GLJ[8][3], GLJ[8][4])) == []


def test_a_standard_scoring_another_quantity_is_said():
    name, standard, weight = GLJ[1][2].replace("\n", ""), GLJ[1][3], GLJ[1][4]
    assert _score_table((name, standard, weight)) == [(
        "weights.standard_quantity", "C2", "财政供养人员控制率：评分标准按“在职人员控制率”计分，与指标“财政供养人员控制率”不是同一个量（口径不同）")]
    # “三公经费”变动率 scored by “三公经费”变动率, 重点支出安排率 by itself: right
    assert _score_table(*[(r[2].replace("\n", ""), r[3], r[4]) for r in GLJ[2:9]]) == []


def test_a_funds_line_without_its_amounts_is_scored_from_the_rate_it_states():
    # chongqing-kexuecheng-rongmeiti: the amounts are not legible, 执行率 76% and 得分 7.6 are (10 × 76% = 7.60)
    (result,) = review_file(FORMS / "chongqing-kexuecheng-rongmeiti" / "form.docx", Limits.from_env())
    assert result.total.quantize(D("0.01")) == D("73.05")
    assert not [p for p in result.problems if p.code in ("selfeval.funds_score", "selfeval.rate", "score.not_scored")
                and "预算执行" in p.message]
    blank = analysed(*[(f"self_evaluation.funds.rows[{i}].{c}", None) for i in range(4) for c in ("initial", "adjusted", "spent")])
    funds = blank.self_scorecard.funds
    assert funds.score == D("9.69") and "未填全年预算数或全年执行数，执行率无法核对" in funds.arithmetic


def test_a_yaml_form_carries_its_funds_reason_and_its_standards():
    cut = ("self_evaluation.funds.rows[0].adjusted", "465.12")  # 500 cut to the 465.12 spent: 100%
    assert problems_of(analysed(cut), "selfeval.budget_adjusted")
    explained = analysed(cut, ("self_evaluation.funds.reason", "部分培训项目改由就业补助资金列支，年中调减预算34.88万元"))
    assert not problems_of(explained, "selfeval.budget_adjusted")
    analysis = analysed((f"{IND}[2].standard", "以80%为标准。参训人员取证率≥80%计10分；每低一个百分点扣0.5分。"))
    (p,) = problems_of(analysis, "weights.standard_quantity")  # 培训取证率 of the trained, 参训人员取证率 of all
    assert p.message == "培训取证率：评分标准按“参训人员取证率”计分，与指标“培训取证率”不是同一个量（口径不同）"


def test_goals_that_are_only_figures_are_said():
    ((cell, message),) = found("hebei-langfang-nuantong", "complete.goals_figures")
    assert cell == "B12" and message == "自评表总体目标只写了数字（43.2、37.24），没有写目标内容"
    assert not problems_of(analysed(), "complete.goals_figures")


def test_a_rate_written_as_a_count_is_said():
    ((cell, message),) = found("shanxi-jishan-gongwei", "targets.rate_unit")
    assert cell == "D37" and message == "“家庭医生签约率”是率，指标值却写成数量（≥24694人、完成值22584人）"
    assert not problems_of(analysed(), "targets.rate_unit")  # 培训取证率 ≥80%


def test_the_weight_typed_as_target_and_actual_is_said():
    ((cell, message),) = found("beijing-haidian-qingsao", "targets.value_is_weight")
    assert cell == "D10" and message == "“是否完成绩效目标申报表中申报的数量”的年度指标值和实际完成值都填了12.5，即该指标的分值"
    assert not problems_of(analysed(), "targets.value_is_weight")


def test_the_template_instructions_left_in_a_goal_are_said():
    message = dict(found("sichuan-qingshen-gongzi", "complete.template_text"))["C6"]  # the closing rows: below
    assert "(100字以内)" in message and message.endswith("未填写内容")


def test_a_funds_part_row_that_is_scored_too_is_said():
    ((cell, message),) = found("anhui-xiaoxian-hexi", "selfeval.funds_rows_scored")
    assert cell == "B7" and message == "自评表资金明细“其中:本年财政拨款”一行也填了得分10分：资金得分只应计一次（“年度资金总额”一行）"
    assert not problems_of(analysed(), "selfeval.funds_rows_scored")


def test_points_taken_off_a_score_table_row_without_a_reason_are_said_as_such():
    # sichuan-shengji-defenbiao: 测算依据 2 of 5, 目标管理 4 of 5, no 扣分原因 column — not “未完成目标（指标值—）”
    said = found("sichuan-shengji-defenbiao", "selfeval.reason")
    assert said == [("C6", "自评表“测算依据”得分填写为2.00分，比分值5分少3.00分，未说明扣分原因"),
                    ("C7", "自评表“目标管理”得分填写为4.00分，比分值5分少1.00分，未说明扣分原因")]


def test_a_qualitative_actual_that_is_a_description_is_said():
    assert [c for c, _ in found("hubei-shangwu-fuwumaoyi", "selfeval.level_unstated")] == ["D13", "D16", "D17"]
    assert not problems_of(analysed(), "selfeval.level_unstated")  # 部分达成预期指标 is a tier


def test_goal_amounts_written_with_thousands_separators_are_read_whole():
    text = "共安排资金4,800,000元，其中本年财政拨款4,000,000元，上年结转资金800,000元。"
    assert not problems_of(analysed(("self_evaluation.goals[0].planned", text)), "selfeval.goal_amounts")  # = 480万元
    wrong = analysed(("self_evaluation.goals[0].planned", text.replace("结转资金800,000元", "结转资金700,000元")))
    assert [p.message for p in problems_of(wrong, "selfeval.goal_amounts")] == [
        "自评表预期目标写共4800000元，其中2项合计4700000元，比所写总数少100000元"]


def one_decimal_form(*changes):
    """The sample written to one decimal, as many forms are: 9.58 as 9.6, 14.25 as 14.3, 9.69 as 9.7."""
    return analysed((f"{IND}[3].score", "9.6"), (f"{IND}[5].score", "14.3"),
                    ("self_evaluation.funds.rows[0].score", "9.7"), ("self_evaluation.total", "95.6"), *changes)


def test_a_form_written_to_one_decimal_is_compared_at_one_decimal():
    analysis = one_decimal_form()
    assert not problems_of(analysis, "selfeval.score") and not problems_of(analysis, "selfeval.funds_score")
    # 14.25 is 14.3 rounded half up (not 14.2, as rounding half to even gives): 14.2 is wrong
    (p,) = problems_of(one_decimal_form((f"{IND}[5].score", "14.2")), "selfeval.score")
    assert "复核应为14.25分（按表中一位小数为14.3分）" in p.message


def test_a_form_of_whole_numbers_is_still_compared_to_two_places():
    (p,) = problems_of(analysed((f"{IND}[3].score", "10")), "selfeval.score")  # 9.58 filled as 10
    assert "复核应为9.58分：" in p.message


def test_a_filled_total_is_not_compared_with_a_provisional_total():
    (form,) = review_file(FORMS / "sichuan-zhongjiang-shuibiao" / "form.xlsx", Limits.from_env())
    assert "暂定" in form.grade and not [p for p in form.problems if p.code == "selfeval.total"]
    (said,) = [p for p in form.problems if p.code == "selfeval.total_provisional"]
    assert said.severity.name == "INFO" and said.where.cell == "H22"
    assert "6项（共60分）未评分，总分无法核对；已复核的4项填报得分之和为50.00分，复核为50.00分" in said.message


def test_a_row_left_as_the_form_was_issued_is_said_unassessed_not_full_marks_or_0():
    analysis = analysed((f"{IND}[0].actual", None), (f"{IND}[0].score", None))
    (p,) = problems_of(analysis, "selfeval.score_blank")
    assert p.severity.name == "WARNING" and p.where.row == "职业技能培训人次"
    assert "完成值和得分均未填写：无法复核，按未评分处理，不是满分，也不是0分" in p.message


def test_a_funds_reason_cell_holding_only_the_template_instructions_is_no_reason():
    (form,) = review_file(FORMS / "sichuan-qingshen-gongzi" / "form.xlsx", Limits.from_env())
    (p,) = [p for p in form.problems if p.code == "selfeval.budget_adjusted"]
    assert p.where.cell == "B9" and "追加12.96万元" in p.message and "原因栏只有表式的填写说明" in p.message
    assert not [p for p in form.problems if p.code == "excel.column_unused"]  # the 原因 column is read


def test_a_funds_reason_written_explains_the_adjustment(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(FORMS / "sichuan-qingshen-gongzi" / "form.xlsx")
    book.active["I9"] = "年中追加人员工资调标资金12.96万元"
    book.save(tmp_path / "form.xlsx")
    (form,) = review_file(tmp_path / "form.xlsx", Limits.from_env())
    assert not [p for p in form.problems if p.code == "selfeval.budget_adjusted"]


def test_a_score_tables_standards_are_read_and_checked():
    (form,) = review_file(FORMS / "hunan-yueyang-glj" / "form.xlsx", Limits.from_env())
    said = {p.code: p for p in form.problems}
    assert said["weights.deduction_exceeds"].where.cell == "C10"  # 5 items × 1分 under a 3-point weight
    assert "评分标准按“在职人员控制率”计分" in said["weights.standard_quantity"].message
    assert not [p for p in form.problems if p.code == "excel.column_unused"]  # the 评分标准 column is read


def test_an_undirected_leafs_filled_score_that_fits_neither_direction_is_said():
    (form,) = review_file(FORMS / "hebei-langfang-nuantong" / "form.xlsx", Limits.from_env())
    assert form.status == "已复核"  # the leaf is unassessed, not the form
    (p,) = [p for p in form.problems if p.code == "selfeval.score"]
    assert p.where.cell == "H14" and "按应达到算为8.62分，按不超过算为10.00分，填报的得分两者都不是" in p.message


@pytest.mark.parametrize("target, actual, weight, both", [
    ("43.2", "37.24", "10", ("8.62", "10.00")), ("40万元", "50万元", "10", ("10.00", "8.00")),
    ("40万元", "50人", "10", None), ("40万元", "50元", "10", ("0.00", "10.00")), ("0", "5", "10", None), ("40", "完成", "10", None)])
def test_an_undirected_leaf_read_both_ways(target, actual, weight, both):
    from jixiao.numbers import round_half_up
    from jixiao.parse.directions import readings

    got = readings(target, actual, weight)
    assert (None if got is None else tuple(str(round_half_up(v, 2)) for v in got)) == both


def test_level_points_against_the_forms_own_note_are_said():
    (form,) = review_file(FORMS / "sichuan-zhongjiang-shuibiao" / "form.xlsx", Limits.from_env())
    said = [(p.where.cell, p.message) for p in form.problems if p.code == "weights.note_mismatch"]
    assert said == [("B11", "一级指标“产出指标(70分)”为70分，表注规定产出指标50分"),
                    ("B17", "一级指标“效益指标(20分)”为20分，表注规定效益指标30分")]  # 满意度指标(10分) agrees


def test_closing_rows_left_with_the_template_instructions_are_said():
    (form,) = review_file(FORMS / "sichuan-qingshen-gongzi" / "form.xlsx", Limits.from_env())
    said = {p.where.cell: p.message for p in form.problems if p.code == "complete.template_text"}
    assert set(said) == {"C6", "B18", "B19", "B20"}
    assert said["B19"].startswith("自评表存在问题一栏保留了表式的填写说明（“结合自评情况,分析存在的问题及原因。(200字以内)”）")


def test_a_form_published_blank_is_skipped_with_what_the_reader_found():
    (form,) = review_file(FORMS / "sichuan-dazhou-defenbiao" / "form.xlsx", Limits.from_env())
    assert form.status.startswith("未填写") and form.total is None
    said = {p.code: p for p in form.problems}
    assert "履职成效(20分)" in said["weights.level_without_leaves"].message and said["weights.level_without_leaves"].where.cell == "B23"
    assert "得分一栏全部空白" in said["selfeval.score_blank"].message and "不是0分，也不是满分" in said["selfeval.score_blank"].message


@pytest.mark.parametrize("folder", ["hunan-yueyang-glj", "ningxia-yinchuan-gongyong"])
def test_a_level_whose_leaves_have_their_points_in_a_column_is_not_without_leaves(folder):
    assert not found(folder, "weights.level_without_leaves")
