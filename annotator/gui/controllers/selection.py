"""Keys that select by units of the text, decided without a widget.

``select.next_KIND`` / ``select.previous_KIND`` select the next or previous number
expression, name, quotation or sentence (``annotator.core.units``) in one press;
``report.next`` / ``report.previous`` select what a sentence reports ("said 40 homes
flooded": "40 homes flooded"), where most CLAIMs are; ``select.expand`` /
``select.shrink`` grow and shrink the selection by one rung of the ladder word → name
or number → clause → quotation → sentence → paragraph → article.
Going forward the search starts from the selection's end, going back from its start, so
repeated presses walk on (a unit holding the caret counts both ways: see ``next_unit``).
The status bar then says what was selected ("Number: at least 1,200 additional
prisoners"), or that there is no more of that kind.

A unit selection is made *exact*: a label key tags it as selected, not snapped to words
(an edge of white space excepted, which is trimmed as in any selection).
Its edges already are word edges by construction, and where the two rules differ the
unit is the one the analyst saw: snapping would take a name's possessive along
("Varnia's" for the name "Varnia").  A selection changed by hand afterwards (Shift+arrow)
snaps again, as the view clears ``exact`` on every key it handles itself.

Speed: importing the units module costs ~125 ms and the first look for a kind scans the
whole text (0.07-0.3 s on 1 MB), so neither happens at start or on the key path when it
can be helped: nothing here imports the module before it is needed, and ``article_opened``
prepares the text in a plain thread shortly after an article opens.  A plain
``threading.Timer``, not the window's TaskRunner: it needs no database (a task opens a
connection, or copies an in-memory corpus, per run), it writes nothing, and a daemon
thread may be dropped at exit.  The delay keeps the scan off the first frame and skips
articles the analyst only flips past.  The scan shares the interpreter lock with the
window, which mostly waits a switch interval (5 ms) at a time; measured while a 1 MB
article was scanned (1.6-1.9 s on 2 busy cores): the window's thread waited 14 ms at the
95th percentile, and up to 60-110 ms in a few collector passes (20 ms with the collector
off).  A news article of 20 KB is scanned in a few ms.

Measured on that 1 MB article once prepared (offscreen, 2 busy cores): a unit key takes
1-1.5 ms to handle and 3-7 ms with its repaint (median, tests/gui/test_gui_units.py);
``bench/bench_window.py`` ("units", 10,000 spans shown) 6.3 ms median.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from annotator.gui.keys.commands import Commands
from annotator.gui.snapping import trim, word_at

__all__ = ["REPORT_KIND", "UNIT_KINDS", "SelectionController", "SelectionView"]

log = logging.getLogger(__name__)

# kind -> (what the status bar calls one, what it calls several)
UNIT_KINDS: dict[str, tuple[str, str]] = {
    "number": ("Number", "numbers"),
    "name": ("Name", "names"),
    "quotation": ("Quotation", "quotations"),
    "sentence": ("Sentence", "sentences"),
}

# What a sentence reports (after "said", "told X that"), walked by its own keys: it is
# no rung of the grow / shrink ladder, so it stays out of UNIT_KINDS.
REPORT_KIND: dict[str, tuple[str, str]] = {"report": ("Report", "reports")}
_WALKED = {**UNIT_KINDS, **REPORT_KIND}

# How much of a selection the status bar quotes.
SHOWN_CHARS = 70
# What ends a paragraph, as annotator.core.units counts them.
_LINE_BREAKS = frozenset("\r\n\u2028\u2029\x85")


class SelectionView(Protocol):
    """The little of the article view that unit keys read, plus selecting a range."""

    @property
    def article_id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    def selection_offsets(self) -> tuple[int, int] | None: ...
    def caret_offset(self) -> int: ...
    def select_range(self, start: int, end: int, *, exact: bool = False) -> None: ...


class SelectionController:
    # Seconds between opening an article and finding its units in the background.
    PREPARE_DELAY_S = 0.5

    def __init__(
        self,
        *,
        view: SelectionView,
        fact: Callable[[str | None], None],
        message: Callable[[str], None],
        focus_text: Callable[[], object] = lambda: None,
    ) -> None:
        self.view = view
        # ``fact`` says what is selected while it stays selected; None hands the status
        # bar back to whatever it says about the caret.  ``message`` says a refusal.
        self._fact = fact
        self._message = message
        # The keys also work from the span list; the selection is in the text, so the
        # keyboard goes there, ready for a label key.
        self._focus_text = focus_text
        self._pending: threading.Timer | None = None

    def register(self, commands: Commands) -> None:
        """Serve every ``select.*`` command."""
        for kind in UNIT_KINDS:
            commands.register(
                f"select.next_{kind}", lambda kind=kind: self.select_unit(kind, forward=True)
            )
            commands.register(
                f"select.previous_{kind}",
                lambda kind=kind: self.select_unit(kind, forward=False),
            )
        commands.register("select.expand", self.expand)
        commands.register("select.shrink", self.shrink)

    def register_reports(self, commands: Commands) -> None:
        """Serve ``report.next`` / ``report.previous``: what a sentence reports."""
        commands.register("report.next", lambda: self.select_unit("report", forward=True))
        commands.register("report.previous", lambda: self.select_unit("report", forward=False))

    # -- the commands -------------------------------------------------------------------

    def select_unit(self, kind: str, *, forward: bool) -> tuple[int, int] | None:
        """Select the next / previous unit of ``kind``; its range, or None if there is none."""
        view = self.view
        if view.article_id is None:
            return None
        from annotator.core.units import next_unit

        selection = view.selection_offsets()
        start, end = selection if selection is not None else (view.caret_offset(),) * 2
        found = next_unit(view.text, end if forward else start, kind, forward=forward)
        if found is None:
            where = "after" if forward else "before"
            what = "the selection" if selection is not None else "the caret"
            self._message(f"No more {_WALKED[kind][1]} {where} {what}")
            return None
        self._select(found, _WALKED[kind][0])
        return found

    def expand(self) -> tuple[int, int] | None:
        """Grow the selection (or the caret) to the next rung of the ladder."""
        view = self.view
        if view.article_id is None:
            return None
        from annotator.core.units import expand

        current = self._current()
        grown = expand(view.text, *current)
        if grown == current:
            self._message("The whole article is selected already")
            return None
        self._select(grown, self._rung_name(grown))
        return grown

    def shrink(self) -> tuple[int, int] | None:
        """Undo the last grow step, or shrink a selection made by hand to a unit inside it."""
        view = self.view
        if view.article_id is None:
            return None
        from annotator.core.units import shrink

        current = self._current()
        smaller = shrink(view.text, *current)
        if smaller == current:
            self._message(
                "Nothing selected to shrink" if current[0] == current[1]
                else "The selection holds no smaller unit"
            )  # fmt: skip
            return None
        self._select(smaller, self._rung_name(smaller))
        return smaller

    # -- opening and closing ----------------------------------------------------------

    def article_opened(self, text: str) -> None:
        """Find the new article's units in the background, after a short delay.

        A preparation still waiting for the last article is dropped; one already running
        finishes on its own (it cannot be stopped half-way, and it only fills a cache).
        """
        self.close()
        if not text:
            return
        timer = threading.Timer(self.PREPARE_DELAY_S, _prepare, args=(text,))
        timer.name = "units-prepare"
        timer.daemon = True  # it writes nothing: nothing is lost if the app exits first
        self._pending = timer
        timer.start()

    def close(self) -> None:
        """Drop a preparation that has not started yet (the window is closing)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    # -- helpers ----------------------------------------------------------------------

    def _current(self) -> tuple[int, int]:
        selection = self.view.selection_offsets()
        if selection is not None:
            return selection
        caret = self.view.caret_offset()
        return caret, caret

    def _select(self, found: tuple[int, int], name: str) -> None:
        start, end = found
        # Exact unless an edge is white space (the whole article's rung keeps its last
        # line break): a label key then trims it as it would any selection.
        exact = trim(self.view.text, start, end) == found
        self.view.select_range(start, end, exact=exact)
        self._focus_text()
        if start == end:
            self._fact(None)  # shrunk back to the caret: nothing selected to describe
            return
        # Only the head is quoted: joining the words of a whole 1 MB article took 20 ms.
        shown = " ".join(self.view.text[start : min(end, start + 4 * SHOWN_CHARS)].split())
        if len(shown) > SHOWN_CHARS:
            shown = shown[: SHOWN_CHARS - 1] + "…"
        self._fact(f"{name}: {shown}")

    def _rung_name(self, found: tuple[int, int]) -> str:
        """What a grown or shrunk selection is, when it is one of the units the keys walk."""
        from annotator.core.units import next_unit

        text = self.view.text
        start, end = found
        if found == (0, len(text)):
            return "Article"
        if word_at(text, start) == found:
            return "Word"
        for kind, (name, _plural) in UNIT_KINDS.items():
            if next_unit(text, start, kind, forward=True) == found:
                return name
        if _line_edge(text, start - 1, step=-1) and _line_edge(text, end, step=1):
            return "Paragraph"
        return "Selection"


def _line_edge(text: str, at: int, *, step: int) -> bool:
    """Whether only spaces lie between ``at`` and a line break or the text's edge."""
    while 0 <= at < len(text):
        char = text[at]
        if char in _LINE_BREAKS:
            return True
        if not char.isspace():
            return False
        at += step
    return True


def _prepare(text: str) -> None:
    try:
        from annotator.core.units import prepare

        prepare(text)
    except Exception:
        # Only a head start is lost: the first key press finds the units itself.
        log.exception("could not find the units of an article ahead of the keys")
