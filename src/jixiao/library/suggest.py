"""A suggested 标杆值 for an indicator of a department's year, with the figures behind it: the
department's last actual (history), the other departments' figures and their median (peers), and
the rule that chose between them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..checks.declaration import median
from ..model.quantity import PERCENT, Quantity
from ..numbers import fmt_plain, places_of, round_half_up
from .records import SIGNS, STAGES, Entry, Library, Record

OPS = {"≥": ">=", "≤": "<=", "=": "="}
FULL = Decimal(100)


@dataclass(frozen=True)
class Suggestion:
    name: str  # the indicator asked about, as the library knows it
    value: Quantity | None  # None: nothing to suggest from
    op: str  # >= (to reach) or <= (a ceiling)
    rule: str  # how the value was chosen, in Chinese
    figures: tuple[tuple[str, str], ...] = ()  # (what, figure) behind the suggestion

    def text(self) -> str:
        return "" if self.value is None else f"{SIGNS.get(self.op, '')}{self.value.text()}"


def _direction(entry: Entry) -> str:
    if entry.indicator.direction in OPS:
        return OPS[entry.indicator.direction]
    ops = Counter(r.op for r in entry.records if r.op in (">=", ">", "<=", "<"))
    op = ops.most_common(1)[0][0] if ops else ">="
    return {">": ">=", "<": "<="}.get(op, op)


def _unit(entry: Entry) -> str:
    units = Counter(r.unit for r in entry.records if r.unit)
    return entry.indicator.unit or (units.most_common(1)[0][0] if units else "")


# 运行监控's 完成值 is the year's progress so far (1–7月), never the year's actual
PARTIAL = ("monitoring",)


def _actual(r: Record) -> Quantity | None:
    return None if r.stage in PARTIAL else r.actual


def _figure(r: Record) -> Quantity | None:
    return _actual(r) if _actual(r) is not None else r.target


def _history(records: list[Record], department: str | None, year: int | None) -> Record | None:
    """The department's latest actual before the year."""
    own = [r for r in records if department and r.department == department and _actual(r) is not None
           and (year is None or (r.year or 0) < year)]
    return max(own, key=lambda r: (r.year or 0, list(STAGES).index(r.stage)), default=None)


def _peers(records: list[Record], department: str | None, year: int | None) -> tuple[int | None, list[Record]]:
    """The other departments' figures of their latest year up to the year: each department's actual
    where it has one, else its target."""
    others = [r for r in records if r.department != department and _figure(r) is not None
              and (year is None or r.year is None or r.year <= year)]
    if not others:
        return None, []
    latest = max((r.year or 0) for r in others)
    chosen: dict[str, Record] = {}
    for r in sorted((r for r in others if (r.year or 0) == latest), key=lambda r: list(STAGES).index(r.stage)):
        if r.department not in chosen or _actual(r) is not None:
            chosen[r.department] = r
    return latest or None, [chosen[d] for d in sorted(chosen)]


def _rule(op: str, last: Decimal | None, mid: Decimal | None) -> tuple[Decimal | None, str]:
    ceiling = op in ("<=", "<")
    if last is not None and mid is not None:
        pick = min(last, mid) if ceiling else max(last, mid)
        word = "较低者" if ceiling else "较高者"
        return pick, f"取上年实际完成值与同类部门中位数的{word}（{'上限类指标：不放宽已达到的水平' if ceiling else '不低于已达到的水平，也不低于同类部门的一般水平'}）"
    if last is not None:
        return last, "取上年实际完成值（没有同类部门数据）：目标不应低于已达到的水平"
    if mid is not None:
        return mid, "取同类部门中位数（没有本部门上年实际完成值）"
    return None, ""


def suggest(library: Library, name: str, department: str | None = None, year: int | None = None) -> Suggestion:
    entry = library.find(name)
    if entry is None:
        return Suggestion(name, None, ">=", "指标库中没有此指标，无法给出建议值")
    op, unit = _direction(entry), _unit(entry)
    records = [r for r in entry.records if r.unit == unit]
    figures: list[tuple[str, str]] = []
    last = _history(records, department, year)
    if last is not None:
        figures.append((f"本部门实际完成值（{last.year}年，{STAGES[last.stage]}）", last.actual.text()))
    peer_year, peers = _peers(records, department, year)
    mid = median([_figure(r).value for r in peers]) if peers else None
    if peers:
        terms = "、".join(f"{r.department} {_actual(r).text() if _actual(r) is not None else r.target_text()}" for r in peers)
        figures.append((f"同类部门（{len(peers)}个，{peer_year}年）", terms))
        figures.append(("同类部门中位数", f"{fmt_plain(mid, thousands=False)}{unit}"))
    value, rule = _rule(op, last.actual.value if last is not None else None, mid)
    if value is None and entry.indicator.benchmark is not None:
        value, rule = entry.indicator.benchmark.value, f"取通用指标的标准值（{entry.indicator.framework}）：没有历史和同类部门数据"
    if value is None:
        return Suggestion(entry.indicator.name, None, op, "没有历史和同类部门数据，无法给出建议值", tuple(figures))
    if unit == PERCENT and op in (">=", ">", "=") and value > FULL:
        value, rule = FULL, rule + "；比率不超过 100%"
    # a 标杆值 is written as people write targets: a computed 完成值 (99.5967…%) to 2 places, 四舍五入
    return Suggestion(entry.indicator.name, Quantity(round_half_up(value, min(places_of(value), 2)), unit), op, rule, tuple(figures))
