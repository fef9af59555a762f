"""Paragraphs of an article: spans in the file's text, role, voice, and boilerplate label.

Paragraphs are separated by blank lines; a text without blank lines but with line breaks is
split at line breaks (a line ends with ``\\n``, ``\\r\\n`` or a bare ``\\r``, as in classic Mac
files). Parts of the file kept out of the body (header line, dateline, byline, copyright
footer) are paragraphs of their own with that role and the boilerplate label ``notice``.
Body paragraphs are labelled by the trained classifier (:mod:`framing.boilerplate.classifier`)
when it is installed, else ``none``; the corpus step (:mod:`framing.boilerplate.recurrence`)
then labels recurring paragraphs from their recurrence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from framing.boilerplate.classifier import BoilerplateModel
from framing.schema import Article, Paragraph, ParagraphBoilerplate, Span
from framing.voice import label

_EOL = r"(?:\r\n|\r(?!\n)|\n)"  # a line end: "\n", "\r\n" or a bare "\r" (classic Mac)
_BLANK = re.compile(_EOL + r"[ \t\f\v\u00a0]*" + _EOL)
_LINE = re.compile(r"[ \t\u00a0]*" + _EOL + r"[ \t\r\f\v\u00a0\n]*")
HARD_WRAP = 100

METHOD = "rules-1"
MODEL_METHOD = "logreg-2"


def method(model: BoilerplateModel | None) -> str:
    """Paragraph labelling in use: the classifier when there is one, plus recurrence."""
    return f"{MODEL_METHOD}+minhash" if model is not None else "minhash"


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    chunk = text[start:end]
    # every line break ends a paragraph, unless the text is hard-wrapped (short lines), where
    # only blank lines do; scraped news often mixes "\n\n" and "\u00a0\n" between paragraphs
    lines = chunk.splitlines()
    hard_wrapped = len(lines) > 3 and max(len(x) for x in lines) <= HARD_WRAP
    sep = _BLANK if hard_wrapped and _BLANK.search(chunk) else _LINE
    out = []
    pos = 0
    for m in sep.finditer(chunk):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(chunk)))
    spans = []
    for s, e in out:
        while s < e and chunk[s].isspace():
            s += 1
        while e > s and chunk[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s + start, e + start))
    return spans


def paragraphs(
    article: Article,
    doc: Doc,
    flags: list[tuple[int, bool]],
    model: BoilerplateModel | None,
) -> list[Paragraph]:
    """Every paragraph of the file: its span, role, words and voice, and the classifier's
    boilerplate label (``none`` for every body paragraph when ``model`` is ``None``)."""
    text = article.text
    offset = article.body_start
    items: list[tuple[int, int, str]] = [
        (r.start, r.end, r.label) for r in article.excluded if r.end > r.start
    ]
    items += [
        (s, e, "body") for s, e in split_paragraphs(text, article.body_start, article.body_end)
    ]
    items.sort()
    body_labels: list[tuple[str, float]] = []
    if model is not None:
        body_labels = model.label_article(
            [text[slice(*_strip(text, s, e))] for s, e, role in items if role == "body"]
        )
    body_k = 0
    # words per paragraph from the parse
    word_pos = [(doc[i].idx + offset, f) for i, f in flags]
    out = []
    k = 0
    for index, (s, e, role) in enumerate(items):
        s, e = _strip(text, s, e)
        n = a = 0
        if role == "body":
            while k < len(word_pos) and word_pos[k][0] < s:
                k += 1
            j = k
            while j < len(word_pos) and word_pos[j][0] < e:
                n += 1
                a += int(word_pos[j][1])
                j += 1
        share = a / n if n else 0.0
        is_body = role == "body"
        bp_label, bp_score, bp_method = (
            ("none", 0.0, METHOD) if is_body else ("notice", 1.0, METHOD)
        )
        if is_body and model is not None:
            bp_label, bp_score = body_labels[body_k]
            bp_method = MODEL_METHOD
        if is_body:
            body_k += 1
        voice = label(share) if is_body and n else "excluded" if not is_body else "narrator"
        out.append(
            Paragraph(
                index=index,
                span=Span.of(text, s, e),
                role=role,  # type: ignore[arg-type]
                voice=voice,  # type: ignore[arg-type]
                words=n,  # body words; the parts kept out of the body are not parsed
                attributed_share=round(share, 4),
                boilerplate=ParagraphBoilerplate(
                    label=bp_label,  # type: ignore[arg-type]
                    score=bp_score,
                    recurring_group=None,
                    occurrences=None,
                    method=bp_method,
                ),
            )
        )
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
