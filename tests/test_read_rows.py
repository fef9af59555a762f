"""framing.read.rows: JSONL and CSV inputs, one article per row, row metadata; read through
read_articles, which gives rows their ids, outlets and the size limit."""

from __future__ import annotations

from framing.read import read_articles
from framing.schema import Article, Skipped

FFFD = "replaced by U+FFFD"


def items(*inputs, **kw) -> tuple[list[Article], list[Skipped]]:
    got = list(read_articles([str(i) for i in inputs], **kw))
    return (
        [a for a in got if isinstance(a, Article)],
        [s for s in got if isinstance(s, Skipped)],
    )


def test_jsonl_rows_and_broken_line(tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text(
        '{"id": "r1", "outlet": "wire", "date": "2020-10-01", "text": "Police said it was calm."}\n'
        "{broken\n"
        "\n"
        '{"text": "No id here, officials said."}\n'
        '{"id": "r4", "text": ""}\n',
        encoding="utf-8",
    )
    arts, skipped = items(f)
    assert [(a.id, a.outlet, a.row) for a in arts] == [("r1", "wire", 1), ("rows__4", "unknown", 4)]
    assert arts[0].metadata == {"date": "2020-10-01", "id": "r1"}
    assert [(s.line, s.reason) for s in skipped] == [
        (2, "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        (5, "empty text"),
    ]


def test_row_text_over_the_size_limit_is_skipped(tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text(
        '{"id": "big", "text": "' + "word " * 500_000 + '"}\n{"id": "ok", "text": "Fine."}\n',
        encoding="utf-8",
    )
    arts, skipped = items(f, max_bytes=1_000_000)
    assert [a.id for a in arts] == ["ok"]
    assert [(s.line, s.reason) for s in skipped] == [
        (1, "text is 2.5 MB, over the 1.0 MB limit (raise it with --max-bytes)")
    ]


def test_csv_rows(tmp_path):
    f = tmp_path / "rows.csv"
    f.write_text(
        "id,outlet,title,text\n"
        'a1,cnn,T1,"The senator said, ""no."""\n'
        'a2,,T2,"Line one.\n\nLine two."\n',
        encoding="utf-8",
    )
    arts, skipped = items(f, outlet_pattern=r"^(\w+)\.")
    assert skipped == []
    assert [(a.id, a.outlet, a.row, a.metadata["title"]) for a in arts] == [
        ("a1", "cnn", 2, "T1"),
        ("a2", "rows", 5, "T2"),
    ]
    assert arts[0].text == 'The senator said, "no."'


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("id,body\n1,hello\n", encoding="utf-8")
    _, skipped = items(f)
    assert [s.reason for s in skipped] == ["no 'text' column (columns: id, body)"]


def test_ids_are_file_safe_and_unique(tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text(
        '{"id": "a b", "text": "One said so."}\n{"id": "a_b", "text": "Two said so."}\n'
        '{"id": "../x", "text": "Three said so."}\n',
        encoding="utf-8",
    )
    arts, _ = items(f)
    assert [a.id for a in arts] == ["a_b", "a_b-2", "x"]


def test_csv_field_over_the_limit_skips_that_row_only(tmp_path):
    # issue 17 item 8: a field over csv's limit (here 2**20 characters) dropped every later
    # row, and the bad row was reported one line early
    f = tmp_path / "rows.csv"
    f.write_text(
        'id,text\na,Officials said one.\nb,"' + "x" * 1_100_000 + '\n"" still b ""\n'
        'end of b"\nc,Officials said three.\nd,"Officials said\n\nfour."\n',
        encoding="utf-8",
    )
    arts, skipped = items(f, max_bytes=1000)
    assert [(a.id, a.row) for a in arts] == [("a", 2), ("c", 6), ("d", 9)]
    assert [(s.line, s.reason) for s in skipped] == [
        (3, "malformed CSV: field larger than field limit (1048576)")
    ]


def test_csv_unclosed_quote_is_reported_and_the_rows_it_swallowed_kept(tmp_path):
    # issue 17 item 8: an unclosed quote swallowed the next rows without a word
    f = tmp_path / "rows.csv"
    for tail in ("", 'e,"Officials said five."\nf,Officials said six.\n'):
        f.write_text(
            'id,text\na,Officials said one.\nb,"Officials said two.\nc,Officials said three.\n'
            'd,"Officials said\n\nfour."\n' + tail,
            encoding="utf-8",
        )
        arts, skipped = items(f)
        assert [a.id for a in arts] == ["a", "c", "d", "e", "f"][: 3 + bool(tail) * 2]
        assert arts[2].text == "Officials said\n\nfour."
        assert [s.line for s in skipped] == [3]
        assert skipped[0].reason.startswith("malformed CSV: a quote opened on this line")


def test_classic_mac_csv_and_a_row_of_bad_bytes(tmp_path):
    f = tmp_path / "rows.csv"
    data = (
        "id,title,text\ra,T\u2019s,\u201cWe agree\u201d she said.\r"
        "b,T,\u201cNo\u201d he said \xff.\r"
    )
    f.write_bytes(data.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))  # one invalid byte
    arts, skipped = items(f)
    assert skipped == []
    assert [(a.id, a.row, a.text) for a in arts] == [
        ("a", 2, "\u201cWe agree\u201d she said."),
        ("b", 3, "\u201cNo\u201d he said \ufffd."),
    ]
    assert "decoding" not in arts[0].metadata
    assert arts[1].metadata["decoding"] == "utf-8 with 1 invalid byte replaced by U+FFFD"


def test_jsonl_line_with_a_bad_byte_or_a_lone_surrogate_is_read(tmp_path):
    # issue 17 item 9: one invalid byte lost the whole line; a lone "\udcff" escape made a
    # text that cannot be written
    f = tmp_path / "rows.jsonl"
    good = '{"id": "a", "text": "\u201cWe agree,\u201d she said \xff."}\n'.encode()
    f.write_bytes(
        good.replace(b"\xc3\xbf", b"\xff")
        + b'{"id": "b\\udcff", "text": "Officials said \\udcff."}\n'
        + b'{"id": "c", "text": "Police said \xe9t\xe9."}\n'  # Latin-1: not UTF-8 at all
    )
    arts, skipped = items(f)
    assert [(a.id, a.text, a.metadata["decoding"]) for a in arts] == [
        ("a", "\u201cWe agree,\u201d she said \ufffd.", "utf-8 with 1 invalid byte " + FFFD),
        ("b", "Officials said \ufffd.", "utf-8 with 2 invalid bytes " + FFFD),
    ]
    assert [(s.line, s.reason) for s in skipped] == [(3, "line is not UTF-8")]


def test_a_quote_character_the_sniffer_guesses_wrongly_is_not_used(tmp_path):
    """csv's sniffer reads "','" in a tiny file as a field quoted with apostrophes; the
    standard quote reads every row with the header's width, so it wins (found by the
    property test of the reader)."""
    f = tmp_path / "rows.csv"
    f.write_bytes(b"id,text\r\n','\r\n")
    (art,) = read_articles([f])
    assert isinstance(art, Article)
    assert (art.text, art.metadata["id"]) == ("'", "'")
