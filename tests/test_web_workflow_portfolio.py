"""The portfolio at a bureau's scale: the demo's previous year fills 上年总分 / 较上年, the list is
paginated and sorted in the database, filters and sorting kept across pages."""

from __future__ import annotations

import re

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.models import Evaluation
from jixiao.web.portfolio import PER_PAGE


def subjects(html: str) -> list[str]:
    return re.findall(r'<td><a href="/e/\d+/indicators/">([^<]+)</a>', html)


def test_web_demo_portfolio_compares_with_the_previous_year(demo):
    page = demo.client("caizheng").get("/evaluations/").content.decode()
    prev = Evaluation.objects.get(year=2023)
    assert prev.is_final and prev.subject == demo.reference.subject
    assert re.search(r'<a href="/e/%d/indicators/">97\.00</a></td>\s*<td class="num">0\.00' % prev.pk, page)


def test_web_portfolio_pages_and_sorts(demo):
    ref = demo.reference
    Evaluation.objects.bulk_create([
        Evaluation(bureau=ref.bureau, firm=ref.firm, department=ref.department, title=f"评价{i:03d}",
                   subject=f"测试单位{i:03d}", kind="project", year=2024) for i in range(PER_PAGE + 10)])
    c = demo.client("caizheng")
    first = c.get("/evaluations/?kind=project&sort=subject").content.decode()
    assert subjects(first)[:2] == ["测试单位000", "测试单位001"] and len(subjects(first)) == PER_PAGE
    assert f"共 {PER_PAGE + 10} 项，第 1 / 2 页" in first
    assert 'href="?kind=project&amp;sort=subject&amp;page=2"' in first
    second = c.get("/evaluations/?kind=project&sort=subject&page=2").content.decode()
    assert subjects(second) == [f"测试单位{i:03d}" for i in range(PER_PAGE, PER_PAGE + 10)]
    assert subjects(c.get("/evaluations/?kind=project&sort=-subject").content.decode())[0] == f"测试单位{PER_PAGE + 9:03d}"
    # by 总分, highest first; the unscored last; a page out of range is the last page, a sort unknown the default
    by_total = subjects(c.get("/evaluations/?sort=-total").content.decode())
    assert by_total[:2] == [ref.subject, ref.subject] and by_total[2] == "职业技能提升行动专项资金"
    assert "第 2 / 2 页" in c.get("/evaluations/?page=99").content.decode()
    assert c.get("/evaluations/?sort=password&page=abc").status_code == 200
