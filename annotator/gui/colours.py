"""Label colours that stay readable on light and dark palettes.

A span is drawn as a translucent tint of its label colour behind the text plus a solid
bar under it.  The tint is made only as strong as keeps the palette's text readable
(WCAG contrast 4.5:1) even where two spans overlap and their tints stack; the bar is
lightened or darkened until it stands out from the page (3:1, the WCAG figure for
graphics).  Works for any colour a user gives a label, not just the defaults.
No Qt here; the view turns the results into QColors.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

__all__ = ["SpanColours", "blend", "contrast", "parse_hex", "span_colours"]

RGB = tuple[int, int, int]
TEXT_CONTRAST = 4.5
BAR_CONTRAST = 3.0
MAX_TINT = 0.32
STACKED = 2  # tints of this many overlapping spans must still leave the text readable


class SpanColours(NamedTuple):
    tint: RGB
    tint_alpha: float
    bar: RGB


def parse_hex(colour: str) -> RGB:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(top: RGB, bottom: RGB, alpha: float) -> RGB:
    return tuple(round(t * alpha + u * (1 - alpha)) for t, u in zip(top, bottom, strict=True))  # type: ignore[return-value]


def _towards(rgb: RGB, target: RGB, amount: float) -> RGB:
    return blend(target, rgb, amount)


@lru_cache(maxsize=256)
def span_colours(colour: str, *, base: RGB, text: RGB) -> SpanColours:
    """The tint (with its alpha) and bar colour for a label on a page of ``base``/``text``."""
    rgb = parse_hex(colour)
    alpha = MAX_TINT
    while alpha > 0.04:
        shown = base
        for _ in range(STACKED):
            shown = blend(rgb, shown, alpha)
        if contrast(text, shown) >= TEXT_CONTRAST:
            break
        alpha = round(alpha - 0.02, 2)
    # Move the bar towards the text colour (white on dark pages, black on light ones)
    # until it stands out from the page.
    bar = rgb
    step = 0.0
    while contrast(bar, base) < BAR_CONTRAST and step < 1.0:
        step = round(step + 0.1, 1)
        bar = _towards(rgb, text, step)
    return SpanColours(rgb, alpha, bar)
