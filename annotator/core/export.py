"""Exports of the corpus: the one front every format shares.

The front (:func:`export_corpus`) picks the articles and spans (``status``,
``labels``, ``annotators``), checks that every span's stored text is the slice
of its article before anything is written, counts what went out, and writes
atomically: a file through :func:`~annotator.core.fileutil.atomic_write`, a
folder (brat, or any ``split``) as a hidden sibling folder renamed into place
only when complete.  Each format lives in its own module under
:mod:`annotator.core.formats`, named in its registry and imported on first
use, and only turns articles into bytes; the native JSON lines are described
in :mod:`annotator.core.formats.native`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from functools import partial
from pathlib import Path

from annotator.core.cross_records import CrossData
from annotator.core.errors import AnnotatorError, ExportError
from annotator.core.fileutil import atomic_write, corpus_part
from annotator.core.formats import REGISTRY, FormatSpec
from annotator.core.formats.base import ExportContext, ExportItem, Item, Writer

# Where callers have always found them; they live with the formats' contract now.
from annotator.core.formats.base import ExportSummary as ExportSummary
from annotator.core.formats.base import file_stem as file_stem
from annotator.core.model import STATUSES, Article, Link, Relation, Span
from annotator.core.store import Store

# A folder this program wrote; only such a folder (or an empty one) is replaced.
FOLDER_MARKER = ".annotator-export"
SPLIT_PARTS = ("train", "dev", "test")
# The formats that write cross-article links (so a link left out is worth a note)
LINK_FORMATS = ("jsonl", "pairs")


class ExportCancelled(AnnotatorError):
    """The person cancelled the export; nothing was left under the final name."""


def verify(article: Article, spans: Iterable[Span]) -> None:
    """Refuse to write a span outside its article or whose stored text is not its slice.

    The range is checked first and on its own: Python clamps a slice, so a row written
    by another program with ``end`` past the text can equal its stored text and would
    then reach a format that indexes the text (brat) or one that writes offsets no
    importer accepts back.
    """
    length = len(article.text)
    for span in spans:
        if not 0 <= span.start < span.end <= length:
            raise ExportError(
                f"article {article.id} span {span.id}: [{span.start}, {span.end}) is outside "
                f"the article (0..{length}); nothing was written"
            )
        if article.text[span.start : span.end] != span.text:
            raise ExportError(
                f"article {article.id} span {span.id}: stored text does not match "
                f"the article at [{span.start}, {span.end}); nothing was written"
            )


def check_finite(
    article: Article, spans: Iterable[Span], relations: Iterable[Relation] = ()
) -> None:
    """Refuse NaN and Infinity (written into the corpus by another program): not JSON."""
    values = [("its meta", article.meta)]
    values += [(f"the attributes of span {s.id}", s.attributes) for s in spans]
    values += [(f"the attributes of relation {r.id}", r.attributes) for r in relations]
    for what, value in values:
        if not value:
            continue
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            raise ExportError(
                f"article {article.id}: NaN or Infinity in {what}, which JSON cannot "
                "carry; nothing was written"
            ) from None


# -- atomic folders -----------------------------------------------------------


@contextmanager
def export_file(path: Path | str, *, corpus: Path | str | None, what: str) -> Iterator:
    """A text file to write beside the exports (a report, suggestions): as every export,
    never the corpus or a file beside it, nothing half-written under the name, and one
    line naming the destination when it cannot be written."""
    path = Path(path)
    part = corpus_part(path, corpus)
    if part is not None:
        raise ExportError(f"{path}: is {part}; choose another name for {what}")
    try:
        with atomic_write(path) as handle:
            yield handle
    except OSError as exc:
        raise ExportError(f"{path}: cannot write {what} ({exc.strerror or exc})") from None


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """Yield an empty hidden sibling folder; on success it becomes ``path``.

    An existing ``path`` is replaced only if it is empty or holds nothing but
    what an earlier export wrote there, unchanged: :data:`FOLDER_MARKER` lists
    every file (with its SHA-256) and folder the export made.  A file added or
    edited since, or a folder marked by an older Annotator that kept no such
    list, is refused in one line naming it, so a slip of the destination never
    wipes someone's documents.  On any error or cancel the hidden folder is removed.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path}: exists and is not a folder; choose a folder name")
    if path.is_dir():
        _refuse_foreign_content(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        )
        # mkdtemp makes it private (0700); the finished folder gets the usual mode
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
    except OSError as exc:
        raise ExportError(f"{path}: cannot create the folder ({exc.strerror})") from None
    try:
        yield staging
        (staging / FOLDER_MARKER).write_text(_manifest(staging), encoding="utf-8")
        # Every file on disk before the rename makes the folder visible: one
        # sync for the whole folder rather than an fsync per file.
        if hasattr(os, "sync"):
            os.sync()
        if path.exists():
            old = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.old"
            os.replace(path, old)
            os.replace(staging, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _manifest(folder: Path) -> str:
    """The marker's text: what the export wrote, so the next one replaces only that."""
    files: dict[str, str] = {}
    folders: list[str] = []
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        dirs.sort()
        folders += [(base / d).relative_to(folder).as_posix() for d in dirs]
        for name in sorted(names):
            files[(base / name).relative_to(folder).as_posix()] = _sha256(base / name)
    record = {
        "note": "Written by Annotator; the next export may replace this folder if it holds "
        "only these files, unchanged.",
        "folders": folders,
        "files": files,
    }
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def _refuse_foreign_content(path: Path) -> None:
    """Refuse a folder that holds anything an earlier export did not write, as written."""
    try:
        marker = json.loads((path / FOLDER_MARKER).read_text(encoding="utf-8"))
        listed_files = dict(marker["files"])
        listed_folders = set(marker["folders"])
        has_marker = True
    except FileNotFoundError:
        listed_files, listed_folders, has_marker = {}, set(), False
    except (OSError, ValueError, KeyError, TypeError):
        # A marker from before manifests (plain text), or a damaged one: nothing
        # says which files the export wrote, so every other file counts as someone's.
        listed_files, listed_folders, has_marker = {}, set(), None
    foreign, why = _first_foreign(path, listed_files, listed_folders)
    if foreign is None:
        return
    if has_marker is False:
        raise ExportError(
            f"{path}: the folder is not empty and is not an earlier export "
            f"(it holds {foreign}); choose a new or empty folder"
        )
    if has_marker is None:
        raise ExportError(
            f"{path}: an export by an older Annotator that did not list its files, so "
            f"{foreign} may be someone's; move it out or choose a new or empty folder"
        )
    raise ExportError(f"{path}: {foreign} {why}; move it out or choose a new or empty folder")


def _first_foreign(
    folder: Path, files: dict[str, str], folders: set[str]
) -> tuple[str | None, str]:
    """The first entry (relative path) the export did not write or that changed since."""
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        dirs.sort()
        for name in dirs:
            rel = (base / name).relative_to(folder).as_posix()
            if rel not in folders or (base / name).is_symlink():
                return rel, "was not written by the earlier export"
        for name in sorted(names):
            rel = (base / name).relative_to(folder).as_posix()
            if rel == FOLDER_MARKER:
                continue
            if rel not in files or (base / name).is_symlink():
                return rel, "was not written by the earlier export"
            try:
                if _sha256(base / name) != files[rel]:
                    return rel, "changed since the earlier export wrote it"
            except OSError:
                return rel, "cannot be read to check it is the earlier export's"
    return None, ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(partial(handle.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the front ----------------------------------------------------------------


def parse_split(value: str) -> tuple[int, int, int]:
    """``"80/10/10"`` -> (80, 10, 10); any three non-negative whole numbers, not all 0."""
    parts = value.split("/")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise ExportError(f"split {value!r}: give three whole numbers like 80/10/10")
    ratios = tuple(int(p) for p in parts)
    if sum(ratios) == 0:
        raise ExportError(f"split {value!r}: the parts add up to 0")
    return ratios  # type: ignore[return-value]


def split_key(seed: int, article: Article) -> str:
    """The sort key that deals articles into parts: the seed and the text's hash.

    It depends on neither id nor import order, so the same seed gives the same
    split every time, and adding articles leaves the others' order alone.
    """
    return hashlib.sha256(f"{seed}\x00{article.sha256}".encode()).hexdigest()


def assign_parts(keys: Sequence[tuple[str, int]], ratios: tuple[int, int, int]) -> dict[int, str]:
    """Article id -> part, cutting the key order at the ratios (largest remainder)."""
    ordered = [article_id for _, article_id in sorted(keys)]
    total = sum(ratios)
    n = len(ordered)
    exact = [n * r / total for r in ratios]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(3), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    assignment: dict[int, str] = {}
    position = 0
    for part, count in zip(SPLIT_PARTS, counts, strict=True):
        for article_id in ordered[position : position + count]:
            assignment[article_id] = part
        position += count
    return assignment


def export_corpus(
    store: Store,
    path: Path | str,
    *,
    format: str = "jsonl",
    status: str | None = None,
    labels: Sequence[str] = (),
    annotators: Sequence[str] = (),
    split: str | tuple[int, int, int] | None = None,
    seed: int = 0,
    per_label: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    """Write the chosen articles and spans in ``format`` to ``path``.

    With ``split``, ``path`` is a folder that gets ``train``, ``dev`` and
    ``test`` files (or sub-folders for brat).  ``progress`` is called with the
    number of articles written so far; it may raise (e.g. ExportCancelled) to stop,
    and then nothing is left under ``path``.  ``per_label`` (CoNLL only) also writes
    one file per label beside the file, ``NAME.LABEL.conll``.
    """
    try:
        fmt = FORMATS[format]
    except KeyError:
        raise ExportError(f"unknown export format {format!r}; use {', '.join(FORMATS)}") from None
    if per_label and format != "conll":
        raise ExportError(f"--per-label is for the conll format, not {format}")
    module = fmt.load()
    write: Writer = module.write
    if status == "all":
        status = None
    if status is not None and status not in STATUSES:
        raise ExportError(f"unknown status {status!r}; use {', '.join(STATUSES)} or all")
    path = Path(path)
    # A format may write files of its own beside the one named (Label Studio's config).
    for target in (path, *getattr(module, "companions", lambda _path: [])(path)):
        part = corpus_part(target, store.path)
        if part is not None:
            raise ExportError(f"{target}: is {part}; choose another name for the export")
    known = store.labels()
    for name in labels:
        if not any(label.name == name for label in known):
            raise ExportError(f"no label named {name!r} in the corpus")
    chosen = [label for label in known if not labels or label.name in labels]
    summary = ExportSummary(path, format)
    context = ExportContext(chosen, summary, per_label=per_label)
    label_set = {label.name for label in chosen}
    annotator_set = set(annotators)
    left_out = [0]  # relations whose head or child span the label/annotator choice left out

    def note_left_out() -> None:
        if left_out[0]:
            noun = "relation" if left_out[0] == 1 else "relations"
            context.note(
                f"{left_out[0]} {noun} left out: the head or child span was not chosen "
                "(--label/--annotator)"
            )

    def chosen_span(span: Span) -> bool:
        return span.label in label_set and (not annotator_set or span.annotator in annotator_set)

    # No --label or --annotator: every span goes out, and no link end need be looked up.
    span_filter = chosen_span if labels or annotators else None

    def selected(only: dict[int, str] | None = None, part: str = "") -> Iterator[Item]:
        # closing(): a refused span ends the export by an exception, and the store's
        # read snapshot must end with it, not whenever the traceback is collected.
        with closing(store.iter_articles(status=status)) as rows:
            relation_rows: Iterator[Relation] | None = None
            pending: Relation | None = None
            try:
                for article, spans in rows:
                    if relation_rows is None:  # now, inside the articles' read snapshot
                        relation_rows = store.iter_relations(status=status)
                        pending = next(relation_rows, None)
                    relations = []
                    while pending is not None and pending.article_id <= article.id:
                        if pending.article_id == article.id:
                            relations.append(pending)
                        pending = next(relation_rows, None)
                    if only is not None and only.get(article.id) != part:
                        continue
                    verify(article, spans)
                    kept = [
                        s for s in spans
                        if s.label in label_set
                        and (not annotator_set or s.annotator in annotator_set)
                    ]  # fmt: skip
                    kept_ids = {s.id for s in kept}
                    linked = [
                        r for r in relations
                        if r.head_span_id in kept_ids and r.tail_span_id in kept_ids
                    ]  # fmt: skip
                    check_finite(article, kept, linked)
                    left_out[0] += len(relations) - len(linked)
                    summary.articles += 1
                    summary.spans += len(kept)
                    summary.relations += len(linked)
                    summary.unfinished += article.status != "done"
                    if part:
                        summary.parts[part] = summary.parts.get(part, 0) + 1
                    yield ExportItem(article, kept, linked)
                    if progress is not None:
                        progress(summary.articles)
            finally:
                if relation_rows is not None:
                    relation_rows.close()

    try:
        if split is None:
            context.cross = cross_data(store, status=status, keep_span=span_filter)
            note_links_left_out(context)
            if fmt.is_folder:
                with atomic_folder(path) as staging:
                    _write(write, selected(), staging, context)
            else:
                _write(write, selected(), path, context)
            note_left_out()
            return summary
        ratios = parse_split(split) if isinstance(split, str) else split
        keys = [(split_key(seed, a), a.id) for a, _ in store.iter_articles(status=status)]
        assignment = assign_parts(keys, ratios)
        context.cross = cross_data(store, status=status, keep_span=span_filter, parts=assignment)
        note_links_left_out(context)
        with atomic_folder(path) as staging:
            for part in SPLIT_PARTS:
                summary.parts[part] = 0
                target = staging / part if fmt.is_folder else staging / f"{part}{fmt.suffix}"
                if fmt.is_folder:
                    target.mkdir()
                _write(write, selected(assignment, part), target, context)
        note_left_out()
        return summary
    except OSError as exc:  # a full disk, a read-only folder: one line, nothing left
        # Named by the destination the person chose, never by the hidden .partial file
        # it was being written as (which is gone by now).
        raise ExportError(f"{path}: cannot write the export ({exc.strerror or exc})") from None


def cross_data(
    store: Store,
    *,
    status: str | None,
    keep_span: Callable[[Span], bool] | None,
    parts: dict[int, str] | None = None,
) -> CrossData:
    """Stories, the registry and the links whose both ends this export writes into the
    same file (the label, annotator and status choice; with a split, the same part)."""
    # Looked up per linked article, not listed up front: a list of every article's
    # summary made the export's peak memory grow with the corpus (0.33 -> 0.84 MB).
    chosen: dict[int, bool] = {}

    def in_export(article_id: int) -> bool:
        if status is None:  # links cascade with their spans: both articles exist
            return True
        if article_id not in chosen:
            chosen[article_id] = store.status(article_id) == status
        return chosen[article_id]

    kept: dict[int, bool] = {}

    def keep_end(span_id: int) -> bool:
        if keep_span is None:  # every span of a chosen article goes out
            return True
        if span_id not in kept:
            kept[span_id] = keep_span(store.span(span_id))
        return kept[span_id]

    def keep(link: Link) -> bool:
        return (
            in_export(link.article_id) and in_export(link.to_article_id)
            and (parts is None or parts.get(link.article_id) == parts.get(link.to_article_id))
            and keep_end(link.span_id) and keep_end(link.to_span_id)
        )  # fmt: skip

    return CrossData.of(store, keep=keep)


def note_links_left_out(context: ExportContext) -> None:
    left_out = context.cross.left_out
    if left_out and context.summary.format in LINK_FORMATS:
        noun = "link" if left_out == 1 else "links"
        context.note(
            f"{left_out} cross-article {noun} left out: the other end is not in this "
            "file (--label/--annotator/--status, or another part of the split)"
        )


def _write(write: Writer, items: Iterator[Item], target: Path, context: ExportContext) -> None:
    # A writer that fails leaves its items half read; closing them now ends the
    # store's read snapshot here rather than whenever the traceback is collected.
    with closing(items):
        write(items, target, context)


def count_articles(store: Store, *, status: str | None = None) -> int:
    """How many articles an export with this status filter will write (for a progress bar)."""
    return len(store.articles(status=None if status in (None, "all") else status))


# Name -> what a format writes (suffix, folder or not, description); its writer is
# loaded by export_corpus on first use.
ExportFormat = FormatSpec
FORMATS: dict[str, ExportFormat] = REGISTRY


def export_jsonl(
    store: Store,
    path: Path | str,
    *,
    status: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    return export_corpus(store, path, format="jsonl", status=status, progress=progress)


# Name -> callable(store, path, *, status=..., labels=..., annotators=..., split=..., seed=...,
# progress=...) returning an ExportSummary; the command line's --format choices.
EXPORTERS: dict[str, Callable[..., ExportSummary]] = {
    name: partial(export_corpus, format=name) for name in FORMATS
}
