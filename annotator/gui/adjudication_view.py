"""The adjudication view: one disagreement, each analyst's version side by side.

It takes the place of the article text while adjudicating (the window swaps them) and
only shows what ``controllers.adjudication.Adjudication`` holds; keys reach the
controller through the window's actions in the "adjudicate" mode.  Each side shows the
analyst's name, the label and the span's text inside the words around it (escaped:
article text is never read as markup); a side without a span shows the same stretch
of text unmarked, so the adjudicator sees what that analyst left untagged.
"""

from __future__ import annotations

import html

from annotator.core.disagreements import Disagreement
from annotator.core.model import Span
from annotator.gui.controllers.adjudication import Adjudication
from annotator.gui.disagreement_panel import who
from annotator.gui.qt import Qt, QtWidgets

__all__ = ["AdjudicationView", "side_html"]

CONTEXT = 160  # characters shown on either side of the disagreement
KIND_TEXT = {
    "missing": "Only {first} tagged this",
    "extra": "Only {second} tagged this",
    "label": "Same characters, different labels",
    "boundary": "Same label, different boundaries",
    "boundary+label": "Different boundaries and labels",
}


def _piece(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _pale(colour: str) -> str:
    """The label colour two fifths strong on white: rich text has no alpha for a background."""
    value = colour.lstrip("#")
    try:
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        red = green = blue = 0x88
    return "#" + "".join(f"{255 - (255 - c) * 2 // 5:02x}" for c in (red, green, blue))


def side_html(
    *, text: str, span: Span | None, start: int, end: int, name: str, colour: str,
    in_gold: bool,
) -> str:  # fmt: skip
    """One analyst's side: name, label, and the text around [start, end) with the span marked."""
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    # Whole words at the edges of the context: "…said 310", not "…le Franck said 310".
    if left:
        gap = next((i for i in range(left, min(left + 20, start)) if text[i].isspace()), None)
        left = gap + 1 if gap is not None else left
    if right < len(text):
        gap = next((i for i in range(right, max(right - 20, end), -1) if text[i].isspace()), None)
        right = gap if gap is not None else right
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    if span is None:
        head = f"<b>{html.escape(name)}</b> · <i>no span here</i>"
        body = _piece(before) + _piece(text[start:end]) + _piece(after)
    else:
        gold = " · <span style='color:#2E7D32'>in gold ✓</span>" if in_gold else ""
        label = f"<span style='color:{colour}'><b>{html.escape(span.label)}</b></span>"
        head = f"<b>{html.escape(name)}</b> · {label} [{span.start}, {span.end}){gold}"
        mark = (f"<span style='background-color:{_pale(colour)}'>"
                f"<b>{_piece(text[span.start:span.end])}</b></span>")  # fmt: skip
        body = (_piece(before) + _piece(text[start:span.start]) + mark
                + _piece(text[span.end:end]) + _piece(after))  # fmt: skip
    return f"<p>{head}</p><p style='line-height:140%'>{body}</p>"


class AdjudicationView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudication_view")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.colours: dict[str, str] = {}
        self.header = QtWidgets.QLabel()
        self.header.setObjectName("adjudication_header")
        self.header.setWordWrap(True)
        self.progress = QtWidgets.QLabel()
        self.progress.setObjectName("adjudication_progress")
        self.kind = QtWidgets.QLabel()
        self.kind.setObjectName("adjudication_kind")
        self.first_pane = self._pane("adjudication_first")
        self.second_pane = self._pane("adjudication_second")
        self.decided = QtWidgets.QLabel()
        self.decided.setObjectName("adjudication_decided")
        self.hint = QtWidgets.QLabel()
        self.hint.setObjectName("adjudication_hint")
        self.hint.setWordWrap(True)
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.header.setFont(font)
        sides = QtWidgets.QHBoxLayout()
        sides.addWidget(self.first_pane, 1)
        sides.addWidget(self.second_pane, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.progress)
        layout.addWidget(self.kind)
        layout.addLayout(sides, 1)
        layout.addWidget(self.decided)
        layout.addWidget(self.hint)

    def _pane(self, name: str) -> QtWidgets.QTextBrowser:
        pane = QtWidgets.QTextBrowser()
        pane.setObjectName(name)
        pane.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the view's actions
        pane.setOpenLinks(False)
        return pane

    def show_state(self, session: Adjudication) -> None:
        current = session.current
        if current is None:
            self.header.setText("Nothing to adjudicate")
            for widget in (self.progress, self.kind, self.decided, self.hint):
                widget.clear()
            self.first_pane.clear()
            self.second_pane.clear()
            return
        first, second = who(current.first_name), who(current.second_name)
        others = ", ".join(map(who, current.others))
        others = f" (also {others}: not compared)" if others else ""
        self.header.setText(
            f"Article {session.article_at + 1} of {len(session.article_ids)} · "
            f"“{current.title}” · {first} and {second}{others}"
        )
        count = len(current.disagreements)
        agreements = len(current.comparison.agreements)
        waiting = len(current.agreements_missing_from_gold())
        noun = "agreement" if agreements == 1 else "agreements"
        agreed = f" · {agreements} {noun}" + (f" ({waiting} not in gold: A)" if waiting
                                              else " (in gold)" if agreements else "")  # fmt: skip
        item = session.disagreement
        if item is None:
            self.progress.setText(f"No disagreements{agreed}")
            self.kind.setText("")
            self.first_pane.clear()
            self.second_pane.clear()
            self.decided.setText("")
        else:
            self.progress.setText(f"{session.at + 1} of {count} disagreements · "
                                  f"{session.decided_count()} decided{agreed}")  # fmt: skip
            self.kind.setText(KIND_TEXT[item.kind].format(first=first, second=second))
            self._show_sides(current.text, item, session.gold_sides())
            decision = session.decision_of(session.at)
            words = {"first": f"took {first}'s", "second": f"took {second}'s",
                     "both": "took both", "neither": "took neither"}  # fmt: skip
            self.decided.setText(f"Decided: {words[decision]}" if decision else "Not decided")
        self.hint.setText(
            f"1 take {first}'s · 2 take {second}'s · B both · N neither · A accept agreements"
            " · Tab / Shift+Tab next / previous · Ctrl+PgDown next article · Ctrl+Z undo"
            " · Esc leave"
        )

    def _show_sides(self, text: str, item: Disagreement, gold: list[str]) -> None:
        for pane, span, name, side in (
            (self.first_pane, item.first, who(item.first_name), "first"),
            (self.second_pane, item.second, who(item.second_name), "second"),
        ):
            colour = self.colours.get(span.label, "#888888") if span else "#888888"
            pane.setHtml(side_html(text=text, span=span, start=item.start, end=item.end,
                                   name=name, colour=colour, in_gold=side in gold))  # fmt: skip
