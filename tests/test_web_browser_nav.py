"""In a real browser, the bureau administrator's nav — the workspace's links and every stage's —
stays legible on a laptop screen: each link on one line, none squeezed to a character a line."""

from __future__ import annotations

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401


def test_web_browser_every_nav_link_reads_on_one_line(site, browser):  # noqa: F811
    base, _ = site
    for width in (1280, 1024):
        page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
        log_in(page, base, "caizheng")
        links = page.locator("header.top nav a")
        assert links.count() >= 12  # 评价列表 … 结果应用, 用户管理, 财政局设置, 待办, 通知, 账户
        heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('header.top nav a')).lineHeight) "
                             "|| parseFloat(getComputedStyle(document.querySelector('header.top nav a')).fontSize) * 1.6")
        assert max(heights) < 1.5 * line, (width, heights, line)
        page.context.close()
