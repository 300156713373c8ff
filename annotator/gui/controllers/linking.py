"""Link mode, decided without a widget: R on a selected span, Tab to a target, Enter.

R starts from the selected span (the head).  The candidates are the article's other
spans that some relation type allows with it, nearest first (the gap between the two
spans in characters, overlapping spans first), and the nearest is highlighted at once.
Tab / Shift+Tab move through them (wrapping), Enter makes the relation with the first
type that fits the pair, a digit makes it with the type that has that key, and Escape
leaves.  A pair fits a type in either direction: R on an ACTOR reaches the QUOTEs it
may have said (the relation still goes from the QUOTE to the ACTOR).  Pairs already
linked by a type are not offered that type again.  The status bar says each step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol

from annotator.core.store import Relation, RelationType, Span
from annotator.gui.keys.commands import Commands

__all__ = ["Candidate", "Choice", "LinkingController", "LinkingView", "candidates"]


class LinkingView(Protocol):
    @property
    def article_id(self) -> int | None: ...
    @property
    def spans(self) -> Mapping[int, Span]: ...
    @property
    def selected_span(self) -> int | None: ...
    def show_link(self, head: int | None, target: int | None) -> None: ...


class LinkingOperations(Protocol):
    def link(self, head_span_id: int, child_span_id: int, kind: str) -> object | None: ...


class Choice(NamedTuple):
    """One relation that could be made: its type and which span is head and child."""

    kind: RelationType
    head: int
    child: int


class Candidate:
    """A span the head may be linked to, and its choices in type order (Enter: the first).

    Holds the span's id; the Span itself is built when asked for, since R may find
    thousands of candidates among 10,000 spans and shows one at a time.
    """

    __slots__ = ("_spans", "choices", "span_id")

    def __init__(self, span_id: int, choices: tuple[Choice, ...], spans: Mapping[int, Span]):
        self.span_id = span_id
        self.choices = choices
        self._spans = spans

    @property
    def span(self) -> Span:
        return self._spans[self.span_id]

    def __repr__(self) -> str:
        return f"Candidate({self.span_id}, {[c.kind.name for c in self.choices]})"


# (start, end, label, id): what ordering the candidates needs, without building Spans.
_Row = tuple[int, int, str, int]


def _rows(spans: Mapping[int, Span]) -> Iterable[_Row]:
    keys = getattr(spans, "keys", None)
    if isinstance(keys, list):  # the view's SpanTable: (start, -end, label, id) in text order
        return ((key[0], -key[1], key[2], key[3]) for key in keys)
    return ((span.start, span.end, span.label, span.id) for span in spans.values())


def candidates(
    start: Span,
    spans: Mapping[int, Span],
    types: Sequence[RelationType],
    existing: Iterable[Relation] = (),
) -> list[Candidate]:
    """The spans ``start`` may be linked to, nearest first, each with its choices.

    Nearest is the gap in characters between the two spans (0 when they overlap), then
    the distance between their starts.
    """
    taken = {(r.kind, r.head_span_id, r.tail_span_id) for r in existing}
    # Which types a partner with each label takes, and in which direction, worked out
    # once per label (an article holds 10,000 spans, in a few labels).
    plans: dict[str, list[tuple[RelationType, bool]]] = {}

    def plan(label: str) -> list[tuple[RelationType, bool]]:
        found = plans.get(label)
        if found is None:
            found = []
            for kind in types:
                if kind.fits(start.label, label):
                    found.append((kind, True))  # from the selected span first
                elif kind.fits(label, start.label):
                    found.append((kind, False))
            plans[label] = found
        return found

    ranked = []
    s_start, s_end, s_id = start.start, start.end, start.id
    for r_start, r_end, label, span_id in _rows(spans):
        if span_id == s_id:
            continue
        kinds = plan(label)
        if not kinds:
            continue
        choices = tuple(
            Choice(kind, s_id, span_id) if forward else Choice(kind, span_id, s_id)
            for kind, forward in kinds
            if ((kind.name, s_id, span_id) if forward else (kind.name, span_id, s_id))
            not in taken
        )
        if choices:
            gap = max(r_start - s_end, s_start - r_end, 0)
            ranked.append((gap, abs(r_start - s_start), span_id, choices))
    ranked.sort(key=lambda item: item[:3])
    return [Candidate(span_id, choices, spans) for _, _, span_id, choices in ranked]


def _short(span: Span, limit: int = 40) -> str:
    text = " ".join(span.text.split())
    return f"{span.label} “{text if len(text) <= limit else text[: limit - 1] + '…'}”"


class LinkingController:
    def __init__(
        self,
        *,
        view: LinkingView,
        operations: LinkingOperations,
        types: Callable[[], Sequence[RelationType]],
        relations: Callable[[], Iterable[Relation]],
        enter_mode: Callable[[], None],
        leave_mode: Callable[[], None],
        message: Callable[[str], None],
    ) -> None:
        self.view = view
        self.operations = operations
        self._types = types
        self._relations = relations
        self._enter_mode = enter_mode
        self._leave_mode = leave_mode
        self._message = message
        self.head: Span | None = None
        self.candidates: list[Candidate] = []
        self.index = 0

    @property
    def active(self) -> bool:
        return self.head is not None

    @property
    def target(self) -> Candidate | None:
        return self.candidates[self.index] if self.head is not None and self.candidates else None

    def register(self, commands: Commands) -> None:
        commands.register("link.start", self.start)
        commands.register("link.next", lambda: self.move(+1))
        commands.register("link.previous", lambda: self.move(-1))
        commands.register("link.make", self.make)
        commands.register("link.cancel", self.cancel)
        for digit in "123456789":
            commands.register(f"link.type.{digit}", lambda d=digit: self.make(key=d))

    # -- steps ----------------------------------------------------------------------

    def start(self, span_id: int | None = None) -> bool:
        """Start linking from ``span_id`` (default: the selected span)."""
        view = self.view
        span_id = view.selected_span if span_id is None else span_id
        head = view.spans.get(span_id) if span_id is not None else None
        if view.article_id is None or head is None:
            self._message("Select a span first (Tab / Shift+Tab), then R links it")
            return False
        types = list(self._types())
        found = candidates(head, view.spans, types, self._relations())
        if not found:
            usable = [t.name for t in types if head.label in (*t.heads, *t.children)
                      or not t.heads or not t.children]  # fmt: skip
            reason = (f"no other span here fits {', '.join(usable)}" if usable
                      else f"no relation type takes a {head.label}")  # fmt: skip
            self._message(f"Nothing to link {_short(head)} to: {reason}")
            return False
        self.head, self.candidates, self.index = head, found, 0
        self._enter_mode()
        self._show()
        return True

    def move(self, step: int) -> None:
        if not self.active or not self.candidates:
            return
        self.index = (self.index + step) % len(self.candidates)
        self._show()

    def make(self, *, key: str | None = None) -> object | None:
        """Make the relation to the highlighted target: the first fitting type, or ``key``'s."""
        target, head = self.target, self.head
        if target is None or head is None:
            return None
        if key is None:
            choice = target.choices[0]
        else:
            picked = [c for c in target.choices if c.kind.key == key]
            if not picked:
                fitting = ", ".join(f"{c.kind.key or '-'}: {c.kind.name}" for c in target.choices)
                self._message(f"No relation type with key {key} fits this pair ({fitting})")
                return None
            choice = picked[0]
        self._finish()
        change = self.operations.link(choice.head, choice.child, choice.kind.name)
        if change is not None:
            spans = self.view.spans
            self._message(
                f"Linked {choice.kind.name}: {_short(spans[choice.head])} → "
                f"{_short(spans[choice.child])} (Ctrl+Z undoes it)"
            )
        return change

    def cancel(self) -> None:
        if self.active:
            self._finish()
            self._message("Linking cancelled")

    def abandon(self) -> None:
        """Leave link mode without a word (another article opened, the spans changed)."""
        if self.active:
            self._finish()

    # -- helpers -------------------------------------------------------------------

    def _finish(self) -> None:
        self.head, self.candidates, self.index = None, [], 0
        self.view.show_link(None, None)
        self._leave_mode()

    def _show(self) -> None:
        target, head = self.target, self.head
        assert target is not None and head is not None
        self.view.show_link(head.id, target.span.id)
        first, *others = target.choices
        keys = "".join(f", {c.kind.key}: {c.kind.name}" for c in others if c.kind.key)
        self._message(
            f"Link {_short(head)} to {_short(target.span)} "
            f"({self.index + 1} of {len(self.candidates)}) — Tab: next, "
            f"Enter: {first.kind.name}{keys}, Escape: cancel"
        )
