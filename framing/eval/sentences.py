"""Sentence-level checks against NewsDiscourse labels.

Layout of a gold folder (a NewsDiscourse split such as ``newsdiscourse/dev``)::

    DIR/text/NAME.txt      the article
    DIR/labels/NAME.json   {"name", "domain", "title",
                            "sentences": [{"id", "start", "end", "labels": [...]}, ...]}

Sentence offsets are Python ``str`` offsets into the text.

The generic scorer, :func:`score_sentence_labels`, treats a sentence as gold-positive when
its labels include the label asked for (or any of several), and as predicted-positive when a
predicate over the document's predicted spans says so (by default: any predicted span
shares a character with the sentence). :func:`score_speech` is the ``Speech`` check: the
predicted spans are the contents (all fragments) and cues of the predicted attributions that
report speech (beliefs, intentions and perceptions are left out, see :data:`NOT_SPEECH_KINDS`),
by default only those whose verb NewsDiscourse counts as speech
(:class:`~framing.eval.speech_verbs.SpeechVerbs`, built by ``framing train speech-verbs``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from framing.errors import InputError, UsageError, param
from framing.eval.attribution import DEFAULT_MODEL, predict
from framing.eval.brat import check_gold_dir, read_utf8
from framing.eval.speech_verbs import SpeechVerbs, load_speech_verbs
from framing.schema import Skipped

SpanList = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class GoldSentence:
    id: str
    start: int
    end: int
    labels: tuple[str, ...]


@dataclass(frozen=True)
class SentenceDoc:
    """One labelled article."""

    name: str
    text: str
    sentences: list[GoldSentence]
    path: str = ""
    title: str | None = None

    @property
    def outlet(self) -> str:
        return newsdiscourse_outlet(self.name)


@dataclass(frozen=True)
class SentenceCorpus:
    docs: list[SentenceDoc]
    skipped: list[Skipped] = field(default_factory=list)


def newsdiscourse_outlet(name: str) -> str:
    """Agency of a NewsDiscourse file name (``Crime_Reuters_7`` -> ``reuters``)."""
    low = name.lower()
    for outlet in ("reuters", "xinhua", "nyt"):
        if outlet in low:
            return outlet
    return name.split("_", 1)[0]


GROUPINGS: dict[str, Callable[[str], str]] = {"outlet": newsdiscourse_outlet}


def read_labels(text_path: str | Path, label_path: str | Path) -> SentenceDoc:
    """One article and its sentence labels. Raises :class:`InputError` if malformed."""
    text_path, label_path = Path(text_path), Path(label_path)
    text = read_utf8(text_path)
    try:
        data = json.loads(read_utf8(label_path))
    except json.JSONDecodeError as exc:
        raise InputError(str(label_path), f"not JSON: {exc.msg}", exc.lineno) from None
    sentences = []
    try:
        for i, s in enumerate(data["sentences"]):
            start, end = int(s["start"]), int(s["end"])
            if not 0 <= start <= end <= len(text):
                raise InputError(
                    str(label_path), f"sentence {i + 1}: span {start}-{end} outside the text"
                )
            labels = tuple(str(x) for x in s.get("labels", ()))
            sentences.append(GoldSentence(str(s.get("id", f"S{i + 1}")), start, end, labels))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            str(label_path), f"expected {{'sentences': [{{'start', 'end', 'labels'}}]}} ({exc!r})"
        ) from None
    title = data.get("title") if isinstance(data.get("title"), str) else None
    return SentenceDoc(text_path.stem, text, sentences, str(text_path), title)


def read_newsdiscourse(
    path: str | Path, *, limit: int | None = None, param_name: str = "gold_dir"
) -> SentenceCorpus:
    """Every labelled article of a NewsDiscourse-style folder, sorted by name (``param_name``:
    the caller's parameter that gave the folder, for error messages)."""
    root = check_gold_dir(path, sub="labels", param_name=param_name)
    if limit is not None and limit < 0:
        raise UsageError(f"{param('limit')} {limit}: expected a number >= 0")
    docs: list[SentenceDoc] = []
    skipped: list[Skipped] = []
    texts = sorted((root / "text").glob("*.txt"))
    if not texts:
        raise UsageError(f"{param(param_name)} {path}: no .txt files in {root / 'text'}")
    for text_path in texts:
        if limit is not None and len(docs) >= limit:
            break
        label_path = root / "labels" / f"{text_path.stem}.json"
        if not label_path.is_file():
            skipped.append(Skipped(str(text_path), f"no labels/{text_path.stem}.json for it"))
            continue
        try:
            docs.append(read_labels(text_path, label_path))
        except InputError as exc:
            skipped.append(Skipped(exc.path, exc.reason, exc.line))
    return SentenceCorpus(docs, skipped)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy": round(self.accuracy, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "n_sentences": self.n,
        }


@dataclass(frozen=True)
class SentenceError:
    doc: str
    sentence: str
    kind: str  # "false_positive" | "false_negative"
    start: int
    end: int
    labels: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "sentence": self.sentence,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "labels": list(self.labels),
            "text": self.text,
        }


@dataclass(frozen=True)
class SentenceEval:
    label: str
    counts: Counts
    n_docs: int
    by: dict[str, Counts] = field(default_factory=dict)
    by_key: str | None = None
    errors: list[SentenceError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "sentences",
            "label": self.label,
            "meta": self.meta,
            "n_docs": self.n_docs,
            "scores": self.counts.to_dict(),
            "by_key": self.by_key,
            "by": {k: v.to_dict() for k, v in sorted(self.by.items())},
            "errors": [e.to_dict() for e in self.errors],
            "skipped": [s.to_dict() for s in self.skipped],
        }


def overlaps_any(sentence: GoldSentence, spans: SpanList) -> bool:
    """True when some span shares at least one character with the sentence."""
    return any(s < sentence.end and e > sentence.start for s, e in spans)


def covered_at_least(fraction: float) -> Callable[[GoldSentence, SpanList], bool]:
    """A predicate: at least ``fraction`` of the sentence's characters lie in the spans."""

    def predicate(sentence: GoldSentence, spans: SpanList) -> bool:
        size = sentence.end - sentence.start
        if size <= 0:
            return False
        covered = set()
        for s, e in spans:
            covered.update(range(max(s, sentence.start), min(e, sentence.end)))
        return len(covered) >= fraction * size

    return predicate


def label_counts(
    doc: SentenceDoc,
    spans: SpanList,
    *,
    label: str | Collection[str],
    predicate: Callable[[GoldSentence, SpanList], bool] = overlaps_any,
) -> tuple[Counts, list[SentenceError]]:
    """Confusion counts and errors of one document for one label (or any of several)."""
    wanted = {label} if isinstance(label, str) else set(label)
    tp = fp = fn = tn = 0
    errors = []
    for sent in doc.sentences:
        gold = bool(wanted.intersection(sent.labels))
        pred = predicate(sent, spans)
        if gold and pred:
            tp += 1
        elif pred:
            fp += 1
        elif gold:
            fn += 1
        else:
            tn += 1
        if gold != pred:
            errors.append(
                SentenceError(
                    doc=doc.name,
                    sentence=sent.id,
                    kind="false_positive" if pred else "false_negative",
                    start=sent.start,
                    end=sent.end,
                    labels=sent.labels,
                    text=doc.text[sent.start : sent.end],
                )
            )
    return Counts(tp, fp, fn, tn), errors


def score_sentence_labels(
    docs: Iterable[SentenceDoc],
    spans: Mapping[str, SpanList],
    *,
    label: str | Collection[str],
    predicate: Callable[[GoldSentence, SpanList], bool] = overlaps_any,
    by: str | None = None,
) -> SentenceEval:
    """Score predicted spans (document name -> [(start, end)]) against sentence labels.

    E.g. background paragraphs: ``score_sentence_labels(docs, boilerplate_spans,
    label={"Distant_Historical", "NA"}, predicate=covered_at_least(0.5))``.
    """
    if by is not None and by not in GROUPINGS:
        raise UsageError(
            f"{param('by')} {by}: unknown breakdown; expected one of: {', '.join(GROUPINGS)}"
        )
    total = Counts()
    groups: dict[str, Counts] = {}
    errors: list[SentenceError] = []
    n_docs = 0
    for doc in docs:
        counts, errs = label_counts(doc, spans.get(doc.name, ()), label=label, predicate=predicate)
        total += counts
        errors += errs
        n_docs += 1
        if by is not None:
            key = GROUPINGS[by](doc.name)
            groups[key] = groups.get(key, Counts()) + counts
    name = label if isinstance(label, str) else "|".join(sorted(label))
    return SentenceEval(name, total, n_docs, dict(sorted(groups.items())), by, errors)


#: attribution kinds that are not reported speech: beliefs, intentions and perceptions
#: ("thinks", "wants", "polls show"), which PolNeAR annotates but NewsDiscourse's ``Speech``
#: (a direct quote or paraphrase of what someone said) does not cover
NOT_SPEECH_KINDS = frozenset({"belief"})


def attribution_spans(att: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The content fragments and the cue span of one report attribution dict."""
    out: list[tuple[int, int]] = []
    content = att.get("content") or {}
    if content.get("spans"):
        out.extend((int(s), int(e)) for s, e in content["spans"])
    elif "start" in content:
        out.append((int(content["start"]), int(content["end"])))
    cue = att.get("cue") or {}
    if "start" in cue:
        out.append((int(cue["start"]), int(cue["end"])))
    return out


def speech_spans(
    attributions: Iterable[Mapping[str, Any]], verbs: SpeechVerbs | None = None
) -> list[tuple[int, int]]:
    """Content fragments and cue spans of report attribution dicts that report speech: every
    kind but :data:`NOT_SPEECH_KINDS` and, given ``verbs``, only attributions whose verb it
    counts as speech. Sorted."""
    out: list[tuple[int, int]] = []
    for att in attributions:
        if att.get("kind") in NOT_SPEECH_KINDS:
            continue
        if verbs is not None and not verbs.is_speech(att.get("verb")):
            continue
        out.extend(attribution_spans(att))
    return sorted(out)


def score_speech(
    docs: Iterable[SentenceDoc],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    by: str | None = None,
    verbs: SpeechVerbs | None = None,
) -> SentenceEval:
    """``Speech`` sentences vs sentences touched by a predicted attribution's content or cue
    (with ``verbs``: by an attribution whose verb NewsDiscourse counts as speech)."""
    spans = {name: speech_spans(atts, verbs) for name, atts in predictions.items()}
    return score_sentence_labels(docs, spans, label="Speech", by=by)


def predict_corpus(
    corpus: SentenceCorpus, *, model: str, batch_size: int
) -> tuple[list[SentenceDoc], dict[str, list[dict[str, Any]]], list[Skipped], dict[str, Any]]:
    """The pipeline over a corpus: the articles it produced reports for, their attributions,
    every input skipped (unreadable gold included) and the reports' ``model`` block."""
    predictions, skipped, model_info = predict(
        [(d.name, d.text, d.outlet, d.path) for d in corpus.docs],
        model=model,
        batch_size=batch_size,
    )
    scored = [d for d in corpus.docs if d.name in predictions]
    return scored, predictions, corpus.skipped + skipped, model_info


def evaluate_sentences(
    gold_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    by: str | None = None,
    batch_size: int = 16,
    label: str = "speech",
    speech_verbs: str = "newsdiscourse",
) -> SentenceEval:
    """Read a NewsDiscourse-style folder, run the pipeline on its texts, score ``Speech``
    (``label="speech"``; ``speech_verbs``: ``newsdiscourse`` counts the attributions whose verb
    NewsDiscourse counts as speech, see :class:`SpeechVerbs`; ``all`` counts every attribution
    but beliefs; or a path to a speech-verbs file), or the boilerplate classifier's
    ``background`` paragraphs against ``Distant_Historical`` sentences / ``notice`` against
    ``NA`` (a sentence counts as predicted when at least half of it lies in a paragraph with
    that label).

    Example::

        result = evaluate_sentences("../shared/data/newsdiscourse/dev", limit=20)
        print(result.counts.f1)
    """
    if by is not None and by not in GROUPINGS:
        raise UsageError(
            f"{param('by')} {by}: unknown breakdown; expected one of: {', '.join(GROUPINGS)}"
        )
    if label != "speech" and speech_verbs != "newsdiscourse":
        raise UsageError(
            f"{param('speech_verbs')} applies to {param('label')} speech, "
            f"not {param('label')} {label}"
        )
    verbs = None
    if label == "speech" and speech_verbs != "all":
        given = Path(speech_verbs)
        # a word that is neither choice nor a file, or a folder ("bogus", "."); a missing
        # path ("x/none.json") is reported as not found
        path_like = speech_verbs.endswith(".json") or "/" in speech_verbs
        if speech_verbs != "newsdiscourse" and (
            given.is_dir() or not (given.is_file() or path_like)
        ):
            raise UsageError(
                f"{param('speech_verbs')} {speech_verbs}: expected newsdiscourse, all or a "
                "speech-verbs JSON file"
            )
        verbs = load_speech_verbs(None if speech_verbs == "newsdiscourse" else speech_verbs)
    corpus = read_newsdiscourse(gold_dir, limit=limit)
    if label != "speech":
        return _evaluate_paragraph_label(corpus, label, model=model, by=by, gold_dir=gold_dir,
                                         limit=limit, batch_size=batch_size)  # fmt: skip
    scored, predictions, skipped, model_info = predict_corpus(
        corpus, model=model, batch_size=batch_size
    )
    result = score_speech(scored, predictions, by=by, verbs=verbs)
    meta = {
        "speech_verbs": speech_verbs,
        "gold": str(gold_dir),
        "model": model,
        "model_info": model_info,
        "limit": limit,
        "n_docs": len(scored),
    }
    return replace(result, skipped=skipped, meta=meta)


PARAGRAPH_GOLD = {"background": "Distant_Historical", "notice": "NA"}


def _evaluate_paragraph_label(
    corpus: SentenceCorpus,
    label: str,
    *,
    model: str,
    by: str | None,
    gold_dir: str | Path,
    limit: int | None,
    batch_size: int,
) -> SentenceEval:
    from framing.analyze import analyze
    from framing.read import article_from_text

    if label not in PARAGRAPH_GOLD:
        raise UsageError(f"{param('label')} {label}: expected speech, background or notice")
    skipped: list[Skipped] = []
    articles = [
        article_from_text(d.text, id=d.name, source_path=d.path, outlet=d.outlet)
        for d in corpus.docs
    ]
    spans: dict[str, list[tuple[int, int]]] = {}
    for report in analyze(articles, model=model, lexicons=(), batch_size=batch_size,
                          on_error=skipped.append):  # fmt: skip
        spans[report.id] = [
            (p.span.start, p.span.end) for p in report.paragraphs if p.boilerplate.label == label
        ]
    scored = [d for d in corpus.docs if d.name in spans]
    result = score_sentence_labels(
        scored, spans, label=PARAGRAPH_GOLD[label], predicate=covered_at_least(0.5), by=by
    )
    meta = {"gold": str(gold_dir), "model": model, "limit": limit, "n_docs": len(scored),
            "label": label}  # fmt: skip
    return replace(result, skipped=corpus.skipped + skipped, meta=meta)
