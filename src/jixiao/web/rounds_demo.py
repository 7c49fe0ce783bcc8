"""The demo's 自评 round: open, with the departments of the demo bureau in scope, one form
already taken in and reviewed, the others 未提交, so the round page shows every state a
bureau meets first."""

from __future__ import annotations

from pathlib import Path

from .models import FORM_MISSING, Organisation, Round, RoundFile, RoundForm
from .rounds_review import review_now
from .uploads import store


def demo_round(bureau: Organisation, departments: list[Organisation], forms: list[tuple[Organisation, Path]], user) -> Round:
    r = Round.objects.create(bureau=bureau, year=2024, name="2024年度绩效自评", projects=[], created_by=user)
    r.departments.set(departments)
    RoundForm.objects.bulk_create([RoundForm(round=r, department=o, department_name=o.name[:200], status=FORM_MISSING)
                                   for o in departments])
    for dept, path in forms:
        data = path.read_bytes()
        stored, digest = store(data, path.name)
        rf = RoundFile.objects.create(round=r, department=dept, stored_name=stored, original_name=path.name,
                                      size=len(data), sha256=digest, uploaded_by=user)
        review_now(rf)
    return r
