"""A declaration reviewed as `jixiao check` reviews one, with its history and peers from the database:
last year's actual values of the same department (its 定稿 evaluation and its 自评 round's form) and
the other departments' declarations of the year sent to the bureau."""

from __future__ import annotations

import dataclasses
import logging

from django.utils import timezone

from ...analysis import analyse
from ...io.document import load_plain
from ...library import STAGES
from ...library.build import from_evaluation, from_selfeval
from ...model.declaration import Actual, Entry, peers_from
from ...problems import Problem, Severity, Source, sort_problems
from ...sources import open_forms, open_source
from ..documents import analysis_of_text, stored_document
from ..models import FINAL, Evaluation
from ..rounds_models import FORM_CONFIRMED, FORM_SUBMITTED, RoundForm
from ..rounds_review import problem_row
from ..uploads import path_of
from .forms import field_of, field_place
from .models import REVIEWED, Declaration

STORED = "申报表"
log = logging.getLogger("jixiao.declarations")


def loaded_of(row: Declaration):
    """What the declaration reads as: its uploaded file while that is the source (problems at cells), else its document."""
    if row.stored_name:
        try:
            return open_source(path_of(row.stored_name).read_bytes(), row.original_name)
        except (FileNotFoundError, OSError):
            log.warning("申报表 %s 的上传文件 %s 不存在，按保存的内容复核", row.pk, row.stored_name)
    return load_plain(stored_document(row.text), STORED)


def _final_text(ev: Evaluation) -> str | None:
    rev = ev.final_revision or ev.revisions.filter(number=ev.head).first()
    return rev.text if rev is not None else None


def last_year_records(department, bureau_id: int, year: int) -> list:
    """Library records of the department's year: its 定稿 evaluations and its 自评 round's forms."""
    records = []
    for ev in Evaluation.objects.filter(department=department, bureau_id=bureau_id, year=year, status=FINAL):
        text = _final_text(ev)
        loaded, _ = analysis_of_text(text) if text else (None, None)
        if loaded is not None and loaded.evaluation is not None:
            records += from_evaluation(loaded.evaluation, department.name)
    forms = RoundForm.objects.filter(round__bureau_id=bureau_id, round__year=year, department=department,
                                     status__in=(FORM_SUBMITTED, FORM_CONFIRMED), file__isnull=False).select_related("file")
    for rf in forms:
        records += round_form_records(rf, department.name, year)
    return records


def round_form_records(rf: RoundForm, department: str, year: int) -> list:
    try:
        found = open_forms(path_of(rf.file.stored_name), rf.file.original_name)
    except (FileNotFoundError, OSError):
        return []
    form = found[rf.position] if rf.position < len(found) else None
    ev = form.loaded.evaluation if form is not None else None
    if ev is None or ev.self_evaluation is None:
        return []
    return list(from_selfeval(ev.self_evaluation, department, year))


def history_for(row: Declaration) -> tuple[Actual, ...]:
    prev = row.year - 1
    # the verified 完成值 of the evaluation last, so it stands over the 自评表's self-reported one
    records = sorted(last_year_records(row.department, row.bureau_id, prev), key=lambda r: list(STAGES).index(r.stage))
    return tuple(Actual(r.name, r.actual, r.year, Source(file=f"{prev}年{_stage(r.stage)}")) for r in records
                 if r.actual is not None)


def _stage(stage: str) -> str:
    return {"evaluation": "绩效评价（定稿）", "selfeval": "自评表"}.get(stage, stage)


def peer_declarations(row: Declaration) -> list:
    others = Declaration.objects.filter(bureau_id=row.bureau_id, year=row.year, status__in=REVIEWED).exclude(
        department_id=row.department_id)
    out = []
    for other in others.select_related("department"):
        loaded = load_plain(stored_document(other.text), STORED)
        d = loaded.evaluation.declaration if loaded.evaluation is not None else None
        if d is not None:  # named by its organisation, whatever its 主管部门 says
            out.append(dataclasses.replace(d, department=Entry(other.department.name)))
    return out


def review(row: Declaration) -> list[Problem]:
    loaded = loaded_of(row)
    ev = loaded.evaluation
    if ev is None or ev.declaration is None:
        return sort_problems(loaded.problems)
    declared = dataclasses.replace(ev.declaration, history=ev.declaration.history + history_for(row))
    own = dataclasses.replace(declared, department=Entry(row.department.name))
    declared = dataclasses.replace(declared, peers=peers_from(peer_declarations(row), own))
    analysis = analyse(dataclasses.replace(ev, declaration=declared))
    return sort_problems([*loaded.problems, *analysis.problems])


def store_review(row: Declaration, problems: list[Problem]) -> None:
    rows = []
    for p in problems:
        r = problem_row(p)
        r["field"] = field_of(p.where.path)
        # a cell of the uploaded file, else the online form's field, else the place in the document
        r["where"] = r["where"] or field_place(r["field"]) or r["place"]
        rows.append(r)
    row.problems = rows
    row.error_count = sum(1 for p in problems if p.severity is Severity.ERROR)
    row.warning_count = sum(1 for p in problems if p.severity is Severity.WARNING)
    row.note_count = sum(1 for p in problems if p.severity is Severity.INFO)
    row.updated_at = timezone.now()


def review_and_store(row: Declaration) -> None:
    store_review(row, review(row))
    row.save()
