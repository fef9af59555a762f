"""framing.nlp's per-Doc caches give what spaCy gives, for whichever Doc is asked."""

from __future__ import annotations

from framing.nlp import doc_text, sentence_starts

TEXTS = [
    "The ministry said the border was calm. Shelling resumed at night.\n\nResidents fled.",
    "“We will not retreat,” the minister told reporters. Talks are set for Monday.",
]


def test_doc_text_is_the_text_of_the_doc_asked(nlp):
    a, b = (nlp(t) for t in TEXTS)
    for doc in (a, b, a, a, b):  # the cache holds one Doc: switching must not mix them up
        assert doc_text(doc) == doc.text
    c = nlp(TEXTS[0])  # same text, another Doc
    assert doc_text(c) == c.text


def test_sentence_starts_match_token_sent(nlp):
    a, b = (nlp(t) for t in TEXTS)
    for doc in (a, b, a):
        starts = sentence_starts(doc)
        assert len(starts) == len(doc)
        assert starts == [tok.sent.start for tok in doc]
        assert len(set(starts)) == len(list(doc.sents)) > 1
