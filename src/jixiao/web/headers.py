"""Security headers on every response: a Content-Security-Policy that allows only the
site's own scripts, styles and images (no inline script or style, no framing by other
sites), no MIME sniffing, no referrer to other sites, and `Cache-Control: no-store` on
everything but static files — pages, exports and downloads hold evaluations and must
not stay in a browser's or a proxy's cache.

A view that sets its own policy keeps it (a download is served with `default-src
'none'; sandbox`). The report preview is the HTML report in a sandboxed srcdoc frame,
which inherits this policy: its one <style> element is allowed by its hash, computed
from the report template, so no other inline style is.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings

REPORT_TEMPLATE = Path(__file__).resolve().parent.parent / "report" / "templates" / "report.html"


def style_hashes(template: Path = REPORT_TEMPLATE) -> list[str]:
    """CSP hashes of the static <style> elements of a template (none with template tags)."""
    try:
        text = template.read_text("utf-8")
    except OSError:
        return []
    out = []
    for css in re.findall(r"<style>(.*?)</style>", text, re.S):
        if "{{" not in css and "{%" not in css:
            out.append("'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'")
    return out


def policy() -> str:
    styles = " ".join(["'self'", *style_hashes()])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        f"style-src {styles}",
        "img-src 'self' data:",  # the report's chart is a data: URI
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = policy()
        self.static = settings.STATIC_URL

    def __call__(self, request):
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", self.policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if not request.path.startswith(self.static):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        return response
