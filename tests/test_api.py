"""The Python API at the package root (issue 19): ``framing.analyze_text``,
``framing.analyze`` (paths, texts, Articles), ``framing.load``, ``framing.render``, the
library's default lexicons, and the README's "From Python" examples, run as they are."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import types
import warnings

import pytest

import framing
from framing.errors import UsageError
from framing.lexicon import load_lexicons
from framing.schema import TABLE_ROWS, Article, Report, columns
from tests.conftest import ROOT, SEEDS

TEXT = "The ministry said the talks failed."


def test_import_framing_is_light_and_lists_the_api():
    code = (
        "import sys, framing; print(sorted(n for n in ('spacy', 'numpy', 'pandas', "
        "'framing.analyze') if n in sys.modules)); print(sorted(framing.__all__))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded, names = done.stdout.splitlines()
    assert loaded == "[]"
    for name in ("analyze", "analyze_text", "load", "render", "Report", "SCHEMA_VERSION"):
        assert repr(name) in names
    assert "analyze_text" in dir(framing)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = framing.nope  # type: ignore[attr-defined]


def test_the_issue_one_liner_prints_the_speaker():
    code = (
        "import framing; r = framing.analyze_text('The ministry said the talks failed.'); "
        "print(r.attributions[0].speaker.name)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ministry"


def test_analyze_text_gives_a_typed_report_with_the_clis_lexicons(nlp):
    report = framing.analyze_text(TEXT, nlp=nlp)
    assert isinstance(report, Report)
    (a,) = report.attributions
    assert (a.source.text, a.cue.text) == ("The ministry", "said")
    assert a.content.text == "the talks failed"
    assert a.speaker.name == "ministry" and a.kind == "indirect"
    # one definition of the default set for the library and the CLI
    defaults = [lx.name for lx in load_lexicons(None)]  # what the CLI scores without --lexicon
    assert defaults and [lx.name for lx in report.model.lexicons] == defaults
    assert sorted(report.lexicons) == sorted(defaults)
    assert framing.analyze_text(TEXT, lexicons=(), nlp=nlp).lexicons == {}
    with pytest.raises(TypeError, match="expected a str, got list"):
        framing.analyze_text([TEXT], nlp=nlp)  # type: ignore[arg-type]


def test_framing_analyze_is_the_module_and_callable(nlp):
    import framing.analyze as module

    assert framing.analyze is module  # the submodule stays importable and patchable
    assert callable(framing.analyze) and callable(module.analyze_to_folder)
    got = framing.analyze(
        [SEEDS, "Officials said the border was calm.", Article("mine", "x", "mine", TEXT, 0, 35)],
        nlp=nlp,
        lexicons=(),
    )
    assert isinstance(got, types.GeneratorType)
    reports = list(got)
    assert [r.id for r in reports] == [
        "000_e18cff79a667c2cc", "002_db0fb08b2d17c03b", "text-1", "mine",
    ]  # fmt: skip
    assert reports[2].attributions[0].content.text == "the border was calm"
    assert reports[3].outlet == "x"
    # the corpus step ran over all the inputs: the seeds share background paragraphs
    assert reports[0].boilerplate.groups and reports[0].boilerplate.groups == (
        reports[1].boilerplate.groups
    )
    # the list form takes texts too (it raised AttributeError: 'str' has no 'body')
    (r,) = module.analyze([TEXT], nlp=nlp, lexicons=())
    assert r.id == "text-1" and r.attributions[0].speaker.name == "ministry"


def test_a_string_is_a_path_when_it_names_one_or_holds_no_whitespace(nlp, tmp_path):
    (tmp_path / "a b.txt").write_text(TEXT, encoding="utf-8")
    (r,) = framing.analyze(str(tmp_path / "a b.txt"), nlp=nlp, lexicons=())
    assert r.id == "a_b" and r.source_path.endswith("a b.txt")
    (g,) = framing.analyze(str(tmp_path / "*.txt"), nlp=nlp, lexicons=())  # a glob
    assert g.id == "a_b"
    with pytest.raises(UsageError, match="nowhere.txt"):
        framing.analyze(["nowhere.txt"], nlp=nlp)  # checked at the call, not at next()
    with pytest.raises(TypeError, match="expected Articles, paths or texts, got int"):
        framing.analyze([3], nlp=nlp)  # type: ignore[list-item]


def test_skipped_inputs_go_to_on_error_or_warn(nlp, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    skipped = []
    reports = list(framing.analyze(tmp_path, nlp=nlp, lexicons=(), on_error=skipped.append))
    assert [r.id for r in reports] == ["ok"]
    assert [s.path.endswith("empty.txt") for s in skipped] == [True]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [r.id for r in framing.analyze(tmp_path, nlp=nlp, lexicons=())] == ["ok"]
    assert any("framing: skipped" in str(w.message) and "empty.txt" in str(w.message)
               for w in caught)  # fmt: skip


def test_without_the_corpus_step_reports_stream(nlp):
    fed: list[int] = []

    def texts():
        for k in range(6):
            fed.append(k)
            yield f"Officials said talk number {k} had failed."

    stream = framing.analyze(texts(), nlp=nlp, lexicons=(), corpus_step=False, batch_size=1)
    first = next(stream)
    assert first.id == "text-1" and len(fed) < 6  # the first came before the input ended
    rest = list(stream)
    assert [r.id for r in rest] == [f"text-{k}" for k in range(2, 7)]
    with pytest.raises(UsageError, match="speakers needs the corpus step"):
        framing.analyze([TEXT], nlp=nlp, corpus_step=False, speakers="x.yaml")


def test_load_gives_the_tables_of_an_output_folder(seeds_run):
    pd = pytest.importorskip("pandas")
    tables = framing.load(seeds_run)
    assert isinstance(tables.articles, pd.DataFrame)
    assert list(tables.articles.id) == ["000_e18cff79a667c2cc", "002_db0fb08b2d17c03b"]
    assert len(tables.attributions) == tables.summary["attributions"] == 28
    assert tables.attributions.confidence.dtype == float
    assert set(tables.attributions.article_id) == set(tables.articles.id)
    assert tables.speakers.name.iloc[0] == "Azerbaijani Defense Ministry"
    assert len(tables.paragraphs) > 0
    for name, row in TABLE_ROWS.items():  # every table, its columns in order
        assert list(getattr(tables, name).columns) == columns(row)
    report = tables.report("002_db0fb08b2d17c03b")
    assert isinstance(report, Report) and len(report.attributions) == 10
    for bad in ("nope", "../summary"):
        with pytest.raises(UsageError, match="no report for article"):
            tables.report(bad)


def test_load_reads_parquet_tables(tmp_path, nlp):
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    from framing.analyze import analyze_to_folder

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    analyze_to_folder([tmp_path / "in"], tmp_path / "out", table_format="parquet", lexicons=())
    tables = framing.load(tmp_path / "out")
    assert list(tables.attributions.speaker) == ["ministry"]
    assert tables.articles.words.tolist() == [6]


def test_load_refuses_what_is_not_an_output_folder(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    with pytest.raises(UsageError, match="not a framing analyze output folder"):
        framing.load(tmp_path)
    with pytest.raises(UsageError, match="not a folder"):
        framing.load(tmp_path / "missing")
    monkeypatch.setitem(sys.modules, "pandas", None)  # pandas not installed
    with pytest.raises(ImportError, match=r"pip install 'framing\[pandas\]'"):
        framing.load(tmp_path)


def test_render_a_report_escapes_and_marks(nlp):
    report = framing.analyze_text(
        'The ministry said <script>alert(1)</script> "talks failed".', nlp=nlp, lexicons=()
    )
    html = framing.render(report, jupyter=False)
    assert isinstance(html, str) and html.startswith('<div class="framing-render">')
    assert "<script>" not in html and "alert(1)&lt;/script&gt;" in html
    assert '<span class="source" data-att="a1"' in html and 'class="cue"' in html
    assert "a1: ministry (government)" in html
    # the text comes back whole once the markup is taken off
    plain = re.sub(r"<[^>]+>", "", html.split('<div class="fr-text">')[1].split("</div>")[0])
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') == report.text
    page = framing.render(report, jupyter=False, page=True)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    with pytest.raises(TypeError, match="expected a framing Report or a spaCy Doc, got str"):
        framing.render("text", jupyter=False)  # type: ignore[arg-type]


def test_render_displays_in_jupyter(nlp, monkeypatch):
    shown = []
    ipython = types.ModuleType("IPython")
    display = types.ModuleType("IPython.display")
    display.HTML = lambda markup: ("HTML", markup)  # type: ignore[attr-defined]
    display.display = shown.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    report = framing.analyze_text(TEXT, nlp=nlp, lexicons=())
    assert framing.render(report, jupyter=True) is None
    assert shown and shown[0][0] == "HTML" and 'class="content"' in shown[0][1]


def _readme_python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```", section, re.S | re.M)


def test_readme_from_python_examples_run(tmp_path, monkeypatch, nlp):
    blocks = _readme_python_blocks()
    assert len(blocks) >= 5
    shutil.copytree(SEEDS, tmp_path / "seeds")  # the examples read seeds/ and write out/
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in blocks:
            exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    printed = out.getvalue()
    assert "ministry government indirect" in printed
    assert "The ministry | said | the talks failed" in printed
    assert "Ali Hasanov | told |" in printed
    assert (tmp_path / "out" / "summary.json").is_file()
