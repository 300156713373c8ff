"""Where spans are drawn: an interval index over document positions, with lanes.

The article view paints only the spans that touch the lines on screen, so it needs
"which spans overlap [a, b)?" fast for any a, b, with 10,000 spans in a 1 MB article.
Spans go into fixed-size buckets of positions (a span is in every bucket it touches);
a query reads the few buckets under the screen.

Every span also gets a lane: overlapping spans never share one, so nested and
overlapping spans are drawn as separate bars stacked under the text and all stay
visible.  Lanes are assigned greedily in text order when an article opens (optimal:
the number of lanes equals the deepest overlap) and first-free for a span added later.
No Qt here, so it is tested without a display.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["BUCKET", "Placed", "SpanIndex"]

BUCKET = 256


class Placed(NamedTuple):
    start: int
    end: int
    lane: int
    key: int


class SpanIndex:
    def __init__(self, items: Iterable[tuple[int, int, int]] = ()) -> None:
        """``items`` are ``(start, end, key)`` with start < end, keys unique."""
        self._placed: dict[int, Placed] = {}
        self._buckets: dict[int, list[int]] = {}
        ordered = sorted(items, key=lambda item: (item[0], -item[1]))
        free: list[int] = []  # lanes released, smallest first
        busy: list[tuple[int, int]] = []  # (end, lane) of spans still open
        lanes = 0
        placed = self._placed
        buckets = self._buckets
        for start, end, key in ordered:
            while busy and busy[0][0] <= start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane = lanes
                lanes += 1
            heapq.heappush(busy, (end, lane))
            placed[key] = Placed(start, end, lane, key)
            for bucket in range(start // BUCKET, (end - 1) // BUCKET + 1):
                keys = buckets.get(bucket)
                if keys is None:
                    buckets[bucket] = [key]
                else:
                    keys.append(key)

    def __len__(self) -> int:
        return len(self._placed)

    def __contains__(self, key: int) -> bool:
        return key in self._placed

    def get(self, key: int) -> Placed | None:
        return self._placed.get(key)

    @property
    def lane_count(self) -> int:
        return 1 + max((p.lane for p in self._placed.values()), default=-1)

    def overlapping(self, start: int, end: int) -> list[Placed]:
        """Spans with at least one position in ``[start, end)``, in text order."""
        if end <= start:
            return []
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

    def add(self, start: int, end: int, key: int) -> Placed:
        """Place one more span in the lowest lane none of its overlaps uses."""
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
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
        item = self._placed.pop(key, None)
        if item is None:
            return
        for bucket in range(item.start // BUCKET, (item.end - 1) // BUCKET + 1):
            keys = self._buckets.get(bucket)
            if keys is not None and key in keys:
                keys.remove(key)
