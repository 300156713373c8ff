"""Learning from the analyst's decisions: a kind rejected twice and mostly rejected stops
being proposed, in the open article at once (one undoable step) and in every later one."""

from __future__ import annotations

from annotator.core.history import History
from annotator.core.model import Suggestion
from annotator.core.store import Store
from annotator.core.suggest_learning import (
    REJECTIONS,
    kind_in_text,
    kind_name,
    learned,
)
from annotator.core.suggesting import propose

FIRST = (
    "The Orvane harbour board met on 4 April and again in May. It logged 214 boats, "
    "and the ferry left at 6:40 a.m. with 88 passengers. A third meeting is set for 9 June."
)
SECOND = "Dredging began on 12 October; 31 barges carried 5,600 tonnes of silt away."


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def offer(store: Store, article_id: int, text: str, pieces: list[str]) -> list[Suggestion]:
    return store.store_suggestions(
        [Suggestion(0, article_id, *at(text, p), "NUMBER", p, "numbers", 0.9) for p in pieces]
    )


def open_texts(store: Store, article_id: int) -> list[str]:
    return [s.text for s in store.suggestions(article_id)]


def test_a_number_kind_is_read_in_its_sentence():
    text = "Work stopped in May, in 2023 and at 6:40 a.m.; 2023 boats and €4 million later."
    assert kind_in_text(text, *at(text, "May"), "NUMBER") == ("NUMBER", "date")
    assert kind_in_text(text, *at(text, "2023"), "NUMBER") == ("NUMBER", "date")  # "in 2023"
    assert kind_in_text(text, *at(text, "2023 boats"), "NUMBER") == ("NUMBER", "count")
    assert kind_in_text(text, *at(text, "6:40 a.m."), "NUMBER") == ("NUMBER", "time")
    assert kind_in_text(text, *at(text, "€4 million"), "NUMBER") == ("NUMBER", "money")
    assert kind_in_text(text, *at(text, "Work stopped"), "CLAIM") == ("CLAIM", "")
    assert kind_name(("NUMBER", "date")) == "NUMBER dates" and kind_name(("CLAIM", "")) == "CLAIM"


def test_two_rejected_dates_withdraw_the_open_ones_in_one_undoable_step(store: Store):
    article_id, _ = store.add_article(title="Harbour", text=FIRST)
    april, may, boats, ferry, passengers, june = offer(
        store, article_id, FIRST,
        ["4 April", "May", "214 boats", "6:40 a.m.", "88 passengers", "9 June"],
    )  # fmt: skip
    history = History(store, annotator="ana")
    history.accept_suggestions([boats.id])
    first = history.reject_suggestions([april.id])
    assert learned(store).silenced == set()  # one rejection says nothing yet
    assert first.removed_records.suggestions == (april,)  # nothing withdrawn
    assert REJECTIONS == 2
    second = history.reject_suggestions([may.id])
    # The second date rejected: the open "9 June" goes in the same step; counts, clock
    # times and the rest stay.
    assert learned(store).silenced == {("NUMBER", "date")}
    assert open_texts(store, article_id) == ["6:40 a.m.", "88 passengers"]
    assert june in second.removed_records.suggestions
    assert second.description == (
        "reject NUMBER “May”; NUMBER dates (rejected 2×, accepted 0×) no longer suggested; "
        "Ctrl+Shift+G brings them back here"
    )
    history.undo()  # one undo: "May" open again and "9 June" back
    assert open_texts(store, article_id) == ["May", "6:40 a.m.", "88 passengers", "9 June"]
    assert learned(store).silenced == set()
    history.redo()
    assert open_texts(store, article_id) == ["6:40 a.m.", "88 passengers"]
    assert {ferry.id, passengers.id} == {s.id for s in store.suggestions(article_id)}


def test_a_silenced_kind_is_not_proposed_in_later_articles_unless_asked(store: Store):
    first_id, _ = store.add_article(title="Harbour", text=FIRST)
    second_id, _ = store.add_article(title="Dredging", text=SECOND)
    april, may = offer(store, first_id, FIRST, ["4 April", "May"])
    History(store, annotator="ana").reject_suggestions([april.id, may.id])
    found = [s.text for s in propose(store, [second_id], sources=("numbers",))]
    assert "12 October" not in found and "31 barges" in found and "5,600 tonnes" in found
    # Ctrl+Shift+G computes with learn=False: the kind comes back to be accepted.
    again = [s.text for s in propose(store, [second_id], sources=("numbers",), learn=False)]
    assert "12 October" in again


def test_a_kind_mostly_accepted_is_kept_and_one_below_a_third_is_not(store: Store):
    article_id, _ = store.add_article(title="Harbour", text=FIRST)
    second_id, _ = store.add_article(title="Dredging", text=SECOND)
    april, may, june = offer(store, article_id, FIRST, ["4 April", "May", "9 June"])
    history = History(store, annotator="ana")
    history.accept_suggestions([april.id])
    history.reject_suggestions([may.id, june.id])  # 1 of 3 accepted: still worth showing
    assert learned(store).silenced == set()
    (october,) = offer(store, second_id, SECOND, ["12 October"])
    change = history.reject_suggestions([october.id])  # 1 of 4: below a third
    assert learned(store).silenced == {("NUMBER", "date")}
    assert "NUMBER dates (rejected 3×, accepted 1×) no longer suggested" in change.description


def test_learning_reads_what_the_rows_keep_without_a_migration(store: Store):
    """What is learned follows the suggestions table alone: deleting the rejected rows
    (clear_suggestions keeps them; only a new corpus forgets) would forget it."""
    article_id, _ = store.add_article(title="Harbour", text=FIRST)
    april, may = offer(store, article_id, FIRST, ["4 April", "May"])
    store.reject_suggestions([april.id, may.id])  # the store alone: no withdrawal asked
    assert learned(store).silenced == {("NUMBER", "date")}
    store.clear_suggestions()
    assert learned(store).silenced == {("NUMBER", "date")}
