"""Scoring predicted speakers against hand-annotated referents of gold attributions.

The gold (``tests/data/speakers-polnear-dev.jsonl``, described in ``tests/data/README.md``) is
a JSONL file of gold attributions of a PolNeAR-style split, one per line, each with the
speaker its source refers to::

    {"doc": NAME, "source": [start, end], "cue": [start, end], "referent": "Donald Trump",
     "type": "politician", "aliases": [...], "source_text": ..., "cue_text": ...}

``referent`` is a canonical name, or a description that begins with ``anonymous:``,
``group:`` or ``document:``, or ``narrator``: these describe rather than name, and count as a
speaker of their own article only.

Definitions (predictions are report attribution dicts per document, as
:func:`framing.eval.attribution.predict` returns them; only those with a ``source`` can match;
a source framing gives no speaker is the narrator's own "I" or "we", and counts as the
article's ``narrator`` with no type):

Alignment
    An annotated attribution matches the predicted attribution whose source shares the most
    characters with its source (ties: the larger cue overlap, then the earlier prediction);
    failing any, the one whose cue (or source, for gold whose source and cue are the wrong way
    round: "said" as the source, the name as the cue) shares the most with its cue. Contents
    are not used: a nested attribution ("PENCE: ... Donald Trump's tweet was really mocking
    ...") shares its content with the one around it, not its speaker. Several annotated
    attributions may match one prediction. **Coverage** = matched / annotated.

Type accuracy
    Over matched ones: the predicted ``speaker.type`` equals the gold ``type``.

Identity (B-cubed)
    Over matched ones. The gold cluster of an item is its referent (across the corpus; per
    article for ``anonymous:``, ``group:``, ``document:`` and ``narrator``); the predicted
    cluster is ``speaker.canonical_id`` when set, else (article, ``speaker.entity_id``). For
    each item, precision = |its predicted cluster ∩ its gold cluster| / |its predicted
    cluster|, recall = the same over |its gold cluster|, clusters counted among the matched
    items; both are averaged over the items and F1 is their harmonic mean (Bagga and Baldwin
    1998). Splitting one person into two speakers costs recall; merging two costs precision.

Name accuracy
    Over matched ones whose referent is a name: the predicted ``speaker.canonical_name`` (else
    ``speaker.name``), normalised, equals the normalised referent or one of its aliases (the
    aliases of every line with that referent). Normalised: Unicode NFKC, lower case, quote
    marks, apostrophes and periods removed ("S.E.C." = "SEC", "O'Neill" = "ONeill"), other
    punctuation as spaces, then leading titles dropped ("Mr.", "Sen.", "President", "former",
    "the" ...: ``TITLES``).

Source exact F1
    ``framing eval attribution``'s exact-span source score over every article analyzed (the
    same run), for context: grouping speakers must not cost the sources themselves.

Any ratio with a zero denominator is 0.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from framing.errors import UsageError, param
from framing.eval.attribution import (
    DEFAULT_MODEL,
    Score,
    merge,
    overlap,
    predict,
    prediction_to_gold_form,
    score_attributions,
)
from framing.eval.brat import GoldDoc, read_polnear
from framing.schema import Skipped

#: the speaker types of framing.schema.Speaker.type
SPEAKER_TYPES = (
    "government",
    "military",
    "politician",
    "party",
    "ngo",
    "expert",
    "media",
    "citizen",
    "anonymous",
    "document",
    "person",
    "other",
    "unknown",
)
#: referents that describe rather than name: a speaker of their own article only
DESCRIPTIONS = ("anonymous:", "group:", "document:")
NARRATOR = "narrator"
#: leading words dropped from names before comparing them (lower case, periods removed)
TITLES = frozenset(
    ["the", "mr", "mrs", "ms", "miss", "dr", "prof", "sen", "senator", "rep", "representative",
     "gov", "governor", "gen", "president", "vice", "former", "mayor"]
)  # fmt: skip


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldSpeaker:
    """One annotated attribution: where its source and cue are, and who the source is."""

    doc: str
    source: tuple[int, int]
    cue: tuple[int, int]
    referent: str
    type: str
    aliases: tuple[str, ...] = ()
    source_text: str | None = None
    cue_text: str | None = None
    affiliation: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def is_name(self) -> bool:
        """Whether the referent is a name (not an ``anonymous:`` ... description or narrator)."""
        return not (self.referent.startswith(DESCRIPTIONS) or self.referent == NARRATOR)

    @property
    def cluster(self) -> str:
        """The gold speaker: the referent, made per article when it is not a name."""
        return self.referent if self.is_name else f"{self.doc}\t{self.referent}"


def _bad(path: Path, line: int, message: str) -> UsageError:
    return UsageError(f"{param('annotations')} {path}:{line}: {message}")


def _offsets(value: Any, what: str, path: Path, line: int) -> tuple[int, int]:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1]
    )
    if not ok:
        raise _bad(path, line, f"{what}: expected [start, end] with 0 <= start <= end, "
                               f"got {value!r:.60}")  # fmt: skip
    return value[0], value[1]


def _optional_str(row: Mapping[str, Any], key: str, path: Path, line: int) -> str | None:
    value = row.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(path, line, f"{key}: expected a string or null, got {value!r:.60}")
    return value


def parse_speaker_line(raw: str, *, path: Path, line: int) -> GoldSpeaker:
    """One line of the annotations file (raises :class:`UsageError` naming file and line)."""
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _bad(path, line, f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise _bad(path, line, f"expected a JSON object, got {type(row).__name__}")
    for key in ("doc", "referent", "type"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise _bad(path, line, f"{key}: expected a non-empty string, got {row.get(key)!r:.60}")
    if row["type"] not in SPEAKER_TYPES:
        raise _bad(path, line, f"type {row['type']!r}: expected one of {', '.join(SPEAKER_TYPES)}")
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _bad(path, line, f"aliases: expected a list of strings, got {aliases!r:.60}")
    return GoldSpeaker(
        doc=row["doc"],
        source=_offsets(row.get("source"), "source", path, line),
        cue=_offsets(row.get("cue"), "cue", path, line),
        referent=row["referent"].strip(),
        type=row["type"],
        aliases=tuple(aliases),
        source_text=_optional_str(row, "source_text", path, line),
        cue_text=_optional_str(row, "cue_text", path, line),
        affiliation=_optional_str(row, "affiliation", path, line),
        note=_optional_str(row, "note", path, line),
        line=line,
    )


def read_speaker_gold(path: str | Path) -> list[GoldSpeaker]:
    """Every annotated attribution of a JSONL file (blank lines skipped).

    Raises :class:`UsageError` naming the parameter ``annotations`` (and the file's line) when
    the file cannot be read, is empty, or a line is malformed.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{param('annotations')} {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise UsageError(f"{param('annotations')} {path}: cannot read: {why or exc}") from None
    out = [
        parse_speaker_line(text, path=p, line=no)
        for no, text in enumerate(raw.splitlines(), 1)
        if text.strip()
    ]
    if not out:
        raise UsageError(f"{param('annotations')} {path}: no annotated attributions in it")
    return out


def check_against_texts(gold: Sequence[GoldSpeaker], docs: Mapping[str, GoldDoc],
                        *, path: Path) -> None:  # fmt: skip
    """Raise :class:`UsageError` (file:line) where a line's offsets or texts do not fit the
    article they name; lines whose article is not in ``docs`` are left alone."""
    for g in gold:
        doc = docs.get(g.doc)
        if doc is None:
            continue
        for what, (s, e), text in (("source", g.source, g.source_text),
                                   ("cue", g.cue, g.cue_text)):  # fmt: skip
            if e > len(doc.text):
                raise _bad(path, g.line, f"{what} {s}-{e} outside {g.doc} ({len(doc.text)} chars)")
            if text is not None and doc.text[s:e] != text:
                raise _bad(
                    path,
                    g.line,
                    f"{what}_text {text!r:.40} is not the text at {s}-{e} of {g.doc} "
                    f"({doc.text[s:e]!r:.40})",
                )


# --------------------------------------------------------------------------- names


_DROP_MARKS = dict.fromkeys(map(ord, "'’‘`´.\"“”"), None)
_NON_WORD = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """A name as compared (see the module docstring): "Sen. Bernie Sanders" -> "bernie sanders"."""
    text = unicodedata.normalize("NFKC", name).lower().translate(_DROP_MARKS)
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class BCubed:
    precision: float = 0.0
    recall: float = 0.0
    n: int = 0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
            "n": self.n,
        }


def b_cubed(items: Sequence[tuple[str, Any]]) -> BCubed:
    """B-cubed precision and recall of (gold cluster, predicted cluster) pairs, one per item."""
    if not items:
        return BCubed()
    both = Counter(items)
    gold = Counter(g for g, _ in items)
    pred = Counter(p for _, p in items)
    precision = sum(both[(g, p)] / pred[p] for g, p in items) / len(items)
    recall = sum(both[(g, p)] / gold[g] for g, p in items) / len(items)
    return BCubed(precision, recall, len(items))


@dataclass(frozen=True)
class Ratio:
    hits: int = 0
    n: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"value": round(self.value, 6), "hits": self.hits, "n": self.n}


@dataclass(frozen=True)
class SpeakerMatch:
    """One annotated attribution and what was predicted for it (``None``s: no match)."""

    gold: GoldSpeaker
    how: str | None = None  # "source" | "cue" | None (no match)
    pred_source: str | None = None
    pred_name: str | None = None  # canonical_name, else name
    pred_type: str | None = None
    pred_cluster: str | None = None

    @property
    def matched(self) -> bool:
        return self.how is not None

    @property
    def type_ok(self) -> bool:
        return self.matched and self.pred_type == self.gold.type

    def name_ok(self, names: Mapping[str, frozenset[str]]) -> bool:
        if not self.matched or self.pred_name is None:
            return False
        return normalise_name(self.pred_name) in names[self.gold.referent]

    def to_dict(self) -> dict[str, Any]:
        g = self.gold
        return {
            "doc": g.doc,
            "line": g.line,
            "source": list(g.source),
            "source_text": g.source_text,
            "referent": g.referent,
            "type": g.type,
            "match": self.how,
            "pred_source": self.pred_source,
            "pred_name": self.pred_name,
            "pred_type": self.pred_type,
            "pred_cluster": self.pred_cluster,
        }


@dataclass(frozen=True)
class SpeakerEval:
    """Scores of one run: coverage, type and name accuracy, identity, source exact F1."""

    matches: list[SpeakerMatch]
    coverage: Ratio
    type_accuracy: Ratio
    name_accuracy: Ratio
    identity: BCubed
    source_exact: Score
    by_type: dict[str, dict[str, int]]  # gold type -> {"n", "matched", "correct"}
    confusions: list[tuple[str, str, int]]  # (gold type, predicted type, count), most first
    errors: list[dict[str, Any]]
    n_annotated: int = 0  # lines in the annotations file (scored or not)
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "speakers",
            "meta": self.meta,
            "n_annotated": self.n_annotated,
            "coverage": self.coverage.to_dict(),
            "type_accuracy": self.type_accuracy.to_dict(),
            "identity": self.identity.to_dict(),
            "name_accuracy": self.name_accuracy.to_dict(),
            "source_exact": self.source_exact.to_dict(),
            "by_type": self.by_type,
            "confusions": [{"gold": g, "pred": p, "count": n} for g, p, n in self.confusions],
            "errors": self.errors,
            "matches": [m.to_dict() for m in self.matches],
            "skipped": [s.to_dict() for s in self.skipped],
        }


# --------------------------------------------------------------------------- alignment


def match_document(
    doc: GoldDoc, gold: Sequence[GoldSpeaker], predictions: Sequence[Mapping[str, Any]]
) -> list[SpeakerMatch]:
    """Each annotated attribution of one article with its predicted speaker (module docstring)."""
    forms = [
        prediction_to_gold_form(p, doc=doc.name, index=i, text_length=len(doc.text))
        for i, p in enumerate(predictions)
    ]
    usable = [i for i, p in enumerate(predictions) if p.get("source")]
    out = []
    for g in gold:
        src, cue = merge([g.source]), merge([g.cue])
        found: tuple[str, int] | None = None
        by_source = max(
            ((overlap(forms[i].source, src), overlap(forms[i].cue, cue), -i) for i in usable),
            default=None,
        )
        # the gold cue against the predicted cue, or against the predicted source where the
        # gold has source and cue the wrong way round ("said" as source, the name as cue)
        by_cue = max(
            ((overlap(forms[i].cue, cue) + overlap(forms[i].source, cue), -i) for i in usable),
            default=None,
        )
        if by_source is not None and by_source[0] > 0:
            found = ("source", -by_source[2])
        elif by_cue is not None and by_cue[0] > 0:
            found = ("cue", -by_cue[1])
        if found is None:
            out.append(SpeakerMatch(g))
            continue
        how, j = found
        pred = predictions[j]
        # a source framing gives no speaker is the narrator's own "I" or "we"
        speaker = pred.get("speaker") or {"name": NARRATOR, "entity_id": NARRATOR}
        canonical = speaker.get("canonical_id")
        cluster = str(canonical) if canonical else f"{doc.name}\t{speaker.get('entity_id')}"
        out.append(
            SpeakerMatch(
                g,
                how=how,
                pred_source=(pred.get("source") or {}).get("text"),
                pred_name=speaker.get("canonical_name") or speaker.get("name"),
                pred_type=speaker.get("type"),
                pred_cluster=cluster,
            )
        )
    return out


def score_speakers(
    gold: Sequence[GoldSpeaker],
    docs: Iterable[GoldDoc],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
) -> SpeakerEval:
    """Score the annotated attributions of the documents in ``docs`` (others are left out)."""
    by_doc: dict[str, list[GoldSpeaker]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    docs = list(docs)
    matches: list[SpeakerMatch] = []
    for doc in docs:
        if doc.name in by_doc:
            matches += match_document(doc, by_doc[doc.name], predictions.get(doc.name, ()))
    names: dict[str, set[str]] = {}
    for g in gold:
        names.setdefault(g.referent, {normalise_name(g.referent)}).update(
            normalise_name(a) for a in g.aliases
        )
    frozen = {k: frozenset(v) for k, v in names.items()}
    matched = [m for m in matches if m.matched]
    named = [m for m in matched if m.gold.is_name]
    by_type: dict[str, dict[str, int]] = {}
    for m in matches:
        row = by_type.setdefault(m.gold.type, {"n": 0, "matched": 0, "correct": 0})
        row["n"] += 1
        row["matched"] += m.matched
        row["correct"] += m.type_ok
    confusions = Counter((m.gold.type, m.pred_type or "none") for m in matched if not m.type_ok)
    errors = []
    for m in matches:
        kinds = (
            ["no match"]
            if not m.matched
            else (["type"] if not m.type_ok else [])
            + (["name"] if m.gold.is_name and not m.name_ok(frozen) else [])
        )
        if kinds:
            errors.append({**m.to_dict(), "errors": kinds})
    attribution = score_attributions(docs, predictions)
    return SpeakerEval(
        matches=matches,
        coverage=Ratio(len(matched), len(matches)),
        type_accuracy=Ratio(sum(m.type_ok for m in matched), len(matched)),
        name_accuracy=Ratio(sum(m.name_ok(frozen) for m in named), len(named)),
        identity=b_cubed([(m.gold.cluster, m.pred_cluster) for m in matched]),
        source_exact=attribution.scores.exact["source"],
        by_type=dict(sorted(by_type.items(), key=lambda kv: (-kv[1]["n"], kv[0]))),
        confusions=sorted(
            ((g, p, n) for (g, p), n in confusions.items()), key=lambda c: (-c[2], c[0], c[1])
        ),  # fmt: skip
        errors=errors,
        n_annotated=len(gold),
    )


# --------------------------------------------------------------------------- pipeline


def evaluate_speakers(
    gold_dir: str | Path,
    annotations: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    batch_size: int = 16,
) -> SpeakerEval:
    """Run the pipeline on a PolNeAR-style split and score its speakers against annotations.

    Every article of ``gold_dir`` (the first ``limit`` in name order) is analyzed as one
    corpus, as ``framing eval attribution`` does; the annotated attributions of those articles
    are scored. Example::

        result = evaluate_speakers("../shared/data/polnear/dev",
                                   "tests/data/speakers-polnear-dev.jsonl")
        print(result.identity.f1, result.type_accuracy.value)
    """
    gold = read_speaker_gold(annotations)  # fail on a bad file before the slow part
    corpus = read_polnear(gold_dir, limit=limit)
    docs = {d.name: d for d in corpus.docs}
    if limit is None:
        unread = {Path(s.path).stem for s in corpus.skipped}
        missing = sorted({g.doc for g in gold} - docs.keys() - unread)
        if missing:
            first = next(g for g in gold if g.doc == missing[0])
            raise _bad(Path(annotations), first.line,
                       f"doc {missing[0]} is not an annotated article of {gold_dir}")  # fmt: skip
    check_against_texts(gold, docs, path=Path(annotations))
    predictions, skipped, model_info = predict(
        [(d.name, d.text, d.outlet, d.path) for d in corpus.docs],
        model=model,
        batch_size=batch_size,
    )
    scored = [d for d in corpus.docs if d.name in predictions]
    result = score_speakers(gold, scored, predictions)
    meta = {
        "gold": str(gold_dir),
        "annotations": str(annotations),
        "model": model,
        "model_info": model_info,
        "limit": limit,
        "n_docs": len(scored),
        "n_docs_annotated": len({m.gold.doc for m in result.matches}),
    }
    return replace(result, skipped=corpus.skipped + skipped, meta=meta)
