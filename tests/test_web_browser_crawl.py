"""Every page every demo user can reach, in a real browser: no English word, no raw key path,
no traceback, no server error. JIXIAO_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

import os
import re
from pathlib import Path
from collections import Counter
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401

USERS = ("caizheng", "shenji", "pingjia", "zhikong", "renshe", "pingjia2", "shixian")
# Words a Chinese user reads as they are: product and format names, units, the hash name.
ALLOWED = {
    "jixiao", "yaml", "word", "pdf", "excel", "html", "api", "token", "sha", "json", "xlsx", "xls", "docx",
    "csv", "png", "jpg", "jpeg", "gif", "webp", "txt", "wps", "zip", "id", "url", "totp", "ok",
    "google", "authenticator", "freeotp", "authorization",  # authenticator apps; the HTTP header to type
}
# What is not the interface's words: URLs and paths to type, file names, indicator codes (A11, C23),
NOT_WORDS = re.compile(r"https?://\S+|(?<![\w])/[\w/<>{}.-]*|[\w.-]+\.(?:yaml|yml|xlsx|xls|docx|pdf|png|jpg|zip)\b|(?<![A-Za-z0-9])[A-Z]+\d+(?![A-Za-z0-9])|\b[0-9a-f]{8,}\b")  # hashes and request ids too
# Pages that download files or change state are not visited by the crawl.
SKIP = re.compile(r"/(logout|export|files|download|jobs/\d+/file|report\.|preview\.pdf)|\.(xlsx|docx|pdf|yaml|zip)$")
LIMIT = 80  # pages per user from /evaluations/: the workspace's pages all fit; a loop in the links cannot run away
# The cycle's stages, each crawled from its own page to a cap of its own after the workspace, so that
# every stage's pages are read whatever the workspace's links use of the cap (a stage a user may not
# enter is its one refusal page).
STAGES = ("/declarations/", "/monitoring/", "/rectification/", "/results/")
STAGE_LIMIT = 20
PER_SHAPE = 5


def english_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """English words a user would read; login names (user data, not the interface's words) aside."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", NOT_WORDS.sub(" ", text))
    return [w for w in words if w.lower() not in ALLOWED and w not in names]


def shape(path: str) -> str:
    """A page's kind: its path with numbers as N and its query's keys (/declarations/library/?name=…)."""
    parts = urlparse(path)
    return re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(parse_qs(parts.query, keep_blank_values=True)))


def crawl(page, base: str, start: str, seen: set[str], limit: int = LIMIT, within: str = ""):
    """Pages from `start` by their links, breadth first, up to `limit` not in `seen` (shared between
    walks) and at most PER_SHAPE of one kind (the 指标库 links every indicator by name); with
    `within`, only links under that path, the start read (again) for its links."""
    queue, visited, kinds = [start], 0, Counter()
    while queue and visited < limit:
        url = queue.pop(0)
        path = urlparse(url).path + (("?" + urlparse(url).query) if urlparse(url).query else "")
        again = within and visited == 0  # the stage's own page, though the workspace's walk read it
        if (path in seen and not again) or kinds[shape(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        kinds[shape(path)] += 1
        visited += 1
        response = page.goto(url)
        # What a user reads: the text, and what fields show (values, the chosen option, placeholders).
        shown = page.evaluate("""() => [document.body.innerText, ...Array.from(
            document.querySelectorAll('input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([type=submit]):not([type=button]), textarea, select'),
            e => e.tagName === 'SELECT' ? (e.selectedOptions[0] || {}).text || '' : e.value + ' ' + (e.placeholder || ''))
        ].join('\\n')""")
        yield path, response.status, shown
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href.split("#")[0])
            if not target.startswith(base) or SKIP.search(urlparse(target).path):
                continue
            if within and not urlparse(target).path.startswith(within):
                continue
            queue.append(target)


def walks(page, base: str):
    """The workspace from /evaluations/, then each stage from its own page."""
    seen: set[str] = set()
    yield from crawl(page, base, f"{base}/evaluations/", seen)
    for stage in STAGES:
        yield from crawl(page, base, f"{base}{stage}", seen, STAGE_LIMIT, stage)


@pytest.mark.parametrize("username", USERS)
def test_web_browser_every_page_in_chinese(site, browser, username):
    base, _demo = site
    shots = os.environ.get("JIXIAO_SCREENSHOTS")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    from django.contrib.auth import get_user_model

    names = frozenset(get_user_model().objects.values_list("username", flat=True))
    log_in(page, base, username)
    bad: dict[str, object] = {}
    visited: list[str] = []
    for path, status, text in walks(page, base):
        visited.append(path)
        found = {
            "status": status if status >= 500 else None,
            "english": sorted(set(english_words(text, names))),
            "paths": re.findall(r"\w+\[\d+\](?:\.\w+)*", text),
            "traceback": "Traceback" in text,
        }
        if any(found.values()):
            bad[path] = {k: v for k, v in found.items() if v}
        if shots:
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"
            Path(shots, username).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots, username, f"{name}.png")), full_page=True)
    assert len(visited) >= 3, visited
    if username in ("caizheng", "renshe"):  # the bureau and the demo's department: every stage's pages read
        for stage in STAGES:
            assert f"{stage}" in visited, (stage, visited)
        for stage in ("/declarations/", "/monitoring/", "/rectification/"):
            assert any(re.fullmatch(rf"{stage}\d+/", p) for p in visited), (stage, visited)
    if os.environ.get("JIXIAO_CRAWL_LOG"):
        Path(os.environ["JIXIAO_CRAWL_LOG"], f"{username}.txt").write_text("\n".join(visited), encoding="utf-8")
    assert not bad, bad
    assert not errors, errors


def test_web_browser_anonymous_pages_in_chinese(site, browser):
    base, _demo = site
    page = browser.new_page()
    for url in ("/login/", "/no-such-page/", "/e/999999/"):
        page.goto(base + url)
        text = page.evaluate("document.body.innerText")
        assert not english_words(text) and "Traceback" not in text, (url, english_words(text))
