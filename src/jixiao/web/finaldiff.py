"""What differs in a 定稿, said in Chinese: the signed scores against those recomputed from
the frozen text, and the score table (ScoreSummary, LevelScore, Deduction) against the
scores the 定稿 vouches for — '总分 97.00 → 96.50', '总分 记为 99.50，应为 97.00' …"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..render.figures import score_text

# The score table keeps 4 places (models.DecimalField): closer than this is the same figure.
STORED_PLACES = Decimal("0.0001")


def local_time(at: dt.datetime | None) -> str:
    from django.utils import timezone

    return "（无）" if at is None else f"{timezone.localtime(at):%Y-%m-%d %H:%M:%S}"


def decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _figure(value) -> str:
    return score_text(decimal_or_none(value))


def _differ(a, b, close: Decimal | None = None) -> bool:
    x, y = decimal_or_none(a), decimal_or_none(b)
    if x is None or y is None:
        return (x is None) != (y is None)
    return abs(x - y) >= close if close is not None else x != y


def score_differences(before: dict | None, after: dict | None) -> list[str]:
    """'总分 97.00 → 96.50', '指标A11 3.00 → 2.00' … between two score sets (signed → recomputed)."""
    if before is None or after is None:
        return [] if before is after else ["评价内容" + ("无法再计算得分" if after is None else "定稿时无法计算得分")]
    out = []
    if _differ(before.get("total"), after.get("total")):
        out.append(f"总分 {_figure(before.get('total'))} → {_figure(after.get('total'))}")
    if before.get("grade") != after.get("grade") or before.get("provisional") != after.get("provisional"):
        mark = lambda s: (s.get("grade") or "无") + ("（暂定）" if s.get("provisional") else "")  # noqa: E731
        out.append(f"等级 {mark(before)} → {mark(after)}")
    out += _rows_differ("指标", before.get("indicators") or [], after.get("indicators") or [], key=2)
    if _differ(before.get("self_total"), after.get("self_total")):
        out.append(f"自评表复核总分 {_figure(before.get('self_total'))} → {_figure(after.get('self_total'))}")
    out += _rows_differ("自评表", before.get("self_rows") or [], after.get("self_rows") or [], key=1)
    return out


def _rows_differ(what: str, before: list, after: list, key: int) -> list[str]:
    """Rows [id…, weight, score]: those whose weight or score changed, appeared or went."""
    a = {tuple(r[:key]): r[key:] for r in before}
    b = {tuple(r[:key]): r[key:] for r in after}
    name = lambda k: f"{what}{k[0]}" if what == "指标" else f"{what}“{k[0]}”"  # noqa: E731
    out = []
    for k in list(a) + [k for k in b if k not in a]:
        if k not in b or k not in a:
            out.append(f"{name(k)}{'在重新计算中不存在' if k not in b else '为定稿时所无'}")
        elif _differ(a[k][0], b[k][0]):
            out.append(f"{name(k)} 权重 {_figure(a[k][0])} → {_figure(b[k][0])}")
        elif _differ(a[k][1], b[k][1]):
            out.append(f"{name(k)} {_figure(a[k][1])} → {_figure(b[k][1])}")
    return out


def table_problems(ev, scores: dict | None, whose: str, why: str = "数据库中的汇总被改动过") -> list[str]:
    """The score table (which the list, the portfolio and the API's totals read) against the
    scores the 定稿 vouches for: a row changed by SQL is named, never shown as is."""
    from .models import Deduction, LevelScore, ScoreSummary

    if scores is None:
        return []
    s = ScoreSummary.objects.filter(evaluation=ev).first()
    if s is None:
        return ["得分汇总表中没有该定稿的记录"]
    out = summary_differences(s, scores)
    if s.revision != ev.final_revision.number:
        out.insert(0, f"修订号 记为 {s.revision}，应为 {ev.final_revision.number}")
    nodes = {r[0]: r for r in scores.get("indicators") or []}
    levels = {code for code, r in nodes.items() if r[4] == 1}
    for ls in LevelScore.objects.filter(evaluation=ev):
        levels.discard(ls.code)
        expected = nodes.get(ls.code)
        if expected is None or expected[4] != 1 or _differ(ls.score, expected[3], STORED_PLACES):
            shown = _figure(expected[3]) if expected and expected[4] == 1 else "（无此一级指标）"
            out.append(f"一级指标{ls.code} 得分 记为 {score_text(ls.score)}，应为 {shown}")
    out += [f"一级指标{code} 的得分记录缺失（应为 {_figure(nodes[code][3])}）" for code in sorted(levels)]
    lost = {code: decimal_or_none(r[2]) - decimal_or_none(r[3]) for code, r in nodes.items()
            if r[5] and r[3] is not None and decimal_or_none(r[3]) < decimal_or_none(r[2])}
    for d in Deduction.objects.filter(evaluation=ev):
        expected = lost.pop(d.code, None)
        if expected is None or _differ(d.lost, expected, STORED_PLACES):
            out.append(f"指标{d.code} 扣分 记为 {score_text(d.lost)}，应为 {score_text(expected) if expected is not None else '0.00（未扣分）'}")
    out += [f"指标{code} 的扣分记录缺失（应扣 {score_text(v)}）" for code, v in sorted(lost.items())]
    if not out:
        return []
    return [f"得分汇总表与{whose}定稿得分不一致，{why}：" + "；".join(out)]


def summary_differences(s, scores: dict) -> list[str]:
    """A ScoreSummary row against the scores it should hold: '总分 记为 99.50，应为 97.00' …"""
    out = []
    for what, stored, expected in [("总分", s.total, scores.get("total")),
                                   ("已评分权重", s.scored_weight, scores.get("scored_weight")),
                                   ("自评表复核总分", s.self_total, scores.get("self_total"))]:
        if (stored is None) != (expected is None) or stored is not None and _differ(stored, expected, STORED_PLACES):
            out.append(f"{what} 记为 {score_text(stored)}，应为 {_figure(expected)}")
    if (s.grade or "") != (scores.get("grade") or "") or s.provisional != bool(scores.get("provisional")):
        mark = lambda g, p: (g or "无") + ("（暂定）" if p else "")  # noqa: E731
        out.append(f"等级 记为 {mark(s.grade, s.provisional)}，应为 {mark(scores.get('grade'), scores.get('provisional'))}")
    return out
