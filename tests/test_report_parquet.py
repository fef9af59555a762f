"""--format parquet: the CSV tables' columns and values, typed, written atomically."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from framing.analyze import TABLES, analyze_to_folder
from framing.report import read_report
from framing.report.tables import (
    ARTICLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    ParquetTableWriter,
    paragraph_rows,
)
from tests.conftest import SEEDS

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (framing[parquet])")


def cell(v: object) -> str:
    return "" if v is None else str(v)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def csv_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    analyze_to_folder([SEEDS], out, jobs=1, cache=False)
    return out


def test_parquet_tables_hold_what_the_csv_tables_hold(csv_out, tmp_path):
    result = analyze_to_folder([SEEDS], tmp_path, table_format="parquet", jobs=1, cache=False)
    assert result.articles == 2
    for stem in TABLES:
        assert not (tmp_path / f"{stem}.csv").exists()
        table = pq.read_table(tmp_path / f"{stem}.parquet")
        columns, want = read_csv(csv_out / f"{stem}.csv")
        assert table.column_names == columns, stem
        got = [{k: cell(v) for k, v in row.items()} for row in table.to_pylist()]
        assert got == want, stem
        assert want or stem == "boilerplate", stem
        types = {f.name: str(f.type) for f in table.schema}
        for name, kind in (("start", "int64"), ("words", "int64"), ("per_1k", "double")):
            if name in types:
                assert types[name] == kind, (stem, name)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["outputs"]["tables"][0] == "articles.parquet"
    # index.html links the tables the run wrote, not the CSV files it removed (issue 19)
    index = (tmp_path / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="([a-z_]+\.(?:csv|parquet))"', index))
    assert links == {f"{stem}.parquet" for stem in TABLES}
    assert "(Parquet: read them with pandas or DuckDB)" in index
    csv_links = set(
        re.findall(
            r'href="([a-z_]+\.(?:csv|parquet))"', (csv_out / "index.html").read_text("utf-8")
        )
    )
    assert csv_links == {f"{stem}.csv" for stem in TABLES}
    # the reports do not depend on the table format
    for p in sorted((csv_out / "reports").iterdir()):
        assert (tmp_path / "reports" / p.name).read_bytes() == p.read_bytes()


def test_row_groups(csv_out, tmp_path):
    report = read_report(next((csv_out / "reports").glob("*.json")))
    rows = paragraph_rows(report)
    assert len(rows) > 3
    with ParquetTableWriter(tmp_path / "p.parquet", PARAGRAPH_COLUMNS, group_rows=3) as t:
        t.write_rows(rows)
    f = pq.ParquetFile(tmp_path / "p.parquet")
    assert f.metadata.num_row_groups == -(-len(rows) // 3)
    assert [r["start"] for r in f.read().to_pylist()] == [r["start"] for r in rows]


def test_failed_write_leaves_nothing(tmp_path):
    path = tmp_path / "articles.parquet"
    with pytest.raises(RuntimeError), ParquetTableWriter(path, ARTICLE_COLUMNS) as t:
        t.write_rows([{"id": "a", "words": 3}])
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_switching_format_removes_the_other_tables(tmp_path):
    analyze_to_folder([SEEDS], tmp_path, jobs=1)
    assert (tmp_path / "articles.csv").is_file()
    analyze_to_folder([SEEDS], tmp_path, jobs=1, table_format="parquet")
    for stem in TABLES:
        assert (tmp_path / f"{stem}.parquet").is_file()
        assert not (tmp_path / f"{stem}.csv").exists(), stem


def test_parquet_keeps_formula_text_raw(tmp_path):
    """Parquet is not a spreadsheet format: text that the CSV neutralises stays as it was."""
    from framing.report.tables import read_table

    with ParquetTableWriter(tmp_path / "articles.parquet", ["id", "title", "words"]) as t:
        t.write_rows([{"id": "a", "title": "=1+1", "words": -3}, {"id": "b", "title": "'@x"}])
    assert pq.read_table(tmp_path / "articles.parquet").column("title").to_pylist() == [
        "=1+1",
        "'@x",
    ]
    back = list(read_table(tmp_path, "articles", ["title", "words"]))
    assert back == [{"title": "=1+1", "words": -3}, {"title": "'@x", "words": None}]
