"""Bytes to text: the encodings news files come in, and the checks that a file is text.

- A byte-order mark decides: UTF-8, UTF-16 or UTF-32.
- UTF-16 without a BOM is recognised by its NUL bytes (most ASCII characters leave a NUL in
  every other byte); any other NUL means a binary file.
- Otherwise UTF-8; failing that, Windows-1252 when it reads as Western text (the news default:
  curly quotes, dashes), else charset-normalizer's guess, else Windows-1252 or Latin-1.
- Empty text and text with many control characters (over 2% of the first 20,000 characters)
  are not articles: :class:`Unreadable`.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["Unreadable", "decode_bytes", "guess_encoding"]


class Unreadable(Exception):
    """Why one input cannot be read: the reading functions turn it into a
    :class:`~framing.errors.Skipped` with this one-line reason."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: most ASCII characters leave a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises :class:`Unreadable` for empty or binary content."""
    if not data.strip():
        raise Unreadable("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"cannot decode as {enc}: {exc.reason}") from None
            return _checked(text)
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return _checked(text16)
        raise Unreadable("binary file (not text)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    guess = guess_encoding(data)
    if guess is not None:
        try:
            return _checked(data.decode(guess))
        except UnicodeDecodeError:
            pass
    # Windows-1252 leaves 5 bytes undefined; Latin-1 maps those to C1 controls
    return _checked(data.decode("cp1252") if _cp1252_ok(data) else data.decode("latin-1"))


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_ascii_letters(text: str) -> bool:
    """True when non-ASCII characters are sprinkled in ASCII text, as in Western European
    languages (a Cyrillic or Greek text read as Windows-1252 is nearly all non-ASCII)."""
    letters = sum(1 for ch in text if ch.isalpha())
    high = sum(1 for ch in text if ord(ch) > 127)
    return letters > 0 and high <= 0.25 * letters


def guess_encoding(data: bytes) -> str | None:
    """Windows-1252 when it reads as Western text (the news default: curly quotes, dashes),
    else charset-normalizer's best guess."""
    sample = data[:200_000]
    if _cp1252_ok(sample) and _mostly_ascii_letters(sample.decode("cp1252")):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return None if best is None else best.encoding


def _checked(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise Unreadable("empty file")
    sample = text[:20_000]
    if _CONTROL.search(sample) and len(_CONTROL.findall(sample)) > 0.02 * len(sample):
        raise Unreadable("binary file (not text)")
    return text
