"""The round page's table: filtered, sorted and cut into pages by the database, so a round
of ten thousand forms costs one indexed query for the page and one count."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet

from ..render.figures import filled_text, score_text
from .models import FORM_ERRORS, FORM_STATUSES, RoundForm
from .rounds_access import in_scope, past_deadline

PAGE_SIZE = 50
GRADES = ["优", "良", "中", "差"]
# sort key → (column label, field); "-key" sorts descending. Ties fall back to the row id.
SORTS = {
    "department": ("单位", "department_name"),
    "self": ("填报总分", "self_total"),
    "review": ("复核总分", "review_total"),
    "difference": ("差异", "difference"),
    "errors": ("错误", "error_count"),
    "warnings": ("警告", "warning_count"),
    "status": ("状态", "status"),
}
DEFAULT_SORT = "department"
SHOWN = ("id", "department_name", "label", "status", "self_total", "review_total", "difference", "grade", "error_count",
         "warning_count", "file_id", "round_id", "sheet", "provisional", "weight", "scored_weight", "submitted_at")


@dataclass
class Table:
    page: object  # django.core.paginator.Page of RoundForm
    filters: dict
    sort: str
    query: str  # the filters as a query string, without page and sort
    heads: list  # (key, label, link's sort, arrow)


def filtered(qs: QuerySet[RoundForm], get) -> tuple[QuerySet[RoundForm], dict]:
    f = {k: (get.get(k) or "").strip()[:100] for k in ("status", "grade", "q", "problems")}
    if f["status"] in dict(FORM_STATUSES):
        qs = qs.filter(status=f["status"])
    if f["grade"] in GRADES:
        qs = qs.filter(grade=f["grade"])
    if f["problems"] == "errors":
        qs = qs.filter(error_count__gt=0)
    elif f["problems"] == "warnings":
        qs = qs.filter(warning_count__gt=0)
    elif f["problems"] == "difference":
        # as shown: a difference that rounds to 0.00 is none
        qs = qs.filter(Q(difference__gte=Decimal("0.005")) | Q(difference__lte=Decimal("-0.005")))
    if f["q"]:
        qs = qs.filter(Q(department_name__icontains=f["q"]) | Q(label__icontains=f["q"]))
    return qs, f


def ordered(qs: QuerySet[RoundForm], sort: str) -> tuple[QuerySet[RoundForm], str]:
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT
    field = SORTS[key][1]
    desc = sort.startswith("-")
    # Blank figures last either way: a form not yet reviewed is no 0.
    expr = F(field).desc(nulls_last=True) if desc else F(field).asc(nulls_last=True)
    return qs.order_by(expr, "-id" if desc else "id"), sort


def table(qs: QuerySet[RoundForm], get) -> Table:
    from urllib.parse import urlencode

    qs, f = filtered(qs, get)
    qs, sort = ordered(qs, get.get("sort") or DEFAULT_SORT)
    number = get.get("page") or 1
    # Ids first (the sort columns and ids are all in the indexes), then the page's 50 rows by id:
    # a page deep in a large round then reads no other row of it.
    page = Paginator(qs.values_list("id", flat=True), PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    found = {f.pk: f for f in RoundForm.objects.filter(pk__in=ids).only(*SHOWN)}
    page.object_list = [found[i] for i in ids if i in found]
    query = urlencode({k: v for k, v in f.items() if v})
    heads = []
    for key, (label, _) in SORTS.items():
        now = sort.lstrip("-") == key
        link = f"-{key}" if now and not sort.startswith("-") else key
        heads.append((key, label, link, ("▼" if sort.startswith("-") else "▲") if now else ""))
    return Table(page, f, sort, query, heads)


def counts(qs: QuerySet[RoundForm]) -> dict[str, int]:
    """How many forms are in each status (one grouped query)."""
    found = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id")).order_by()}
    return {code: found.get(code, 0) for code, _ in FORM_STATUSES}


def headline(form: RoundForm):
    """The form's 复核总分 and grade as every page shows them (暂定 with the weight scored)."""
    from ..analysis import Headline

    if form.review_total is None or not form.grade:
        return None
    weight = form.weight if form.weight is not None else Decimal(100)
    scored = form.scored_weight if form.scored_weight is not None else weight
    return Headline(form.review_total, form.grade, weight, scored, form.provisional, "self_evaluation")


def signed(value) -> str:
    if value is None:
        return "—"
    text = score_text(value)
    if text.lstrip("+-") == score_text(Decimal(0)):
        return text.lstrip("+-")  # a difference that rounds away is shown as none
    return ("+" + text) if value > 0 and not text.startswith("+") else text


def rows(page, r=None) -> list[dict]:
    out = []
    for form in page:
        seen = form.file_id is not None  # a 未提交 place has nothing to show yet
        out.append({"form": form, "self": filled_text(form.self_total) if seen else "—",
                    "review": score_text(form.review_total) if seen else "—", "difference": signed(form.difference),
                    "alarm": form.status == FORM_ERRORS, "headline": headline(form),
                    # flagged, never silently taken in: a late form, a project the round does not cover
                    "late": seen and r is not None and form.submitted_at is not None and past_deadline(r, form.submitted_at),
                    "out_of_scope": seen and r is not None and not in_scope(r, form.label)})
    return out
