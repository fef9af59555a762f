"""The library entry points: `analyze()` in memory gives the reports `framing analyze` writes
(the corpus step included), and resources are what is passed in."""

from __future__ import annotations

import dataclasses
import json

from framing.analyze import analyze, analyze_text
from framing.pipeline import Resources
from framing.read import read_articles
from framing.schema import to_json
from tests.conftest import ROOT


def test_analyze_in_memory_gives_the_reports_of_the_folder_run(seeds_run, nlp):
    articles = list(read_articles([ROOT / "seeds"]))
    reports = analyze(articles, lexicons=None, nlp=nlp)  # every bundled lexicon, as the CLI
    assert [r.id for r in reports] == ["000_e18cff79a667c2cc", "002_db0fb08b2d17c03b"]
    for r in reports:
        written = json.loads((seeds_run / "reports" / f"{r.id}.json").read_text("utf-8"))
        assert to_json(dataclasses.replace(r, source_path=written["source_path"])) == written
    # the corpus step ran: the two seeds share their background paragraphs
    assert all(r.boilerplate.groups for r in reports)


def test_resources_are_what_the_report_depends_on(nlp):
    text = "The ministry said the troops had advanced. Officials said the talks failed."
    rules = Resources.load(cue_model=None, boilerplate_model=None)
    report = analyze_text(text, resources=rules, nlp=nlp)
    assert report.model.attribution == "rules-1"
    assert report.model.boilerplate == "minhash"
    assert report.lexicons == {}
    learned = analyze_text(text, lexicons=["hedging-certainty"], nlp=nlp)
    assert learned.model.attribution == "rules+logreg-1"
    assert list(learned.lexicons) == ["hedging-certainty"]
    assert [a.cue.text for a in report.attributions] == ["said", "said"]


def test_an_article_over_max_length_is_analysed_and_the_others_too(nlp, monkeypatch, tmp_path):
    # issue 17 item 1 (at a small scale: the pipeline's max_length lowered to 2,000 characters)
    para = "The ministry said the talks would resume. Officials said the border was calm.\n\n"
    (tmp_path / "big.txt").write_text("Talks resume\n\n" + para * 60, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Officials said the talks failed.", encoding="utf-8")
    whole = analyze(list(read_articles([tmp_path])), nlp=nlp)
    monkeypatch.setattr(nlp, "max_length", 2000)
    reports = analyze(list(read_articles([tmp_path])), nlp=nlp)
    assert [r.id for r in reports] == ["big", "ok"]
    assert len(reports[0].attributions) == 120
    assert reports == whole  # parsed in pieces, as the whole text would be
    for r in reports:
        for a in r.attributions:
            assert r.text[a.cue.start : a.cue.end] == a.cue.text
