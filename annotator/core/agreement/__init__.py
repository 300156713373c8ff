"""How far several analysts agree on the same articles (issue 16).

Only the articles that every compared analyst marked done are compared.  Per label
and overall, for each pair of analysts and as the mean over the pairs:

- span F1, strict and overlap, with ``evaluate``'s pairing (``matching``);
- Cohen's kappa per pair and Krippendorff's alpha over all analysts, on the
  non-white-space characters (``codings``);
- relation and link F1, strict and overlap, with ``evaluate``'s relation pairing.

No SQL and no Qt: the caller reads the work from the store and passes plain values.
"""

from annotator.core.agreement.inputs import (
    DIRECTED_LINK_TYPES,
    AgreementError,
    Analyst,
    LinkRecord,
    NoSharedArticles,
    RelationRecord,
    SpanRecord,
    TooFewAnalysts,
)
from annotator.core.agreement.report import agreement, details
from annotator.core.agreement.table import format_details, format_table

__all__ = [
    "DIRECTED_LINK_TYPES", "AgreementError", "Analyst", "LinkRecord", "NoSharedArticles",
    "RelationRecord", "SpanRecord", "TooFewAnalysts", "agreement", "details",
    "format_details", "format_table",
]  # fmt: skip
