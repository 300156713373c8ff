"""The analyst's name: who made a span, relation or link (issue 16, item 1).

One rule for every way a name comes in (the window's first-start question, its
settings, ``--annotator``): it is shown in reports, tables and the status bar, so it
must fit on one line; and ``gold`` is the adjudicated layer's name, never a person's.
"""

from __future__ import annotations

import re

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR

__all__ = ["MAX_NAME", "AnalystNameError", "check_analyst_name"]

MAX_NAME = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class AnalystNameError(AnnotatorError):
    """A name that cannot be an analyst's."""


def check_analyst_name(name: object) -> str:
    """The name without the spaces around it; AnalystNameError says why it cannot be one."""
    if not isinstance(name, str) or not name.strip():
        raise AnalystNameError("an analyst's name cannot be empty")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise AnalystNameError(f"an analyst's name is at most {MAX_NAME} characters")
    if _CONTROL.search(name) or "," in name:
        # A comma would split it in --annotators A,B; a line break would break reports.
        raise AnalystNameError(
            "an analyst's name cannot hold a line break, a control character or a comma"
        )
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise AnalystNameError("an analyst's name cannot hold an unpaired surrogate") from None
    if name.casefold() == GOLD_ANNOTATOR:
        raise AnalystNameError(
            f"{GOLD_ANNOTATOR!r} is the adjudicated layer's name; choose your own"
        )
    return name
