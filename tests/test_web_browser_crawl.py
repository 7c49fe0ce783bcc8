"""Every page every demo user can reach, in a real browser: no English word, no raw key path,
no traceback, no server error. JIXIAO_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

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
LIMIT = 80  # pages per user: the demo's pages all fit; a loop in the links cannot run away


def english_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """English words a user would read; login names (user data, not the interface's words) aside."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", NOT_WORDS.sub(" ", text))
    return [w for w in words if w.lower() not in ALLOWED and w not in names]


def crawl(page, base: str, start: str):
    seen, queue = set(), [start]
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        path = urlparse(url).path + (("?" + urlparse(url).query) if urlparse(url).query else "")
        if path in seen:
            continue
        seen.add(path)
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
            queue.append(target)


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
    visited = 0
    for path, status, text in crawl(page, base, f"{base}/evaluations/"):
        visited += 1
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
    assert visited >= 3, visited
    assert not bad, bad
    assert not errors, errors


def test_web_browser_anonymous_pages_in_chinese(site, browser):
    base, _demo = site
    page = browser.new_page()
    for url in ("/login/", "/no-such-page/", "/e/999999/"):
        page.goto(base + url)
        text = page.evaluate("document.body.innerText")
        assert not english_words(text) and "Traceback" not in text, (url, english_words(text))
