"""The agreement bench still runs and measures what it says, on a few articles.

The bench itself runs by hand (``python -m bench``); this keeps it working as the
agreement code changes.
"""

from __future__ import annotations

from bench import bench_agreement


def test_the_bench_analysts_differ_as_second_readers_do():
    texts, people = bench_agreement.analysts(30)
    assert len(texts) == 30 and [p.name for p in people] == [
        "analyst1", "analyst2", "analyst3"]  # fmt: skip
    first, second = ({(s.article_id, s.start, s.end, s.label) for s in p.spans}
                     for p in people[:2])  # fmt: skip
    assert len(first) == 30 * 20
    # Mostly the same spans, not all of them.
    assert 0.7 < len(first & second) / len(first) < 0.95
    assert all(p.relations and p.links for p in people)


def test_the_bench_reports_agreement_beside_the_package_alone():
    [row] = bench_agreement.run(articles=20, runs=1)
    assert row["value"] > 0 and row["floor"] > 0
    assert row["ratio"] == row["value"] / row["floor"]
    assert row["target"] == bench_agreement.TARGET and row["pass"] is not None
    assert "characters, 4 labels; alpha 0." in row["note"]
