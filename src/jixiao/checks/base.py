"""What every check receives, how a family of checks declares itself, and shared helpers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Mapping

from ..metrics.base import deviation as metric_deviation
from ..model.evaluation import Evaluation
from ..model.quantity import Quantity, Target
from ..numbers import places_of, round_half_up
from ..problems import Problem
from ..scoring import Scorecard
from ..selfeval import SelfScorecard


@dataclass(frozen=True)
class Settings:
    # 偏差比例 above which a met target counts as set too low (目标设定偏低), percent
    overshoot_share: Decimal = Decimal(5)
    # shortfall below which full marks for a missed target are flagged, percent
    shortfall_share: Decimal = Decimal(5)
    # how far below its peers' median (above, for a ceiling) a declared target may be set, percent
    peer_share: Decimal = Decimal(20)


@dataclass(frozen=True)
class Context:
    ev: Evaluation
    sc: Scorecard | None
    ss: SelfScorecard | None
    settings: Settings = Settings()


Check = Callable[[Context], Iterable[Problem]]



@dataclass(frozen=True)
class Family:
    """A family of checks as the docs show it: its name, Chinese label, every problem code it
    may emit with one line saying what it means, and its checks in the order they run."""

    name: str
    label: str
    codes: Mapping[str, str]
    checks: tuple[Check, ...] = ()


# The checks each family module declares with @check, by module, in the order they are written.
DECLARED: dict[str, list[Check]] = {}
# A check's precondition, declared with @check(when=...): a cheap test false only where the check finds
# nothing. The bulk review's quick pass leaves the check out of a form where it is false (most forms are
# right, and a check that reads every row costs more than the test); every other run runs every check.
WHEN: dict[Check, Callable[[Context], bool]] = {}


def check(fn: Check | None = None, *, when: Callable[[Context], bool] | None = None):
    """Declare a check of the family of its module: a new check is one decorated function
    (@check, or @check(when=precondition))."""

    def declare(fn: Check) -> Check:
        DECLARED.setdefault(fn.__module__, []).append(fn)
        if when is not None:
            WHEN[fn] = when
        return fn

    return declare if fn is None else declare(fn)


def agrees(stated: Decimal, computed: Decimal, places: int | None = None) -> bool:
    """Whether a stated figure equals a computed one at the stated figure's precision."""
    places = places_of(stated) if places is None else places
    return round_half_up(computed, places) == round_half_up(stated, places)


def deviation(actual: Quantity, target: Target) -> Decimal | None:
    """偏差比例 = (actual − target) / target, in percent; None where it has no meaning."""
    if target.quantity is None or target.op not in (">=", ">", "=") or target.quantity.value == 0:
        return None
    return metric_deviation(actual.value, target.quantity.value)


def row_mismatches(
    stated: object, columns: dict[str, str], computed: Callable[[str], Decimal | None]
) -> Iterator[tuple[str, Decimal, Decimal]]:
    """(column label, stated, computed) wherever a stated row (a 合计 row, a line with its own
    figures) differs from the figures computed for the same columns; a column with nothing to
    compute from (computed returns None) is passed over."""
    for column, label in columns.items():
        value = getattr(stated, column)
        derived = None if value is None else computed(column)
        if derived is not None and value != derived:
            yield label, value, derived
