"""Default label colours stay apart for colour-blind readers and show on light and dark.

Colour-vision deficiency is simulated with the Machado, Oliveira & Fernandes
(2009) matrices at full severity, in linear RGB; distance is CIE76 ΔE in Lab.
A ΔE above about 10 reads as clearly different colours.  The window draws
labels as a translucent tint under the text plus a solid bar, so the text
itself keeps the palette's contrast; the bar needs to stand out from the page.
"""

from __future__ import annotations

import itertools
import math

import pytest

from annotator.core.schema import default_labels
from annotator.core.store import SPARE_COLOURS

MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}  # fmt: skip
LIGHT_PAGE, DARK_PAGE = "#FFFFFF", "#1E1E1E"


def linear(hex_colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))  # type: ignore[return-value]


def simulate(rgb, matrix):
    return tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )


def lab(rgb):
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, bl = linear(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = [label["colour"] for label in default_labels()]


@pytest.mark.parametrize("vision", [None, *MACHADO])
def test_default_colours_stay_apart_under_colour_vision_deficiency(vision):
    points = []
    for colour in COLOURS:
        rgb = linear(colour)
        if vision:
            rgb = simulate(rgb, MACHADO[vision])
        points.append(lab(rgb))
    closest = min(math.dist(a, b) for a, b in itertools.combinations(points, 2))
    assert closest >= 12, f"two labels look alike under {vision}: ΔE {closest:.1f}"


@pytest.mark.parametrize("colour", COLOURS)
def test_default_colours_show_on_light_and_dark_pages(colour):
    assert contrast(colour, LIGHT_PAGE) >= 2.0
    assert contrast(colour, DARK_PAGE) >= 3.0


def test_the_contrast_helper_is_right():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)


def test_spare_colours_start_with_the_defaults_and_are_distinct():
    assert list(SPARE_COLOURS[:4]) == COLOURS
    assert len(set(SPARE_COLOURS)) == len(SPARE_COLOURS)
