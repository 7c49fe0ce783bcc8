"""In a real browser: the 质控 gate (no 定稿 before 质控通过, refused by the server too) and a
reviewer's comment on C23 reaching C23's page and the evaluator's 待办."""

from __future__ import annotations

from test_web_browser import browser, log_in, site  # noqa: F401
from test_web_browser import pytestmark  # noqa: F401
from test_web_fixtures import leaf_path
from jixiao.web.models import DRAFT, Evaluation
from jixiao.web.store import head_document

POST_FINALISE = """async (url) => {
    const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
    const r = await fetch(url, {method: 'POST', body: new URLSearchParams({csrfmiddlewaretoken: token})});
    return [r.status, await r.text()];
}"""


def test_web_browser_evaluator_cannot_finalise_before_review_passes(site, browser):
    base, demo = site
    ev = demo.reference
    Evaluation.objects.filter(pk=ev.pk).update(status=DRAFT)
    evaluator = browser.new_context().new_page()
    log_in(evaluator, base, "pingjia")
    evaluator.goto(f"{base}/e/{ev.pk}/history/")
    assert evaluator.locator("#finalise").count() == 0
    assert "质控通过后才能定稿（当前状态：编制中）" in evaluator.text_content("#finalise-gate")
    status, text = evaluator.evaluate(POST_FINALISE, f"/e/{ev.pk}/finalise/")
    assert status == 409 and "质控通过后才能定稿" in text
    assert not Evaluation.objects.get(pk=ev.pk).is_final

    evaluator.goto(f"{base}/e/{ev.pk}/problems/")
    evaluator.click("#submit-review")
    evaluator.wait_for_selector("text=已提交质控。")
    reviewer = browser.new_context().new_page()
    log_in(reviewer, base, "zhikong")
    reviewer.goto(f"{base}/e/{ev.pk}/problems/")
    reviewer.click("#approve")
    reviewer.wait_for_selector("text=质控已通过。")

    evaluator.goto(f"{base}/e/{ev.pk}/history/")
    evaluator.on("dialog", lambda d: d.accept())
    evaluator.click("#finalise")
    evaluator.wait_for_selector("text=已定稿：第 1 版")
    assert Evaluation.objects.get(pk=ev.pk).is_final


def test_web_browser_comment_on_c23_reaches_c23_and_the_evaluators_todo(site, browser):
    base, demo = site
    ev = demo.reference
    path = leaf_path(head_document(ev), "C23")
    reviewer = browser.new_context().new_page()
    log_in(reviewer, base, "zhikong")
    reviewer.goto(f"{base}/e/{ev.pk}/leaf/?path={path}")
    reviewer.fill("#comment-text", "C23 举报投诉案件结案率的填报值与台账不一致，请核实。")
    reviewer.click("#comment-submit")
    reviewer.wait_for_selector("text=意见已记录。")
    assert "请核实" in reviewer.text_content("#comments")

    evaluator = browser.new_context().new_page()
    log_in(evaluator, base, "pingjia")
    assert evaluator.text_content("#nav-notifications .badge") == "1"
    evaluator.goto(f"{base}/todo/")
    item = evaluator.locator("#todo a", has_text="指标C23的质控意见待处理")
    assert item.count() == 1
    item.click()
    evaluator.wait_for_selector("#comments")
    assert "C23 举报投诉案件结案率的填报值与台账不一致" in evaluator.text_content("#comments")
    assert "指标C23" in evaluator.text_content("#comments h2")


def test_web_browser_a_save_after_review_passed_goes_back_to_the_reviewer(site, browser):
    """The evaluator changes C23 after 质控通过: the page says it is 质控中 again, and the reviewer's
    nav counts the notification on the 指标体系 page it had open (kept pages included)."""
    base, demo = site
    ev = demo.reference  # 质控通过 in the demo
    reviewer = browser.new_context().new_page()
    log_in(reviewer, base, "zhikong")
    for _ in range(2):  # the second visit is served from the kept pages
        reviewer.goto(f"{base}/e/{ev.pk}/indicators/")
        assert reviewer.text_content("#nav-notifications").strip() == "通知"
    evaluator = browser.new_context().new_page()
    log_in(evaluator, base, "pingjia")
    evaluator.goto(f"{base}/e/{ev.pk}/indicators/")
    assert evaluator.text_content(".ev-head .badge") == "质控通过"
    evaluator.fill("#reported-C23", "97.63%")
    evaluator.wait_for_function("() => document.querySelector('#s-C23').textContent === '6.00'")
    evaluator.click("#save")
    evaluator.wait_for_selector("text=评价已回到“质控中”，需质控人员重新审核后才能定稿")
    assert evaluator.text_content(".ev-head .badge") == "质控中"
    reviewer.goto(f"{base}/e/{ev.pk}/indicators/")
    assert reviewer.text_content("#nav-notifications .badge") == "1"
    reviewer.click("#nav-notifications")
    assert "已回到质控中，请重新审核" in reviewer.text_content("main")


def test_web_browser_department_sees_no_problem_count_before_publication(site, browser):
    base, demo = site
    ev = demo.reference
    page = browser.new_context().new_page()
    log_in(page, base, "renshe")
    page.goto(f"{base}/e/{ev.pk}/info/")
    assert page.text_content("nav.tabs >> text=检查结果").strip() == "检查结果"
