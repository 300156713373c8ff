"""Character codings, Cohen's kappa and Krippendorff's alpha.

Units are the non-white-space characters of the compared articles, pooled in order
of article id (one coding per character).  Per label, an analyst codes a character 1
when it lies inside one of their spans of that label, else 0.

Overall, a character is coded by the SET of labels whose spans cover it, the empty
set being "none", and each distinct set is one nominal category.  Where spans do not
nest this is exactly the usual token- or character-level coding (one label or "none"
per unit, as in Hripcsak and Rothschild 2005, Artstein and Poesio 2008, Brandsen et
al. 2020); where they nest (a NUMBER inside a CLAIM) a character is "CLAIM+NUMBER"
and agrees only with the same set.  Stacking the label-wise codings instead would
count a character both analysts left untagged once per label, so the overall figure
would drift with the number of labels defined and be swamped by agreed "none"s.

Codings are built without a Python loop per character: each span adds +1 at its
first unit and -1 after its last (``bincount``), and a cumulative sum says how many
spans of the label cover each unit.

Alpha comes from the ``krippendorff`` package, given value counts per unit rather
than the raw codings.  The package builds V x V numbers per unit: over the bench's
3.1 million characters and 15 label sets, 5.6 GB for each of its temporary arrays.
Every unit all analysts coded alike adds the same to the coincidences as one row
holding all those units' counts together (a unit coded v by m analysts adds
m(m-1)/(m-1) = m to o[v, v]; k such units add km, and so does one row of count km),
so those become one row per category.  Units on which the analysts differ (96,000
in the bench) are passed one row each, so the result is the package's own figure for
the full reliability data, as tests/test_agreement.py checks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import krippendorff
import numpy as np

# Every white-space code point (str.isspace) lies at or below U+3000, IDEOGRAPHIC SPACE.
_LAST_SPACE = 0x3000
_IS_SPACE = np.array([chr(c).isspace() for c in range(_LAST_SPACE + 1)] + [False])
# Above this many labels a set of labels no longer fits a lookup table of 2**labels.
_TABLE_LABELS = 20


class Units:
    """The compared characters: where each article starts and which are units."""

    def __init__(self, texts: Mapping[int, str], articles: Sequence[int]) -> None:
        self.offsets: dict[int, int] = {}
        position = 0
        for article in articles:
            self.offsets[article] = position
            position += len(texts[article])
        whole = "".join(texts[article] for article in articles)
        points = np.frombuffer(whole.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        is_unit = ~_IS_SPACE[np.minimum(points, _LAST_SPACE + 1)]
        # before[i]: units among the first i characters, so a span [s, e) covers the
        # units before[s] .. before[e] - 1.
        self.before = np.zeros(len(points) + 1, dtype=np.int64)
        np.cumsum(is_unit, out=self.before[1:])
        self.count = int(self.before[-1])

    def coverage(self, spans: Mapping[int, Sequence[tuple[int, int, str]]],
                 labels: Sequence[str]) -> np.ndarray:  # fmt: skip
        """Bool (labels, units): which units each label's spans cover."""
        index = {label: i for i, label in enumerate(labels)}
        starts, ends, which = [], [], []
        for article, keys in spans.items():
            offset = self.offsets[article]
            for start, end, label in keys:
                starts.append(offset + start)
                ends.append(offset + end)
                which.append(index[label])
        first = self.before[np.asarray(starts, dtype=np.int64)]
        after = self.before[np.asarray(ends, dtype=np.int64)]
        label_of = np.asarray(which, dtype=np.int64)
        covered = np.zeros((len(labels), self.count), dtype=bool)
        size = self.count + 1
        for i in range(len(labels)):
            mine = label_of == i
            depth = np.bincount(first[mine], minlength=size) - np.bincount(
                after[mine], minlength=size
            )
            covered[i] = np.cumsum(depth[:-1]) > 0
        return covered


def categories(coverage: np.ndarray) -> tuple[np.ndarray, int]:
    """Each analyst's category per unit, from (analysts, labels, units) coverage.

    The category is the set of labels covering the unit, numbered from 0 ("none" is 0
    with a table; the count may include "none" when no unit has it, which no measure
    minds: an empty category adds nothing to a kappa table or an alpha).  Returns
    (analysts, units) int64 and the number of categories.
    """
    analysts, labels, units = coverage.shape
    if labels <= _TABLE_LABELS:
        bits = np.zeros((analysts, units), dtype=np.int64)
        for label in range(labels):
            bits |= coverage[:, label, :].astype(np.int64) << label
        seen = np.zeros(1 << labels, dtype=bool)
        seen[bits.ravel()] = True
        seen[0] = True  # "none" is always category 0
        dense = np.cumsum(seen) - 1
        return dense[bits], int(seen.sum())
    packed = np.packbits(coverage, axis=1)  # (analysts, bytes, units)
    rows = np.ascontiguousarray(packed.transpose(0, 2, 1)).reshape(analysts * units, -1)
    keyed = rows.view(np.dtype((np.void, rows.shape[1]))).ravel()
    domain, inverse = np.unique(keyed, return_inverse=True)
    return inverse.reshape(analysts, units).astype(np.int64), len(domain)


def kappa(confusion: np.ndarray) -> float:
    """Cohen's kappa from a square table (rows: rater A's category, columns: B's).

    (p_o - p_e) / (1 - p_e), in integers: (N * agreed - sum r_k c_k) / (N^2 - sum r_k c_k).
    NaN when undefined: no units, or p_e = 1 (both raters gave every unit one and the
    same category, so there is no chance agreement to improve on).
    """
    table = np.asarray(confusion, dtype=np.int64)
    total = int(table.sum())
    chance = int(table.sum(axis=1) @ table.sum(axis=0))
    if total == 0 or chance == total * total:
        return math.nan
    return (total * int(np.trace(table)) - chance) / (total * total - chance)


def pair_kappa(a: np.ndarray, b: np.ndarray, categories_count: int) -> float:
    """Kappa of two raters' integer codings (0 .. categories_count - 1) of the same units."""
    cells = np.bincount(a * categories_count + b, minlength=categories_count**2)
    return kappa(cells.reshape(categories_count, categories_count))


def alpha(codes: np.ndarray, categories_count: int) -> float:
    """Krippendorff's alpha (nominal) of (analysts, units) integer codings, no unit missing.

    NaN when undefined: no units, or a single category in all the data.
    """
    analysts, units = codes.shape
    if units == 0:
        return math.nan
    same = (codes == codes[0]).all(axis=0)
    counts = np.zeros((1 + int((~same).sum()), categories_count), dtype=np.int64)
    counts[0] = np.bincount(codes[0, same], minlength=categories_count) * analysts
    mixed = codes[:, ~same]
    if mixed.size:
        cells = (np.arange(mixed.shape[1]) * categories_count + mixed).ravel()
        counts[1:] = np.bincount(cells, minlength=counts[1:].size).reshape(counts[1:].shape)
    used = counts.sum(axis=0) > 0
    if used.sum() < 2:
        return math.nan
    counts = counts[:, used]
    # The unanimous units of each category as one row each (see the module docstring).
    rows_of = np.vstack([np.diag(counts[0])[counts[0] > 0], counts[1:]])
    return float(krippendorff.alpha(value_counts=rows_of, level_of_measurement="nominal"))
