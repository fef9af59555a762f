"""``framing train boilerplate``: rebuild the paragraph classifier reproducibly.

Data: NewsDiscourse train *sentences* (``Distant_Historical`` -> background, ``NA`` ->
notice, else none), each with the features of its paragraph and article, and, as weak
``notice`` labels, the sentences of the recurring notices of PolNeAR train (MinHash groups
across articles, syndicated copies left out). Recurring PolNeAR *background* is not taught:
recurrence labels it at analyze time anyway, and as examples its few stock lines ("It takes
1,237 delegates ...") made campaign words (clinton, sanders, delegates) background cues, so
the classifier flagged ordinary political news. Thresholds are chosen on NewsDiscourse dev for
sentence-level F1 of ``notice``, then ``background`` (a sentence is predicted when its
paragraph is), among those that keep the paragraphs flagged in PolNeAR train (by the
classifier or by recurrence) at most ``MAX_FLAGGED`` of its body paragraphs (political news
is mostly news; the issue's bar is 15%).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.boilerplate.classifier import (
    CLASSES,
    MODEL_FILE,
    BoilerplateModel,
    contexts,
    features,
    paragraph_features,
    split_sentences,
)
from framing.config import TRAIN_OUT
from framing.fsutil import atomic_write_text, make_output_dir
from framing.linear import fit_multinomial, metrics_table, versions, versions_section
from framing.paragraphs import split_paragraphs

GOLD = {"background": {"Distant_Historical"}, "notice": {"NA"}}
MAX_FLAGGED = 0.14  # of PolNeAR train body paragraphs, classifier and recurrence together
PRUNE = 0.01  # weights below this for every class are dropped (halves the file, same dev F1)
WEAK_LABELS = ("notice",)  # recurring PolNeAR paragraphs taught as examples of these labels
GRID = tuple(round(0.05 * k, 2) for k in range(2, 20))  # 0.1 .. 0.95


@dataclass
class TrainResult:
    model: BoilerplateModel
    path: Path
    card: Path
    examples: Counter[str]
    dev: dict[str, Any]


def _sentence_label(labels: Sequence[str]) -> str:
    for name, wanted in GOLD.items():  # background before notice
        if wanted & set(labels):
            return name
    return "none"


def _nd_paragraphs(doc: Any) -> list[tuple[str, int, int, str, list[Any]]]:
    """(text, index, n, label, sentences) for the paragraphs of a NewsDiscourse article."""
    spans = split_paragraphs(doc.text)
    out = []
    for k, (s, e) in enumerate(spans):
        sents = [x for x in doc.sentences if s <= x.start < e]
        label = "none"
        for name, wanted in GOLD.items():
            if sents and sum(1 for x in sents if wanted & set(x.labels)) * 2 > len(sents):
                label = name
        out.append((doc.text[s:e], k, len(spans), label, sents))
    return out


def _polnear_bodies(folder: Path, limit: int | None) -> list[tuple[str, list[str]]]:
    """(outlet, paragraphs) of each PolNeAR article as ``framing analyze`` gives them to the
    classifier: those of the parsed text, the title included (it is the classifier's context,
    as in NewsDiscourse texts)."""
    from framing.read import article_from_text

    out = []
    for f in sorted((folder / "text").glob("*.txt"))[:limit]:
        a = article_from_text(f.read_text("utf-8"), id=f.stem, source_path=str(f))
        spans = split_paragraphs(a.text, a.parse_start, a.body_end)
        out.append((f.name.split("_")[0], [a.text[s:e] for s, e in spans]))
    return out


def _recurring(bodies: list[tuple[str, list[str]]]) -> dict[tuple[int, int], str]:
    """(article, paragraph) -> label for the paragraphs recurrence labels (not in copies)."""
    from framing.boilerplate.recurrence import MIN_WORDS, Recurrence, copy_articles

    rec = Recurrence()
    counted = []
    for i, (outlet, paras) in enumerate(bodies):
        rec.add_paragraphs(f"p{i:05d}", outlet, enumerate(paras))
        counted.append(sum(1 for t in paras if len(t.split()) >= MIN_WORDS))
    groups = rec.groups()
    copies = copy_articles(groups, counted)
    return {
        key: "notice" if info.notice else "background"
        for key, info in sorted(groups.items())
        if key[0] not in copies
    }


def _dev_probabilities(model: BoilerplateModel, docs: list[Any]) -> list[Any]:
    """(probabilities, gold sentence labels) per NewsDiscourse dev paragraph."""
    out = []
    for doc in docs:
        paras = _nd_paragraphs(doc)
        ctxs = contexts([p[0] for p in paras])
        for (text, _k, _n, _label, sents), ctx in zip(paras, ctxs, strict=True):
            out.append((model.paragraph_probabilities(text, ctx), [s.labels for s in sents]))
    return out


def sentence_scores(model: BoilerplateModel, dev: list[Any]) -> dict[str, dict[str, Any]]:
    """Sentence-level P/R/F1 of background and notice from :func:`_dev_probabilities`."""
    counts = {k: [0, 0, 0] for k in GOLD}  # tp, fp, fn
    for probs, sents in dev:
        pred, _score = model.decide(probs)
        for labels in sents:
            for name, wanted in GOLD.items():
                g = bool(wanted & set(labels))
                p = pred == name
                counts[name][0] += g and p
                counts[name][1] += p and not g
                counts[name][2] += g and not p
    out = {}
    for name, (tp, fp, fn) in counts.items():
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                     "tp": tp, "fp": fp, "fn": fn}  # fmt: skip
    return out


def _flagged_share(model: BoilerplateModel, pool: list[Any]) -> float:
    """Share of PolNeAR body paragraphs flagged by the classifier or by recurrence."""
    if not pool:
        return 0.0
    flagged = sum(1 for probs, recurring in pool if recurring or model.decide(probs)[0] != "none")
    return round(flagged / len(pool), 4)


def train_boilerplate(
    newsdiscourse: str | Path,
    *,
    polnear: str | Path | None = None,
    out_dir: str | Path = TRAIN_OUT,
    c: float = 0.25,
    min_count: int = 1,
    seed: int = 0,
    limit: int | None = None,
) -> TrainResult:
    """Train the classifier on ``newsdiscourse``/train (with the recurring notices of
    ``polnear``/train as weak labels), choose its thresholds on ``newsdiscourse``/dev, and write
    ``boilerplate-paragraphs.json`` and its card to ``out_dir`` (default: ``./models`` of the
    current folder, never the installed package)."""
    from framing import __version__
    from framing.eval.sentences import read_newsdiscourse

    root = Path(newsdiscourse)
    train_docs = read_newsdiscourse(root / "train", limit=limit, param_name="newsdiscourse").docs
    dev_docs = read_newsdiscourse(root / "dev", limit=limit, param_name="newsdiscourse").docs
    out = make_output_dir(out_dir, "out_dir")  # a bad out_dir fails before the training
    rows: list[tuple[list[str], str]] = []
    examples: Counter[str] = Counter()
    for doc in train_docs:
        paras = _nd_paragraphs(doc)
        for (text, _k, _n, _label, sents), ctx in zip(
            paras, contexts([p[0] for p in paras]), strict=True
        ):
            para = paragraph_features(text, ctx)
            for sent in sents:
                label = _sentence_label(sent.labels)
                rows.append((features(doc.text[sent.start : sent.end], ctx, para), label))
                examples[f"newsdiscourse:{label}"] += 1
    bodies = _polnear_bodies(Path(polnear) / "train", limit) if polnear is not None else []
    recurring = _recurring(bodies) if bodies else {}
    for (a, k), label in recurring.items():
        if label not in WEAK_LABELS:
            continue
        text = bodies[a][1][k]
        ctx = contexts(bodies[a][1])[k]
        para = paragraph_features(text, ctx)
        for sent in split_sentences(text):
            rows.append((features(sent, ctx, para), label))
            examples[f"polnear-recurring:{label}"] += 1
    weights, bias = fit_multinomial(
        [feats for feats, _ in rows],
        [CLASSES.index(label) for _, label in rows],
        n_classes=len(CLASSES),
        c=c,
        min_count=min_count,
        seed=seed,
        prune=PRUNE,
    )
    model = BoilerplateModel(weights=weights, bias=bias)
    dev_probs = _dev_probabilities(model, dev_docs)
    pool = []
    for a, (_outlet, paras) in enumerate(bodies):
        for k, (text, ctx) in enumerate(zip(paras, contexts(paras), strict=True)):
            pool.append((model.paragraph_probabilities(text, ctx), (a, k) in recurring))
    # both thresholds together: the best sum of dev F1s among pairs within the PolNeAR cap
    tried: dict[str, float] = {}
    shares: dict[str, float] = {}
    best = None
    for th_b in GRID:
        for th_n in GRID:
            model.thresholds = {"background": th_b, "notice": th_n}
            scores = sentence_scores(model, dev_probs)
            f1 = round(scores["background"]["f1"] + scores["notice"]["f1"], 4)
            share = _flagged_share(model, pool)
            key = f"background={th_b} notice={th_n}"
            tried[key], shares[key] = f1, share
            if share <= MAX_FLAGGED and (best is None or f1 > best[0]):
                best = (f1, th_b, th_n)
    th_b, th_n = (best[1], best[2]) if best is not None else (max(GRID), max(GRID))
    model.thresholds = {"background": th_b, "notice": th_n}
    dev = sentence_scores(model, dev_probs)
    share = _flagged_share(model, pool)
    model.meta = {
        "name": "boilerplate-paragraphs",
        "method": "multinomial logistic regression over sentence features, mean per paragraph",
        "train": {
            "newsdiscourse": str(root / "train"),
            "articles": len(train_docs),
            "polnear": str(Path(polnear) / "train") if polnear else None,
            "examples": dict(sorted(examples.items())),
        },  # fmt: skip
        "params": {
            "C": c,
            "min_count": min_count,
            "seed": seed,
            "class_weight": "balanced",
            "prune": PRUNE,
        },  # fmt: skip
        "dev": {
            "newsdiscourse": str(root / "dev"),
            "articles": len(dev_docs),
            "scores": dev,
            "threshold_f1": tried,
            "polnear_flagged_share": shares,
            "polnear_train_flagged": share,
        },  # fmt: skip
        "versions": versions(__version__),
        "features": len(model.weights),
    }
    path = out / MODEL_FILE
    atomic_write_text(path, model.to_json())
    card = out / MODEL_FILE.replace(".json", ".md")
    atomic_write_text(card, _card(model))
    return TrainResult(model, path, card, examples, dev)


def _card(model: BoilerplateModel) -> str:
    m = model.meta
    dev = m["dev"]["scores"]
    lines = [
        "# boilerplate-paragraphs: news, background or notice?",
        "",
        "Used by `framing analyze` for every body paragraph (recurring paragraphs found by",
        "MinHash LSH are labelled from their recurrence). Rebuild with",
        "`framing train boilerplate --newsdiscourse ../shared/data/newsdiscourse "
        "--polnear ../shared/data/polnear` (fixed seed).",
        "",
        "## Data",
        "",
        f"NewsDiscourse train ({m['train']['articles']} articles; Choubey et al., ACL 2020), one "
        "example per sentence: `background` when labelled `Distant_Historical`, `notice` when "
        "`NA`, else `none`. Weak labels: the sentences of notices recurring across PolNeAR "
        "train articles (syndicated copies left out; recurring PolNeAR background is left to "
        "recurrence: as examples it taught campaign words as background cues). Examples: "
        f"{m['train']['examples']}.",
        "",
        "## Method",
        "",
        "Multinomial logistic regression (scikit-learn lbfgs, balanced class weights, "
        f"C={m['params']['C']}, features seen at least {m['params']['min_count']} times, kept "
        f"when some class weight is at least {m['params']['prune']}: "
        f"{m['features']}) scoring each sentence on its words, word pairs, years (distance "
        "from the article's latest year, the year carried over from earlier paragraphs), "
        "tense and recency cues, quotes and attribution cues, plus its paragraph's position, "
        "length, year and tense cues and its past-tense share against its article's; a "
        "paragraph's probabilities are its sentences' mean. "
        f"Thresholds {model.thresholds} chosen on NewsDiscourse dev for sentence F1, among "
        f"those keeping the PolNeAR train body paragraphs flagged (classifier or recurrence) "
        f"at most {MAX_FLAGGED:.0%} (now {m['dev']['polnear_train_flagged']:.1%}). JSON "
        "weights: loading unpickles nothing.",
        "",
        "## Dev scores (NewsDiscourse dev, sentences)",
        "",
        *metrics_table(
            ("label",),
            (((f"{k} (gold: {', '.join(sorted(GOLD[k]))})",), v) for k, v in dev.items()),
        ),
        "",
        "Threshold search: the pair with the best sum of dev F1s within the PolNeAR cap "
        "(every pair's F1 sum and PolNeAR share are in the JSON's `meta.dev`).",
        "",
        *versions_section(m["versions"]),
        "## Caveats",
        "",
        "NewsDiscourse labels sentences, not paragraphs, and covers Reuters, Xinhua and NYT "
        "news; political opinion pieces and war wire copy differ. Scores are indicative.",
        "",
    ]
    return "\n".join(lines)
