"""Span attributes as data: which attributes each label has, and what values they take.

A label's attributes are rows of the corpus (``label_attributes``, migration 5), not code:
a NUMBER has ``value``, ``low``, ``high`` (numbers), ``unit`` (text) and ``qualifier``
(a choice); an ACTOR has ``entity`` (text until an actor registry fills it); a QUOTE
has ``form`` (direct or indirect).  :func:`check_attributes` is the one gate a value
passes before it is stored from the window or the command line; imports keep whatever
attributes their files carry (another tool's keys are data too, never dropped).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from annotator.core.errors import BadAttribute

__all__ = [
    "ATTRIBUTE_KINDS", "DEFAULT_ATTRIBUTES", "QUALIFIERS", "AttributeField",
    "check_attributes", "merge_attributes", "number_attributes", "prefill_number",
]  # fmt: skip

ATTRIBUTE_KINDS = ("number", "text", "choice")
QUALIFIERS = (
    "exact", "approximately", "at least", "more than", "at most", "less than", "range",
)  # fmt: skip
TEXT_LIMIT = 500


class AttributeField(NamedTuple):
    """One attribute of one label: ``kind`` is number, text or choice (from ``choices``)."""

    label: str
    name: str
    kind: str
    choices: tuple[str, ...] = ()
    position: int = 0


# What migration 5 writes into every corpus (for the labels it has).
DEFAULT_ATTRIBUTES: tuple[AttributeField, ...] = (
    AttributeField("NUMBER", "value", "number", (), 1),
    AttributeField("NUMBER", "low", "number", (), 2),
    AttributeField("NUMBER", "high", "number", (), 3),
    AttributeField("NUMBER", "unit", "text", (), 4),
    AttributeField("NUMBER", "qualifier", "choice", QUALIFIERS, 5),
    AttributeField("ACTOR", "entity", "text", (), 1),
    AttributeField("QUOTE", "form", "choice", ("direct", "indirect"), 1),
)


def check_value(field: AttributeField, value: object) -> object:
    """The value as stored, or BadAttribute naming the attribute and why."""
    where = f"{field.label} {field.name}"
    if field.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadAttribute(f"{where} is a number, not {value!r}")
        if not math.isfinite(value):
            raise BadAttribute(f"{where} must be a finite number, not {value!r}")
        # 6000.0 is stored as 6000: JSON exports then read as the text did.
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if field.kind == "choice":
        if value not in field.choices:
            raise BadAttribute(f"{where} is one of {', '.join(field.choices)}; not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise BadAttribute(f"{where} is a line of text, not {value!r}")
    if len(value) > TEXT_LIMIT or any(ch in value for ch in "\r\n\x00"):
        raise BadAttribute(f"{where} is one line of at most {TEXT_LIMIT} characters")
    return value.strip()


def check_attributes(
    fields: Sequence[AttributeField], values: Mapping[str, object]
) -> dict[str, object]:
    """Check values for a label's fields; ``None`` means "remove".  Unknown names refused."""
    by_name = {field.name: field for field in fields}
    checked: dict[str, object] = {}
    for name, value in values.items():
        field = by_name.get(name)
        if field is None:
            label = fields[0].label if fields else "this label"
            known = ", ".join(by_name) or "none"
            raise BadAttribute(f"{label} has no attribute {name!r} (it has: {known})")
        checked[name] = None if value is None else check_value(field, value)
    return checked


def merge_attributes(old: Mapping[str, Any], checked: Mapping[str, object]) -> dict[str, Any]:
    """``old`` with the checked values set and the ``None`` ones removed.

    Keys the schema does not know (written by another tool) are kept as they were.
    """
    merged = dict(old)
    for name, value in checked.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


# Plain digits with thousands separators and a decimal point: "6,000", "1.5", "12 500".
_NUMBER_FIELDS = ("value", "low", "high", "unit", "qualifier")


def prefill_number(text: str) -> dict[str, object]:
    """NUMBER attributes read from a span's text by the number grammar, for the analyst to
    confirm: value, low, high, unit and qualifier, each only where the grammar found it."""
    from annotator.core.numbers import parse_number  # loaded on the first F2, not at start

    parsed = parse_number(text)
    if parsed is None:
        return {}
    return number_attributes(parsed)


def number_attributes(expression: object) -> dict[str, object]:
    """The NUMBER attributes one expression of the number grammar gives: the fields of
    :func:`prefill_number`, for a caller that has the expression already (suggestions)."""
    found = {name: getattr(expression, name) for name in _NUMBER_FIELDS}
    return {name: value for name, value in found.items() if value is not None}
