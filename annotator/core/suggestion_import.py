"""``annotator import --as-suggestions``: a system's output becomes suggestions, not gold.

Any file the importer reads (native/Prodigy/doccano JSON lines, Label Studio JSON, brat,
text) is read by the importer's own readers; its spans then go to the suggestions table
instead of the spans table.  An article already in the corpus (same text, by its sha256)
gets the suggestions; a new one is added first, with no gold spans and its status as
"todo" whatever the file said (a model's output does not make an article done).

What a span carries besides its place: Label Studio ``predictions`` keep each result's
``score`` (else the prediction's) and the prediction's ``model_version``; a JSON-lines
span keeps its ``score``, ``source`` and ``model_version`` keys (what ``annotator
suggest -o`` writes).  Otherwise the source is ``import:FILE``.

Each file is one transaction: a span out of range, or whose text disagrees with the
article's slice, refuses the whole file with one line naming it, the line or task, and
the span; nothing of it is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.decoding import decode
from annotator.core.errors import AnnotatorError, ImportRefused
from annotator.core.formats import labelstudio
from annotator.core.formats.base import ParsedArticle, loads
from annotator.core.importing import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    expand,
    parse_record,
    read_bytes,
    read_file,
)
from annotator.core.model import Suggestion, check_span
from annotator.core.printable import shown_path, storable
from annotator.core.store import Store

__all__ = ["SuggestionFileReport", "import_suggestions"]

Key = tuple[Any, Any, Any]


@dataclass(frozen=True)
class Extra:
    score: float | None = None
    source: str | None = None
    model_version: str = ""


@dataclass
class SuggestionFileReport:
    path: Path
    articles: int = 0  # articles the file's suggestions went to
    new_articles: int = 0
    stored: int = 0
    skipped: int = 0  # already suggested (in any state) or already a span
    error: str | None = None

    def line(self) -> str:
        name = shown_path(self.path)
        if self.error is not None:
            return f"{name}: refused: {self.error}"
        return (
            f"{name}: {self.stored} suggestion(s) stored for {self.articles} article(s)"
            f" ({self.new_articles} new), {self.skipped} already there"
        )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _record_extras(record: Any) -> dict[Key, Extra]:
    extras: dict[Key, Extra] = {}
    spans = record.get("spans") if isinstance(record, dict) else None
    for raw in spans if isinstance(spans, list) else ():
        if isinstance(raw, dict):
            extras[(raw.get("start"), raw.get("end"), raw.get("label"))] = Extra(
                _number(raw.get("score")), _text(raw.get("source")) or None,
                _text(raw.get("model_version")),
            )  # fmt: skip
    return extras


def _task_extras(task: dict[str, Any]) -> dict[Key, Extra]:
    extras: dict[Key, Extra] = {}
    for prediction in task.get("annotations") or ():
        if not isinstance(prediction, dict) or not isinstance(prediction.get("result"), list):
            continue
        version = _text(prediction.get("model_version"))
        overall = _number(prediction.get("score"))
        for region in prediction["result"]:
            value = region.get("value") if isinstance(region, dict) else None
            if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
                continue
            score = _number(region.get("score"))
            for label in value["labels"]:
                extras[(value.get("start"), value.get("end"), label)] = Extra(
                    overall if score is None else score, None, version
                )
    return extras


def read_predictions(
    path: Path, *, encoding: str | None = None
) -> list[tuple[ParsedArticle, dict[Key, Extra]]]:
    """The file's articles, each with what its spans carry besides their place."""
    suffix = path.suffix.lower()
    if suffix not in JSON_SUFFIXES + JSONL_SUFFIXES:
        return [(parsed, {}) for parsed in read_file(path, encoding=encoding)]
    if suffix in JSONL_SUFFIXES:
        articles = read_file(path, encoding=encoding)  # every check the importer makes
        text = decode(read_bytes(path), encoding=encoding)
        records = [loads(line) for line in text.split("\n") if line.strip()]
        pairs = zip(articles, records, strict=True)
        return [(parsed, _record_extras(record)) for parsed, record in pairs]
    read_file(path, encoding=encoding)  # refuses what the importer refuses, in its words
    document = loads(decode(read_bytes(path), encoding=encoding))
    found = []
    for number, record in enumerate(document if isinstance(document, list) else [document], 1):
        where = f"task {number}"
        if labelstudio.is_task(record):
            task = dict(record)
            if task.get("predictions"):  # a model's output: its predictions, not annotations
                task["annotations"] = task["predictions"]
            found.append((labelstudio.read_task(task, where), _task_extras(task)))
        else:
            found.append((parse_record(record, where), _record_extras(record)))
    return found


def _suggestions(
    article_id: int, parsed: ParsedArticle, extras: dict[Key, Extra], default_source: str
) -> list[Suggestion]:
    found = []
    for number, span in enumerate(parsed.spans, 1):
        try:
            piece = check_span(parsed.text, span.start, span.end, span.text)
        except AnnotatorError as exc:
            where = f"{parsed.where}: " if parsed.where else ""
            raise ImportRefused(f"{where}span {number}: {exc}") from None
        extra = extras.get((span.start, span.end, span.label), Extra())
        found.append(Suggestion(
            0, article_id, span.start, span.end, span.label, piece,
            storable(extra.source or default_source), extra.score, extra.model_version,
            dict(span.attributes),
        ))  # fmt: skip
    return found


def import_suggestions_file(
    store: Store, path: Path, *, encoding: str | None = None
) -> SuggestionFileReport:
    """One file's spans as suggestions, in one transaction: all of them or none."""
    report = SuggestionFileReport(path)
    try:
        articles = read_predictions(path, encoding=encoding)
        source = f"import:{storable(path.name)}"
        with store.transaction():
            wanted: list[Suggestion] = []
            seen: set[int] = set()
            for parsed, extras in articles:
                article_id, added = store.add_article(
                    title=parsed.title, text=parsed.text, source=storable(path.name),
                    meta=parsed.meta,
                )  # fmt: skip
                report.new_articles += added
                if article_id not in seen:
                    seen.add(article_id)
                    report.articles += 1
                wanted += _suggestions(article_id, parsed, extras, source)
            store.ensure_labels(dict.fromkeys(item.label for item in wanted))
            stored = store.store_suggestions(wanted)
        report.stored = len(stored)
        report.skipped = len(wanted) - len(stored)
    except AnnotatorError as exc:
        report.error = str(exc)
        report.articles = report.new_articles = 0
    except json.JSONDecodeError as exc:  # read_file said it was fine: should not happen
        report.error = f"malformed JSON ({exc.msg})"
    return report


def import_suggestions(
    store: Store, paths: Iterable[Path], *, encoding: str | None = None
) -> list[SuggestionFileReport]:
    files, _skipped = expand(Path(p) for p in paths)
    return [import_suggestions_file(store, path, encoding=encoding) for path in files]
