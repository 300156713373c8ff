"""Small named errors raised by the core and translated at the edges.

Every message is one line that a person can act on; the command line prints it
as ``Error: ...`` and the window shows it in a dialog.
"""


class AnnotatorError(Exception):
    """Base class of every error the core raises on purpose."""


class StoreError(AnnotatorError):
    """The database cannot be opened or used (damaged, locked, too new)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer Annotator than this one."""


class NotFound(AnnotatorError):
    """An article, span or label that does not exist."""


class SpanError(AnnotatorError):
    """A span that does not fit its article: out of range, empty, or text mismatch."""


class DuplicateSpan(SpanError):
    """The same start, end, label and annotator already exist on the article."""


class LabelError(AnnotatorError):
    """A label name, colour or hotkey that cannot be used."""


class ImportRefused(AnnotatorError):
    """One input file was refused whole; the message names the file and the reason."""


class ExportError(AnnotatorError):
    """An export could not be written; nothing was left under the final name."""
