"""Import articles (and their spans) from files and folders.

Each file is imported whole or not at all: it is read and checked completely
before one transaction adds its articles.  A refused file gets one line that
names it and the reason; the other files of the same call still import.  The one
exception is bad cross-article data (a story, actors, links: issue 14), which the
issue asks to cost only its record: that record gets a line of its own
(``FileReport.notes``) and the rest of the file goes in (see
:mod:`annotator.core.cross_records` and :mod:`annotator.core.cross_import`).

Text is kept verbatim: no line-ending, whitespace or Unicode normalisation.
Only a leading UTF-8 byte-order mark is dropped, and a .txt/.md file's front matter
(its title and meta, never stored as text: see :mod:`annotator.core.frontmatter`).
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from annotator.core.cross_import import place_actors, store_cross
from annotator.core.cross_records import check_file, read_cross
from annotator.core.decoding import check_encoding, decode
from annotator.core.errors import AnnotatorError, ImportRefused
from annotator.core.formats import RECORD_FORMATS, REGISTRY, brat, labelstudio, load
from annotator.core.formats.base import (
    ParsedArticle,
    article_from,
    loads,
)
from annotator.core.frontmatter import is_meta_file, parse_text_article
from annotator.core.import_report import FileReport, ImportReport
from annotator.core.model import now
from annotator.core.printable import shown_path, storable
from annotator.core.resources import resource_path
from annotator.core.store import Store
from annotator.core.store.merging import add_annotations, note_done_by_one

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (REGISTRY["jsonl"].suffix,)  # native, Prodigy or doccano lines
# Label Studio tasks, or a list of any JSON-lines record
JSON_SUFFIXES = (REGISTRY["labelstudio"].suffix,)
# A batch of files shares one commit for at most this long (see import_paths).
BATCH_SECONDS = 0.5
BATCH_FILE_BYTES = 256 * 1024  # bigger files get a commit of their own
# The small files of one batch are held in memory, read and checked, until it is written.
BATCH_BYTES = 16 * 1024 * 1024
# Opening a named pipe for reading waits for a writer; this flag makes it return at once,
# so read_file can see what it opened and refuse it (Windows has neither).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
log = logging.getLogger("annotator.import")


# -- reading ---------------------------------------------------------------


def parse_text_file(path: Path, text: str) -> list[ParsedArticle]:
    # Front matter and a NAME.meta.json beside it give the title and meta (frontmatter.py).
    return parse_text_article(path, text, read_beside=lambda side: decode(read_bytes(side)))


def parse_jsonl(text: str) -> list[ParsedArticle]:
    """Parse Prodigy/spaCy (``spans``), doccano (``label``/``entities``) or native lines."""
    if not text.strip():
        raise ImportRefused("the file is empty")
    articles = []
    # Only "\n" ends a JSON line: str.splitlines() would also split on U+2028,
    # U+0085 and friends, which JSON writers leave raw inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = loads(line)
        except json.JSONDecodeError as exc:
            raise ImportRefused(
                f"{where}: malformed JSON ({exc.msg} at column {exc.colno})"
            ) from None
        except ImportRefused as exc:
            raise ImportRefused(f"{where}: {exc}") from None
        articles.append(parse_record(record, where))
    if not articles:
        raise ImportRefused("the file holds no JSON lines")
    check_file(articles)
    return articles


def parse_record(record: Any, where: str) -> ParsedArticle:
    """One task/document object in any of the record formats' span and relation shapes,
    with its story, actors and links (refused on its own when those are bad)."""
    parsed = article_from(
        record, where, raw_spans=_record_spans(record, where),
        raw_relations=_record_relations(record, where),
    )  # fmt: skip
    read_cross(record, parsed)
    return parsed


def _record_spans(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    for spans_in, _ in _record_readers():
        yield from spans_in(record, where)


def _record_relations(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    for _, relations_in in _record_readers():
        yield from relations_in(record, where)


RecordReader = Callable[[dict[str, Any], str], Iterator[dict[str, Any]]]


@cache
def _record_readers() -> tuple[tuple[RecordReader, RecordReader], ...]:
    """Each record format's ``spans_in`` and ``relations_in``, loaded once, not per line."""
    return tuple((load(name).spans_in, load(name).relations_in) for name in RECORD_FORMATS)


def parse_json(text: str) -> list[ParsedArticle]:
    """A JSON file: Label Studio tasks (``data`` + ``annotations``), or records as in JSONL."""
    if not text.strip():
        raise ImportRefused("the file is empty")
    try:
        document = loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    records = document if isinstance(document, list) else [document]
    if not records:
        raise ImportRefused("the file holds an empty list")
    articles = []
    for number, record in enumerate(records, start=1):
        where = f"task {number}"
        if labelstudio.is_task(record):
            articles.append(labelstudio.read_task(record, where))
        else:
            articles.append(parse_record(record, where))
    check_file(articles)
    return articles


def parse_brat(txt_path: Path, text: str) -> list[ParsedArticle]:
    """A brat document: ``NAME.txt`` (given, decoded) and ``NAME.ann`` beside it, read here."""
    ann_path = txt_path.with_suffix(brat.ANN_SUFFIX)
    ann_name = shown_path(ann_path.name)
    try:
        ann = decode(read_bytes(ann_path))
    except FileNotFoundError:
        raise ImportRefused(f"no {ann_name} beside it") from None
    except OSError as exc:
        raise ImportRefused(f"cannot read {ann_name} ({exc.strerror})") from None
    except ImportRefused as exc:
        raise ImportRefused(f"{ann_name}: {exc}") from None
    return brat.read(text, ann, ann_name=ann_name)


# -- importing -------------------------------------------------------------

Parser = Callable[[Path, str], list[ParsedArticle]]


def is_brat(path: Path) -> bool:
    """A .txt with a .ann beside it (or that .ann): one brat document."""
    suffix = path.suffix.lower()
    if suffix == brat.TXT_SUFFIX:
        return _is(path.with_suffix(brat.ANN_SUFFIX), Path.is_file)
    return suffix == brat.ANN_SUFFIX and _is(path.with_suffix(brat.TXT_SUFFIX), Path.is_file)


def _is(path: Path, test: Callable[[Path], bool]) -> bool:
    """Path.is_file or is_dir, False where they raise (a name too long, a loop of links):
    read_file then says what is wrong in the file's own line."""
    try:
        return test(path)
    except OSError:
        return False


def parser_for(path: Path) -> Parser | None:
    suffix = path.suffix.lower()
    if is_brat(path):
        return parse_brat
    if is_meta_file(path):  # named on its own: say where it belongs, not "no text"
        return _refuse_meta_file
    if suffix in TEXT_SUFFIXES:
        return parse_text_file
    if suffix in JSONL_SUFFIXES:
        return lambda _path, text: parse_jsonl(text)
    if suffix in JSON_SUFFIXES:
        return lambda _path, text: parse_json(text)
    return None


def _refuse_meta_file(path: Path, _text: str) -> list[ParsedArticle]:
    raise ImportRefused("the title and meta of the article beside it; import that file")


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to import (folders recursively, sorted) and files skipped in folders.

    A named pipe, socket, device or dangling link in a folder whose name says it is
    an article is listed too, so that read_file refuses it in a line of its own
    rather than it vanishing from the report.
    """
    files, skipped = [], []
    for path in paths:
        path = Path(path)
        if _is(path, Path.is_dir):
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or child.is_dir():
                    continue
                if (
                    child.name in brat.CONFIG_FILES
                    or is_meta_file(child)
                    or (child.suffix.lower() == brat.ANN_SUFFIX and is_brat(child))
                ):
                    continue  # read with its .txt, or by brat itself
                (files if parser_for(child) else skipped).append(child)
        else:
            files.append(path)
    return files, skipped


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; anything else is refused without waiting on it.

    Opening a named pipe blocks until something writes to it, which may be never:
    the file is opened without blocking and looked at before a byte is read.
    """
    # O_NOCTTY: a terminal named by mistake must not become this process's terminal.
    flags = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ImportRefused(_not_a_file(mode))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        with open(fd, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(fd)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder, not a file"  # became one after the folder was listed
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file; save what it carries to a file first"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "a device, not a file"


def import_file(
    store: Store,
    path: Path,
    *,
    encoding: str | None = None,
    source: str | None = None,
    annotator: str | None = None,
) -> FileReport:
    """Read, check and add one file in a transaction of its own."""
    report, articles = _read_checked(path, encoding=encoding)
    if articles is not None:
        try:
            with store.transaction():
                _add(store, report, articles, source=source, annotator=annotator)
        except AnnotatorError as exc:
            _refuse(report, str(exc))
    return report


def _read_checked(
    path: Path, *, encoding: str | None
) -> tuple[FileReport, list[ParsedArticle] | None]:
    """Read and check one file, holding no lock; a refused file comes back without articles.

    Whatever goes wrong, it costs this file one line, never the batch: a failure
    nobody foresaw is logged with its traceback and named in the line.
    """
    report = FileReport(path)
    try:
        return report, read_file(path, encoding=encoding)
    except AnnotatorError as exc:
        report.error = str(exc)
    except MemoryError:
        report.error = "too big to read into memory"
    except Exception as exc:
        log.exception("reading %s", shown_path(path))
        report.error = f"could not be read ({type(exc).__name__}: {exc}); details in the log"
    return report, None


def _add(
    store: Store,
    report: FileReport,
    articles: list[ParsedArticle],
    *,
    source: str | None,
    annotator: str | None = None,
) -> None:
    """Add a checked file's articles inside the caller's transaction, whole or not at all.

    A text already in the corpus is not added again, but its spans and relations are
    (a colleague's export of the same articles), each keeping its analyst; those
    already here are skipped.  ``annotator`` (``--annotator``) names the analyst of
    spans and relations the file gave no analyst.
    """
    try:
        with store.transaction():  # a savepoint: a refused file leaves nothing
            report.notes += place_actors(store, articles)
            placed: list[tuple[ParsedArticle, int, bool]] = []
            for parsed in articles:
                if parsed.refused:
                    report.notes.append(parsed.refused)
                    continue
                if annotator:
                    parsed = _named(parsed, annotator)
                try:
                    article_id, added = store.add_article(
                        title=parsed.title, text=parsed.text,
                        source=source or storable(report.path.name),
                        meta=parsed.meta, status=parsed.status, spans=parsed.spans,
                        relations=parsed.relations,
                    )  # fmt: skip
                except AnnotatorError as exc:
                    prefix = f"{parsed.where}: " if parsed.where else ""
                    raise ImportRefused(prefix + str(exc)) from None
                except (ValueError, TypeError, OverflowError, RecursionError) as exc:
                    # A value the checks let through but SQLite refused: this file only.
                    log.exception("storing %s", shown_path(report.path))
                    prefix = f"{parsed.where}: " if parsed.where else ""
                    raise ImportRefused(
                        f"{prefix}could not be stored ({type(exc).__name__}: {exc}); "
                        "details in the log"
                    ) from None
                placed.append((parsed, article_id, added))
                note_done_by_one(store, article_id, spans=parsed.spans, status=parsed.status,
                                 stamp=now())  # fmt: skip
                if added:
                    report.added += 1
                    report.spans += len(
                        {(s.start, s.end, s.label, s.annotator) for s in parsed.spans}
                    )
                else:
                    report.duplicates += 1
                    if parsed.spans:
                        try:
                            spans, relations = add_annotations(
                                store, article_id, spans=parsed.spans,
                                relations=parsed.relations, stamp=now(),
                            )  # fmt: skip
                        except AnnotatorError as exc:
                            prefix = f"{parsed.where}: " if parsed.where else ""
                            raise ImportRefused(prefix + str(exc)) from None
                        report.joined_spans += spans
                        report.joined_relations += relations
            report.notes += store_cross(store, placed)
    except ImportRefused as exc:
        _refuse(report, str(exc))


def _refuse(report: FileReport, reason: str) -> None:
    report.added = report.duplicates = report.spans = 0
    report.notes.clear()
    report.joined_spans = report.joined_relations = 0
    report.error = reason


def _named(parsed: ParsedArticle, annotator: str) -> ParsedArticle:
    return replace(
        parsed,
        spans=[replace(s, annotator=s.annotator or annotator) for s in parsed.spans],
        relations=[replace(r, annotator=r.annotator or annotator) for r in parsed.relations],
    )


def read_file(path: Path, *, encoding: str | None = None) -> list[ParsedArticle]:
    parser = parser_for(path)
    if parser is None:
        raise ImportRefused(
            f"unsupported file type {path.suffix or '(none)'!r}; "
            f"use {', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES)}, "
            "a brat .txt with its .ann, or a folder"
        )
    if parser is parse_brat:
        path = path.with_suffix(brat.TXT_SUFFIX)
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        raise ImportRefused(
            "a link to a file that is not there" if path.is_symlink() else "no such file"
        ) from None
    except OSError as exc:
        raise ImportRefused(f"cannot read it ({exc.strerror or exc})") from None
    text = decode(data, encoding=encoding)
    if parser is parse_brat and data.startswith(codecs.BOM_UTF8) and encoding is None:
        text = "\ufeff" + text  # brat counts a byte-order mark as the first character
    try:
        return parser(path, text)
    except RecursionError:  # any parser, any nesting json.loads did not already refuse
        raise ImportRefused("nested too deeply to read") from None


def import_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    progress: Callable[[FileReport], None] | None = None,
    stop: Callable[[], bool] | None = None,
    annotator: str | None = None,
) -> ImportReport:
    """Import every file; each is whole or not at all, and said so only once committed.

    Small files share a commit (each in its own savepoint, so a refused file still
    leaves nothing): a commit with ``synchronous = FULL`` waits for the disk, and
    one per file made a folder of 10,000 articles 14x slower than one bulk insert
    (bench/bench_core.py).  A batch's files are all read and checked first, for at
    most :data:`BATCH_SECONDS`, and only then written, committing at least that
    often: the write lock is never held while a file is read (a slow disk, a
    network folder), so another program waiting for the corpus waits at most about
    that long.  A kill loses at most the files of one batch, none of which was
    reported yet.  A big file is a batch of its own.  ``stop`` is asked only between
    batches, so no committed file goes unreported; the rest go in ``not_read``.
    """
    if encoding is not None:
        check_encoding(encoding)  # once, up front: not the same line for every file
    report = ImportReport()
    files, report.skipped = expand(Path(p) for p in paths)
    position = 0
    while position < len(files):
        if stop is not None and stop():
            report.not_read = files[position:]  # the window's Cancel
            break
        batch: list[tuple[FileReport, list[ParsedArticle] | None]] = []
        if not _small(files[position]):
            batch.append(_read_checked(files[position], encoding=encoding))
            position += 1
        else:
            deadline = time.monotonic() + BATCH_SECONDS
            held = 0
            while (
                position < len(files) and _small(files[position])
                and (not batch or (time.monotonic() < deadline and held < BATCH_BYTES))
            ):  # fmt: skip
                file_report, articles = _read_checked(files[position], encoding=encoding)
                batch.append((file_report, articles))
                held += sum(len(a.text) for a in articles or ())
                position += 1
        _write_batch(store, batch, annotator=annotator)
        for file_report, _ in batch:
            report.files.append(file_report)
            if progress is not None:
                progress(file_report)
    return report


def _write_batch(
    store: Store,
    batch: list[tuple[FileReport, list[ParsedArticle] | None]],
    *,
    annotator: str | None = None,
) -> None:
    """Write a batch's checked files, committing at least every :data:`BATCH_SECONDS`.

    Writing can take longer than reading did (a savepoint, hashes and indexes per
    article), so the write lock is let go on its own clock, not the reading one's.
    """
    pending = [(report, articles) for report, articles in batch if articles is not None]
    position = 0
    while position < len(pending):
        deadline = time.monotonic() + BATCH_SECONDS
        first = position
        try:
            with store.transaction():
                while position < len(pending) and (
                    position == first or time.monotonic() < deadline
                ):
                    file_report, articles = pending[position]
                    position += 1
                    _add(store, file_report, articles, source=None, annotator=annotator)
        except AnnotatorError as exc:  # no write lock, or the commit failed: none is in
            if position == first:  # the lock never came: the files read with it wait no more
                position = len(pending)
            for file_report, _ in pending[first:position]:
                if not file_report.refused:
                    _refuse(file_report, str(exc))


def _small(path: Path) -> bool:
    """Small enough to share a commit with other files."""
    try:
        return path.stat().st_size <= BATCH_FILE_BYTES
    except OSError:
        return True  # read_file says what is wrong with it, in one line


def sample_files() -> list[Path]:
    """The sample's articles: a .txt each (a .meta.json beside it names its story), and
    the second story's articles with their spans, actors and links in one .jsonl."""
    folder = resource_path("sample")
    return sorted([*folder.glob("*.txt"), *folder.glob("*.jsonl")])


def import_sample(store: Store) -> ImportReport:
    """Add the embedded sample corpus (invented articles) to any corpus."""
    report = ImportReport()
    for path in sample_files():
        report.files.append(import_file(store, path, source=f"sample/{path.name}"))
    return report
