"""The demo's year, 整改 step (order 30): the department's 2023 定稿 evaluation has its 整改事项,
two 已确认, one 整改中 and past its deadline, so the 2024 evaluation's page shows them. Like the
rest of the demo's data it writes no audit rows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .items import create_for
from .models import CONFIRMED, DOING, Item

CONFIRMED_TEXTS = {
    1: ("与辖区高校联合举办就业观念专题讲座 6 场、职业体验日 2 次，建立毕业生就业意向台账。",
        "应届高校毕业生就业率由 94.42% 提高到 95.10%，“慢就业”人数明显减少。"),
    3: ("修订绩效目标编制规程：指标值须附近三年完成数和测算说明，业务科室论证后报财务科审核。",
        "2024 年度绩效目标全部附测算依据，“新增就业人数”目标值按近三年平均完成数设定。"),
}
DOING_TEXT = ("建立自评数据二次复核机制，正在对结案率等指标的数据来源逐项核对。", "")


def demo_step(world) -> None:
    ev = world.evaluations.get("previous")
    if ev is None:
        return
    admin = world.users.get("caizheng")
    create_for(ev, admin)  # made at its 定稿 already, unless that had no signing key (then none: not 定稿)
    items = {i.number: i for i in Item.objects.filter(evaluation=ev)}
    now = timezone.now()
    for number, (measures, effect) in CONFIRMED_TEXTS.items():
        item = items.get(number)
        if item is None:
            continue
        item.measures, item.effect, item.status = measures, effect, CONFIRMED
        item.completed_on = timezone.localdate() - dt.timedelta(days=20)
        item.submitted_at, item.decided_at, item.decided_by = now, now, admin
        item.note = "佐证材料齐全，整改到位。"
        item.save()
    late = items.get(max(items)) if items else None
    if late is not None and late.status != CONFIRMED:
        late.measures, late.effect, late.status = DOING_TEXT[0], DOING_TEXT[1], DOING
        late.deadline = timezone.localdate() - dt.timedelta(days=30)  # past due: shown 逾期
        late.save()
