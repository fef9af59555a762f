"""Evaluation against annotated corpora: PolNeAR attributions, NewsDiscourse sentence labels.

Library first: readers return plain dataclasses, scorers take predictions as data (report
attribution dicts per document), and ``evaluate_*`` run the pipeline and score in one call.
The ``framing eval`` CLI (framing.cli.eval) only renders these results.
"""

from framing.eval.attribution import (
    AttributionError,
    AttributionEval,
    Score,
    Scores,
    evaluate_attribution,
    score_attributions,
    score_document,
)
from framing.eval.brat import GoldAttribution, GoldCorpus, GoldDoc, parse_ann, read_polnear
from framing.eval.sentences import (
    Counts,
    GoldSentence,
    SentenceDoc,
    SentenceEval,
    evaluate_sentences,
    read_newsdiscourse,
    score_sentence_labels,
    score_speech,
)
from framing.eval.speech_verbs import SpeechVerbs, load_speech_verbs

__all__ = [
    "AttributionError",
    "AttributionEval",
    "Counts",
    "GoldAttribution",
    "GoldCorpus",
    "GoldDoc",
    "GoldSentence",
    "Score",
    "Scores",
    "SentenceDoc",
    "SentenceEval",
    "SpeechVerbs",
    "evaluate_attribution",
    "evaluate_sentences",
    "load_speech_verbs",
    "parse_ann",
    "read_newsdiscourse",
    "read_polnear",
    "score_attributions",
    "score_document",
    "score_sentence_labels",
    "score_speech",
]
