"""Read quantities and targets the way users write them on Chinese forms.

Handles 25632人, 2.56万人, ≥1.85万人次, 97.63%, ±10%以内, 31,577.79万元,
1490.77元/人次, =2个, ≤1500元/人次, ≥100百分比, full-width forms (％, ＞, １２３),
不低于 / 不超过 / 以上 / 以下, and qualitative levels (明确, 合理, 达成预期指标 …).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, wraps

from ..model.quantity import PERCENT, SCALES, Level, Quantity, Target
from ..numbers import SPECIAL, WRITTEN, D, NotANumber, why_not_plain
from . import excerpt


class ParseError(ValueError):
    """The text cannot be read; the message (Chinese) says what was expected."""


# Words before the number, longest first so 大于等于 wins over 大于.
_PREFIX_OPS: list[tuple[str, str]] = sorted(
    [
        ("≥", ">="), (">=", ">="), ("≧", ">="), ("大于等于", ">="), ("大于或等于", ">="),
        ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="), ("达到", ">="),
        ("≤", "<="), ("<=", "<="), ("≦", "<="), ("小于等于", "<="), ("小于或等于", "<="),
        ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="), ("至多", "<="),
        ("控制在", "<="),
        (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
        ("<", "<"), ("小于", "<"), ("低于", "<"), ("少于", "<"),
        ("==", "="), ("=", "="), ("等于", "="),
        ("±", "within"), ("+/-", "within"), ("+-", "within"),
    ],
    key=lambda pair: -len(pair[0]),
)

# Words after the number.
_SUFFIX_OPS: list[tuple[str, str]] = [
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
]

_UNIT_ALIASES = {"百分比": PERCENT, "百分点": PERCENT, "%": PERCENT}

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

_SCALE_WORDS = sorted((s for s in SCALES if s), key=len, reverse=True)


def normalize(text: str) -> str:
    """Full-width to half-width (％ → %, １２３ → 123, ＞ → >), spaces removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


_MEMO_TEXT = 200  # longer texts are read but not kept: the cache must not hold hostile megabytes


def _memo(parse):
    """Forms repeat the same targets and values thousands of times, and the results are immutable."""
    cached = lru_cache(maxsize=8192)(parse)

    @wraps(parse)
    def read(text: str):
        text = str(text)  # a plain str key keeps no workbook cell (and its sheet) alive
        return cached(text) if len(text) <= _MEMO_TEXT else parse(text)

    return read


@_memo
def parse_quantity(text: str) -> Quantity:
    """Read one quantity: '2.56万人' → Quantity(2.56, '人', '万'). A leading '=' is allowed,
    as the self-evaluation form writes completed values ('=97.63%')."""
    body = normalize(str(text))
    if body.startswith("=") and not body.startswith("=="):
        body = body[1:]
    return _quantity(body, str(text))


def _quantity(body: str, original: str) -> Quantity:
    match = _NUMBER.match(body)
    if not match:
        _refuse_special(body, original)
        raise ParseError(f"“{excerpt(original)}”不是数量：应以阿拉伯数字开头，例如 25632人、2.56万人、97.63%")
    rest = body[match.end():]
    written = WRITTEN.match(body)
    if written and written.end() > match.end():  # 1E5件, 1_000人: Python's forms are no figures on a form
        reason = why_not_plain(written.group(0))
        if reason:
            part = "" if written.group(0) == body else f"中的“{excerpt(written.group(0), 30)}”"
            raise ParseError(f"“{excerpt(original)}”{part}不是普通数字：{reason}")
    try:
        number = D(match.group(0))
    except NotANumber as exc:
        raise ParseError(f"“{excerpt(original)}”中的数字过长：{exc.reason}") from None
    scale = ""
    if rest not in _UNIT_ALIASES:
        for word in _SCALE_WORDS:
            if rest.startswith(word):
                scale, rest = word, rest[len(word):]
                break
    unit = _UNIT_ALIASES.get(rest, rest)
    if re.search(r"\d", unit):
        raise ParseError(f"“{excerpt(original)}”的单位“{excerpt(unit, 30)}”中含有数字，无法识别")
    return Quantity(number=number, unit=unit, scale=scale)


def _refuse_special(body: str, original: str) -> None:
    """NaN and Infinity (NaN件, Infinity%) are no figures, neither as a number nor as a level."""
    if SPECIAL.match(body):
        raise ParseError(f"“{excerpt(original)}”不是数：NaN、Infinity 不是有限的数，应填写如 25632人、97.63%")


@_memo
def parse_target(text: str) -> Target:
    """Read a target: '≥2.4万人', '±10%以内', '不低于80%', '1500元以下', or a level '明确'.

    A bare quantity ('100%') is read as equality.
    """
    original = str(text).strip()
    body = normalize(original)
    if not body:
        raise ParseError("为空：应填写目标值，例如 ≥95%、=2个、±10%以内 或 明确")
    op: str | None = None
    for word, symbol in _PREFIX_OPS:
        if body.startswith(word):
            op, body = symbol, body[len(word):]
            break
    for word, symbol in _SUFFIX_OPS:
        if body.endswith(word):
            body = body[: -len(word)]
            if op is None:
                op = symbol
            elif op != "within" and op != symbol:
                raise ParseError(f"“{excerpt(original)}”前后的比较方向矛盾")
            break
    if not re.search(r"\d", body):
        _refuse_special(body, original)
        if op is not None:
            raise ParseError(
                f"“{excerpt(original)}”无法识别：比较符号后应为阿拉伯数字的数量，例如 ≥2万人、≤1500元/人次"
            )
        return Target(op=None, level=Level(original), raw=original)
    quantity = _quantity(body, original)
    return Target(op=op or "=", quantity=quantity, raw=original)


@_memo
def parse_value(text: str) -> Quantity | Level:
    """An actual or reported value: a quantity when it has digits, else a level."""
    body = normalize(str(text))
    if body.startswith("=") and not body.startswith("=="):
        body = body[1:]
    if re.search(r"\d", body):
        return parse_quantity(str(text))
    if not body:
        raise ParseError("完成值为空")
    _refuse_special(body, str(text))
    return Level(str(text).strip())
