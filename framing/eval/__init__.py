"""Evaluation against annotated corpora: PolNeAR attributions and their speakers (hand-annotated
referents), NewsDiscourse sentence labels.

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
from framing.eval.speakers import (
    GoldSpeaker,
    SpeakerEval,
    evaluate_speakers,
    read_speaker_gold,
    score_speakers,
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
    "GoldSpeaker",
    "Score",
    "Scores",
    "SentenceDoc",
    "SentenceEval",
    "SpeakerEval",
    "SpeechVerbs",
    "evaluate_attribution",
    "evaluate_sentences",
    "evaluate_speakers",
    "load_speech_verbs",
    "parse_ann",
    "read_newsdiscourse",
    "read_polnear",
    "read_speaker_gold",
    "score_attributions",
    "score_document",
    "score_sentence_labels",
    "score_speakers",
    "score_speech",
]
