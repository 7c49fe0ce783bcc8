"""The list of evaluations a user may see; for a bureau, its whole portfolio.

Reads only the derived score table (ScoreSummary, LevelScore, Deduction), which
every save rewrites, so the page does not score anything.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Sum
from django.http import HttpResponse
from django.shortcuts import render

from ..model.evaluation import KINDS
from ..metrics.base import score_rate
from ..render.figures import rate_text, score_text
from .access import audit, role, visible
from .models import ENTITY, STATUSES, Deduction, LevelScore
from .publication import is_public, rule_of
from .signing import listed_summary
from .reportaudits import portfolio_summary

GRADES = ["优", "良", "中", "差"]
PROVISIONAL = "暂定"  # a total with unscored weight


def _filtered(request):
    qs = visible(request.user).select_related("summary", "firm", "department")
    f = {k: request.GET.get(k, "").strip() for k in ("year", "kind", "status", "grade", "q")}
    if f["year"].isdigit():
        qs = qs.filter(year=int(f["year"]))
    if f["kind"] in KINDS:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in dict(STATUSES):
        qs = qs.filter(status=f["status"])
    if f["grade"] in GRADES:
        qs = qs.filter(summary__grade=f["grade"], summary__provisional=False)
    elif f["grade"] == PROVISIONAL:
        qs = qs.filter(summary__provisional=True)
    if f["q"]:
        qs = qs.filter(subject__icontains=f["q"]) | qs.filter(title__icontains=f["q"])
    return qs, f


PER_PAGE = 50
# 排序: the column a header sorts by (a leading "-" for descending), done in the database.
SORTS = {"subject": "subject", "year": "year", "status": "status", "firm": "firm__name", "total": "summary__total"}


def _sorted(qs, sort: str):
    key = sort.lstrip("-")
    if key not in SORTS:
        return qs.order_by("-year", "subject", "-version", "id"), "-year"
    field = F(SORTS[key])
    first = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return qs.order_by(first, "subject", "-version", "id"), sort


def _previous_pool(user, evs):
    """The evaluations a year before the listed ones, of the same subjects, among those the user sees."""
    subjects = {ev.subject for ev in evs}
    years = {ev.year - 1 for ev in evs if ev.year}
    if not subjects or not years:
        return []
    return list(visible(user).filter(subject__in=subjects, year__in=years).select_related("summary"))


def _rows(evaluations, pool, user=None):
    evs = list(evaluations)
    shown = _public_filter(user)
    previous = {}
    by_subject = defaultdict(list)
    # Previous-year evaluations come from the same visible set, so nothing leaks.
    for ev in pool:
        by_subject[(ev.subject, ev.kind)].append(ev)
    for ev in evs:
        prev = [p for p in by_subject[(ev.subject, ev.kind)] if ev.year and p.year == ev.year - 1]
        previous[ev.pk] = max(prev, key=lambda p: p.version) if prev else None
    rows = []
    for ev in evs:
        s = listed_summary(ev) if shown(ev) else None  # a 定稿's signed figures where its row was changed behind it
        p = previous[ev.pk]
        ps = listed_summary(p) if p and shown(p) else None
        delta = (s.total - ps.total) if s and ps and s.total is not None and ps.total is not None else None
        rows.append({"ev": ev, "s": s, "headline": s.headline if s else None,
                     "total": score_text(s.total) if s and s.total is not None else "—",
                     "prev": p, "prev_total": score_text(ps.total) if ps and ps.total is not None else "",
                     "delta": (("+" if delta > 0 else "") + score_text(delta)) if delta is not None else ""})
    return rows


def _public_filter(user):
    """Which rows may show their figures: all, except a department's results not yet public."""
    if user is None or role(user) != ENTITY:
        return lambda ev: True
    rules: dict[int, str] = {}
    return lambda ev: is_public(ev, rules.setdefault(ev.bureau_id, rule_of(ev.bureau_id)))


@login_required
def evaluation_list(request):
    qs, f = _filtered(request)
    qs, sort = _sorted(qs, request.GET.get("sort", ""))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    evs = list(page.object_list)
    rows = _rows(evs, _previous_pool(request.user, evs), request.user)
    stats = _stats([r for r in rows if r["s"] is not None]) if role(request.user) == ENTITY else _stats_of(qs)
    years = sorted((y for y in visible(request.user).values_list("year", flat=True).distinct() if y), reverse=True)
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("sort", None)
    return render(request, "jixiao/list.html", {
        "rows": rows, "f": f, **stats, "page": page, "sort": sort, "keep": keep.urlencode(),
        "kinds": KINDS, "statuses": STATUSES, "grades": GRADES + [PROVISIONAL], "years": years,
        "query": request.GET.urlencode(), "report_audits": portfolio_summary(request.user),
    })


def _stats_of(qs) -> dict:
    """等级分布, 一级指标得分率 and the most frequent deductions of every listed evaluation, summed in the database."""
    ids = qs.order_by().values("pk")
    grades = Counter()
    for grade, provisional, n in (qs.order_by().exclude(summary__grade="").values_list("summary__grade", "summary__provisional")
                                  .annotate(n=Count("pk"))):
        if grade:
            grades[PROVISIONAL if provisional else grade] += n
    levels = (LevelScore.objects.filter(evaluation_id__in=ids, score__isnull=False, weight__gt=0)
              .values_list("name").annotate(s=Sum("score"), w=Sum("weight")).order_by("name"))
    top = (Deduction.objects.filter(evaluation_id__in=ids).values_list("code", "name")
           .annotate(n=Count("id"), lost=Sum("lost")).order_by("-n", "code")[:10])
    return _bars(grades, [(name, s, w) for name, s, w in levels], [(c, name, n, lost) for c, name, n, lost in top])


def _stats(rows) -> dict:
    """The same for a few rows (a department's own, whose results may not all be public)."""
    grades = Counter(PROVISIONAL if r["s"].provisional else r["s"].grade for r in rows if r["s"].grade)
    ids = [r["ev"].pk for r in rows]
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for ls in LevelScore.objects.filter(evaluation_id__in=ids, score__isnull=False, weight__gt=0):
        sums[ls.name][0] += ls.score
        sums[ls.name][1] += ls.weight
    deductions, lost = Counter(), defaultdict(Decimal)
    for d in Deduction.objects.filter(evaluation_id__in=ids):
        deductions[(d.code, d.name)] += 1
        lost[(d.code, d.name)] += d.lost
    top = [(code, name, n, lost[(code, name)]) for (code, name), n in deductions.most_common(10)]
    return _bars(grades, [(name, s, w) for name, (s, w) in sums.items()], top)


def _bars(grades: Counter, levels: list, top: list) -> dict:
    # A provisional (暂定) grade is not a result: counted apart, never as 优/良/中/差.
    most = max(grades.values()) if grades else 1
    grade_bars = [(g, grades.get(g, 0), grades.get(g, 0) * 100 // most) for g in GRADES + [PROVISIONAL] if g in GRADES or grades.get(g)]
    level_bars = [(name, rate_text(score_rate(s, w)), int(score_rate(s, w))) for name, s, w in levels if w]
    return {"grade_bars": grade_bars, "level_bars": level_bars,
            "top": [(code, name, n, score_text(lost)) for code, name, n, lost in top]}


EXPORT_HEADS = ["编号", "被评价对象", "年度", "评价类型", "版本", "状态", "评价机构", "总分", "等级", "问题数", "上年总分", "较上年"]
EXPORT_WIDTHS = [8, 50, 8, 22, 6, 10, 30, 10, 30, 8, 10, 10]
SIGNED = "+0.00;-0.00;0.00"


@login_required
def export_list(request):
    """The list as a workbook: figures are numbers (totals as shown, 2 places), names stay text,
    and a provisional grade says how much weight was scored."""
    from openpyxl import Workbook

    from ..excel.layout import COUNT, SCORE
    from ..excel.put import header, put_figure, put_text
    from ..numbers import round_half_up

    qs, _ = _filtered(request)
    evs = list(_sorted(qs, request.GET.get("sort", ""))[0])
    rows = _rows(evs, _previous_pool(request.user, evs), request.user)
    wb = Workbook()
    ws = wb.active
    ws.title = "评价列表"
    header(ws, 1, EXPORT_HEADS, widths=EXPORT_WIDTHS)
    ws.freeze_panes = "A2"

    def shown(value):
        return None if value is None else round_half_up(value, 2)

    for i, r in enumerate(rows, start=2):
        ev, s = r["ev"], r["s"]
        before = listed_summary(r["prev"]) if r["prev"] else None
        total = shown(s.total) if s else None
        last = shown(before.total) if before else None
        change = shown(s.total - before.total) if total is not None and last is not None else None  # as the page shows it
        headline = s.headline if s else None
        grade = headline.grade_text if headline else (s.grade if s else None)
        cells = [(ev.pk, COUNT), (ev.subject or ev.title, None), (ev.year, COUNT), (KINDS.get(ev.kind, ev.kind), None),
                 (ev.version, COUNT), (ev.get_status_display(), None), (ev.firm.name if ev.firm else None, None),
                 (total, SCORE), (grade, None), (s.problem_count if s else None, COUNT), (last, SCORE), (change, SIGNED)]
        for col, (value, number_format) in enumerate(cells, start=1):
            if value is None or value == "":
                continue
            if number_format:
                put_figure(ws, i, col, value, number_format)
            else:
                put_text(ws, i, col, value)
    buf = io.BytesIO()
    wb.save(buf)
    audit(request, "export", f"评价列表 Excel（{len(rows)} 项）")
    resp = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = 'attachment; filename="evaluations.xlsx"'
    return resp
