"""Span attributes: each label's attribute schema (rows, like labels) and setting them.

Setting a span's attributes is a span changed in place (removed as it was, added as it
is, same id), so undo and redo need nothing of their own.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from annotator.core.attributes import AttributeField, check_attributes, merge_attributes
from annotator.core.changes import Change, Tally
from annotator.core.model import Span
from annotator.core.store.spans import Spans


class Attributes(Spans):
    """The attribute schemas' part of :class:`~annotator.core.store.Store`."""

    def attribute_fields(self, label: str | None = None) -> list[AttributeField]:
        """One label's attribute fields in form order (``None``: every label's)."""
        sql = "SELECT label, name, kind, choices, position FROM label_attributes"
        params: tuple[str, ...] = ()
        if label is not None:
            sql += " WHERE label = ?"
            params = (label,)
        rows = self.conn.execute(sql + " ORDER BY label, position, name", params)
        return [
            AttributeField(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4])
            for row in rows
        ]

    def set_span_attributes(self, span_id: int, values: dict[str, Any]) -> Span:
        return self.update_span_attributes(span_id, values).added[0]

    def update_span_attributes(self, span_id: int, values: dict[str, Any]) -> Change:
        """Set (``None``: remove) attributes its label's schema allows; others are refused.

        Attributes the schema does not name (another tool's) stay as they were.
        """
        tally = Tally()
        with self.transaction():
            span = self.span(span_id)
            checked = check_attributes(self.attribute_fields(span.label), values)
            merged = merge_attributes(span.attributes, checked)
            self._swap_spans([(span, replace(span, attributes=merged))], tally)
        return tally.change(span.article_id)
