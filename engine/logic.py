"""Requirement logic: `and`, `or`, or custom logic over requirement numbers (SPEC §2).

A small recursive-descent parser (never `eval`). Grammar, case-insensitive:

    expr   := term ("OR" term)*
    term   := factor ("AND" factor)*
    factor := "NOT" factor | "(" expr ")" | NUMBER
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, Union

from .model import MAX_LOGIC_LENGTH


class LogicError(ValueError):
    """A custom logic expression that cannot be used; ``position`` is a 0-based offset."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Num:
    index: int  # 1-based requirement number


@dataclass(frozen=True)
class Not:
    operand: "Expr"


@dataclass(frozen=True)
class And:
    operands: tuple["Expr", ...]


@dataclass(frozen=True)
class Or:
    operands: tuple["Expr", ...]


Expr = Union[Num, Not, And, Or]

_TOKEN = re.compile(r"\s*(?:(\d+)|(\()|(\))|([A-Za-z]+)|(\S))")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    for m in _TOKEN.finditer(text):
        number, lpar, rpar, word, other = m.groups()
        pos = m.start(m.lastindex) if m.lastindex else m.start()
        if number:
            tokens.append(("num", number, pos))
        elif lpar:
            tokens.append(("(", lpar, pos))
        elif rpar:
            tokens.append((")", rpar, pos))
        elif word:
            upper = word.upper()
            if upper not in ("AND", "OR", "NOT"):
                raise LogicError(f"unexpected word {word!r}: use numbers, AND, OR, NOT and parentheses", pos)
            tokens.append((upper, word, pos))
        elif other:
            raise LogicError(f"unexpected character {other!r}", pos)
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def where(self) -> int:
        return self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.text)

    def expr(self) -> Expr:
        operands = [self.term()]
        while self.peek() == "OR":
            self.take()
            operands.append(self.term())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def term(self) -> Expr:
        operands = [self.factor()]
        while self.peek() == "AND":
            self.take()
            operands.append(self.factor())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def factor(self) -> Expr:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            return Not(self.factor())
        if kind == "(":
            self.take()
            inner = self.expr()
            if self.peek() != ")":
                raise LogicError("missing closing parenthesis", self.where())
            self.take()
            return inner
        if kind == "num":
            _, text, _ = self.take()
            return Num(int(text))
        if kind is None:
            raise LogicError("the expression ends too early", len(self.text))
        _, text, pos = self.take()
        raise LogicError(f"unexpected {text!r}", pos)


def parse_logic(logic: str, count: int) -> Expr:
    """Parse ``logic`` for ``count`` requirements; raises LogicError with the reason.

    `and` / `or` (any case) combine all requirements. A custom expression must use every
    requirement number from 1 to ``count`` and no other, and be at most 1,000 characters.
    """
    text = logic.strip()
    if text.lower() == "and":
        return And(tuple(Num(i) for i in range(1, count + 1)))
    if text.lower() == "or":
        return Or(tuple(Num(i) for i in range(1, count + 1)))
    if len(logic) > MAX_LOGIC_LENGTH:
        raise LogicError(f"custom logic is {len(logic)} characters long; the limit is {MAX_LOGIC_LENGTH}")
    if not text:
        raise LogicError("custom logic is empty")
    parser = _Parser(text)
    expr = parser.expr()
    if parser.i < len(parser.tokens):
        _, tok, pos = parser.tokens[parser.i]
        raise LogicError(f"unexpected {tok!r} after a complete expression", pos)
    used = numbers(expr)
    bad = sorted(n for n in used if n < 1 or n > count)
    if bad:
        raise LogicError(f"requirement {bad[0]} does not exist (there are {count})")
    missing = sorted(set(range(1, count + 1)) - used)
    if missing:
        raise LogicError("custom logic must use every requirement; missing: " + ", ".join(map(str, missing)))
    return expr


def numbers(expr: Expr) -> set[int]:
    if isinstance(expr, Num):
        return {expr.index}
    if isinstance(expr, Not):
        return numbers(expr.operand)
    return set().union(*(numbers(o) for o in expr.operands))


def evaluate(expr: Expr, values: Sequence[bool]) -> bool:
    """Evaluate ``expr`` with ``values[i-1]`` the truth of requirement i."""
    if isinstance(expr, Num):
        return bool(values[expr.index - 1])
    if isinstance(expr, Not):
        return not evaluate(expr.operand, values)
    if isinstance(expr, And):
        return all(evaluate(o, values) for o in expr.operands)
    return any(evaluate(o, values) for o in expr.operands)


def implied(expr: Expr) -> set[int]:
    """Requirement numbers that must hold whenever ``expr`` holds (conjunctively demanded).

    Used by the analysis: a requirement implied by the logic orders its producer before the
    consumer. Conservative: under NOT nothing is implied; an OR implies what all branches imply.
    """
    if isinstance(expr, Num):
        return {expr.index}
    if isinstance(expr, Not):
        return set()
    if isinstance(expr, And):
        return set().union(*(implied(o) for o in expr.operands))
    branches = [implied(o) for o in expr.operands]
    return set.intersection(*branches) if branches else set()
