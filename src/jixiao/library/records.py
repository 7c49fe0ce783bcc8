"""The library's records: an indicator as the library knows it, one figure of a department's year
(a target or an actual, from one stage), and the library that finds them by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.declaration import indicator_key, same_indicator
from ..model.quantity import Quantity

# where a record came from, in the cycle's order
STAGES = {"declaration": "目标申报", "monitoring": "运行监控", "selfeval": "自评表", "evaluation": "绩效评价"}
SIGNS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "=", "within": "±"}


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str = ""
    direction: str = ""  # ≥ (to reach), ≤ (a ceiling), = ; "" where unknown
    formula: str = ""
    framework: str = ""  # 财预〔2020〕10号 附件1 …; "" for one met only in the data
    path: tuple[str, ...] = ()  # 一级, 二级
    synonyms: tuple[str, ...] = ()
    benchmark: Quantity | None = None  # a standard value the framework itself gives

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)

    def matches(self, name: str) -> bool:
        return any(same_indicator(n, name) for n in self.names())


@dataclass(frozen=True)
class Record:
    """One figure of an indicator in a department's year."""

    name: str
    department: str
    year: int | None
    stage: str  # a key of STAGES
    target: Quantity | None = None
    op: str = ""  # the target's direction (>=, <=, = …)
    actual: Quantity | None = None
    where: str = ""  # the place it was read from, as a person reads it

    @property
    def unit(self) -> str:
        q = self.actual or self.target
        return q.unit if q is not None else ""

    def target_text(self) -> str:
        return "" if self.target is None else f"{SIGNS.get(self.op, '')}{self.target.text()}"


@dataclass(frozen=True)
class Entry:
    """An indicator with every record of it, oldest year first."""

    indicator: Indicator
    records: tuple[Record, ...] = ()

    def departments(self) -> list[str]:
        return sorted({r.department for r in self.records})


@dataclass(frozen=True)
class Library:
    indicators: tuple[Indicator, ...] = ()
    records: tuple[Record, ...] = field(default=())

    def with_records(self, records) -> "Library":
        return Library(self.indicators, self.records + tuple(records))

    def entries(self) -> list[Entry]:
        """Every indicator, the seeded ones first, then each name met only in the records; a record
        belongs to one indicator: the one of its very name, else the first near one."""
        known = list(self.indicators)
        for r in self.records:
            if not any(i.matches(r.name) for i in known):
                direction = SIGNS.get(r.op, "") if r.op in (">=", ">", "<=", "<", "=") else ""
                known.append(Indicator(r.name, r.unit, direction))
        owned: dict[int, list[Record]] = {}
        for r in self.records:
            owner = _owner(known, r)
            if owner is not None:
                owned.setdefault(owner, []).append(r)
        return [Entry(i, _ordered(owned.get(n, []))) for n, i in enumerate(known)]

    def search(self, query: str = "") -> list[Entry]:
        """Indicators whose name or a synonym holds the query (full-width, spaces and quotes aside)."""
        key = indicator_key(query)
        return [e for e in self.entries() if not key or any(key in indicator_key(n) for n in e.indicator.names())]

    def find(self, name: str) -> Entry | None:
        """The indicator a name is (the same or a near name), else None."""
        entries = self.entries()
        n = _owner([e.indicator for e in entries], Record(name, "", None, "declaration"))
        return None if n is None else entries[n]


def _owner(known: list[Indicator], r: Record) -> int | None:
    key = indicator_key(r.name)
    fits = [n for n, i in enumerate(known) if not i.unit or r.unit in ("", i.unit)]
    exact = [n for n in fits if any(indicator_key(name) == key for name in known[n].names())]
    near = [n for n in fits if known[n].matches(r.name)]
    return (exact or near or [None])[0]


def _ordered(records: list[Record]) -> tuple[Record, ...]:
    return tuple(sorted(records, key=lambda r: (r.year or 0, list(STAGES).index(r.stage), r.department)))
