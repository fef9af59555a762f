"""framing.nlp's per-Doc caches give what spaCy gives, for whichever Doc is asked."""

from __future__ import annotations

from framing.nlp import doc_text, parse, pieces, sentence_starts

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


PARAGRAPH = (
    "The ministry said on Tuesday that the talks would resume. "
    "\u201cWe are ready,\u201d the envoy told reporters in Geneva.\n\n"
)


def test_pieces_join_back_and_end_at_paragraph_breaks():
    text = "Officials in Baku said it.\r\r" + PARAGRAPH * 30 + "x" * 700 + " end"
    for limit in (50, 300, 1000):
        got = pieces(text, limit)
        assert "".join(got) == text
        assert all(len(p) <= limit for p in got)
    assert {p[-2:] for p in pieces(PARAGRAPH * 30, 1000)} == {"\n\n"}
    assert pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no space at all: cut


def test_a_text_over_max_length_is_parsed_in_pieces(nlp, monkeypatch):
    # issue 17 item 1: an article over the pipeline's max_length (1,000,000 characters)
    # aborted the run with spaCy's [E088]; it is parsed in pieces, joined into one Doc of the
    # same text, parsed as the whole text would be
    text = "Officials in Baku said it.\n\n" + PARAGRAPH * 40
    whole = nlp(text)
    monkeypatch.setattr(nlp, "max_length", 1000)
    (doc, ctx), (short, _) = parse(nlp, [(text, "long"), ("Officials said.", "short")])
    assert ctx == "long" and short.text == "Officials said."
    assert doc.text == text and len(doc) == len(whole)
    attrs = ("text", "dep_", "ent_type_", "is_sent_start", "lemma_", "tag_")
    assert [[getattr(t, a) for a in attrs] + [t.head.i] for t in doc] == [
        [getattr(t, a) for a in attrs] + [t.head.i] for t in whole
    ]


def test_paragraph_breaks_reads_only_space_tokens_and_marks_what_every_token_scan_marked():
    """Issue 21: the component looks at space tokens only (a word's own trailing whitespace is
    one space at most); the sentence starts are those of the scan of every token it replaced."""
    import random

    from spacy.attrs import SENT_START

    from framing.nlp import _FINAL, _line_ends, load_nlp, paragraph_breaks

    def every_token(doc):
        for i, tok in enumerate(doc[:-1]):
            nxt = doc[i + 1]
            if nxt.is_space:
                continue
            ends = _line_ends(tok.text if tok.is_space else tok.whitespace_)
            if ends >= 2:
                nxt.is_sent_start = True
            elif ends:
                prev = doc[i - 1] if tok.is_space and i > 0 else tok
                if prev.text[-1:] in _FINAL:
                    nxt.is_sent_start = True
        return doc

    nlp = load_nlp()
    rng = random.Random(3)
    parts = ["a", "b.", " ", "\n", "\r", "\r\n", "\n\n", "  \n", "\t", "”", "!"]
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 20))) for _ in range(1500)]
    for text in texts:
        want = every_token(nlp.make_doc(text)).to_array(SENT_START).tolist()
        assert paragraph_breaks(nlp.make_doc(text)).to_array(SENT_START).tolist() == want, text
