"""The named errors of the suggestion sources, translated at the edges like the others.

They live beside the sources (not in ``core/errors.py``) so that this package stays one
self-contained addition; each is an :class:`~annotator.core.errors.AnnotatorError`.
"""

from __future__ import annotations

from annotator.core.errors import AnnotatorError

__all__ = ["BadPatterns", "ModelMissing", "SuggestError"]


class SuggestError(AnnotatorError):
    """A source that cannot run as asked (an unknown source name, a missing input)."""


class BadPatterns(SuggestError):
    """A patterns file refused whole; the message names the file, the line and the reason."""


class ModelMissing(SuggestError):
    """spaCy or the named pipeline is not installed; the message says how to install it."""
