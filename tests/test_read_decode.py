"""framing.read.decode: bytes to text (BOMs, UTF-16 without BOM, Windows-1252/Latin-1,
detected encodings) and the empty/binary checks."""

from __future__ import annotations

import pytest

from framing.errors import InputError
from framing.read import decode_bytes, read_text_file

QUOTE = "The minister said \u201cwe will not retreat,\u201d and left the room."


@pytest.mark.parametrize(
    "data",
    [
        QUOTE.encode("utf-8"),
        b"\xef\xbb\xbf" + QUOTE.encode("utf-8"),
        QUOTE.encode("utf-16"),
        QUOTE.encode("utf-16-le"),
        QUOTE.encode("utf-16-be"),
        QUOTE.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252"],
)
def test_decode_keeps_curly_quotes(data):
    assert decode_bytes(data) == QUOTE


def test_decode_latin1_accents():
    text = "Le ministre a déclaré que la frontière était calme à Genève."
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_decode_cyrillic_is_detected(encoding):
    text = "Министерство обороны заявило, что ситуация на границе остаётся напряжённой."
    assert decode_bytes(text.encode(encoding)) == text


def test_read_text_file_reasons(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"  \n")
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="empty file"):
        read_text_file(tmp_path / "e.txt")
    with pytest.raises(InputError, match=r"binary file \(not text\)"):
        read_text_file(tmp_path / "b.bin")


def test_utf8_with_an_invalid_byte_stays_utf8_and_says_so(tmp_path):
    # issue 17 item 9: one invalid byte made a UTF-8 file decode as cp1125 (mojibake, the
    # curly quotes of its direct quotes lost), without a word
    from framing.read import read_articles
    from framing.read.decode import decode_text, mostly_utf8

    data = (QUOTE + " Caf\u00e9 owners agreed.").encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
    decoded = decode_text(data)
    assert decoded.text == QUOTE + " Caf\ufffd owners agreed."
    assert decoded.note() == "utf-8 with 1 invalid byte replaced by U+FFFD"
    (tmp_path / "a.txt").write_bytes(data)
    (article,) = read_articles([tmp_path / "a.txt"])
    assert article.metadata["decoding"] == "utf-8 with 1 invalid byte replaced by U+FFFD"
    # Windows-1252 and Latin-1 files have no valid multi-byte sequence: decoded as before
    assert mostly_utf8(QUOTE.encode("cp1252")) is None
    assert decode_text(QUOTE.encode("cp1252")).replaced == 0
    # one bad byte and no other non-ASCII character: Windows-1252, as before
    assert decode_bytes(b"The caf\xe9 said so.") == "The caf\u00e9 said so."


def test_utf16_with_a_truncated_last_unit_keeps_its_text_and_says_so():
    from framing.read.decode import decode_text

    text = "The ministry said the talks failed."
    data = b"\xff\xfe" + text.encode("utf-16-le") + b"A"  # one byte of a unit left over
    decoded = decode_text(data)
    assert decoded.text == text + "\ufffd"
    assert decoded.replaced == 1


def test_a_byte_order_mark_before_nul_bytes_is_binary():
    from framing.read.decode import Unreadable, decode_text

    with pytest.raises(Unreadable, match=r"^binary file \(not text; its byte-order mark says"):
        decode_text(b"\xfe\xff\x00\x00\x00\x00\x00")  # found by the random-text property test
