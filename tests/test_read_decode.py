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
