"""Space between paragraphs, for the eye only: no character is added to the document.

News articles usually break paragraphs with a single newline, which a plain text view
shows as lines packed one under the other.  ``QPlainTextDocumentLayout`` ignores block
margins and line heights (measured with PySide6 6.11: a bottom margin and a proportional
line height on every block leave ``blockBoundingRect`` unchanged), so the space is added
where the view asks how tall a paragraph is: ``blockBoundingRect`` grows by ``spacing``
below the last line of a paragraph followed by another.  Painting, hit testing, the
caret's rectangle and the scroll range all read that rectangle, so they agree with it,
and the lines inside a paragraph keep their places.  A blank line already shows the
break, so paragraphs next to one are left as they are.

Document positions, the caret's movement and therefore every stored offset are
untouched: only the paragraphs' tops move down the screen.
"""

from __future__ import annotations

from annotator.gui.qt import QtCore, QtGui, QtWidgets

__all__ = ["SpacedLayout", "spacing_for"]

# Half a line between paragraphs: visible, yet a screen still holds nearly as much text.
LINE_SHARE = 0.5


def spacing_for(font: QtGui.QFont) -> int:
    """The space between paragraphs for text in ``font``, in pixels."""
    return max(1, round(QtGui.QFontMetricsF(font).height() * LINE_SHARE))


class SpacedLayout(QtWidgets.QPlainTextDocumentLayout):
    """The plain text layout with ``spacing`` pixels after each paragraph (see above)."""

    def __init__(self, document: QtGui.QTextDocument, *, spacing: int = 0) -> None:
        super().__init__(document)
        self.spacing = spacing

    def set_spacing(self, spacing: int) -> None:
        if spacing != self.spacing:
            self.spacing = spacing
            # Every paragraph's height changed: lay out and repaint from the start.
            self.requestUpdate()
            self.documentSizeChanged.emit(self.documentSize())

    def blockBoundingRect(self, block: QtGui.QTextBlock) -> QtCore.QRectF:
        rect = super().blockBoundingRect(block)
        if self.spacing and rect.height() > 0 and _spaced(block):
            rect.setHeight(rect.height() + self.spacing)
        return rect


def _spaced(block: QtGui.QTextBlock) -> bool:
    """Whether a paragraph gets space after it: it and the next one both hold text.

    ``length`` counts the paragraph's break, so an empty paragraph has length 1.
    """
    following = block.next()
    return following.isValid() and block.length() > 1 and following.length() > 1
