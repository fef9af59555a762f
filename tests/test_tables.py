"""The CSV tables keep every row whatever the text fields hold (issue 17): a bare ``\\r``, quotes,
commas, NUL, formula prefixes. Property-based (hypothesis): each table, written by the writers
that ``framing analyze`` uses, reads back through ``csv`` and pandas with as many rows as the
report has records, and :func:`read_table` gives back the raw text."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.report.summary import CorpusSpeakers
from framing.report.tables import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_COLUMNS,
    BOILERPLATE_COLUMNS,
    FORMULA_START,
    PARAGRAPH_COLUMNS,
    SPEAKER_COLUMNS,
    CsvTableWriter,
    article_row,
    attribution_rows,
    csv_line,
    neutralise,
    paragraph_rows,
    read_table,
    unneutralise,
)
from framing.schema import BoilerplateRow, Span, Speaker, SpeakerStats, to_json
from tests.factories import make_report

pd = pytest.importorskip("pandas")

#: characters that broke or could break a table, mixed with any other (no lone surrogates:
#: they cannot be UTF-8)
HOSTILE = "\r\n\t\x00\",'=+-@;<>|\\ \u2028\x85\x0b\x0c\x1c"
text = st.text(
    alphabet=st.sampled_from(HOSTILE) | st.characters(blacklist_categories=("Cs",)),
    max_size=20,
)
words = text.map(lambda t: t or "x")  # a field that must not be empty

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with CsvTableWriter(path, columns) as t:
        t.write_rows(rows)


def _counts(path: Path) -> tuple[int, int]:
    """Data rows as the csv module and as pandas read them."""
    with path.open(encoding="utf-8", newline="") as fh:
        n_csv = len(list(csv.reader(fh))) - 1
    n_pd = len(pd.read_csv(path, dtype=str, keep_default_na=False))
    return n_csv, n_pd


@given(cells=st.lists(text, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_csv_line_is_csv_writer_bytes_and_quotes_lone_cr(cells):
    """Without a ``\\r``, a record is exactly what ``csv.writer`` writes (the tables of a
    corpus without one keep their bytes); with one, the field is quoted and reads back."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerow(cells)
    line = csv_line(cells)
    if not any("\r" in c for c in cells):
        assert line == buf.getvalue()
    assert next(csv.reader(io.StringIO(line, newline=""))) == cells


@given(value=text)
@settings(max_examples=300, deadline=None)
def test_neutralise_is_reversible_and_safe(value):
    safe = neutralise(value)
    assert unneutralise(safe) == value
    assert safe[:1] not in FORMULA_START
    if value[:1] not in FORMULA_START and not value.startswith("'"):
        assert safe == value


@pytest.mark.parametrize("raw", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)",
                                 "\tcmd", "\rcmd", "'=kept", "''@x"])  # fmt: skip
def test_formula_cells_get_a_quote_and_numbers_stay(tmp_path, raw):
    path = tmp_path / "articles.csv"
    _write(path, ["id", "title", "attributed_share", "words"],
           [{"id": "a", "title": raw, "attributed_share": -0.5, "words": -3}])  # fmt: skip
    with path.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["title"] == "'" + raw
    assert row["attributed_share"] == "-0.5" and row["words"] == "-3"  # numbers stay numbers
    (back,) = list(read_table(tmp_path, "articles", ["title", "attributed_share", "words"]))
    assert back == {"title": raw, "attributed_share": -0.5, "words": -3}


def test_bare_cr_paragraphs_keep_their_rows(tmp_path):
    """The issue's case: three paragraphs holding bare ``\\r`` made 5 rows of paragraphs.csv."""
    report = make_report("cr", "o", ["one\rtwo", "three\r", "\rfour five"])
    rows = paragraph_rows(report)
    path = tmp_path / "paragraphs.csv"
    _write(path, PARAGRAPH_COLUMNS, rows)
    assert _counts(path) == (3, 3)
    assert [r["text"] for r in read_table(tmp_path, "paragraphs", ["text"])] == [
        "one\rtwo", "three\r", "\rfour five"]  # fmt: skip


@given(
    rid=words,
    outlet=words,
    title=text,
    date=text,
    paragraphs=st.lists(words, min_size=1, max_size=4),
    speaker=words,
    affiliation=text,
)
@SETTINGS
def test_every_table_round_trips(tmp_path_factory, rid, outlet, title, date, paragraphs,
                                 speaker, affiliation):  # fmt: skip
    """Whatever the text fields hold, each table has the JSON's number of records in csv and
    pandas, and read_table gives back the raw values."""
    out = tmp_path_factory.mktemp("t")
    report = make_report(rid, outlet, paragraphs, quoted=paragraphs[0])
    att = report.attributions[0]
    who = Speaker(speaker, "e1", "person", affiliation or None)
    report = replace(
        report,
        metadata={"title": title, "date": date},
        attributions=[replace(att, speaker=who, source=Span(0, 0, ""), verb=speaker)],
        speakers=[SpeakerStats("e1", speaker, "person", affiliation or None, 1, 1, [speaker])],
    )
    speakers = CorpusSpeakers()
    speakers.add(report)
    tables = {
        "articles": (ARTICLE_COLUMNS, [article_row(report)]),
        "attributions": (ATTRIBUTION_COLUMNS, attribution_rows(report)),
        "paragraphs": (PARAGRAPH_COLUMNS, paragraph_rows(report)),
        "speakers": (SPEAKER_COLUMNS, speakers.rows()),
        "boilerplate": (BOILERPLATE_COLUMNS, [
            to_json(BoilerplateRow(title or "g", 2, 2, f"{outlet}:2", "background", rid, p))
            for p in paragraphs
        ]),
    }  # fmt: skip
    expected = {"articles": 1, "attributions": len(report.attributions),
                "paragraphs": len(report.paragraphs), "speakers": 1,
                "boilerplate": len(paragraphs)}  # fmt: skip
    for name, (columns, rows) in tables.items():
        _write(out / f"{name}.csv", columns, rows)
        assert _counts(out / f"{name}.csv") == (expected[name], expected[name]), name
        back = list(read_table(out, name))
        text_cols = [c for c in columns if all(isinstance(r.get(c), str) for r in rows)]
        for c in text_cols:
            assert [b[c] for b in back] == [r[c] or None for r in rows], (name, c)
