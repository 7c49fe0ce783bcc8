"""Demo data: a finance bureau, two evaluation firms, three departments, the
reference evaluation and the sample self-evaluation, one user per role."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from ..sources import open_source
from . import stages
from .models import ADMIN, APPROVED, AUDITOR, BUREAU, DEPARTMENT, ENTITY, EVALUATOR, FIRM, REVIEWER, Evaluation, Organisation, Profile
from .store import create_evaluation

PASSWORD = "jixiao-demo"
BUREAU_NAME = "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）财政局"
FIRM_1 = "新疆华阳有限责任会计师事务所"
FIRM_2 = "新疆天山绩效评价咨询有限公司"
DEPT_1 = "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局"
DEPT_2 = "示例县人力资源和社会保障局"
DEPT_3 = "高新区（新市区）教育局"

# username, organisation, role, display name
USERS = [
    ("caizheng", BUREAU_NAME, ADMIN, "财政局管理员"),
    ("shenji", BUREAU_NAME, AUDITOR, "审计管理员"),
    ("pingjia", FIRM_1, EVALUATOR, "胡嘉敏"),
    ("zhikong", FIRM_1, REVIEWER, "王吉江"),
    ("renshe", DEPT_1, ENTITY, "人社局填报人"),
    ("pingjia2", FIRM_2, EVALUATOR, "另一评价机构评价人员"),
    ("shixian", DEPT_2, ENTITY, "示例县人社局填报人"),
]


def examples_dir() -> Path:
    """The repository's examples/ (a source checkout), else the copies shipped in the package."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "examples" / "xinshi-hrss-2024.yaml").exists():
            return parent / "examples"
    return Path(str(resources.files("jixiao.web") / "frameworks" / "examples"))


def is_empty() -> bool:
    return not Organisation.objects.exists()


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo organisations, users and evaluations; returns the logins."""
    User = get_user_model()
    with transaction.atomic():
        bureau = Organisation.objects.create(name=BUREAU_NAME, kind=BUREAU)
        bureau.bureau = bureau
        bureau.save()
        orgs = {BUREAU_NAME: bureau}
        for name, kind in ((FIRM_1, FIRM), (FIRM_2, FIRM), (DEPT_1, DEPARTMENT), (DEPT_2, DEPARTMENT), (DEPT_3, DEPARTMENT)):
            orgs[name] = Organisation.objects.create(name=name, kind=kind, bureau=bureau)
        users = {}
        for username, org, role, display in USERS:
            user = User.objects.create_user(username=username, password=PASSWORD)
            Profile.objects.create(user=user, organisation=orgs[org], role=role, display_name=display)
            users[username] = user
        ex = examples_dir()
        reference = open_source(ex / "xinshi-hrss-2024.yaml", "xinshi-hrss-2024.yaml").document
        sample = open_source(ex / "project-selfeval-sample.yaml", "project-selfeval-sample.yaml").document
        ref = create_evaluation(reference, users["pingjia"], bureau, orgs[FIRM_1], orgs[DEPT_1], "导入参考评价 xinshi-hrss-2024.yaml")
        # The delivered reference has passed 质控: ready for its 定稿.
        Evaluation.objects.filter(pk=ref.pk).update(status=APPROVED)
        previous = previous_year(reference, users["pingjia"], bureau, orgs[FIRM_1], orgs[DEPT_1])
        own = create_evaluation(sample, users["pingjia2"], bureau, orgs[FIRM_2], orgs[DEPT_2], "导入示例自评表 project-selfeval-sample.yaml")
        from .rounds_demo import demo_round

        demo_round(bureau, [orgs[DEPT_1], orgs[DEPT_2], orgs[DEPT_3]], [(orgs[DEPT_2], ex / "project-selfeval-sample.yaml")],
                   users["caizheng"])
        # The cycle's other stages add their part of the year (web/stages.py).
        stages.run_demo(stages.DemoWorld(bureau, orgs, users, ex, {"reference": ref, "previous": previous, "sample": own}))
    return [(u, PASSWORD, f"{org}·{dict(Profile._meta.get_field('role').choices)[role]}") for u, org, role, _ in USERS]


def previous_year(reference: dict, user, bureau, firm, department) -> Evaluation:
    """The same department's evaluation a year before, 定稿, so the portfolio shows 上年总分 and 较上年."""
    import copy

    from .store import SaveRefused, finalise

    doc = copy.deepcopy(reference)
    year = int(doc["year"])
    doc["year"] = year - 1
    doc["title"] = str(doc.get("title", "")).replace(f"{year}年度", f"{year - 1}年度")
    ev = create_evaluation(doc, user, bureau, firm, department, f"导入 {year - 1} 年度评价")
    Evaluation.objects.filter(pk=ev.pk).update(status=APPROVED)
    try:
        return finalise(ev.pk, user)
    except SaveRefused:  # no signing key at hand: it stays 质控通过
        return ev


def logins_text(logins) -> str:
    lines = ["演示账户（密码均为 %s）：" % PASSWORD]
    for username, _, what in logins:
        lines.append(f"  {username:<10} {what}")
    return "\n".join(lines)


def demo_logins() -> list[tuple[str, str, str]]:
    return [(u, PASSWORD, f"{org}·{dict(Profile._meta.get_field('role').choices)[role]}") for u, org, role, _ in USERS]


def has_demo() -> bool:
    return Evaluation.objects.exists() and get_user_model().objects.filter(username="pingjia").exists()
