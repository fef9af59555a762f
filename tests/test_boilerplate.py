"""Recurring boilerplate paragraphs: grouping across articles, tolerance to edits, labels."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from framing.analyze import label_corpus
from framing.boilerplate.recurrence import normalise_words
from framing.cli import app
from framing.schema import Occurrences, Report, to_json
from tests.factories import make_report as report

runner = CliRunner()

NEWS = [
    "The council met on Tuesday to discuss the new budget for the city's schools and roads.",
    "Officials said the vote would take place next week after a public hearing downtown.",
    "Residents packed the hall and many of them asked about the cost of the new bridge.",
]
MINSK = (
    "The OSCE Minsk Group, co-chaired by France, Russia and the US, was formed in 1992 to find "
    "a peaceful solution to the conflict, but to no avail. A cease-fire, however, was agreed "
    "upon in 1994."
)
MINSK_EDITED = MINSK.replace("cease-fire", "ceasefire").replace("agreed upon", "agreed to")
NOTE = (
    "Editor's note: Donald Trump regularly incites political violence and is a serial liar, "
    "rampant xenophobe, racist, misogynist and birther who has repeatedly pledged to ban all "
    "Muslims from entering the U.S."
)


def run(reports: list[Report]) -> list[Report]:
    return label_corpus(reports)


def labels(r: Report) -> list[tuple[str, str | None]]:
    return [(p.boilerplate.label, p.boilerplate.recurring_group) for p in r.paragraphs]


def test_edited_background_paragraphs_share_a_group():
    a, b, c = run(
        [
            report("a", "x", [NEWS[0], MINSK]),
            report("b", "y", [NEWS[1], MINSK_EDITED.replace(" ", "\u00a0", 3)]),
            report("c", "y", [NEWS[2]]),
        ]
    )
    ga, gb = labels(a)[1], labels(b)[1]
    assert ga[0] == gb[0] == "background"
    assert ga[1] is not None and ga[1] == gb[1]
    assert labels(a)[0] == ("none", None) and labels(c) == [("none", None)]
    occ = a.paragraphs[1].boilerplate.occurrences
    assert occ == Occurrences(articles=2, outlets={"x": 1, "y": 1})
    assert a.boilerplate.paragraphs == 1 and 0 < a.boilerplate.share < 1
    # headline voice figures leave boilerplate out, and say so; the whole body is kept beside
    data = to_json(a)["voice"]
    assert data["boilerplate"] == "excluded"
    assert data["words"] == len(NEWS[0].split())
    assert data["with_boilerplate"]["words"] == len(NEWS[0].split()) + len(MINSK.split())


def test_corpus_step_is_idempotent_and_counts_attributed_words_without_boilerplate():
    a, b = run(
        [
            report("a", "x", [NEWS[0], MINSK, NEWS[1]], attributed=2),
            report("b", "y", [NEWS[2], MINSK]),
        ]
    )
    assert run([a, b]) == [a, b]
    n = len(NEWS[0].split()) + len(NEWS[1].split())
    v = a.voice
    assert (v.counts.words, v.counts.attributed_words) == (n, len(NEWS[1].split()))
    assert v.with_boilerplate.attributed_share < v.counts.attributed_share


def test_a_narrator_paragraph_between_recurring_background_is_background():
    other = "Some 20% of the territory has remained under occupation for some three decades now."
    extra = "The two countries fought a war over the region in the early 1990s, killing thousands."
    a, b, c = run(
        [
            report("a", "x", [NEWS[0], MINSK, other, extra, NEWS[1]]),
            report("b", "y", [NEWS[2], MINSK, extra]),
            report(
                "c",
                "z",
                [
                    "Fresh clashes began on Sunday along the whole front line.",
                    MINSK,
                    "We will not give up a single inch of our land, he told reporters.",
                    extra,
                ],
                attributed=2,
            ),  # fmt: skip
        ]
    )
    para = a.paragraphs[2].boilerplate
    assert (para.label, para.method, para.recurring_group) == (
        "background", "minhash-block-1", None)  # fmt: skip
    assert labels(a)[4] == ("none", None)  # after the block: news
    assert labels(c)[2] == ("none", None)  # quoted speech is never filled in


def test_a_note_split_over_two_paragraphs_joins_the_group_and_is_a_notice():
    half = NOTE.index(" rampant")
    r1, r2, r3 = run(
        [
            report("h1", "huff", [NEWS[0], NOTE]),
            report("h2", "huff", [NEWS[1], NOTE]),
            report("h3", "huff", [NEWS[2], NOTE[:half], NOTE[half + 1 :]]),
        ]
    )
    group = labels(r1)[1][1]
    assert labels(r1)[1] == ("notice", group) == labels(r2)[1]
    assert labels(r3)[1:] == [("notice", group), ("notice", group)]


def test_group_ids_are_stable():
    one = run([report("a", "x", [NEWS[0], MINSK]), report("b", "y", [NEWS[1], MINSK])])
    two = run([report("a", "x", [NEWS[0], MINSK]), report("b", "y", [NEWS[1], MINSK])])
    assert labels(one[0]) == labels(two[0])


def test_syndicated_copies_are_grouped_but_not_labelled():
    story = NEWS + [MINSK]
    a, b = run([report("a", "ap", story), report("b", "usa", story)])
    assert all(g is not None for _, g in labels(a))
    assert all(lab == "none" for lab, _ in labels(a) + labels(b))


def test_normalise_words():
    assert normalise_words("A cease-fire\u00a0was AGREED") == ["a", "ceasefire", "was", "agreed"]


def test_seed_background_paragraphs_recur(seeds_run):
    out = seeds_run
    with open(out / "boilerplate.csv", newline="", encoding="utf-8") as fh:
        groups = list(csv.DictReader(fh))
    texts = sorted(g["text"][:30] for g in groups)
    assert texts == ["Relations between the two form", "The OSCE Minsk Group — co-chai"]
    assert all(g["articles"] == "2" for g in groups)
    r = json.loads((out / "reports" / "002_db0fb08b2d17c03b.json").read_text("utf-8"))
    news = [p for p in r["paragraphs"] if p["span"]["text"].startswith("Armenia has suffered")]
    assert news[0]["boilerplate"]["label"] == "none"
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["boilerplate"]["recurring_groups"] == 2


# ---------------------------------------------------------------- classifier


def test_bundled_classifier_ships_with_a_card_and_labels_notices():
    from framing.boilerplate.classifier import BoilerplateModel, default_model_path, load_model

    path = default_model_path()
    assert path.is_file() and path.with_suffix(".md").is_file()
    model = load_model()
    assert model is not None
    assert BoilerplateModel.from_json(model.to_json()) == model
    got = model.label_article([*NEWS, NOTE])
    assert [lab for lab, _ in got] == ["none", "none", "none", "notice"]
    assert got[3][1] >= model.thresholds["notice"]


def test_classifier_reads_years_against_the_article_and_carries_them():
    from framing.boilerplate.classifier import contexts, split_sentences

    ctx = contexts(["In 2020 the council met.", "It voted.", "In 1994 a truce was agreed."])
    assert [c.reference_year for c in ctx] == [2020, 2020, 2020]
    assert [(c.carried_year, c.gap) for c in ctx] == [(2020, 0), (2020, 1), (1994, 0)]
    assert split_sentences("He said “no.” Then he left. U.S. ok") == [
        "He said “no.”", "Then he left.", "U.S. ok"]  # fmt: skip


def test_classifier_reads_each_paragraphs_tense_against_its_article():
    from framing.boilerplate.classifier import contexts, paragraph_features

    news = contexts(["The council says it will vote on the plan today.",
                     "Officials are hopeful and the mayor says he has support.",
                     "In 1994 the town was flooded and residents fled."])  # fmt: skip
    assert [c.article for c in news] == [("Drel=1", "Ded=0"), ("Drel=1", "Ded=0"),
                                         ("Drel=4", "Ded=0")]  # fmt: skip
    told = contexts(["The town was flooded and residents fled.", "The mayor said he had no plan."])
    assert [c.article for c in told] == [("Drel=2", "Ded=3")] * 2
    assert "Drel=4" in paragraph_features("In 1994 the town was flooded.", news[2])


def test_classifier_json_rejects_other_formats():
    import pytest

    from framing.boilerplate.classifier import BoilerplateModel

    with pytest.raises(ValueError, match="not a framing-sentence-softmax-3"):
        BoilerplateModel.from_json('{"format": "pickle"}')


@pytest.mark.slow
def test_training_on_a_slice_is_reproducible(tmp_path):
    import pytest

    from tests.conftest import NEWSDISCOURSE, POLNEAR

    if not (NEWSDISCOURSE / "train" / "text").is_dir():
        pytest.skip(f"NewsDiscourse not found at {NEWSDISCOURSE} (set FRAMING_NEWSDISCOURSE)")
    from framing.train.boilerplate import train_boilerplate

    polnear = POLNEAR if (POLNEAR / "train").is_dir() else None
    a = train_boilerplate(NEWSDISCOURSE, polnear=polnear, out_dir=tmp_path / "a", limit=15)
    b = train_boilerplate(NEWSDISCOURSE, polnear=polnear, out_dir=tmp_path / "b", limit=15)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert set(a.dev) == {"background", "notice"}
    assert "Dev scores" in a.card.read_text("utf-8")


def test_eval_sentences_rejects_unknown_label(tmp_path):
    res = runner.invoke(app, ["eval", "sentences", "--gold", str(tmp_path), "--label", "x"])
    assert res.exit_code == 1
    assert res.output.strip() == "Error: --label x: expected speech, background or notice"


def test_lexicon_rates_without_boilerplate(seeds_run):
    out = seeds_run
    r = json.loads((out / "reports" / "002_db0fb08b2d17c03b.json").read_text("utf-8"))
    med = r["lexicons"]["nagorno-karabakh"]["categories"]["mediation_diplomacy"]
    # "OSCE Minsk Group ... ceasefire" sits in the recurring background paragraph
    assert r["lexicons"]["nagorno-karabakh"]["boilerplate"] == "excluded"
    assert med["with_boilerplate"]["hits"] > med["hits"]
    assert r["voice"]["with_boilerplate"]["words"] > r["voice"]["words"]
    assert r["boilerplate"]["paragraphs"] >= 2


def test_classifier_counts_a_paragraph_as_its_sentences_add_up():
    """A paragraph's regular-expression counts are summed from its sentences' (each scanned
    once): the same as scanning the whole paragraph, on the seeds and on sentence ends that
    touch the patterns (quotes, years, "had been", "years ago", contractions)."""
    from framing.boilerplate.classifier import _scan, _stats, split_sentences
    from framing.paragraphs import split_paragraphs
    from tests.conftest import SEEDS

    texts = [
        "He had been there since 1994. “Years ago.” It was formed in 2001! Has been? Had won.",
        "She said it would. ‘Then’ they left. On Monday they met.” Was it 1998? 2004 now.",
        "It is long-running.' In the past, the U.S. had taken it... Since 1990s were lost.",
        "  Leading space. Trailing space.  ",
        "Ends with ''. '' Starts with quotes.",
        "ΟΔΟΣ. Σ is a letter. İS it? ſaid it.",
    ]
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        texts += [text[s:e] for s, e in split_paragraphs(text)]
    assert sum(len(split_sentences(t)) > 1 for t in texts) > 10
    for t in texts:
        assert _stats(t) == _scan(t), t


def test_signatures_are_datasketchs_and_notices_the_expressions():
    """The batched signatures are datasketch's MinHash values, paragraph by paragraph; the
    notice test with its literal prefilter says what the expression alone says."""
    import numpy as np
    from datasketch import MinHash

    from framing.boilerplate.recurrence import (
        _NOTICE,
        NUM_PERM,
        SCHEME,
        Recurrence,
        minhashes,
        reads_like_notice,
        shingles,
    )
    from tests.conftest import SEEDS

    texts = [*NEWS, NOTE, "a b", "one two three four five", "ceasefire " * 30]
    for path in sorted(SEEDS.glob("*.txt")):
        texts += [x for x in path.read_text("utf-8").split("\n") if x.strip()]
    sets = [shingles(normalise_words(t) or ["x"]) for t in texts]
    perm = Recurrence()._permutations()
    got = minhashes(sets, perm)
    for row, sh in zip(got, sets, strict=True):
        m = MinHash(num_perm=NUM_PERM, seed=1, permutations=perm, scheme=SCHEME)
        m.update_batch(list(sh))
        assert np.array_equal(row, m.hashvalues)
    odd = [
        "EDITOR’S NOTE: x", "Note: y", "note: y", "a note: y", "Follow him on X", "@AP.",
        "follow the mayor's team on Twitter", "Watch it", "CLİCK HERE", "ſubscribe",
        "Like our page", "like the way", "This article has been corrected", "x @y z",
    ]  # fmt: skip
    for t in texts + odd + [t.upper() for t in odd]:
        assert reads_like_notice(t) == bool(_NOTICE.search(t)), t


def test_lsh_split_and_permutations_are_datasketchs():
    """The band/row split and the affine permutations are written out (importing datasketch
    costs 0.4 s of every run): the values its MinHashLSH and MinHash give."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from framing.boilerplate.recurrence import (
        LSH_BANDS,
        LSH_ROWS,
        LSH_THRESHOLD,
        NUM_PERM,
        SCHEME,
        affine32_permutations,
    )

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)
    for n, seed in ((NUM_PERM, 1), (16, 7), (128, 1)):
        want = MinHash(num_perm=n, seed=seed, scheme=SCHEME).permutations
        got = affine32_permutations(n, seed)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_a_run_does_not_import_datasketch():
    import subprocess
    import sys

    code = (
        "import sys; from framing.boilerplate.recurrence import Recurrence; r = Recurrence(); "
        "r.add_paragraphs('a', 'o', [(0, 'one two three four five six seven eight nine ten')]); "
        "print('datasketch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
