"""Each user sees only the controls they may use: no 保存 bar or editing hints on a page
they cannot change, no buttons for actions their role on the evaluation does not allow."""

from __future__ import annotations

import pytest

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.web.models import Organisation
from jixiao.web.store import head_document

SAVE = 'id="save"'
EDIT_HINTS = ("点“保存”生成新的修订", "基于修订", "＋一级指标", "＋下级", "＋ 添加一行", "开始填写")
TABS = ("info", "budget", "targets", "indicators", "self", "findings", "interviews", "problems", "report", "history")


def page(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200, url
    return resp.content.decode()


def assert_read_only(html: str, where: str) -> None:
    assert SAVE not in html, where
    for hint in EDIT_HINTS:
        assert hint not in html, (where, hint)


@pytest.mark.parametrize("tab", ["indicators", "findings", "interviews"])
def test_web_department_sees_no_save_bar_where_it_can_edit_nothing(demo, tab):
    """The 被评价单位 fills in its own sections; 指标体系, 发现与建议 and 访谈 are the evaluator's."""
    ev = demo.reference
    html = page(demo.client("renshe"), f"/e/{ev.pk}/{tab}/")
    assert_read_only(html, tab)
    assert "您的角色对此页只读" in html


def test_web_department_still_saves_its_own_sections_and_uploads(demo):
    ev = demo.reference
    renshe = demo.client("renshe")
    for tab in ("info", "budget", "targets"):
        assert SAVE in page(renshe, f"/e/{ev.pk}/{tab}/"), tab
    assert 'action="/e/%d/files/"' % ev.pk in page(renshe, f"/e/{ev.pk}/interviews/")


def test_web_department_leaf_page_has_no_save_bar(demo):
    ev = demo.reference
    path = leaf_path(head_document(ev), "C23")
    html = page(demo.client("renshe"), f"/e/{ev.pk}/leaf/?path={path}")
    assert SAVE not in html and "基于修订" not in html and "您的角色对此页只读" in html


def test_web_reviewer_sees_review_controls_only(demo):
    ev = demo.reference
    zhikong = demo.client("zhikong")
    for tab in TABS:
        html = page(zhikong, f"/e/{ev.pk}/{tab}/")
        assert_read_only(html, tab)
        assert 'id="finalise"' not in html and 'action="/e/%d/files/"' % ev.pk not in html, tab
    problems = page(zhikong, f"/e/{ev.pk}/problems/")
    assert "发表意见" in problems and "质控通过" in problems


def test_web_evaluator_keeps_every_editing_control(demo):
    ev = demo.reference
    pingjia = demo.client("pingjia")
    html = page(pingjia, f"/e/{ev.pk}/indicators/")
    assert SAVE in html and "点“保存”生成新的修订" in html and "＋一级指标" in html
    assert 'id="finalise"' in page(pingjia, f"/e/{ev.pk}/history/")


def test_web_organisation_it_is_shared_with_only_reads(demo):
    """Sharing lets another bureau read; its administrator gets no comment, review or version buttons."""
    ev = demo.reference
    ev.shared_with.add(Organisation.objects.get(name="另一财政局"))
    other = demo.client("other_admin")
    for tab in TABS:
        html = page(other, f"/e/{ev.pk}/{tab}/")
        assert_read_only(html, tab)
        for control in ("发表意见", "提交质控", "质控通过</button>", "退回修改", 'id="finalise"', "开始新版本", "保存分配"):
            assert control not in html, (tab, control)
    pingjia = demo.client("pingjia")
    pingjia.post(f"/e/{ev.pk}/finalise/")
    assert "开始新版本" in page(pingjia, f"/e/{ev.pk}/history/")
    assert "开始新版本" not in page(other, f"/e/{ev.pk}/history/")
