"""framing.read.rows: JSONL and CSV inputs, one article per row, row metadata; read through
read_articles, which gives rows their ids, outlets and the size limit."""

from __future__ import annotations

from framing.read import read_articles
from framing.schema import Article, Skipped


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
