"""Reading inputs: encodings, formats, folders, outlets, ids, and cleaning metadata off the body."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from framing.errors import InputError, UsageError
from framing.read import (
    article_from_text,
    clean,
    decode_bytes,
    html_main_text,
    read_articles,
    read_text_file,
)
from framing.schema import Article, Skipped
from tests.conftest import POLNEAR, SEED_000, SEED_002, needs_polnear

QUOTE = "The minister said \u201cwe will not retreat,\u201d and left the room."


def items(*inputs, **kw) -> tuple[list[Article], list[Skipped]]:
    got = list(read_articles([str(i) for i in inputs], **kw))
    return (
        [a for a in got if isinstance(a, Article)],
        [s for s in got if isinstance(s, Skipped)],
    )


# ---------------------------------------------------------------- decoding


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


# ---------------------------------------------------------------- cleaning


def test_seed000_header_is_metadata_and_body_starts_after_it():
    text = SEED_000.read_text("utf-8")
    a = article_from_text(text, id="s", source_path=str(SEED_000))
    assert a.metadata["date"] == "2020-10-01"
    assert a.body_start == text.index("Azerbaijani troops")
    assert a.body_end == len(text.rstrip())
    assert [(r.label, text[r.start : r.end]) for r in a.excluded] == [("header", "date 2020-10-01")]


def test_seed002_dateline_byline_footer():
    text = SEED_002.read_text("utf-8")
    c = clean(text)
    assert c.metadata["dateline"] == "BAKU, Azerbaijan"
    assert c.metadata["credits"] == "Writing by Burak Dag"
    assert c.metadata["copyright"].startswith("Copyright 2022 Anadolu Agency")
    labels = [(r.label, text[r.start : r.end][:20]) for r in c.excluded]
    assert labels == [
        ("dateline", "BAKU, Azerbaijan"),
        ("byline", "*Writing by Burak Da"),
        ("footer", "Copyright 2022 Anado"),
    ]
    assert text[c.body_start :].startswith("Armenia has suffered heavy losses")
    assert text[: c.body_end].endswith("withdrawal of Armenia\u2019s occupying forces.")


def test_inline_dateline_and_credit():
    text = "WASHINGTON (Reuters) - The U.S. said on Monday it would act.\n\nEditing by Jane Roe\n"
    c = clean(text)
    assert c.metadata == {
        "dateline": "WASHINGTON",
        "agency": "Reuters",
        "credits": "Editing by Jane Roe",
    }
    assert text[c.body_start : c.body_end] == "The U.S. said on Monday it would act."


def test_cleaning_never_empties_the_body():
    c = clean("Copyright 2020 Someone. All rights reserved.")
    assert (c.body_start, c.body_end, c.excluded) == (0, 44, [])


def test_ordinary_text_is_left_alone():
    text = "Date night is back. The council said the cinema would reopen.\n"
    c = clean(text)
    assert (c.body_start, c.body_end, c.metadata) == (0, len(text) - 1, {})


@needs_polnear
def test_polnear_texts_keep_their_body():
    files = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:40]
    for f in files:
        text = f.read_text("utf-8")
        c = clean(text)
        kept = len(text[c.body_start : c.body_end].strip())
        assert kept >= 0.9 * len(text.strip()), f.name


# ---------------------------------------------------------------- formats


def test_html_main_text_skips_chrome_and_keeps_paragraphs():
    page = """<html><head><title>Ignored title</title><style>p{}</style>
    <meta property="article:published_time" content="2020-10-02T08:00:00Z"></head>
    <body><nav>Home | World</nav><article><h1>Talks resume</h1>
    <p>The ministry said the talks would resume.</p><script>var x = 1;</script>
    <p>&ldquo;We are ready,&rdquo; the envoy said.</p></article>
    <footer>&copy; Someone</footer></body></html>"""
    text, meta = html_main_text(page)
    assert text == (
        "Talks resume\n\nThe ministry said the talks would resume.\n\n"
        "\u201cWe are ready,\u201d the envoy said.\n"
    )
    assert meta == {"title": "Talks resume", "date": "2020-10-02"}


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
    assert arts[0].metadata == {"date": "2020-10-01"}
    assert [(s.line, s.reason) for s in skipped] == [
        (2, "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        (5, "empty text"),
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


# ---------------------------------------------------------------- folders


def test_folder_outlets_ids_and_loops(tmp_path):
    root = tmp_path / "corpus"
    (root / "cnn").mkdir(parents=True)
    (root / "fox" / "2020").mkdir(parents=True)
    (root / "cnn" / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    (root / "fox" / "2020" / "a.txt").write_text("The mayor said no.", encoding="utf-8")
    (root / "ap_b.txt").write_text("Officials said maybe.", encoding="utf-8")
    (root / ".hidden.txt").write_text("Not read.", encoding="utf-8")
    (root / "a.ann").write_text("T1\tSource 0 3\tThe\n", encoding="utf-8")
    os.symlink(root, root / "cnn" / "loop")
    arts, skipped = items(root, outlet_pattern=r"^([^_]+)_")
    assert skipped == []
    assert [(a.id, a.outlet) for a in arts] == [
        ("ap_b", "ap"),
        ("cnn__a", "cnn"),
        ("fox__2020__a", "fox"),
    ]


def test_same_stem_twice_gets_unique_ids(tmp_path):
    (tmp_path / "x.txt").write_text("One said.", encoding="utf-8")
    (tmp_path / "x.md").write_text("Two said.", encoding="utf-8")
    arts, _ = items(tmp_path / "x.txt", tmp_path / "x.md")
    assert [a.id for a in arts] == ["x", "x-2"]


def test_glob_input(tmp_path):
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(f"{n} said.", encoding="utf-8")
    arts, _ = items(tmp_path / "*.txt")
    assert [a.id for a in arts] == ["a", "b"]


def test_size_limit_is_checked_before_reading(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 700_000)
    _, skipped = items(f)
    assert [s.reason for s in skipped] == [
        "file is 3.5 MB, over the 2.0 MB limit (raise it with --max-bytes)"
    ]
    arts, _ = items(f, max_bytes=4_000_000)
    assert len(arts) == 1


def test_usage_errors_are_raised_before_reading(tmp_path):
    with pytest.raises(UsageError, match=r"^input not found: .*nope$"):
        read_articles([str(tmp_path / "nope")])
    with pytest.raises(UsageError, match=r"^no files match: .*\*\.zzz$"):
        read_articles([str(tmp_path / "*.zzz")])
    with pytest.raises(UsageError, match=r"^outlet_pattern: invalid regular expression"):
        read_articles([str(tmp_path)], outlet_pattern="(")
    with pytest.raises(UsageError, match="has no group"):
        read_articles([str(tmp_path)], outlet_pattern="^abc")


def test_unreadable_file_is_skipped(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    f = tmp_path / "locked.txt"
    f.write_text("The minister said so.", encoding="utf-8")
    f.chmod(0)
    _, skipped = items(f)
    assert [s.reason for s in skipped] == ["cannot read: Permission denied"]


def test_source_path_and_text_of_a_file(tmp_path):
    f = tmp_path / "w.txt"
    f.write_bytes(QUOTE.encode("cp1252"))
    (a,), _ = items(f)
    assert a.source_path == str(f)
    assert a.text == QUOTE
    assert Path(a.source_path).name == "w.txt"


def test_ids_are_file_safe_and_unique(tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text(
        '{"id": "a b", "text": "One said so."}\n{"id": "a_b", "text": "Two said so."}\n'
        '{"id": "../x", "text": "Three said so."}\n',
        encoding="utf-8",
    )
    arts, _ = items(f)
    assert [a.id for a in arts] == ["a_b", "a_b-2", "x"]


def test_count_items_counts_files_and_jsonl_lines(tmp_path):
    from framing.read import count_items

    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{bad\n', "utf-8")
    assert count_items([tmp_path]) == 5
    (tmp_path / "t.csv").write_text("text\nx\n", encoding="utf-8")
    assert count_items([tmp_path]) is None  # CSV rows are not counted cheaply
    assert count_items([tmp_path / "missing"]) is None


def test_count_items_gives_up_when_walking_is_slow(tmp_path):
    from framing.read import count_items

    for k in range(1000):
        (tmp_path / f"{k}.txt").write_text("x", encoding="utf-8")
    assert count_items([tmp_path]) == 1000
    assert count_items([tmp_path], limit_seconds=-1) is None
