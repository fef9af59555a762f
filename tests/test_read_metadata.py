"""framing.read.metadata: a metadata table joined to the articles read (and what
framing.read.inputs makes of it: outlets, titles, dates, in their order of precedence)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.errors import UsageError
from framing.read import MetadataJoin, read_articles, read_metadata
from framing.schema import Article, Skipped
from tests.conftest import POLNEAR, needs_polnear

STORM = (
    "Storm hits the coast\n\nThe storm hit the coast on Saturday, officials said. Thousands of "
    "homes lost power.\n"
)
TALKS = "Talks resume in Geneva.\n\nDiplomats said the talks would resume on Monday.\n"


def items(*inputs, **kw) -> tuple[list[Article], list[Skipped]]:
    got = list(read_articles([str(i) for i in inputs], **kw))
    return (
        [a for a in got if isinstance(a, Article)],
        [s for s in got if isinstance(s, Skipped)],
    )


def corpus(root: Path) -> Path:
    (root / "wire").mkdir(parents=True)
    (root / "cnn_2020-10-03_storm.txt").write_text(STORM, encoding="utf-8")
    (root / "wire" / "ap_talks.txt").write_text(TALKS, encoding="utf-8")
    return root


def test_read_a_tsv_with_usual_column_names(tmp_path):
    f = tmp_path / "meta.tsv"
    f.write_text(
        "Filename\tPublisher\tPublication Date\tHeadline\tAuthor\tLink\tNews-Desk\twire\n"
        "a\tbreitbart\t2016-03-11\tA headline\tJane Roe\thttps://x.example/a\tnews\tNone\n"
        "b.txt\tnyt\tMarch 12, 2016\t\tNA\t\tpolitics\tAP\n",
        encoding="utf-8",
    )
    t = read_metadata(f)
    assert t.key == "Filename"
    assert t.roles == {"title": "Headline", "date": "Publication Date", "url": "Link",
                       "author": "Author", "outlet": "Publisher"}  # fmt: skip
    a, b = t.rows
    assert (a.line, a.outlet) == (2, "breitbart")
    assert a.fields == {
        "publisher": "breitbart", "date": "2016-03-11", "title": "A headline",
        "author": "Jane Roe", "url": "https://x.example/a", "news_desk": "news",
    }  # fmt: skip
    # empty cells and placeholders (NA, None) are no value; dates are normalised
    assert b.fields == {
        "publisher": "nyt",
        "date": "2016-03-12",
        "news_desk": "politics",
        "wire": "AP",
    }
    # an article is looked up by its file name and stem: a value with or without the
    # extension matches
    assert [t.find([f"{n}.txt", n]) for n in ("a", "b", "c")] == [0, 1, None]
    assert [t.find([n]) for n in ("a", "b.txt", "b", "a.txt")] == [0, 1, 1, None]


def test_csv_is_sniffed_and_a_key_as_given_wins_over_one_without_extension(tmp_path):
    f = tmp_path / "meta.csv"
    f.write_text("id;title\nx.md;Markdown one\nx;Plain one\nx;Again\n", encoding="utf-8")
    t = read_metadata(f)
    assert t.key == "id" and t.repeated == 1
    assert t.rows[t.find(["x"])].fields == {"title": "Plain one"}
    assert t.rows[t.find(["x.md", "x"])].fields == {"title": "Markdown one"}
    assert t.rows[t.find(["x.txt", "x"])].fields == {"title": "Plain one"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "metadata {f}: no such file"),
        ("", "metadata {f}: empty file (expected a header row)"),
        (
            "doc\ttitle\nx\tT\n",
            "metadata {f}: no join column; expected one of filename, file_name, file, path, id, "
            "doc_id, article_id, name (columns: doc, title)",
        ),
    ],
)
def test_unusable_metadata_file_is_a_usage_error(tmp_path, content, message):
    f = tmp_path / "meta.tsv"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        read_metadata(f)
    assert str(err.value) == message.format(f=f)
    assert err.value.params == ("metadata",)
    # read_articles checks it before reading anything
    with pytest.raises(UsageError):
        read_articles([str(tmp_path)], metadata=f)


def test_join_sets_outlet_title_date_and_counts_unmatched(tmp_path):
    root = corpus(tmp_path / "in")
    meta = tmp_path / "meta.tsv"
    meta.write_text(
        "filename\tpublisher\tdate\ttitle\tsection\n"
        "ap_talks\tap\t2020-10-05\tGeneva talks to resume\tdiplomacy\n"
        "missing_story\tfox\t2020-10-06\tNot in the corpus\tnews\n",
        encoding="utf-8",
    )
    join = MetadataJoin(read_metadata(meta))
    arts, skipped = items(root, metadata=join)
    assert skipped == []
    got = {a.id: (a.outlet, a.metadata) for a in arts}
    assert got == {
        # no row: the date from the file name, the title from the text's first line
        "cnn_2020-10-03_storm": (
            "unknown", {"date": "2020-10-03", "title": "Storm hits the coast"},
        ),
        # the row: its outlet wins over the sub-folder, its title over the first line
        "wire__ap_talks": ("ap", {"date": "2020-10-05", "title": "Geneva talks to resume",
                                  "publisher": "ap", "section": "diplomacy"}),
    }  # fmt: skip
    talks = next(a for a in arts if a.id == "wire__ap_talks")
    # the given title differs from the first line: the line is body, not title
    assert talks.title is None
    assert (join.unmatched_rows, join.without_row, join.articles) == (1, 1, 2)
    assert str(join.warning()) == (
        f"metadata {meta}: 1 of 2 rows matched no article; 1 of 2 articles had no row "
        "(joined on column 'filename' by file name, stem or id)"
    )


def test_a_date_that_does_not_read_keeps_its_column_and_the_file_names_date(tmp_path):
    root = corpus(tmp_path / "in")
    meta = tmp_path / "meta.csv"
    meta.write_text("filename,publication_date\ncnn_2020-10-03_storm,03/11/2016\n", "utf-8")
    arts, _ = items(root, metadata=MetadataJoin(read_metadata(meta)))
    storm = next(a for a in arts if a.id == "cnn_2020-10-03_storm")
    assert storm.metadata["date"] == "2020-10-03"  # not '03/11/2016', which reads no month
    assert storm.metadata["publication_date"] == "03/11/2016"


def test_a_repeated_key_is_counted_once_as_a_repeat(tmp_path):
    root = corpus(tmp_path / "in")
    meta = tmp_path / "meta.tsv"
    meta.write_text(
        "filename\ttitle\nap_talks\tFirst\nap_talks\tAgain\ncnn_2020-10-03_storm\tS\n",
        encoding="utf-8",
    )
    join = MetadataJoin(read_metadata(meta))
    arts, _ = items(root, metadata=join)
    assert {a.id: a.metadata["title"] for a in arts}["wire__ap_talks"] == "First"
    assert join.unmatched_rows == 0
    assert str(join.warning()) == (
        f"metadata {meta}: 1 rows repeat a key (the first row is used) "
        "(joined on column 'filename' by file name, stem or id)"
    )


def test_outlet_precedence(tmp_path):
    """A JSONL/CSV row's outlet, then --outlet-pattern, then the metadata outlet column, then
    the sub-folder, then unknown."""
    root = corpus(tmp_path / "in")
    (root / "rows.jsonl").write_text(
        json.dumps({"id": "r1", "outlet": "bbc", "text": "The minister said yes."}) + "\n"
        + json.dumps({"id": "r2", "text": "The minister said no."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\nap_talks.txt,AP News\nr1,ignored\nr2,Listed\n", "utf-8")
    pattern = r"^([a-z]+)_"

    def outlets(**kw):
        return {a.id: a.outlet for a in items(root, **kw)[0]}

    assert outlets() == {"cnn_2020-10-03_storm": "unknown", "r1": "bbc",
                         "r2": "unknown", "wire__ap_talks": "wire"}  # fmt: skip
    # an explicit pattern wins over the sub-folder (it used to lose to it, silently)
    assert outlets(outlet_pattern=pattern) == {
        "cnn_2020-10-03_storm": "cnn", "r1": "bbc", "r2": "unknown", "wire__ap_talks": "ap",
    }  # fmt: skip
    # the metadata outlet wins over the sub-folder, and loses to the pattern
    assert outlets(metadata=meta) == {
        "cnn_2020-10-03_storm": "unknown", "r1": "bbc", "r2": "Listed",
        "wire__ap_talks": "AP News",
    }  # fmt: skip
    assert outlets(metadata=meta, outlet_pattern=pattern)["wire__ap_talks"] == "ap"


def test_date_precedence_and_date_pattern(tmp_path):
    """The metadata table's date, then the text's own date line, then the file name's."""
    (tmp_path / "in").mkdir()
    dated_text = "Storm hits the coast\n\nOctober 4, 2020\n\n" + STORM.split("\n\n", 1)[1]
    (tmp_path / "in" / "cnn_2020-10-03_storm.txt").write_text(dated_text, encoding="utf-8")
    (tmp_path / "in" / "story-11.03.2016.txt").write_text(TALKS, encoding="utf-8")
    meta = tmp_path / "meta.tsv"
    meta.write_text("filename\tdate\ncnn_2020-10-03_storm\t2020-10-05\n", encoding="utf-8")

    def dates(**kw):
        return {a.id: a.metadata.get("date") for a in items(tmp_path / "in", **kw)[0]}

    assert dates() == {"cnn_2020-10-03_storm": "2020-10-04", "story-11.03.2016": None}
    assert dates(metadata=meta)["cnn_2020-10-03_storm"] == "2020-10-05"
    dotted = r"(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>\d{4})"
    assert dates(date_pattern=dotted)["story-11.03.2016"] == "2016-03-11"
    with pytest.raises(UsageError, match=r"^date_pattern: invalid regular expression"):
        read_articles([str(tmp_path / "in")], date_pattern="[")


@needs_polnear
def test_polnear_metadata_joins_every_dev_article():
    join = MetadataJoin(read_metadata(POLNEAR / "metadata.tsv"))
    arts, skipped = items(POLNEAR / "dev" / "text", metadata=join)
    assert skipped == [] and len(arts) == 84
    assert join.without_row == 0
    assert join.unmatched_rows == len(join.table.rows) - 84
    assert all(a.metadata["date"].startswith("2016-") for a in arts)
    assert {a.outlet for a in arts} == {"breitbart", "huff-post", "nyt", "politico", "usa-today",
                                        "wash-post", "west-journal"}  # fmt: skip
    a = next(a for a in arts if a.id == "breitbart_2016-09-26_green-party-candidate-jill-stein")
    assert (
        a.metadata["title"]
        == "Green Party candidate Jill Stein removed from N.Y. debate site by police"
    )
    # the title given finds the first line as the title (a sentence-case headline the rules
    # alone read as a lead): every dev article has one with the metadata
    assert a.title is not None and a.text[a.title.start : a.title.end].startswith("Green Party")
    assert all(x.title is not None for x in arts)
