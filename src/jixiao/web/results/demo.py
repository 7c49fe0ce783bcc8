"""The demo's year, 结果应用 step (order 40): the demo bureau has set its 结果应用规则, so its page and
report apply the bureau's own table rather than the default. Like the other demo data it writes no
audit row: the audit log records what people did, with the request they did it in."""

from __future__ import annotations

from .models import Consequence

DEMO_RULES = {"优": "优先保障", "良": "维持", "中": "压减5%", "差": "压减10%"}


def demo_step(world) -> None:
    admin = world.users.get("caizheng")
    for grade, action in DEMO_RULES.items():
        Consequence.objects.update_or_create(bureau=world.bureau, grade=grade,
                                             defaults={"action": action, "updated_by": admin})
