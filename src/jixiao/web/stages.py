"""The stages of the budget-performance cycle around the evaluation — 目标申报, 运行监控, 整改,
结果应用 — are Django apps of their own (web/declarations, web/monitoring, web/rectification,
web/results), each with its models, migrations, pages and URLs. What the shared workspace
shows of them, each registers here from its AppConfig.ready(): a link in the nav, a panel on the
evaluation page, the items of the 待办 page, a step of the demo's year; and it may listen to
`finalised`. The workspace never imports a stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from django.dispatch import Signal


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str  # namespaced, e.g. "monitoring:dashboard"
    roles: tuple[str, ...]  # the roles (access.ADMIN …) that see it


@dataclass
class DemoWorld:
    """What the demo made before the stages add their part of the year."""

    bureau: Any
    orgs: dict[str, Any]  # organisation name → Organisation
    users: dict[str, Any]  # username → User
    examples: Path
    evaluations: dict[str, Any] = field(default_factory=dict)  # "reference", "previous", "sample" → Evaluation


NAV: list[NavLink] = []
# url names taking the evaluation's pk: fragments the evaluation page loads (htmx, after the
# page, so a cached page never holds a stage's stale state)
PANELS: list[str] = []
# (user, role) → [{"what": 待办 text, "link": url, and "ev" (an Evaluation) or "place" (the first column's words)}]
TODO: list[Callable[[Any, str], list[dict]]] = []
# (order, step): steps run in order after the demo's evaluations and round exist
DEMO: list[tuple[int, Callable[[DemoWorld], None]]] = []


def nav(label: str, url_name: str, *roles: str) -> None:
    NAV.append(NavLink(label, url_name, roles))


def panel(url_name: str) -> None:
    PANELS.append(url_name)


def todo(provider: Callable[[Any, str], list[dict]]) -> None:
    TODO.append(provider)


def demo(order: int, step: Callable[[DemoWorld], None]) -> None:
    DEMO.append((order, step))


# sent by store.finalise once an evaluation is 定稿 (sender=Evaluation, evaluation=…, user=…)
finalised = Signal()


def nav_for(role: str | None) -> list[NavLink]:
    return [link for link in NAV if role in link.roles]


def todo_items(user, role: str) -> list[dict]:
    return [item for provider in TODO for item in provider(user, role)]


def run_demo(world: DemoWorld) -> None:
    for _order, step in sorted(DEMO, key=lambda s: s[0]):
        step(world)
