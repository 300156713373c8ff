"""Exports of the corpus: the registry of formats and the one front they share.

The front (:func:`export_corpus`) picks the articles and spans (``status``,
``labels``, ``annotators``), checks that every span's stored text is the slice
of its article before anything is written, counts what went out, and writes
atomically: a file through :func:`~annotator.core.fileutil.atomic_write`, a
folder (brat, or any ``split``) as a hidden sibling folder renamed into place
only when complete.  Each format lives in its own module under
:mod:`annotator.core.formats` and only turns articles into bytes.

Native line: ``{"id", "title", "text", "meta", "status", "spans": [{"id",
"start", "end", "label", "text", "annotator"}]}``; a span's ``attributes``
appear only when it has any.  It is a superset of the Prodigy/spaCy span
format (``text`` plus ``spans`` with ``start``/``end``/``label``), so tools
that read that format take it unchanged, and importing it reproduces the
articles and spans.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, ExportError
from annotator.core.fileutil import atomic_write, corpus_part
from annotator.core.store import STATUSES, Article, Label, Span, Store

Item = tuple[Article, list[Span]]
Writer = Callable[[Iterable[Item], Path, "ExportContext"], None]
# A folder this program wrote; only such a folder (or an empty one) is replaced.
FOLDER_MARKER = ".annotator-export"
SPLIT_PARTS = ("train", "dev", "test")


class ExportCancelled(AnnotatorError):
    """The person cancelled the export; nothing was left under the final name."""


@dataclass(slots=True)
class ExportSummary:
    path: Path
    format: str
    articles: int = 0
    spans: int = 0
    unfinished: int = 0
    notes: list[str] = field(default_factory=list)
    parts: dict[str, int] = field(default_factory=dict)  # split name -> articles

    def line(self) -> str:
        text = (
            f"Wrote {self.articles} article{'s' if self.articles != 1 else ''} "
            f"and {self.spans} span{'s' if self.spans != 1 else ''} as {self.format} to {self.path}"
        )
        if self.parts:
            text += " (" + ", ".join(f"{k} {v}" for k, v in self.parts.items()) + ")"
        if self.unfinished:
            noun = "article" if self.unfinished == 1 else "articles"
            text += f"; {self.unfinished} unfinished {noun} (not marked done) included"
        return text + "."

    def lines(self) -> list[str]:
        """The summary line, then one line per note (expanded or left-out spans)."""
        return [self.line(), *self.notes]


@dataclass(slots=True)
class ExportContext:
    """What a format writer may use besides the articles: labels and the summary."""

    labels: list[Label]
    summary: ExportSummary

    def note(self, message: str) -> None:
        self.summary.notes.append(message)


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    suffix: str  # of the file written, or "" for a folder format
    description: str
    write: Writer

    @property
    def is_folder(self) -> bool:
        return self.suffix == ""


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


def check_finite(article: Article, spans: Iterable[Span]) -> None:
    """Refuse NaN and Infinity (written into the corpus by another program): not JSON."""
    values = [("its meta", article.meta)]
    values += [(f"the attributes of span {s.id}", s.attributes) for s in spans]
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


def native_record(article: Article, spans: Iterable[Span]) -> dict[str, Any]:
    out_spans = []
    for span in spans:
        item: dict[str, Any] = {
            "id": span.id, "start": span.start, "end": span.end, "label": span.label,
            "text": span.text, "annotator": span.annotator,
        }  # fmt: skip
        if span.attributes:
            item["attributes"] = span.attributes
        out_spans.append(item)
    return {
        "id": article.id, "title": article.title, "text": article.text, "meta": article.meta,
        "status": article.status, "spans": out_spans,
    }  # fmt: skip


def write_native(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans in items:
            record = native_record(article, spans)
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
            handle.write("\n")


# -- names that stay inside the chosen folder -------------------------------


def file_stem(article: Article) -> str:
    """A file name for the article: its id and an ASCII slug of its title.

    Only letters, digits and hyphens, at most 60 of them after the id, so no
    title (``../../etc/passwd``, ``/abs``, NUL, 10,000 characters) can name a
    file outside the folder, and ids keep names unique.
    """
    ascii_title = unicodedata.normalize("NFKD", article.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60].strip("-")
    return f"{article.id:06d}-{slug}" if slug else f"{article.id:06d}"


def plain_label_names(labels: Iterable[str]) -> dict[str, str]:
    """Label names for formats that cannot hold whitespace (brat, CoNLL): spaces become _."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in labels:
        plain = re.sub(r"\s", "_", name)
        if plain in seen and seen[plain] != name:
            raise ExportError(
                f"labels {seen[plain]!r} and {name!r} would both be written as {plain!r}; "
                "rename one first"
            )
        seen[plain] = name
        mapping[name] = plain
    return mapping


# -- atomic folders -----------------------------------------------------------


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
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    """Write the chosen articles and spans in ``format`` to ``path``.

    With ``split``, ``path`` is a folder that gets ``train``, ``dev`` and
    ``test`` files (or sub-folders for brat).  ``progress`` is called with the
    number of articles written so far; it may raise (e.g. ExportCancelled) to stop,
    and then nothing is left under ``path``.
    """
    try:
        fmt = FORMATS[format]
    except KeyError:
        raise ExportError(f"unknown export format {format!r}; use {', '.join(FORMATS)}") from None
    if status == "all":
        status = None
    if status is not None and status not in STATUSES:
        raise ExportError(f"unknown status {status!r}; use {', '.join(STATUSES)} or all")
    path = Path(path)
    part = corpus_part(path, store.path)
    if part is not None:
        raise ExportError(f"{path}: is {part}; choose another name for the export")
    known = store.labels()
    for name in labels:
        if not any(label.name == name for label in known):
            raise ExportError(f"no label named {name!r} in the corpus")
    chosen = [label for label in known if not labels or label.name in labels]
    summary = ExportSummary(path, format)
    context = ExportContext(chosen, summary)
    label_set = {label.name for label in chosen}
    annotator_set = set(annotators)

    def selected(only: dict[int, str] | None = None, part: str = "") -> Iterator[Item]:
        # closing(): a refused span ends the export by an exception, and the store's
        # read snapshot must end with it, not whenever the traceback is collected.
        with closing(store.iter_articles(status=status)) as rows:
            for article, spans in rows:
                if only is not None and only.get(article.id) != part:
                    continue
                verify(article, spans)
                kept = [
                    s for s in spans
                    if s.label in label_set and (not annotator_set or s.annotator in annotator_set)
                ]  # fmt: skip
                check_finite(article, kept)
                summary.articles += 1
                summary.spans += len(kept)
                summary.unfinished += article.status != "done"
                if part:
                    summary.parts[part] = summary.parts.get(part, 0) + 1
                yield article, kept
                if progress is not None:
                    progress(summary.articles)

    try:
        if split is None:
            if fmt.is_folder:
                with atomic_folder(path) as staging:
                    _write(fmt, selected(), staging, context)
            else:
                _write(fmt, selected(), path, context)
            return summary
        ratios = parse_split(split) if isinstance(split, str) else split
        keys = [(split_key(seed, a), a.id) for a, _ in store.iter_articles(status=status)]
        assignment = assign_parts(keys, ratios)
        with atomic_folder(path) as staging:
            for part in SPLIT_PARTS:
                summary.parts[part] = 0
                target = staging / part if fmt.is_folder else staging / f"{part}{fmt.suffix}"
                if fmt.is_folder:
                    target.mkdir()
                _write(fmt, selected(assignment, part), target, context)
        return summary
    except OSError as exc:  # a full disk, a read-only folder: one line, nothing left
        # Named by the destination the person chose, never by the hidden .partial file
        # it was being written as (which is gone by now).
        raise ExportError(f"{path}: cannot write the export ({exc.strerror or exc})") from None


def _write(fmt: ExportFormat, items: Iterator[Item], target: Path, context: ExportContext) -> None:
    # A writer that fails leaves its items half read; closing them now ends the
    # store's read snapshot here rather than whenever the traceback is collected.
    with closing(items):
        fmt.write(items, target, context)


def count_articles(store: Store, *, status: str | None = None) -> int:
    """How many articles an export with this status filter will write (for a progress bar)."""
    return len(store.articles(status=None if status in (None, "all") else status))


def _formats() -> dict[str, ExportFormat]:
    from annotator.core.formats import brat, conll, csv_rows, jsonl_tools, labelstudio, spacy_bin

    return {
        "jsonl": ExportFormat("jsonl", ".jsonl", "native JSON lines (imports back)", write_native),
        "prodigy": ExportFormat(
            "prodigy", ".jsonl", "Prodigy tasks with tokens", jsonl_tools.write_prodigy
        ),
        "doccano": ExportFormat(
            "doccano", ".jsonl", "doccano sequence labelling", jsonl_tools.write_doccano
        ),
        "spacy": ExportFormat("spacy", ".spacy", "spaCy DocBin", spacy_bin.write_docbin),
        "conll": ExportFormat("conll", ".conll", "CoNLL IOB2, a column per label", conll.write),
        "brat": ExportFormat("brat", "", "brat standoff folder", brat.write),
        "labelstudio": ExportFormat(
            "labelstudio", ".json", "Label Studio tasks and labelling config", labelstudio.write
        ),
        "csv": ExportFormat("csv", ".csv", "one row per span, for spreadsheets", csv_rows.write),
    }


FORMATS: dict[str, ExportFormat] = _formats()


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
