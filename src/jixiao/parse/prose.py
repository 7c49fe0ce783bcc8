"""Figures stated in prose, read from the text alone: counts and amounts with the words before them
(举办招聘活动52场, 落实就业补贴19894.59万元), and rates stated beside their own numerator and
denominator (受理案件2410件，结案2227件，结案率97%). Both an evaluation file's prose and a
delivered report's paragraphs are read with these.

Numbers are read by jixiao's quantity parser, so 2.56万人 and 25,632人 are the same figure at two
precisions; Decimal only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from ..model.quantity import Quantity
from ..numbers import HUNDRED, places_of, round_half_up
from .quantity import ParseError, parse_quantity

UNITS = "人次|万元|亿元|元|人|件|场|家|个|名|次|项|户|所|座|台|套|本|批|条|份|处|%|％|分"
COUNT_UNITS = {"人", "人次", "件", "场", "家", "个", "名", "次", "项", "户", "座", "台", "套", "批", "条", "份", "处"}
_FIGURE = re.compile(
    rf"(?P<qual>约|超过|超|近|逾|不足|达到|达|共计|共|累计)?\s*(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*(?P<unit>{UNITS})"
)
_CLAUSE_START = re.compile(r"[，。；、：:;,（(）)“”\s]")
_CONNECTORS = ("为", "达到", "达", "共计", "共", "约", "超过", "超", "的", "是", "有", "了", "实现", "完成", "已")
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_RATE = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,8})率(?:为|达到|达)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]")


@dataclass(frozen=True)
class Stated:
    label: str  # the words right before the number: 举办招聘活动
    quantity: Quantity
    qualifier: str  # 约, 超 … (a figure so qualified is not compared as exact)
    sentence: str
    start: int  # where the figure starts in the sentence
    end: int


@dataclass(frozen=True)
class StatedRate:
    text: str  # 结案率97%
    stated: Decimal  # in percent, as written: 97
    numerator: Stated  # 结案2227件
    denominator: Stated  # 受理案件2410件

    @property
    def computed(self) -> Decimal:
        return self.numerator.quantity.value / self.denominator.quantity.value * HUNDRED

    @property
    def contradicts(self) -> bool:
        """At the precision the rate is written in (97% against 92.41% → 92%), 四舍五入."""
        places = places_of(self.stated)
        return round_half_up(self.computed, places) != round_half_up(self.stated, places)

    def message(self) -> str:
        n, d = self.numerator, self.denominator
        return (f"“{self.text}”与前文数字不符：{n.label}{n.quantity.text()} ÷ {d.label}{d.quantity.text()} = "
                f"{round_half_up(self.computed)}%")


def sentences(text: str) -> Iterator[str]:
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            yield m.group()


def label_before(sentence: str, start: int) -> str:
    """The words of the clause before a figure, connectors (为, 达, 共计 …) dropped."""
    head = sentence[:start]
    cut = max((m.end() for m in _CLAUSE_START.finditer(head)), default=0)
    label = head[cut:].strip()
    changed = True
    while changed and label:
        changed = False
        for word in _CONNECTORS:
            if label.endswith(word) and len(label) > len(word):
                label, changed = label[: -len(word)], True
    return label


def stated_in(sentence: str) -> list[Stated]:
    out = []
    for m in _FIGURE.finditer(sentence):
        if m.start() and sentence[m.start() - 1].isalnum() and sentence[m.start() - 1].isascii():
            continue  # part of a code or a name (B22, 14+N)
        unit = "%" if m.group("unit") == "％" else m.group("unit")
        try:
            q = parse_quantity(m.group("num").replace("，", ",") + (m.group("scale") or "") + unit)
        except ParseError:
            continue
        out.append(Stated(label_before(sentence, m.start()), q, m.group("qual") or "", sentence, m.start(), m.end()))
    return out


def rates_in(text: str) -> Iterator[StatedRate]:
    """Each rate of a text stated beside the counts it is of (劳动仲裁受理案件2410件，结案2227件，结案率97%)."""
    spans = _spans(text)
    counts = [f for _, s in spans for f in stated_in(s) if f.quantity.unit in COUNT_UNITS and not f.qualifier]
    for m in _RATE.finditer(text):
        found = _rate_terms(m, counts, spans)
        if found is not None:
            yield StatedRate(m.group(), Decimal(m.group("num")), *found)


def _spans(text: str) -> list[tuple[int, str]]:
    """Each sentence of a text with where it starts."""
    out, at = [], 0
    for sentence in sentences(text):
        at = text.find(sentence, at)
        out.append((at, sentence))
        at += len(sentence)
    return out


def _rate_terms(m: re.Match, counts: list[Stated], spans: list[tuple[int, str]]) -> tuple[Stated, Stated] | None:
    """The count a rate is of (its label is the rate's stem or ends with it: 结案 for 结案率) and the
    one count of the same unit before it, both in the rate's sentence or, for a sentence the rate
    opens, both in the one before; None where either is missing or in doubt."""
    stem = m.group("name")[-2:]
    here = max(i for i, (at, _) in enumerate(spans) if at <= m.start())
    opens = not m.string[spans[here][0]: m.start()].strip()  # 结案率达97% opening its sentence speaks of the one before
    for index in (here, here - 1) if opens else (here,):
        if index < 0:
            break
        at, sentence = spans[index]
        before = [f for f in counts if f.sentence == sentence and (index < here or at + f.end <= m.start())]
        ranked = [f for f in before if f.label == stem] or [f for f in before if f.label.endswith(stem)]
        if not ranked:
            continue
        numerator = ranked[-1]
        others = [f for f in before[: before.index(numerator)] if f.quantity.unit == numerator.quantity.unit]
        if len(others) != 1 or not others[0].quantity.value:
            return None  # the denominator must be plain: one other count of the same unit before it
        return numerator, others[0]
    return None
