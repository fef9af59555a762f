"""``framing train speech-verbs``: count which attribution verbs NewsDiscourse labels
``Speech``, and write the count (:class:`~framing.eval.speech_verbs.SpeechVerbs`) with its
model card.

framing analyzes every NewsDiscourse train article; for each attribution verb (the report's
``verb``, beliefs left out) :func:`speech_verb_counts` counts the sentences its attributions'
contents and cues touch that are labelled ``Speech``, and those that are not. Dev (when
``newsdiscourse/dev`` exists) is scored with every attribution and with the speech verbs only.
No randomness: same data, same versions, same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from framing.config import TRAIN_OUT
from framing.errors import UsageError, param
from framing.eval.attribution import DEFAULT_MODEL
from framing.eval.sentences import (
    NOT_SPEECH_KINDS,
    Counts,
    SentenceDoc,
    attribution_spans,
    overlaps_any,
    predict_corpus,
    read_newsdiscourse,
    score_speech,
)
from framing.eval.speech_verbs import SPEECH_VERBS_FILE, SpeechVerbs, by_use
from framing.linear import metrics_table, versions_section
from framing.schema import Skipped


def speech_verb_counts(
    docs: Iterable[SentenceDoc], predictions: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, tuple[int, int]]:
    """Per attribution verb: the sentences its attributions' contents or cues touch that are
    labelled ``Speech``, and those that are not (beliefs left out)."""
    counts: dict[str, list[int]] = {}
    for doc in docs:
        for att in predictions.get(doc.name, ()):
            verb = att.get("verb")
            if verb is None or att.get("kind") in NOT_SPEECH_KINDS:
                continue
            spans = attribution_spans(att)
            for s in doc.sentences:
                if overlaps_any(s, spans):
                    counts.setdefault(str(verb), [0, 0])[0 if "Speech" in s.labels else 1] += 1
    return {v: (c[0], c[1]) for v, c in counts.items()}


@dataclass(frozen=True)
class SpeechVerbsResult:
    verbs: SpeechVerbs
    path: Path
    dev: dict[str, Counts]
    #: inputs of either split that could not be read or analyzed (left out of the counts)
    skipped: list[Skipped] = field(default_factory=list)


def train_speech_verbs(
    newsdiscourse: str | Path,
    *,
    out_dir: str | Path = TRAIN_OUT,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    min_count: int = 3,
    min_rate: float = 0.5,
    batch_size: int = 16,
) -> SpeechVerbsResult:
    """Count, on NewsDiscourse train, which attribution verbs touch ``Speech`` sentences, write
    ``newsdiscourse-speech-verbs.json`` and its card to ``out_dir`` (default: ``./models`` of the
    current folder, never the installed package) and score dev (when ``newsdiscourse/dev``
    exists) with every attribution and with the speech verbs."""
    from framing import __version__
    from framing.fsutil import atomic_write_text, make_output_dir

    root = Path(newsdiscourse)
    train_dir = root / "train" if (root / "train" / "text").is_dir() else root
    corpus = read_newsdiscourse(train_dir, limit=limit, param_name="newsdiscourse")
    # the output folder before the parse: a bad out_dir fails before minutes of parsing
    out = make_output_dir(out_dir, "out_dir")
    scored, predictions, skipped, model_info = predict_corpus(
        corpus, model=model, batch_size=batch_size
    )
    if not predictions:
        raise UsageError(
            f"{param('newsdiscourse')} {train_dir}: no article was counted; nothing written"
        )
    counts = speech_verb_counts(scored, predictions)
    meta = {
        "what": "per attribution verb: NewsDiscourse train sentences its attributions touch "
        "that are labelled Speech, and that are not",
        "train": {"folder": str(train_dir), "articles": len(predictions)},
        "framing": __version__,
        "spacy_model": model,
        "attribution": model_info.get("attribution"),
    }
    verbs = SpeechVerbs(counts, min_count, min_rate, meta)
    dev: dict[str, Counts] = {}
    dev_dir = root / "dev"
    if train_dir != root and (dev_dir / "text").is_dir():
        dev_corpus = read_newsdiscourse(dev_dir, limit=limit, param_name="newsdiscourse")
        dev_docs, dev_pred, dev_skipped, _m = predict_corpus(
            dev_corpus, model=model, batch_size=batch_size
        )
        skipped += dev_skipped
        dev["all"] = score_speech(dev_docs, dev_pred).counts
        dev["speech verbs"] = score_speech(dev_docs, dev_pred, verbs=verbs).counts
        verbs = replace(
            verbs,
            meta={
                **meta,
                "dev": {
                    k: {
                        "precision": round(c.precision, 4),
                        "recall": round(c.recall, 4),
                        "f1": round(c.f1, 4),
                    }
                    for k, c in dev.items()
                },
            },  # fmt: skip
        )
    path = out / SPEECH_VERBS_FILE
    atomic_write_text(path, verbs.to_json())
    atomic_write_text(path.with_suffix(".md"), speech_verbs_card(verbs))
    return SpeechVerbsResult(verbs, path, dev, skipped)


def speech_verbs_card(verbs: SpeechVerbs) -> str:
    """The model card of a speech-verbs file."""
    import spacy

    m = verbs.meta
    dev = m.get("dev") or {}
    ordered = sorted(verbs.counts.items(), key=by_use)  # as in the JSON, however it was built
    speech = [f"{v} ({p}/{p + n})" for v, (p, n) in ordered if verbs.is_speech(v)]
    top_not = [
        f"{v} ({p}/{p + n})" for v, (p, n) in ordered if not verbs.is_speech(v) and p + n >= 20
    ]
    lines = [
        "# newsdiscourse-speech-verbs: which attribution verbs NewsDiscourse calls Speech",
        "",
        "Used by `framing eval sentences` (the default `--speech-verbs newsdiscourse`). Rebuild",
        "with `framing train speech-verbs --newsdiscourse ../shared/data/newsdiscourse` (no",
        "randomness: same data, same versions, same file).",
        "",
        "## Data and method",
        "",
        f"NewsDiscourse train ({m.get('train', {}).get('articles')} articles; Choubey et al., "
        "ACL 2020). framing analyzes every article; for each attribution verb (the report's "
        "`verb`, beliefs left out) the file counts the sentences its attributions' contents and "
        "cues touch that are labelled `Speech`, and those that are not. A verb counts as speech "
        f"when it touched at least {verbs.min_count} sentences and at least {verbs.min_rate:.0%} "
        "of them were `Speech`; rarer verbs count when the cue lexicon's verb list files them "
        "under speech (rarer noun cues do not). A sentence touched by two attributions with the "
        "same verb counts twice. "
        "NewsDiscourse's `Speech` (a sentence that reports what someone said) is narrower than "
        "an attribution in PolNeAR's sense: reports, denials, announcements, writing and "
        "`according to` are mostly not `Speech`.",
        "",
        "Verbs that count (Speech sentences / sentences touched): " + ", ".join(speech) + ".",
        "",
        "Frequent verbs that do not: " + ", ".join(top_not) + ".",
        "",
        "## Dev scores (NewsDiscourse dev, sentence Speech)",
        "",
        *metrics_table(("attributions counted",), [((k,), sc) for k, sc in dev.items()]),
        "",
        *versions_section(
            {
                "framing": m.get("framing"),
                "attribution method": m.get("attribution"),
                "spaCy model": m.get("spacy_model"),
                "spaCy": spacy.__version__,
            }
        ),
    ]
    return "\n".join(lines)
