"""The one Jinja environment every template is rendered in: sandboxed, autoescaping.

Text from an evaluation file (A&B<公司>) must appear as written, never as markup,
and a template must not reach into Python objects.
"""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)
