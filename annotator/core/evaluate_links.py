"""Cross-article links as ``evaluate`` scores them (issue 14): keys that GOLD and PRED share.

A link joins a span of one article to a span of another.  Its key names each end by
the article's text (its SHA-256: ``evaluate`` pairs articles by text, and an article
paired by id must have the same text) and the span's place and label, with the two ends
in a fixed order: a link means the same both ways (``store/links.py``), so PRED's
B -> A matches GOLD's A -> B.  The SHA-256 rides in the label of each end, so a key is
a relation key of :mod:`annotator.core.evaluate` and ``pair_relations`` pairs them as it
pairs relations: ``strict`` when both ends are the same spans and the type agrees, and
``any_type`` when both ends are the same spans whatever the types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from annotator.core.cross_records import link_ends
from annotator.core.model import text_sha256

if TYPE_CHECKING:
    from annotator.core.formats.base import ParsedArticle
    from annotator.core.store import Store

End = tuple[int, int, str]  # (start, end, "SHA256\x00LABEL")
LinkKey = tuple[str, End, End]  # (type, one end, the other)
LINK_SCHEMES = ("strict", "any_type")


def link_key(kind: str, one: tuple[str, int, int, str], other: tuple[str, int, int, str]
             ) -> LinkKey:  # fmt: skip
    """The key of a link between ``(sha256, start, end, label)`` ends, in either order."""
    first, second = sorted((one, other))
    return (kind, _end(first), _end(second))


def _end(end: tuple[str, int, int, str]) -> End:
    sha, start, stop, label = end
    return (start, stop, f"{sha}\x00{label}")


def end_article(end: End) -> str:
    """The SHA-256 of the article of a key's end."""
    return end[2].partition("\x00")[0]


def untyped(keys: Iterable[LinkKey]) -> list[LinkKey]:
    return [("", one, other) for _, one, other in keys]


def store_links(store: Store) -> dict[int, set[LinkKey]]:
    """Article id -> the keys of the links that start in it, for a whole corpus."""
    ends: dict[int, tuple[str, int, int, str]] = {}
    for article, spans in store.iter_articles():
        sha = text_sha256(article.text)
        for span in spans:
            ends[span.id] = (sha, span.start, span.end, span.label)
    found: dict[int, set[LinkKey]] = {}
    for link in store.iter_links():
        if link.span_id in ends and link.to_span_id in ends:
            key = link_key(link.type, ends[link.span_id], ends[link.to_span_id])
            found.setdefault(link.article_id, set()).add(key)
    return found


def file_links(articles: Sequence[ParsedArticle]) -> list[tuple[str, LinkKey]]:
    """(SHA-256 of the article a link starts in, its key) for every link of one file."""
    found = []
    for parsed, link, span, other, to_span in link_ends(articles):
        sha, to_sha = text_sha256(parsed.text), text_sha256(other.text)
        key = link_key(link.type, (sha, span.start, span.end, span.label),
                       (to_sha, to_span.start, to_span.end, to_span.label))  # fmt: skip
        found.append((sha, key))
    return found
