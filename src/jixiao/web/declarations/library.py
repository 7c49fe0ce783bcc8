"""The 指标库 page of the workspace: the library (jixiao.library) built from the bureau's database —
its departments' declarations, its 定稿 evaluations, its 自评 rounds' forms and, where the 运行监控
stage provides them, its monitoring forms — searched, an indicator's history by department and
year, and the suggested 标杆值 with its figures; the online form asks it as a name is typed."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ...library import STAGES, Library, seed, suggest
from ...library.build import from_declaration, from_evaluation, from_plain
from .. import access
from ..documents import analysis_of_text, stored_document
from ..models import ADMIN, FINAL, Evaluation
from ..rounds_models import FORM_CONFIRMED, FORM_SUBMITTED, RoundForm
from . import scope
from .models import REVIEWED, Declaration
from .review import STORED, round_form_records

log = logging.getLogger("jixiao.declarations")
SHOWN = 50  # indicators a search lists


def _declared(bureau_id: int) -> list:
    from ...io.document import load_plain

    out: list = []
    for row in Declaration.objects.filter(bureau_id=bureau_id, status__in=REVIEWED).select_related("department"):
        loaded = load_plain(stored_document(row.text), STORED)
        if loaded.evaluation is not None and loaded.evaluation.declaration is not None:
            out += from_declaration(loaded.evaluation.declaration, row.department.name)
    return out


def _evaluated(bureau_id: int) -> list:
    out: list = []
    for ev in Evaluation.objects.filter(bureau_id=bureau_id, status=FINAL).select_related("department", "final_revision"):
        if ev.final_revision is None:
            continue
        loaded, _ = analysis_of_text(ev.final_revision.text)
        if loaded.evaluation is not None:
            out += from_evaluation(loaded.evaluation, ev.department.name if ev.department else None)
    return out


def _rounds(bureau_id: int) -> list:
    out: list = []
    forms = RoundForm.objects.filter(round__bureau_id=bureau_id, status__in=(FORM_SUBMITTED, FORM_CONFIRMED),
                                     file__isnull=False).select_related("file", "round", "department")
    for rf in forms:
        out += round_form_records(rf, rf.department.name if rf.department else rf.department_name, rf.round.year)
    return out


def _monitored(bureau) -> list:
    """运行监控's records, where that stage is installed (it provides them as plain records)."""
    try:
        from ..monitoring.library import indicator_records
    except ImportError:
        return []
    try:
        return list(from_plain(indicator_records(bureau)))
    except Exception:  # a stage's failure must not take the 指标库 down: its records are left out, and logged
        log.exception("运行监控的指标记录无法读取，指标库暂不含运行监控数据")
        return []


def bureau_library(bureau) -> Library:
    return Library(seed()).with_records([*_declared(bureau.pk), *_monitored(bureau), *_rounds(bureau.pk), *_evaluated(bureau.pk)])


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 4 else None


@login_required
def library_page(request):
    role = scope.role_or_404(request)
    q, name = request.GET.get("q", "").strip()[:100], request.GET.get("name", "").strip()[:200]
    year = _year(request.GET.get("year", ""))
    lib = bureau_library(scope.bureau_of(request.user))
    entries = lib.search(q)
    entry = lib.find(name) if name else (entries[0] if q and len(entries) == 1 else None)
    department = access.profile_of(request.user).organisation.name if role != ADMIN else request.GET.get("department", "") or None
    ctx = {"q": q, "entries": entries[:SHOWN], "more": max(0, len(entries) - SHOWN), "entry": entry, "stages": STAGES,
           "year": year or "", "is_bureau": role == ADMIN}
    if entry is not None:
        ctx["suggestion"] = suggest(lib, entry.indicator.name, department, year)
        ctx["departments"] = entry.departments()
    return render(request, "declarations/library.html", ctx)


@login_required
def suggestion(request):
    """The library's suggestion for a name as it is typed in the online form (an htmx fragment)."""
    role = scope.role_or_404(request)
    name = (request.GET.get("name") or next((v for k, v in request.GET.items() if k.endswith("-name")), "")).strip()[:200]
    if len(name) < 2:
        return render(request, "declarations/_suggestion.html", {"s": None})
    lib = bureau_library(scope.bureau_of(request.user))
    department = access.profile_of(request.user).organisation.name if role != ADMIN else None
    entry = lib.find(name)
    s = suggest(lib, entry.indicator.name, department, _year(request.GET.get("year", ""))) if entry is not None else None
    return render(request, "declarations/_suggestion.html", {"s": s, "entry": entry, "name": name})
