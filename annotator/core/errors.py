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


# What went wrong with the database file itself, each with its own message
# (annotator.core.dberrors.explain picks one from SQLite's error code).


class NotACorpus(StoreError):
    """An SQLite file written by another program: refused before anything is written."""


class CorpusBusy(StoreError):
    """Another program held the corpus for longer than the busy timeout."""


class DiskFull(StoreError):
    """No room on the disk for the change; the corpus is as it was."""


class CorpusReadOnly(StoreError):
    """The corpus file or its folder cannot be written."""


class RefusedByDatabase(StoreError):
    """A trigger or constraint that another program put into the database refused a change."""


class CorpusDamaged(StoreError):
    """SQLite's own check (PRAGMA quick_check) fails: the file is damaged."""


class RelationError(AnnotatorError):
    """A relation that cannot be stored: its spans are in two articles, or it exists already."""


class BadAttribute(AnnotatorError):
    """A span attribute that its label's schema does not allow (a word where a number goes)."""


class StoryError(AnnotatorError):
    """A story name that cannot be stored (empty, too long) or a story that is not there."""


class EntityError(AnnotatorError):
    """An actor-registry entry that cannot be stored: a bad name, kind or key, or a clash."""


class LinkError(AnnotatorError):
    """A cross-article link that cannot be stored: a span to itself or its own article, an
    unknown type, or a link that exists already."""


class SuggestionError(AnnotatorError):
    """A suggestion that cannot be stored or accepted (out of range, text that disagrees)."""
