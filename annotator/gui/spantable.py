"""The open article's spans as the views hold them: text-order keys, Spans made on demand.

Opening an article with 10,000 spans must not build 10,000 objects: the store hands
over one sorted list of keys ``(start, -end, label, id)`` (the same order as
``Store.spans``), and a :class:`~annotator.core.store.Span` is made only when a view
asks for one.  Its text is the stored text's slice, which the store guarantees equals
the span's stored text.  No Qt here.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from annotator.core.model import Span

__all__ = ["SpanKey", "SpanTable", "key_of"]

SpanKey = tuple[int, int, str, int]  # (start, -end, label, id): sorts in text order


def key_of(span: Span) -> SpanKey:
    return span.start, -span.end, span.label, span.id


class SpanTable(Mapping[int, Span]):
    """A mapping span id -> Span, iterated in text order."""

    def __init__(self, article_id: int | None, text: str, keys: Sequence[SpanKey]) -> None:
        self.article_id = article_id
        self.text = text
        self.keys: list[SpanKey] = list(keys)
        self._by_id: dict[int, SpanKey] | None = None

    @classmethod
    def empty(cls) -> SpanTable:
        return cls(None, "", [])

    def _ids(self) -> dict[int, SpanKey]:
        if self._by_id is None:
            self._by_id = {key[3]: key for key in self.keys}
        return self._by_id

    def span(self, key: SpanKey) -> Span:
        start, end = key[0], -key[1]
        assert self.article_id is not None
        return Span(key[3], self.article_id, start, end, key[2], self.text[start:end])

    def label_of(self, span_id: int) -> str:
        return self._ids()[span_id][2]

    # -- Mapping ----------------------------------------------------------------

    def __getitem__(self, span_id: int) -> Span:
        return self.span(self._ids()[span_id])

    def __iter__(self) -> Iterator[int]:
        return (key[3] for key in self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._ids()

    # -- order ------------------------------------------------------------------

    def row_of(self, span_id: int) -> int | None:
        key = self._ids().get(span_id)
        if key is None:
            return None
        row = bisect_left(self.keys, key)
        return row if row < len(self.keys) and self.keys[row] == key else None

    def at(self, row: int) -> Span:
        return self.span(self.keys[row])

    def insertion_row(self, span: Span) -> int:
        return bisect_left(self.keys, key_of(span))

    def add(self, span: Span) -> None:
        key = key_of(span)
        insort(self.keys, key)
        self._ids()[span.id] = key

    def remove(self, span_id: int) -> SpanKey | None:
        key = self._ids().pop(span_id, None)
        if key is not None:
            row = bisect_left(self.keys, key)
            del self.keys[row]
        return key

    def counts(self) -> Counter[str]:
        return Counter(key[2] for key in self.keys)
