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
    LEXICON_HIT_COLUMNS,
    PARAGRAPH_COLUMNS,
    SPEAKER_COLUMNS,
    CsvTableWriter,
    article_row,
    attribution_rows,
    csv_line,
    lexicon_hit_rows,
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


def _hit_report(paragraphs: list[str], term: str, sentences: bool = True):
    """A report whose one lexicon hit is the first ``term`` of its text; with ``sentences``,
    each paragraph is one body sentence."""
    from framing.schema import LexiconHit, LexiconScores, SentenceVoice

    report = make_report("r1", "o", paragraphs)
    s = report.text.index(term)
    hit = LexiconHit(s, s + len(term), term, "cat", term.lower(), "narrator", 0)
    sents = [SentenceVoice(p.span.start, p.span.end, p.words, 0.0, "narrator")
             for p in report.paragraphs] if sentences else []  # fmt: skip
    voice = replace(report.voice, sentences=sents)
    return replace(report, voice=voice, lexicons={"lex": LexiconScores("1", {}, [hit])})


def test_lexicon_hits_have_their_sentence_as_context(tmp_path):
    report = _hit_report(["First one.", "Troops  liberated\nthe   village, it said.", "Last."],
                         "liberated")  # fmt: skip
    rows = lexicon_hit_rows(report)
    assert LEXICON_HIT_COLUMNS[-1] == "context"
    assert rows[0]["context"] == "Troops liberated the village, it said."
    _write(tmp_path / "lexicon_hits.csv", LEXICON_HIT_COLUMNS, rows)
    back = list(read_table(tmp_path, "lexicon_hits"))
    assert back[0]["context"] == "Troops liberated the village, it said."
    assert back[0]["text"] == "liberated"


def test_lexicon_hit_context_without_a_sentence_is_a_window():
    long = " ".join(f"word{k}" for k in range(40))
    report = _hit_report([f"{long} liberated {long}"], "liberated", sentences=False)
    context = lexicon_hit_rows(report)[0]["context"]
    left, right = context.split(" liberated ")
    assert left.startswith("… word") and right.endswith(" …")
    assert 50 <= len(left) <= 62 and 50 <= len(right) <= 62
    assert left[2:] in report.text and right[:-2] in report.text  # cut at whole words


def test_lexicon_hits_parquet_has_the_context(tmp_path):
    pytest.importorskip("pyarrow")
    from framing.report.tables import ParquetTableWriter

    report = _hit_report(["Troops liberated the village."], "liberated")
    with ParquetTableWriter(tmp_path / "lexicon_hits.parquet", LEXICON_HIT_COLUMNS) as t:
        t.write_rows(lexicon_hit_rows(report))
    assert [r["context"] for r in read_table(tmp_path, "lexicon_hits")] == [
        "Troops liberated the village."
    ]
