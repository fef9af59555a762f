"""Bytes to text: the encodings news files come in, and the checks that a file is text.

- A byte-order mark decides: UTF-8, UTF-16 or UTF-32.
- UTF-16 without a BOM is recognised by its NUL bytes (most ASCII characters leave a NUL in
  every other byte); any other NUL means a binary file.
- Otherwise UTF-8. A file that is UTF-8 but for a few invalid bytes (at least twice as many
  valid non-ASCII characters as invalid bytes: :func:`mostly_utf8`) is UTF-8 with each
  invalid byte replaced by U+FFFD, and says so (:class:`Decoded`, ``replaced``; the
  reader notes it as the article's ``metadata["decoding"]``). Failing that, Windows-1252 when
  it reads as Western text (the news default: curly quotes, dashes), else charset-normalizer's
  guess, else Windows-1252 or Latin-1.
- Empty text and text with many control characters (over 2% of the first 20,000 characters)
  are not articles: :class:`Unreadable`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = [
    "Decoded",
    "Unreadable",
    "decode_bytes",
    "decode_text",
    "decoding_note",
    "guess_encoding",
    "mostly_utf8",
    "without_surrogates",
]


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


@dataclass(frozen=True)
class Decoded:
    """Decoded text, and how many invalid bytes in it were replaced by U+FFFD."""

    text: str
    replaced: int = 0

    def note(self) -> str | None:
        """What the reader keeps as ``metadata["decoding"]``, or None when nothing was lost."""
        return decoding_note("utf-8", self.replaced)


def decoding_note(encoding: str, replaced: int) -> str | None:
    """``"utf-8 with 2 invalid bytes replaced by U+FFFD"``, or None when none was."""
    if not replaced:
        return None
    return (
        f"{encoding} with {replaced} invalid byte{'s' if replaced > 1 else ''} replaced by U+FFFD"
    )


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (an undecodable byte kept by ``surrogateescape``, or a
    lone ``\\udXXX`` escape in JSON) replaced by U+FFFD, one character for one, and how many
    were. Text with surrogates cannot be written as UTF-8."""
    n = len(_SURROGATES.findall(text))
    return (_SURROGATES.sub("\ufffd", text), n) if n else (text, 0)


def mostly_utf8(data: bytes) -> Decoded | None:
    """``data`` as UTF-8 with each invalid byte replaced by U+FFFD, when it has at least twice
    as many valid non-ASCII characters as invalid bytes (else None): valid multi-byte
    sequences are rare by chance in a legacy 8-bit encoding, so a file with many of them is
    UTF-8 damaged in a few places, while a Windows-1252 file has next to none."""
    text, replaced = without_surrogates(data.decode("utf-8", "surrogateescape"))
    valid = len(_NON_ASCII.findall(text)) - replaced
    if not replaced or valid < 2 * replaced:
        return None
    return Decoded(text, replaced)


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises :class:`Unreadable` for empty or binary content."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """The text of ``data`` and what decoding it replaced; raises :class:`Unreadable` for
    empty or binary content."""
    if not data.strip():
        raise Unreadable("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_checked(data.decode(enc)))
            except UnicodeDecodeError:
                return _damaged(data, enc)
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return Decoded(_checked(text16))
        raise Unreadable("binary file (not text)")
    try:
        return Decoded(_checked(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    damaged = mostly_utf8(data)
    if damaged is not None:
        return Decoded(_checked(damaged.text), damaged.replaced)
    guess = guess_encoding(data)
    if guess is not None:
        try:
            return Decoded(_checked(data.decode(guess)))
        except UnicodeDecodeError:
            pass
    # Windows-1252 leaves 5 bytes undefined; Latin-1 maps those to C1 controls
    text = data.decode("cp1252") if _cp1252_ok(data) else data.decode("latin-1")
    return Decoded(_checked(text))


def _damaged(data: bytes, enc: str) -> Decoded:
    """``data`` whose byte-order mark names ``enc`` but that does not decode: text with each
    bad unit shown as U+FFFD (as damaged UTF-8) when most of it reads, else binary."""
    text = data.decode(enc, "replace")
    replaced = text.count("\ufffd")
    readable = len(text.strip()) - replaced
    if "\x00" in text or readable < 2 * replaced:
        raise Unreadable(f"binary file (not text; its byte-order mark says {enc})")
    return Decoded(_checked(text), replaced)


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
