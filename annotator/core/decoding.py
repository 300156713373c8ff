"""Bytes to article text: the encoding a file is read with, and the encodings refused.

UTF-8 by default (a leading byte-order mark dropped); another text encoding when the
person names one; UTF-16 and UTF-32 recognised and refused with the ``--encoding``
that reads them, rather than stored as text full of NULs.
"""

from __future__ import annotations

import codecs

from annotator.core.errors import ImportRefused


def check_encoding(encoding: str) -> None:
    """Refuse a name that is no codec, or a codec that does not turn bytes into text.

    ``rot13``, ``base64`` and ``zlib`` are codecs too, but bytes.decode refuses them
    (with a LookupError); they are refused once, up front, not once per file.
    """
    try:
        codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL or a lone surrogate in the name
        raise ImportRefused(f"unknown encoding {encoding!r}") from None
    try:
        b"a".decode(encoding)  # an empty input never reaches the codec's check
    except UnicodeError:
        pass  # a text encoding, just not of this byte
    except LookupError:
        raise ImportRefused(
            f"{encoding!r} is not a text encoding; name one such as utf-8, utf-16 or cp1252"
        ) from None


def decode(data: bytes, *, encoding: str | None = None) -> str:
    """Bytes to text, verbatim.  Raises ImportRefused with the reason (no file name)."""
    if encoding is None:
        _refuse_wide_unicode(data)
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ImportRefused(f"binary data (a NUL byte at offset {nul}), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "name the file's encoding with --encoding"
            ) from None
    else:
        check_encoding(encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
                _refuse_wide_unicode(data)  # --encoding utf-8 on a UTF-16 file: say so
            raise ImportRefused(
                f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
        except UnicodeError as exc:  # idna, punycode: their own complaints
            raise ImportRefused(f"not valid {encoding} ({exc})") from None
        if "\x00" in text:
            raise ImportRefused(f"binary data (a NUL character at offset {text.index(chr(0))})")
    if data.startswith(codecs.BOM_UTF8) and text.startswith("\ufeff"):
        text = text[1:]
    return text


def _refuse_wide_unicode(data: bytes) -> None:
    """UTF-16 and UTF-32 are text too, but not UTF-8: say which ``--encoding`` reads them."""
    # UTF-32's little-endian mark begins with UTF-16's: test it first.
    for mark, name in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):  # fmt: skip
        if data.startswith(mark):
            raise ImportRefused(
                f"{name.upper()} text (it starts with a {name.upper()} byte-order mark), "
                f"not UTF-8; import it with --encoding {name}"
            )
    # Without a mark: Latin letters in UTF-16 leave a NUL in every other byte, on the
    # odd offsets (little-endian) or the even ones (big-endian).  Binary files have NULs
    # on both.  The first 4 KB say enough.
    head = data[:4096]
    if b"\x00" not in head or len(head) < 4:
        return
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    for nuls, others, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= pairs // 4 and others * 8 <= nuls:
            raise ImportRefused(
                f"looks like UTF-16 text without a byte-order mark (a NUL in every other "
                f"byte), not UTF-8; import it with --encoding {name}"
            )
