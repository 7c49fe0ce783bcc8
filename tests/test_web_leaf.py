"""The leaf page: 规则类型 as a list of Chinese names, each parameter in its labelled field (CSRF enforced)."""

from __future__ import annotations

from decimal import Decimal

import lxml.html

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.web.store import head_document


def _page(client, ev, code: str):
    path = leaf_path(head_document(ev), code)
    resp = client.get(f"/e/{ev.pk}/leaf/", {"path": path})
    assert resp.status_code == 200
    return path, lxml.html.fromstring(resp.content.decode())


def _posted(page) -> dict[str, str]:
    """What the browser sends: the form's enabled fields (a disabled fieldset sends nothing)."""
    form = next(f for f in page.forms if f.get("action", "").endswith("/save/"))
    out = {}
    for el in form.inputs:
        name = el.get("name")
        if not name or el.get("disabled") is not None or el.xpath("ancestor::fieldset[@disabled]"):
            continue
        if el.tag == "input" and el.get("type") in ("submit", "button"):
            continue
        out[name] = el.value or ""
    return out


def _field(page, label: str):
    """The control of the visible field labelled `label`, as a user finds it."""
    for lab in page.xpath("//label"):
        control = page.get_element_by_id(lab.get("for"), None) if lab.get("for") else None
        if control is None or control.xpath("ancestor::fieldset[@hidden]"):
            continue
        if lab.text_content().replace("（必填）", "").strip() == label:
            return control
    raise AssertionError(label)


def _score(client, ev, code: str) -> str:
    _, page = _page(client, ev, code)
    cid = page.xpath("//span[starts-with(@id, 's-')]")[0]
    return cid.text_content()


def test_leaf_rule_type_is_chosen_by_its_chinese_name_and_parameters_are_labelled(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    _, page = _page(c, ev, "A11")
    rule = page.xpath("//h2[text()='评分规则']/..")[0]
    text = rule.text_content()
    assert "README" not in text and "YAML" not in text
    select = _field(page, "规则类型")
    options = [o.text_content() for o in select.xpath("option")]
    assert options[:3] == ["等级评分", "扣分制", "要点评分"] and not [o for o in options if any("a" <= ch <= "z" for ch in o)]
    assert select.value == "levels"
    assert _field(page, "等级及得分").value == "明确=2；职责不清晰=1；未进行职责分解=0"
    assert "每个等级写成 等级=得分" in rule.text_content()

    _, page = _page(c, ev, "C11")
    assert _field(page, "超额偏差档").value.splitlines() == ["偏差≤10%：扣0分", "偏差≤20%：每超1%扣1分", "偏差>20%：计0分"]
    assert _field(page, "故意虚报").value == "否"
    assert _field(page, "填报不实扣分").value == "2"


def test_saving_the_leaf_untouched_keeps_the_document(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    for code in ("A11", "A21", "A42", "B22", "B23", "B24", "B31", "C11"):
        _, page = _page(c, ev, code)
        resp = c.post(f"/e/{ev.pk}/save/", _posted(page))
        assert resp.status_code == 422 and "内容没有变化" in resp.content.decode(), code
    ev.refresh_from_db()
    assert ev.head == 1


def test_a_parameter_changed_in_its_field_changes_the_score(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    assert _score(c, ev, "B22") == "4.00"
    path, page = _page(c, ev, "B22")
    form = _posted(page)
    form[_field(page, "满分线").get("name")] = "100%"
    assert c.post(f"/e/{ev.pk}/save/", form).status_code == 302
    ev.refresh_from_db()
    assert ev.head == 2
    doc = head_document(ev)
    from jixiao.io.document import get_path

    assert get_path(doc, path)["rule"] == {"type": "step", "full_at": "100%", "per_point": "0.10"}
    assert _score(c, ev, "B22") == "3.96"  # 0.40 points below 100% × 0.10

    # 扣分事项, one a line, one with its own deduction
    path, page = _page(c, ev, "A21")
    form = _posted(page)
    form[_field(page, "扣分事项").get("name")] = "未制定中长期规划（扣1分）\r\n规划与上级规划不衔接"
    assert c.post(f"/e/{ev.pk}/save/", form).status_code == 302
    ev.refresh_from_db()
    rule = get_path(head_document(ev), path)["rule"]
    assert rule["findings"] == [{"text": "未制定中长期规划", "points": "1"}, "规划与上级规划不衔接"]
    assert Decimal(_score(c, ev, "A21")) == Decimal("0.50")


def test_choosing_another_rule_type_shows_and_saves_its_own_parameters(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    path, page = _page(c, ev, "B31")
    step = page.get_element_by_id("rule-step")
    assert step.get("hidden") is not None and step.get("disabled") is not None  # not posted unless chosen
    # the page's script enables the fieldset of the chosen type; the browser then posts its fields
    form = {k: v for k, v in _posted(page).items() if not k.startswith("r:deduct:")}
    form[_field(page, "规则类型").get("name")] = "step"
    form[f"r:step:{path}.rule.full_at"] = "95%"
    form[f"r:step:{path}.rule.per_point"] = "0.5"
    assert c.post(f"/e/{ev.pk}/save/", form).status_code == 302
    ev.refresh_from_db()
    from jixiao.io.document import get_path

    # the 扣分制 parameters (每项扣分, 扣分事项, 一票否决) went with the type
    assert get_path(head_document(ev), path)["rule"] == {"type": "step", "full_at": "95%", "per_point": "0.5"}


def test_a_badly_written_parameter_is_refused_with_what_is_expected(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    _, page = _page(c, ev, "A11")
    form = _posted(page)
    form[_field(page, "等级及得分").get("name")] = "明确两分"
    resp = c.post(f"/e/{ev.pk}/save/", form)
    assert resp.status_code == 422
    body = resp.content.decode()
    assert "“明确两分”应写成 等级=得分" in body and "Traceback" not in body
    ev.refresh_from_db()
    assert ev.head == 1


def test_a_reader_sees_the_parameters_but_cannot_edit_them(demo):
    c = demo.client("zhikong", enforce_csrf_checks=True)
    ev = demo.reference
    _, page = _page(c, ev, "B22")
    field = _field(page, "满分线")
    assert field.value == "95%" and field.get("disabled") is not None
