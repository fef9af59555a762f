"""``--reports`` (``analyze_to_folder(reports=...)``): which per-article files a run writes, the
index's links, the cache filling in missing pages, the default for a large input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.analyze import analyze_to_folder, default_reports, report_pages
from framing.cli import app
from framing.errors import UsageError
from tests.conftest import SEEDS

runner = CliRunner()

IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
BAD = "Error: --reports must be 'json', 'md', 'html', 'all' or a comma list of them, not '{}'\n"


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".framing-cache" not in p.parts
    }


def reports(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "reports").iterdir())


def index_links(out: Path) -> list[str]:
    """The article links of index.html (the title's, then the small md/json ones)."""
    page = (out / "index.html").read_text("utf-8")
    return re.findall(r'href="(reports/[^"]+)"', page)


def no_parse(*_args, **_kw):
    raise AssertionError("parsed: the pages come from the cached reports")


@pytest.fixture(scope="module")
def all_run(tmp_path_factory, nlp) -> Path:
    out = tmp_path_factory.mktemp("all")
    analyze_to_folder([SEEDS], out, jobs=1)
    return out


@pytest.fixture(scope="module")
def json_run(tmp_path_factory, nlp) -> Path:
    out = tmp_path_factory.mktemp("json")
    result = analyze_to_folder([SEEDS], out, jobs=1, reports="json")
    assert result.parsed == len(IDS)
    return out


def test_report_pages_reads_names_and_comma_lists():
    assert report_pages("all") == {"md", "html"}
    assert report_pages("json") == set()
    assert report_pages("json,html") == {"html"}
    assert report_pages(" md , html ") == {"md", "html"}
    assert report_pages(["md", "json"]) == {"md"}
    for bad in ("pdf", "", "json,", "HTML"):
        with pytest.raises(UsageError):
            report_pages(bad)


def test_default_reports_is_json_beyond_the_limit(monkeypatch):
    monkeypatch.setattr("framing.analyze.PAGES_LIMIT", 10)
    assert default_reports(None) == "all"  # not counted: the pages are written
    assert default_reports(10) == "all"
    assert default_reports(11) == "json"


def test_json_only_writes_no_pages_and_the_index_links_the_json(json_run):
    assert reports(json_run) == [f"{i}.json" for i in IDS]
    assert index_links(json_run) == [f"reports/{i}.json" for i in IDS for _ in (1, 2)]
    rows = (json_run / "articles.csv").read_text("utf-8").splitlines()
    head = rows[0].split(",")
    for line in rows[1:]:
        row = dict(zip(head, line.split(","), strict=False))
        assert (row["report_html"], row["report_md"]) == ("", "")
        assert row["report_json"] == f"reports/{row['id']}.json"
    summary = json.loads((json_run / "summary.json").read_text("utf-8"))
    assert summary["outputs"]["reports"] == "reports/<id>.json"


def test_the_json_of_a_json_run_is_the_json_of_an_all_run(json_run, all_run):
    for i in IDS:
        name = f"reports/{i}.json"
        assert (json_run / name).read_bytes() == (all_run / name).read_bytes()


def test_rerun_with_all_writes_the_pages_without_a_parse(json_run, all_run, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(json_run, out)

    monkeypatch.setattr("framing.engine.run_shard", no_parse)
    monkeypatch.setattr("framing.nlp.load_nlp", no_parse)
    result = analyze_to_folder([SEEDS], out, jobs=1, reports="all")
    assert (result.parsed, result.cached) == (0, len(IDS))
    assert files(out) == files(all_run)  # the bytes of a run that wrote all from the start


def test_a_json_run_removes_the_pages_of_an_earlier_all_run(all_run, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(all_run, out)
    (out / "reports" / "other.md").write_text("not framing's\n", encoding="utf-8")
    monkeypatch.setattr("framing.engine.run_shard", no_parse)  # from the cache
    analyze_to_folder([SEEDS], out, jobs=1, reports="json")
    assert reports(out) == sorted([f"{i}.json" for i in IDS] + ["other.md"])
    assert index_links(out) == [f"reports/{i}.json" for i in IDS for _ in (1, 2)]


def test_reports_md_html_on_the_command_line(json_run, all_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(json_run, out)
    args = ["analyze", str(SEEDS), "--out", str(out), "--jobs", "1", "-q"]
    res = runner.invoke(app, [*args, "--reports", "md,html"])
    assert res.exit_code == 0, res.output
    assert files(out) == files(all_run)
    res = runner.invoke(app, [*args, "--reports", "json,md"])
    assert res.exit_code == 0, res.output
    assert reports(out) == sorted(f"{i}.{e}" for i in IDS for e in ("json", "md"))
    assert index_links(out) == [f"reports/{i}.{e}" for i in IDS for e in ("md", "md", "json")]
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["outputs"]["reports"] == "reports/<id>.json|.md"


@pytest.mark.parametrize("value", ["pdf", "json,pdf", ""])
def test_an_unknown_reports_value_is_a_usage_error(tmp_path, value):
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(out), "--reports", value])
    assert res.exit_code == 1
    assert res.output == BAD.format(value)
    assert not out.exists()


def test_the_default_is_json_for_a_large_input(json_run, tmp_path, monkeypatch):
    monkeypatch.setattr("framing.analyze.PAGES_LIMIT", 1)
    out = tmp_path / "out"
    shutil.copytree(json_run, out)  # from the cache: no parse needed
    args = ["analyze", str(SEEDS), "--out", str(out), "--jobs", "1"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == (
        f"note: {len(IDS)} articles: per-article Markdown and HTML pages not written "
        "(pass --reports all to write them)"
    )
    assert reports(out) == [f"{i}.json" for i in IDS]
    # --limit counts too; --reports all, --quiet: no note
    for extra in (["--limit", "1"], ["-q"], ["--reports", "all"]):
        res = runner.invoke(app, [*args, *extra])
        assert res.exit_code == 0, res.output
        assert "note:" not in res.output, extra
    assert reports(out) == sorted(f"{i}.{e}" for i in IDS for e in ("json", "md", "html"))


def test_compare_links_no_missing_page_after_a_json_run(json_run, all_run):
    from framing.corpus.compare import compare

    index = compare(json_run)["article_index"]
    assert sorted(index) == IDS
    assert {a["report_html"] for a in index.values()} == {None}
    linked = compare(all_run)["article_index"]
    assert {i: a["report_html"] for i, a in linked.items()} == {i: f"reports/{i}.html" for i in IDS}


def test_the_engine_renders_only_the_pages_asked_for():
    from framing.engine import WorkConfig, render
    from tests.factories import make_report

    report = make_report("a", "wire", ["The mayor said the bridge would reopen next week."])
    assert set(render(report)) == {"json", "md", "html"}
    assert set(render(report, frozenset())) == {"json"}
    assert set(render(report, {"html"})) == {"json", "html"}
    assert WorkConfig.__dataclass_fields__["pages"].default == {"md", "html"}
