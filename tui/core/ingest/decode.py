"""Bytes to text for article files of unknown encoding."""

from __future__ import annotations

import codecs
import logging

log = logging.getLogger("nutgraf.ingest")


class BinaryFileError(ValueError):
    """The file holds bytes that are not text (NUL bytes or an image, say)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Western text decoded as cp1252 has mostly ASCII letters; Cyrillic or Greek
# bytes decoded as cp1252 turn into almost nothing but accented Latin letters.
_MAX_NON_ASCII_LETTERS = 0.3


def decode_bytes(data: bytes) -> str:
    """Decode `data`: BOM, strict UTF-8, cp1252 for Western text, a detector, then cp1252.

    Raises `BinaryFileError` for data that is not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise BinaryFileError(f"broken {encoding.upper()} text") from error
    if b"\x00" in data:
        raise BinaryFileError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _western_text(data)
    if western is not None:
        return western
    detected = _detect(data)
    if detected is not None:
        return detected
    return data.decode("cp1252", errors="replace")


def _western_text(data: bytes) -> str | None:
    """cp1252 text, if the bytes read as such and look like a Western language."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [char for char in text if char.isalpha()]
    non_ascii = sum(1 for char in letters if not char.isascii())
    if letters and non_ascii / len(letters) > _MAX_NON_ASCII_LETTERS:
        return None
    return text


def _detect(data: bytes) -> str | None:
    """The detector's reading, or None (it is a library: any failure means "no idea")."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding.startswith(("utf_16", "utf_32")):
            return None
        return str(best)
    except Exception:
        log.warning("the encoding detector failed", exc_info=True)
        return None
