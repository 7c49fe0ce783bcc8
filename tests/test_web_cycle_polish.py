"""What the year's pages show as a user reads them: the 目标申报 list's 资金总额 as money (thousands,
2 places, the form's unit); next year's declaration waiting in a department's 待办 until it is begun;
the demo's 2024 自评 round named for the forms it holds (部门整体 as well as 项目支出)."""

from __future__ import annotations

import re

from test_web_fixtures import demo  # noqa: F401

from jixiao.web.declarations.models import Declaration, next_year
from jixiao.web.demo import DEPT_1
from jixiao.web.models import Round, RoundFile


def test_web_declaration_list_shows_the_funds_as_money_with_the_unit(demo):
    page = demo.client("caizheng").get("/declarations/").content.decode()
    row = re.search(r"<tr><td>[^<]*人力资源和社会保障局</td>.*?</tr>", page, re.S).group(0)
    assert '<td class="num">6,923.36万元</td>' in row  # stored as written: 6923.3552
    assert "6923.3552" not in page
    stored = Declaration.objects.get(department__name=DEPT_1)
    assert str(stored.total) == "6923.3552"  # rounded for display only


def test_web_declaration_page_shows_the_funds_and_their_sources_as_money(demo):
    pk = Declaration.objects.get(department__name=DEPT_1).pk
    page = demo.client("renshe").get(f"/declarations/{pk}/").content.decode()
    assert "<th>资金总额</th><td>6,923.36万元；其中财政拨款 6,923.36</td>" in page
    assert "6923.3552" not in page


def test_web_next_years_declaration_waits_in_the_departments_todo_until_begun(demo):
    year = next_year()
    renshe = demo.client("renshe")
    todo = renshe.get("/todo/").content.decode()
    assert f"{year}年度绩效目标申报表尚未填报" in todo and f"<td>{year}年度目标申报</td>" in todo
    assert f'href="/declarations/new/?year={year}"' in todo
    assert renshe.get(f"/declarations/new/?year={year}").status_code == 200  # the link opens the form of that year
    assert "尚未填报" not in demo.client("caizheng").get("/todo/").content.decode()  # a department's task only
    department = Declaration.objects.get(department__name=DEPT_1)
    Declaration.objects.create(bureau=department.bureau, department=department.department, year=year, text="")
    todo = renshe.get("/todo/").content.decode()
    assert f"{year}年度绩效目标申报表尚未填报" not in todo and f"绩效目标申报表待提交：{year}年" in todo


def test_web_demo_round_is_named_for_the_forms_it_holds(demo):
    (r,) = Round.objects.filter(year=2024)
    assert r.name == "2024年度绩效自评"
    kinds = set(RoundFile.objects.filter(round=r).values_list("department__name", flat=True))
    assert any("人力资源和社会保障局" in name for name in kinds)  # the 部门整体 自评表 of the year's walk-through
