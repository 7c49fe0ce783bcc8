"""A small, safe formula grammar over decimals: + − × ÷, parentheses, named inputs.

    结案率 = 当期审结案件数 / (上期末累计未结争议案件数 + 当期立案受理案件数)

Formulas are parsed by recursive descent into a tree and evaluated with Decimal;
nothing is ever passed to eval. Names are any run of letters (Chinese included),
digits and underscores that does not start with a digit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Union

from ..numbers import D
from .quantity import ParseError

_OPERATORS = {"+", "-", "*", "/"}
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[^\W\d]\w*)|(?P<op>[-+*/×÷−()]))")


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
            raise ParseError(f"公式“{text}”第{pos + 1}个字符“{text[pos]}”无法识别：只允许 + − × ÷、括号、数字和名称")
        tokens.append(match.group(match.lastgroup or "op"))
        pos = match.end()
    return tokens


def parse_formula(text: str) -> Expr:
    """Parse a formula; raises ParseError with a Chinese message on bad input."""
    # "× 100%" only restates that a ratio is a rate; the unit of the result says so already
    source = re.sub(r"[×*]\s*100\s*%", "", unicodedata.normalize("NFKC", text)).strip()
    tokens = _tokens(source)
    if not tokens:
        raise ParseError("公式为空")
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        token = tokens[position]
        position += 1
        return token

    def expression() -> Expr:
        node = term()
        while peek() in ("+", "-"):
            op = take()
            node = BinOp(op, node, term())
        return node

    def term() -> Expr:
        node = factor()
        while peek() in ("*", "/"):
            op = take()
            node = BinOp(op, node, factor())
        return node

    def factor() -> Expr:
        token = peek()
        if token is None:
            raise ParseError(f"公式“{text}”不完整：结尾缺少数字或名称")
        take()
        if token == "(":
            node = expression()
            if peek() != ")":
                raise ParseError(f"公式“{text}”缺少右括号")
            take()
            return node
        if token == "-":
            return BinOp("-", Num(Decimal(0)), factor())
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            return Num(D(token))
        if token in _OPERATORS or token == ")":
            raise ParseError(f"公式“{text}”中“{token}”的位置不对")
        return Name(token)

    tree = expression()
    if position != len(tokens):
        raise ParseError(f"公式“{text}”在“{tokens[position]}”处多出内容")
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
