"""The suggestion bench still runs (tiny): its figure has a value, a floor and a target.

The full figure (10,000 articles) runs by hand with ``python -m bench``.
"""

from __future__ import annotations

from bench import bench_suggest


def test_the_suggestion_bench_runs_tiny() -> None:
    (row,) = bench_suggest.run(articles_count=5, name_count=50)
    assert row["value"] > 0 and row["floor"] > 0
    assert row["target"] == bench_suggest.TARGET
    assert "5 articles" in row["figure"] and "50 actors" in row["figure"]
    assert int(row["note"].split(" ", 1)[0].replace(",", "")) > 50  # proposals made


def test_the_generated_articles_give_every_source_work() -> None:
    from annotator.core.suggest import suggest
    from annotator.core.suggest.actors import ActorMatcher

    entities = bench_suggest.names(30)
    text = next(bench_suggest.articles(1, entities))
    found = suggest(text, sources=bench_suggest.SOURCES, known_actors=ActorMatcher(entities))
    assert {p.label for p in found} == {"NUMBER", "QUOTE", "CLAIM", "ACTOR"}
