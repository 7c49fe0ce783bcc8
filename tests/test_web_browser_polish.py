"""In a real browser, the 目标申报 list as the bureau reads it: each status badge on one line, the
资金总额 as money, at the widths an office screen has."""

from __future__ import annotations

import pytest

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401

ONE_LINE = """els => els.map(e => {
    const size = parseFloat(getComputedStyle(e).fontSize);
    return [e.innerText, e.getBoundingClientRect().height < size * 2.2];
})"""


@pytest.mark.parametrize("width", [1024, 1280])
def test_web_browser_declaration_list_badges_keep_to_one_line(site, browser, width):
    base, _demo = site
    page = browser.new_page(viewport={"width": width, "height": 800})
    log_in(page, base, "caizheng")
    page.goto(f"{base}/declarations/")
    badges = page.eval_on_selector_all("#decl-list .badge, #decl-counts .badge", ONE_LINE)
    assert badges and all(one for _text, one in badges), badges
    assert "6,923.36万元" in page.inner_text("#decl-list")
    page.close()
