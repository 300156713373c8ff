"""The value every suggestion source returns (kept apart so the sources need not import
the package that runs them)."""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Proposal"]


class Proposal(NamedTuple):
    """One proposed span: ``text == article_text[start:end]`` (code-point offsets)."""

    start: int
    end: int
    label: str
    text: str
    source: str
    score: float | None
    attributes: dict[str, Any]
