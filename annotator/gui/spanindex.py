"""Where spans are drawn: an interval index over document positions, with lanes.

The article view paints only the spans that touch the lines on screen, so it needs
"which spans overlap [a, b)?" fast for any a, b, with 10,000 spans in a 1 MB article.
Spans go into fixed-size buckets of positions (a span is in every bucket it touches);
a query reads the few buckets under the screen.

Every span also gets a lane: overlapping spans never share one, so nested and
overlapping spans are drawn as separate bars stacked under the text and all stay
visible.  Lanes are assigned greedily in text order (optimal: as many lanes as the
deepest overlap), first-free for a span added later.

The index is built lazily by a sweep in text order: a query first sweeps up to its end,
so an article opens and paints its first screen after placing only the spans on it;
``build_some`` finishes the rest in small idle-time steps.  No Qt here.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import NamedTuple

__all__ = ["BUCKET", "Placed", "SpanIndex"]

BUCKET = 256


class Placed(NamedTuple):
    start: int
    end: int
    lane: int
    key: int


def _same(offset: int) -> int:
    return offset


class SpanIndex:
    def __init__(
        self,
        ordered: Sequence[tuple[int, int, str, int]] = (),
        *,
        to_position: Callable[[int], int] = _same,
    ) -> None:
        """``ordered`` are span keys ``(start, -end, label, id)`` sorted in text order.

        ``to_position`` maps a stored offset to a document position (monotonic).
        """
        # A copy: the caller's list changes with later edits, which come through add/remove.
        self._pending: Sequence[tuple[int, int, str, int]] = list(ordered)
        self._next = 0
        self._to_position = to_position
        self._free: list[int] = []  # lanes released, smallest first
        self._busy: list[tuple[int, int]] = []  # (end, lane) of spans still open
        self._lanes = 0
        self._placed: dict[int, Placed] = {}
        self._buckets: dict[int, list[int]] = {}

    # -- the sweep ----------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._next >= len(self._pending)

    def build_some(self, count: int = 2000) -> bool:
        """Place up to ``count`` more spans; True when the index is complete."""
        self._sweep(limit=self._next + count)
        return self.complete

    def _sweep(self, *, before: int | None = None, limit: int | None = None) -> None:
        pending, to_position = self._pending, self._to_position
        stop = len(pending) if limit is None else min(limit, len(pending))
        free, busy, placed, buckets = self._free, self._busy, self._placed, self._buckets
        at = self._next
        while at < stop:
            key = pending[at]
            start = to_position(key[0])
            if before is not None and start >= before:
                break
            end = to_position(-key[1])
            while busy and busy[0][0] <= start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane = self._lanes
                self._lanes += 1
            heapq.heappush(busy, (end, lane))
            span_id = key[3]
            placed[span_id] = Placed(start, end, lane, span_id)
            for bucket in range(start // BUCKET, (end - 1) // BUCKET + 1):
                keys = buckets.get(bucket)
                if keys is None:
                    buckets[bucket] = [span_id]
                else:
                    keys.append(span_id)
            at += 1
        self._next = at
        if at >= len(pending):
            self._pending, self._next = (), 0

    def _finish(self) -> None:
        if not self.complete:
            self._sweep()

    # -- questions ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._placed) + len(self._pending) - self._next

    def __contains__(self, key: int) -> bool:
        self._finish()
        return key in self._placed

    def get(self, key: int) -> Placed | None:
        self._finish()
        return self._placed.get(key)

    @property
    def lane_count(self) -> int:
        self._finish()
        return 1 + max((p.lane for p in self._placed.values()), default=-1)

    def overlapping(self, start: int, end: int) -> list[Placed]:
        """Spans with at least one position in ``[start, end)``, in text order."""
        if end <= start:
            return []
        if not self.complete:
            self._sweep(before=end)
        found: dict[int, Placed] = {}
        placed = self._placed
        for bucket in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for key in self._buckets.get(bucket, ()):
                item = placed[key]
                if item.start < end and item.end > start:
                    found[key] = item
        return sorted(found.values(), key=lambda p: (p.start, -p.end, p.key))

    def at(self, position: int) -> list[Placed]:
        """Spans that contain ``position`` (start <= position < end)."""
        return self.overlapping(position, position + 1)

    # -- changes ------------------------------------------------------------------

    def add(self, start: int, end: int, key: int) -> Placed:
        """Place one more span (document positions) in the lowest lane its overlaps leave."""
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
        self._finish()
        self.remove(key)
        used = {p.lane for p in self.overlapping(start, end)}
        lane = 0
        while lane in used:
            lane += 1
        item = Placed(start, end, lane, key)
        self._placed[key] = item
        for bucket in range(start // BUCKET, (end - 1) // BUCKET + 1):
            self._buckets.setdefault(bucket, []).append(key)
        return item

    def remove(self, key: int) -> None:
        self._finish()
        item = self._placed.pop(key, None)
        if item is None:
            return
        for bucket in range(item.start // BUCKET, (item.end - 1) // BUCKET + 1):
            keys = self._buckets.get(bucket)
            if keys is not None and key in keys:
                keys.remove(key)
