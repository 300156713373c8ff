"""Text made safe to print on one terminal line: file names and error messages.

A file name may hold a newline, an escape sequence that repaints the terminal,
a right-to-left override that disguises its suffix, or (on Linux) bytes that are
not UTF-8, which Python carries as lone surrogates that a UTF-8 terminal cannot
even be sent.  Each of these is shown as its Python escape (``\\n``, ``\\x1b``,
``\\u202e``, ``\\xff`` for an undecodable byte), so every report stays one honest
line; ordinary letters of any script are shown as they are.
"""

from __future__ import annotations

import os
import unicodedata

# Control, format (bidi overrides, zero-width), surrogate, private-use, unassigned,
# line and paragraph separators.  Spaces (Zs) other than " " stay: a file name with
# a no-break space is ordinary.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str) -> str:
    """``text`` with every character that would not print as itself escaped."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == " " or unicodedata.category(ch) not in _HIDDEN_CATEGORIES:
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file name for a message: escaped as :func:`printable` does."""
    return printable(os.fspath(path))


def storable(text: str) -> str:
    """``text`` without lone surrogates, which SQLite (UTF-8) cannot store.

    Undecodable bytes of a file name become ``\\xff``-style escapes; any other
    lone surrogate becomes its ``\\ud800``-style escape.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(printable(ch) if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text
