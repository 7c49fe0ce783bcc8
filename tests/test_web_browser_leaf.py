"""In a real browser: a rule parameter edited in its labelled field on the leaf page, saved, and scored."""

from __future__ import annotations

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401


def test_web_browser_leaf_parameter_changes_the_score(site, browser):
    base, demo = site
    ev = demo.reference
    page = browser.new_page()
    console = []  # htmx says so when a live figure has no place on the page
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    log_in(page, base, "pingjia")
    page.click(f"text={ev.subject}")
    assert page.text_content("#s-B22") == "4.00"
    page.click("#row-B22 a:has-text('预算执行率')")
    page.wait_for_selector("text=评分规则")
    assert page.locator("body").inner_text().count("README") == 0

    rule_type = page.get_by_label("规则类型")
    assert rule_type.locator("option:checked").inner_text() == "阶梯扣分"
    shown = page.locator("fieldset.rule-params:not([hidden])")  # the chosen type's parameters
    full_at = shown.get_by_role("textbox", name="满分线")  # not 满分线为上限, its select
    assert full_at.input_value() == "95%"
    assert shown.get_by_label("每个百分点扣分").input_value() == "0.10"

    # another type shows its own fields; back to 阶梯扣分, its values are still there
    rule_type.select_option(label="扣分制")
    shown.get_by_label("每项扣分").wait_for(state="visible")
    assert not page.locator("#f-rule-step-full_at").is_visible()
    rule_type.select_option(label="阶梯扣分")
    full_at = shown.get_by_role("textbox", name="满分线")  # not 满分线为上限, its select
    full_at.wait_for(state="visible")
    assert full_at.input_value() == "95%"

    # the score follows as the parameter is typed, then the save keeps it
    full_at.fill("100%")
    page.wait_for_function("() => document.querySelector('#s-B22').textContent === '3.96'")
    page.click("#save")
    page.wait_for_selector("text=已保存")
    assert page.text_content("#s-B22") == "3.96"
    assert page.text_content("#total") == "96.96"
    ev.refresh_from_db()
    assert ev.head == 2
    assert not console, console
    page.close()
