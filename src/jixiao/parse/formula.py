"""A small, safe formula grammar over decimals: + − × ÷, parentheses, named inputs.

    结案率 = 当期审结案件数 / (上期末累计未结争议案件数 + 当期立案受理案件数)

Formulas are parsed by recursive descent into a tree and evaluated with Decimal;
nothing is ever passed to eval. Names are any run of letters (Chinese included),
digits and underscores that does not start with a digit.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Union

from ..numbers import SPECIAL, WRITTEN, D, NotANumber, why_not_plain
from . import excerpt
from .quantity import ParseError

_OPERATORS = {"+", "-", "*", "/"}
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[^\W\d]\w*)|(?P<op>[-+*/×÷−()]))")

# A real formula has a handful of terms; these bounds keep parsing, evaluating and
# printing a hostile one (3,000 terms, 400 parentheses deep) quick and within the stack.
MAX_CHARS = 10_000
MAX_TERMS = 500
MAX_NESTING = 50

log = logging.getLogger("jixiao.security")
log.addHandler(logging.NullHandler())  # the CLI prints the problem itself; servers configure a handler


def _over_limit(message: str) -> ParseError:
    """A formula beyond the bounds is hostile rather than mistyped: the server log says so too."""
    log.warning("拒绝公式：%s", message)
    return ParseError(message)


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Expr"
    right: "Expr"


Expr = Union[Num, Name, BinOp]


class DivisionByZero(ArithmeticError):
    """A denominator in a formula is zero; the message names it."""


def _tokens(text: str) -> list[str]:
    text = text.replace("−", "-").replace("×", "*").replace("÷", "/")
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ParseError(f"公式“{excerpt(text)}”第{pos + 1}个字符“{text[pos]}”无法识别：只允许 + − × ÷、括号、数字和名称")
        token = match.group(match.lastgroup or "op")
        if match.lastgroup == "num":
            written = WRITTEN.match(text, match.start("num"))
            reason = why_not_plain(written.group(0)) if written and written.end() > match.end() else ""
            if reason:
                raise ParseError(f"公式“{excerpt(text)}”中的“{excerpt(written.group(0), 30)}”不是普通数字：{reason}")
        elif match.lastgroup == "name" and SPECIAL.fullmatch(token):
            raise ParseError(f"公式“{excerpt(text)}”中的“{token}”不是数：NaN、Infinity 不是有限的数")
        tokens.append(token)
        pos = match.end()
    return tokens


def _checked_tokens(text: str) -> list[str]:
    """The formula's tokens, after the bounds on length and number of terms are checked."""
    if len(text) > MAX_CHARS:
        raise _over_limit(f"公式过长：共{len(text)}个字符，上限{MAX_CHARS}个字符")
    # "× 100%" only restates that a ratio is a rate; the unit of the result says so already
    source = re.sub(r"[×*]\s*100\s*%", "", unicodedata.normalize("NFKC", text)).strip()
    tokens = _tokens(source)
    if not tokens:
        raise ParseError("公式为空")
    terms = sum(1 for t in tokens if t not in _OPERATORS and t not in "()")
    if terms > MAX_TERMS:
        raise _over_limit(f"公式“{excerpt(text)}”项数过多：共{terms}项，上限{MAX_TERMS}项")
    return tokens


class _Parser:
    """Recursive descent over the tokens: expression → term → factor."""

    def __init__(self, tokens: list[str], shown: str) -> None:
        self.tokens = tokens
        self.shown = shown
        self.position = 0
        self.nesting = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Expr:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Expr:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Expr:
        token = self.peek()
        if token is None:
            raise ParseError(f"公式“{self.shown}”不完整：结尾缺少数字或名称")
        self.take()
        if token in ("(", "-"):
            return self.nested(token)
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            try:
                return Num(D(token))
            except NotANumber as exc:
                raise ParseError(f"公式“{self.shown}”中的数字过长：{exc.reason}") from None
        if token in _OPERATORS or token == ")":
            raise ParseError(f"公式“{self.shown}”中“{token}”的位置不对")
        return Name(token)

    def nested(self, token: str) -> Expr:
        """A parenthesised expression or a negated factor, one level deeper."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise _over_limit(f"公式“{self.shown}”括号或负号嵌套过深：超过{MAX_NESTING}层")
        if token == "(":
            node = self.expression()
            if self.peek() != ")":
                raise ParseError(f"公式“{self.shown}”缺少右括号")
            self.take()
        else:
            node = BinOp("-", Num(Decimal(0)), self.factor())
        self.nesting -= 1
        return node


def parse_formula(text: str) -> Expr:
    """Parse a formula; raises ParseError with a Chinese message on bad input."""
    parser = _Parser(_checked_tokens(text), excerpt(text))
    tree = parser.expression()
    if parser.position != len(parser.tokens):
        raise ParseError(f"公式“{parser.shown}”在“{excerpt(parser.tokens[parser.position], 30)}”处多出内容")
    return tree


def names(expr: Expr) -> list[str]:
    """The input names a formula uses, in order of first use."""
    found: list[str] = []

    def walk(node: Expr) -> None:
        if isinstance(node, Name) and node.name not in found:
            found.append(node.name)
        elif isinstance(node, BinOp):
            walk(node.left)
            walk(node.right)

    walk(expr)
    return found


def evaluate(expr: Expr, lookup: Callable[[str], Decimal]) -> Decimal:
    """Evaluate exactly; a zero denominator raises DivisionByZero naming the divisor."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Name):
        return lookup(expr.name)
    left = evaluate(expr.left, lookup)
    right = evaluate(expr.right, lookup)
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if right == 0:
        raise DivisionByZero(render(expr.right))
    return left / right


def render(expr: Expr, fill: Callable[[str], str] | None = None, _parent: int = 0) -> str:
    """The formula as a person reads it, names or (with fill) their values substituted."""
    if isinstance(expr, Num):
        return format(expr.value, "f")
    if isinstance(expr, Name):
        return fill(expr.name) if fill else expr.name
    rank = 1 if expr.op in "+-" else 2
    symbol = {"+": "+", "-": "−", "*": "×", "/": "/"}[expr.op]
    right_rank = rank + 1 if expr.op in "-/" else rank
    text = f"{render(expr.left, fill, rank)} {symbol} {render(expr.right, fill, right_rank)}"
    return f"({text})" if rank < _parent else text
