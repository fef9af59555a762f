"""The library entry points: `analyze()` in memory gives the reports `framing analyze` writes
(the corpus step included), and resources are what is passed in."""

from __future__ import annotations

import csv
import dataclasses
import functools
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.analyze import analyze, analyze_text
from framing.pipeline import Resources
from framing.read import read_articles
from framing.schema import Span, to_json
from tests.conftest import ROOT


def test_analyze_in_memory_gives_the_reports_of_the_folder_run(seeds_run, nlp):
    articles = list(read_articles([ROOT / "seeds"]))
    reports = analyze(articles, lexicons=["defaults", "nagorno-karabakh"], nlp=nlp)  # the demo
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
    learned = analyze_text(text, lexicons=["hedging-certainty"], nlp=nlp, pipeline="fast")
    assert learned.model.attribution == "rules+logreg-1"
    assert analyze_text(text, nlp=nlp).model.pipeline == "accurate"  # the default
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


# ------------------------------------------------------------------ properties (issue 17)

#: sentences that attribute (direct and indirect quotes, "according to", colons), in pieces
#: that random texts recombine, with hostile text between and inside them: every line end,
#: separators, controls, bidi marks, a byte-order mark, combining marks
SOURCES = ["The ministry", "Officials", "Mr. Smith", "He", "A spokeswoman for the army",
           "Élodie Café", "日本"]  # fmt: skip
VERBS = ["said", "told reporters", "warned", "added", "claimed"]
CONTENTS = ["we will not retreat", "the talks failed", "the border was calm",
            "they had evidence", ""]  # fmt: skip
FORMS = ["{s} {v} {c}.", "\u201c{c},\u201d {s} {v}.", '"{c}," {v} {s}.',
         "According to {s}, {c}.", "{s}: \u00ab{c}\u00bb", "\u201c{c}.\u201d", "By {s}",
         "GENEVA (Reuters) - {s} {v}"]  # fmt: skip
HOSTILE = ["\n", "\n\n", "\r", "\r\r", "\r\n", "\r\n\r\n", "\t", "\u2028", "\u00a0",
           "\x0c", "\x85", "\u202e", "\ufeff", "\ufffd", "e\u0301", "\x00", '"', "\u201c", ":",
           " "]  # fmt: skip
sentence = st.builds(
    lambda form, s, v, c: form.format(s=s, v=v, c=c),
    st.sampled_from(FORMS), st.sampled_from(SOURCES), st.sampled_from(VERBS),
    st.sampled_from(CONTENTS),
)  # fmt: skip
noise = st.sampled_from(HOSTILE) | st.text(st.characters(exclude_categories=("Cs",)), max_size=3)
news_text = st.lists(sentence | noise, max_size=16).map("".join)
GOOD = "Talks resume\n\nThe ministry said the talks would resume.\n\nOfficials agreed.\n"


@functools.cache
def _resources() -> Resources:
    return Resources.load(lexicons=["hedging-certainty"])


def _found(a) -> tuple:
    return (a.source and a.source.text, a.cue.text, a.content.text, a.kind)


#: what the good article's report finds, alone or beside any other
GOOD_ATTRIBUTIONS = [("The ministry", "said", "the talks would resume", "indirect")]


def _spans(value, found: list[Span]) -> list[Span]:
    """Every Span in a report, wherever it is."""
    if isinstance(value, Span):
        found.append(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _spans(getattr(value, f.name), found)
    elif isinstance(value, list | tuple):
        for v in value:
            _spans(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _spans(v, found)
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    texts=st.lists(
        news_text | st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape")),
        min_size=1,
        max_size=3,
    ),
    eol=st.sampled_from(["\n", "\r\n", "\r"]),
    max_length=st.sampled_from([None, 120]),
)
def test_random_texts_never_crash_the_run_and_every_span_is_its_text(
    tmp_path_factory, texts, eol, max_length
):
    """Random texts (news words, quotes, every line end, controls, random bytes) in files,
    through the folder run (whole or, ``max_length``, in pieces): it never raises, every file
    is an article or skipped, the good article beside them keeps its attributions, every span
    of every report is ``text[start:end]``, and each CSV table has as many rows in ``csv``
    and pandas as the reports have records."""
    import pandas as pd

    from framing.analyze import analyze_to_folder
    from framing.nlp import load_nlp
    from framing.report import read_report

    folder, out = tmp_path_factory.mktemp("random"), tmp_path_factory.mktemp("out")
    for k, text in enumerate(texts):
        (folder / f"r{k}.txt").write_bytes(
            text.replace("\n", eol).encode("utf-8", "surrogateescape")
        )
    (folder / "zz-good.txt").write_text(GOOD, encoding="utf-8")
    run_nlp = load_nlp(_resources().spacy_model)  # the pipeline the run uses (cached)
    whole = run_nlp.max_length
    run_nlp.max_length = max_length or whole
    try:
        result = analyze_to_folder([folder], out, jobs=1, cache=False, resources=_resources())
    finally:
        run_nlp.max_length = whole
    reports = [read_report(p) for p in sorted((out / "reports").glob("*.json"))]
    assert result.articles == len(reports)
    assert result.articles + len(result.skipped) == len(texts) + 1  # none lost
    assert all(s.reason.startswith(("empty", "binary")) for s in result.skipped), result.skipped
    good = next(r for r in reports if r.id == "zz-good")
    assert [_found(a) for a in good.attributions] == GOOD_ATTRIBUTIONS
    for r in reports:
        spans = _spans(r, [])
        assert spans  # paragraphs at least
        for s in spans:
            assert 0 <= s.start <= s.end <= len(r.text)
            assert r.text[s.start : s.end] == s.text, (r.id, s)
            for a, b in s.spans or ():
                assert s.start <= a <= b <= s.end
    records = {
        "articles": len(reports),
        "attributions": sum(len(r.attributions) for r in reports),
        "paragraphs": sum(len(r.paragraphs) for r in reports),
        "lexicon_hits": sum(len(b.hits) for r in reports for b in r.lexicons.values()),
        "lexicon_scores": sum(len(b.categories) for r in reports for b in r.lexicons.values()),
    }
    for name, n in records.items():
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            n_csv = len(list(csv.reader(fh))) - 1
        n_pd = len(pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False))
        assert n_csv == n_pd == n, (name, n_csv, n_pd, n)
