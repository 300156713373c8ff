"""An article's title and meta from front matter or a ``NAME.meta.json`` beside it.

A ``.txt`` or ``.md`` file may open with front matter: a first line ``---``, then
``key: value`` lines, then a closing ``---``.  Only that simple shape is read (no
YAML library: nested values, lists and multi-line strings are refused, not
guessed at).  The front matter and the blank lines right after it are NOT stored:
the stored text begins at the article itself, so every span offset is into what
the analyst reads.  ``title`` becomes the article's title, ``story`` the story it joins
(made if new; issue 14); ``outlet``, ``date``, ``url`` and any other key go into its meta.

A ``NAME.meta.json`` beside ``NAME.txt`` (or ``NAME.md``) holds one JSON object of
the same keys; where both give a key, the meta.json wins (it is the file a script
wrote for this purpose).  The meta.json is never imported as an article itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.core.cross_records import check_story
from annotator.core.errors import ImportRefused
from annotator.core.formats.base import (
    ParsedArticle,
    check_article_text,
    check_strings,
    loads,
    title_of,
)
from annotator.core.printable import shown_path

META_SUFFIX = ".meta.json"
TEXT_SUFFIXES = (".txt", ".md")
FENCE = "---"
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
_LINE_END = re.compile(r"\r\n|\n|\r")


def meta_path(path: Path) -> Path:
    """``article.txt`` -> ``article.meta.json``."""
    return path.with_name(path.stem + META_SUFFIX)


def is_meta_file(path: Path) -> bool:
    """A ``NAME.meta.json`` with ``NAME.txt`` or ``NAME.md`` beside it: read with that file."""
    name = path.name
    if not name.lower().endswith(META_SUFFIX):
        return False
    stem = name[: -len(META_SUFFIX)]
    return any(path.with_name(stem + suffix).is_file() for suffix in TEXT_SUFFIXES)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's fields and the text after it (the whole text if it has none)."""
    lines = _LINE_END.split(text, maxsplit=1)
    if lines[0].rstrip() != FENCE or len(lines) == 1:
        if lines[0].rstrip() == FENCE:
            raise ImportRefused("front matter opened with --- is never closed with ---")
        return {}, text
    fields: dict[str, str] = {}
    position = len(text) - len(lines[1])
    number = 1
    while True:
        match = _LINE_END.search(text, position)
        line = text[position : match.start() if match else len(text)]
        number += 1
        position = match.end() if match else len(text)
        if line.rstrip() == FENCE:
            break
        if match is None:
            raise ImportRefused("front matter opened with --- is never closed with ---")
        if not line.strip() or line.lstrip().startswith("#"):
            continue  # a blank line or a comment, as YAML allows
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or not _KEY.match(key):
            raise ImportRefused(
                f"front matter line {number}: expected 'key: value', not {line.strip()[:60]!r}"
            )
        if key in fields:
            raise ImportRefused(f"front matter line {number}: {key!r} is given twice")
        fields[key] = _unquote(value.strip())
    # Blank lines after the closing fence only separate it from the article.
    body = text[position:]
    stripped = body.lstrip("\r\n")
    return fields, stripped


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.startswith(("[", "{", "|", ">")):
        raise ImportRefused(
            f"front matter value {value[:40]!r}: only plain one-line values are read"
        )
    return value


def read_meta_json(text: str, *, name: str) -> dict[str, Any]:
    """The object of a ``NAME.meta.json``; refused in one line naming it."""
    try:
        document = loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{name}: malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except ImportRefused as exc:
        raise ImportRefused(f"{name}: {exc}") from None
    if not isinstance(document, dict):
        raise ImportRefused(f"{name}: expected a JSON object of title, outlet, date, url")
    check_strings(document, name, "meta")
    if "title" in document and not isinstance(document["title"], str):
        raise ImportRefused(f"{name}: title must be a string")
    return document


def parse_text_article(
    path: Path, text: str, *, read_beside: Callable[[Path], str]
) -> list[ParsedArticle]:
    """A ``.txt`` or ``.md`` file as one article, its front matter and meta.json applied.

    ``read_beside`` reads and decodes a file beside ``path`` (the importer's reader,
    so the meta.json is refused as any file would be); FileNotFoundError means none.
    """
    if not text:
        raise ImportRefused("the file is empty")
    fields, body = split_front_matter(text)
    fields_meta: dict[str, Any] = dict(fields)
    side = meta_path(path)
    try:
        side_text = read_beside(side)
    except FileNotFoundError:
        side_text = None
    except OSError as exc:
        raise ImportRefused(f"cannot read {shown_path(side.name)} ({exc.strerror})") from None
    except ImportRefused as exc:
        raise ImportRefused(f"{shown_path(side.name)}: {exc}") from None
    if side_text is not None:
        fields_meta.update(read_meta_json(side_text, name=shown_path(side.name)))
    if not body.strip():
        raise ImportRefused(
            "the file holds only front matter" if fields else "the file holds only whitespace"
        )
    check_article_text(body, "")
    title = fields_meta.pop("title", None)
    story = story_field(fields_meta.pop("story", None))
    if not isinstance(title, str) or not title.strip():
        title = title_of(body, markdown=path.suffix.lower() == ".md")
    return [ParsedArticle(title=title, text=body, meta=fields_meta, story=story)]


def story_field(value: Any) -> str | None:
    """The ``story`` of front matter or a meta.json: a name, or absent (or empty)."""
    if value is None or value == "":
        return None
    try:
        return check_story(value)
    except ValueError as exc:
        raise ImportRefused(str(exc)) from None
