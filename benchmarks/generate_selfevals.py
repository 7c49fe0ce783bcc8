"""Write N synthetic national-layout 项目支出绩效自评表 for the bulk-review benchmark.

Usage: python benchmarks/generate_selfevals.py N OUT_DIR [--folder M] [--per-sheet K] [--seed S]

Writes OUT_DIR/selfevals.xlsx (all N forms, K per sheet, stacked as blocks the
way a finance bureau collects them), OUT_DIR/forms/ (the first M forms, one
workbook each; M defaults to N) and OUT_DIR/seeded.json: for every form its
project name and the problem codes its seeded mistake must produce (an empty
list for a correct form). Each form has 8–12 indicators; about one form in
four carries one mistake.
"""

from __future__ import annotations

import argparse
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# mistake → problem codes the review must report for it (and no others)
MISTAKES = {
    "weights": ["selfeval.weights"],  # 分值 do not add up to 100
    "funds_score": ["selfeval.funds_score", "selfeval.total"],  # 预算执行率得分 wrong, total = sum as filled
    "rate": ["selfeval.rate"],  # 执行率 mistyped
    # full marks for a target missed by more than 5%, total = sum as filled
    "score": ["selfeval.score", "selfeval.total", "targets.full_marks_missed"],
    "total": ["selfeval.total", "selfeval.total_sum"],  # 总分 added wrongly
    "reason": ["selfeval.reason"],  # missed target without 偏差原因
    "funds_rows": ["selfeval.funds_rows"],  # 其中 rows do not add up to 年度资金总额
    "tier_range": ["score.tier_range"],  # 部分达成预期指标 scored above 80%
}
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
]
NAMES = ["培训人次", "新建站点", "验收合格率", "资金拨付及时率", "人均补助标准", "受益人数", "设施完好率", "群众满意度",
         "覆盖率", "完成率", "服务人次", "建设数量"]


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def make_form(i: int, rnd: random.Random, mistake: str | None) -> dict:
    n = rnd.randint(8, 12)
    base, extra = divmod(90, n)
    weights = [Decimal(base + (1 if k < extra else 0)) for k in range(n)]
    indicators = []
    for k in range(n):
        level1, level2 = LEVELS[min(k * len(LEVELS) // n, len(LEVELS) - 1)]
        name = f"{NAMES[k % len(NAMES)]}{k + 1}"
        weight = weights[k]
        kind = rnd.choice(["count", "percent", "cost", "quality"])
        reason = ""
        met = rnd.random() < 0.8
        m = 100 if met else rnd.randint(80, 94)  # a missed target reaches m% of it (below the 5% tolerance)
        score = weight * m / 100
        if kind == "count":
            target = Decimal(100 * rnd.randint(1, 50))
            actual = target + rnd.randint(0, int(target) * 4 // 100) if met else target * m / 100
            row = [f"≥{target}人次", f"{actual.normalize():f}人次"]
        elif kind == "percent":
            target = Decimal(rnd.choice([80, 90, 95]))
            actual = min(target + Decimal(rnd.randint(0, 400)) / 100, Decimal(100)) if met else target * m / 100
            row = [f"≥{target}%", f"{actual.normalize():f}%"]
        elif kind == "cost":
            target = Decimal(rnd.randint(100, 3000))
            actual = target - rnd.randint(0, 50)
            score, m = weight, 100
            row = [f"≤{target}元/人", f"{actual}元/人"]
        else:
            score, m = weight, 100
            row = ["有效提升", "达成预期指标"]
        if score < weight:
            reason = "受外部因素影响未完成，下一年度加强调度。"
        indicators.append({"level1": level1, "level2": level2, "name": name, "target": row[0], "actual": row[1],
                           "weight": weight, "score": score.normalize(), "reason": reason, "m": m})
    adjusted = Decimal(10 * rnd.randint(5, 500))
    # a right form: the budget not adjusted during the year, at least 90% of it spent (an adjusted
    # budget or a rate under 90% needs its reason written, and these forms carry none)
    initial = adjusted
    per_mille = rnd.randint(900, 1000)
    spent = adjusted * per_mille / 1000
    rate = Decimal(per_mille) / 10
    funds_score = Decimal(per_mille) / 100
    own = adjusted * rnd.randint(5, 9) / 10
    own_spent = q2(spent * Decimal("0.7"))
    funds = [
        ["年度资金总额", initial, adjusted, spent, "10", f"{rate.normalize():f}%", funds_score],
        ["其中：本年财政拨款", own, own, own_spent, "—", "—", "—"],
        ["上年结转资金", initial - own, adjusted - own, spent - own_spent, "—", "—", "—"],
        ["其他资金", Decimal(0), Decimal(0), Decimal(0), "—", "—", "—"],
    ]
    form = {"project": f"项目{i:05d}", "department": f"示例县第{i % 37 + 1}局", "implementer": f"示例县服务中心{i % 211 + 1}",
            "funds": funds, "indicators": indicators}
    if mistake == "weights":
        ind = indicators[0]
        ind["weight"] += 5
        ind["score"] = (ind["weight"] * ind["m"] / 100).normalize()
    elif mistake == "funds_score":
        funds[0][6] = funds_score - Decimal("0.5")
    elif mistake == "rate":
        funds[0][5] = f"{(rate - 7).normalize():f}%"
    elif mistake == "score":
        missed = [ind for ind in indicators if ind["score"] < ind["weight"]]
        if not missed:
            ind = indicators[0]
            ind["target"], ind["actual"], ind["reason"] = "≥100人次", "90人次", "天气影响。"
            missed = [ind]
        missed[0]["score"] = missed[0]["weight"]
    elif mistake == "reason":
        missed = [ind for ind in indicators if ind["score"] < ind["weight"]]
        if not missed:
            ind = indicators[0]
            ind["target"], ind["actual"] = "≥100人次", "90人次"
            ind["score"] = (Decimal(90) / 100 * ind["weight"]).normalize()
            missed = [ind]
        missed[0]["reason"] = ""
    elif mistake == "funds_rows":
        funds[1][2] = funds[1][2] + 10
    elif mistake == "tier_range":
        ind = indicators[-1]
        ind["target"], ind["actual"], ind["score"], ind["reason"] = "有效提升", "部分达成预期指标", ind["weight"], "整改中。"
    total = sum((ind["score"] for ind in indicators), Decimal(0)) + funds[0][6]
    if mistake == "total":
        total += 1
    form["total"] = total
    return form


def form_rows(form: dict, text_numbers: bool) -> list[list]:
    """The rows of one form in the national layout (column A holds the section labels)."""

    def num(value):
        if isinstance(value, Decimal):
            return format(value, "f") if text_numbers else float(value)  # 10, as a person types it, not 1E+1
        return value

    rows: list[list] = [["项目支出绩效自评表"], ["（2024年度）"], ["项目名称", form["project"]],
                        ["主管部门", form["department"], None, None, "实施单位", form["implementer"]],
                        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
    for item in form["funds"]:
        rows.append([None] + [num(v) for v in item])
    rows.append(["年度总体目标", "预期目标", None, None, "实际完成情况"])
    rows.append([None, "按计划完成年度建设与服务任务。", None, None, "已按计划完成主要任务。"])
    rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    previous = (None, None)
    for k, ind in enumerate(form["indicators"]):
        l1 = ind["level1"] if ind["level1"] != previous[0] else None
        l2 = ind["level2"] if (ind["level1"], ind["level2"]) != previous else None
        previous = (ind["level1"], ind["level2"])
        rows.append([None, l1, l2, f"指标{k + 1}：{ind['name']}", ind["target"], ind["actual"], num(ind["weight"]),
                     num(ind["score"]), ind["reason"] or None])
    rows.append([None, None, None, f"指标{len(form['indicators']) + 1}：", None, None, None, None, None])
    rows.append(["总分", None, None, None, None, None, num(Decimal(100)), num(form["total"])])
    return rows


def write_book(path: Path, forms: list[dict], per_sheet: int) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    for start in range(0, len(forms), per_sheet):
        ws = book.create_sheet(f"自评表{start // per_sheet + 1}")
        for form in forms[start:start + per_sheet]:
            for row in form_rows(form, text_numbers=form["text_numbers"]):
                cells = []
                for value in row:
                    cell = WriteOnlyCell(ws, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # "=2个" and "≥…" are typed as text
                    cells.append(cell)
                ws.append(cells)
            ws.append([])
            ws.append([])
    book.save(path)


def generate(n: int, out: Path, *, folder: int | None = None, per_sheet: int = 1000, seed: int = 1) -> list[dict]:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    names = list(MISTAKES)
    forms = []
    seeded = []
    for i in range(1, n + 1):
        mistake = rnd.choice(names) if rnd.random() < 0.25 else None
        form = make_form(i, rnd, mistake)
        form["text_numbers"] = rnd.random() < 0.3
        forms.append(form)
        seeded.append({"project": form["project"], "mistake": mistake, "codes": MISTAKES[mistake] if mistake else []})
    write_book(out / "selfevals.xlsx", forms, per_sheet)
    folder_dir = out / "forms"
    folder_dir.mkdir(exist_ok=True)
    for stale in folder_dir.glob("*.xlsx"):  # of an earlier run
        stale.unlink()
    for form in forms[: n if folder is None else folder]:
        write_book(folder_dir / f"{form['project']}.xlsx", [form], per_sheet)
    (out / "seeded.json").write_text(json.dumps(seeded, ensure_ascii=False, indent=0), encoding="utf-8")
    return seeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--folder", type=int, default=None, help="forms written one per file (default: all N)")
    parser.add_argument("--per-sheet", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    seeded = generate(args.n, args.out, folder=args.folder, per_sheet=args.per_sheet, seed=args.seed)
    wrong = sum(1 for s in seeded if s["mistake"])
    print(f"{args.n} forms ({wrong} with a seeded mistake) → {args.out}")


if __name__ == "__main__":
    main()
