"""Paragraphs of an article: spans in the file's text, role, voice, and boilerplate label.

Paragraphs are separated by blank lines; a text without blank lines but with line breaks is
split at line breaks (a line ends with ``\\n``, ``\\r\\n`` or a bare ``\\r``, as in classic Mac
files). Parts of the file kept out of the body (header line, dateline, byline, copyright
footer) are paragraphs of their own with that role and the boilerplate label ``notice``, their
role as its reason. The title (headline) is a paragraph with role ``title``: kept out of the
body's counts, but no notice (label ``none``). Body paragraphs that the notice rules match
(``resources/notices.yaml``: "READ MORE: ...", photo captions and credits, "Follow us on ...")
are notices with the rule's reason; the other body paragraphs are labelled by the trained
classifier (:mod:`framing.boilerplate.classifier`) when it is installed (reason ``classifier``
for its notices), else ``none``; the corpus step (:mod:`framing.boilerplate.recurrence`) then
labels recurring paragraphs from their recurrence (reason ``recurring``).

The classifier reads the paragraphs of the parsed text (the title included, as the
NewsDiscourse texts it was trained on start with their headline: its position and
reference-year features count from there); a body paragraph takes the label of the parsed
paragraph it lies in.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc

from framing.boilerplate.classifier import BoilerplateModel
from framing.resources import NoticeRules
from framing.schema import Article, Paragraph, ParagraphBoilerplate, Span
from framing.voice import label

_EOL = r"(?:\r\n|\r(?!\n)|\n)"  # a line end: "\n", "\r\n" or a bare "\r" (classic Mac)
_BLANK = re.compile(_EOL + r"[ \t\f\v\u00a0]*" + _EOL)
_LINE = re.compile(r"[ \t\u00a0]*" + _EOL + r"[ \t\r\f\v\u00a0\n]*")
HARD_WRAP = 100

METHOD = "rules-1"
MODEL_METHOD = "logreg-2"
NOTICE_METHOD = "notice-rules-1"  # resources/notices.yaml


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


def notice_paragraphs(article: Article, rules: NoticeRules) -> list[tuple[int, int, str]]:
    """(start, end, reason) in file offsets of the body paragraphs the notice rules match
    (web furniture: "READ MORE: ...", captions, credits, ...), in order."""
    text = article.text
    out = []
    for s, e in split_paragraphs(text, article.body_start, article.body_end):
        reason = rules.reason(text[s:e])
        if reason is not None:
            out.append((s, e, reason))
    return out


def paragraphs(
    article: Article,
    doc: Doc,
    flags: list[tuple[int, bool]],
    model: BoilerplateModel | None,
    notices: list[tuple[int, int, str]] | None = None,
) -> list[Paragraph]:
    """Every paragraph of the file: its span, role, words and voice, and its boilerplate label:
    ``notices`` (from :func:`notice_paragraphs`) first, else the classifier's (``none`` for
    every body paragraph when ``model`` is ``None``). ``doc`` is parsed from
    ``article.parsed``; ``flags`` are the body's words (:func:`framing.voice.word_flags`)."""
    text = article.text
    offset = article.parse_start
    items: list[tuple[int, int, str]] = [
        (r.start, r.end, r.label) for r in article.excluded if r.end > r.start
    ]
    items += [
        (s, e, "body") for s, e in split_paragraphs(text, article.body_start, article.body_end)
    ]
    items.sort()
    by_rule: dict[int, str] = {}  # a notice rule's reason by paragraph start (the first)
    for (s, _e), reason in {(s, e): reason for s, e, reason in notices or ()}.items():
        by_rule.setdefault(s, reason)
    model_labels = _model_labels(article, model)
    model_starts = [m[0] for m in model_labels]
    # words per paragraph from the parse: their file offsets (in order), and how many of the
    # first k are attributed
    idx = doc.to_array(IDX).tolist() if flags else []
    word_pos = [idx[i] + offset for i, _f in flags]
    attributed = [0]
    for _i, f in flags:
        attributed.append(attributed[-1] + int(f))
    out = []
    for index, (s, e, role) in enumerate(items):
        s, e = _strip(text, s, e)
        n = a = 0
        if role == "body":
            lo, hi = bisect_left(word_pos, s), bisect_left(word_pos, e)
            if hi > lo:
                n, a = hi - lo, attributed[hi] - attributed[lo]
        share = a / n if n else 0.0
        is_body = role == "body"
        boilerplate = _label(role, s, by_rule, model_labels, model_starts)
        voice = label(share) if is_body and n else "excluded" if not is_body else "narrator"
        out.append(
            Paragraph(
                index=index,
                span=Span.of(text, s, e),
                role=role,  # type: ignore[arg-type]
                voice=voice,  # type: ignore[arg-type]
                words=n,  # body words; the parts kept out of the body are not counted
                attributed_share=round(share, 4),
                boilerplate=boilerplate,
            )
        )
    return out


def _model_labels(
    article: Article, model: BoilerplateModel | None
) -> list[tuple[int, int, str, float]]:
    """(start, end, label, score) of the classifier for each paragraph of the parsed text."""
    if model is None:
        return []
    text = article.text
    spans = [_strip(text, s, e) for s, e in
             split_paragraphs(text, article.parse_start, article.body_end)]  # fmt: skip
    labels = model.label_article([text[s:e] for s, e in spans])
    return [(s, e, lab, score) for (s, e), (lab, score) in zip(spans, labels, strict=True)]


def _label(
    role: str,
    start: int,
    by_rule: dict[int, str],
    model_labels: list[tuple[int, int, str, float]],
    model_starts: list[int],
) -> ParagraphBoilerplate:
    """The boilerplate label of a paragraph starting at ``start``: its role's for the parts
    kept out of the body, a notice rule's (``by_rule``: reason by paragraph start), else the
    classifier's (``model_labels``: disjoint spans in order, ``model_starts`` their starts)."""

    def made(label: str, score: float, method: str, reason: str | None) -> ParagraphBoilerplate:
        return ParagraphBoilerplate(
            label=label,  # type: ignore[arg-type]
            score=score,
            recurring_group=None,
            occurrences=None,
            method=method,
            reason=reason,
        )

    if role == "title":
        return made("none", 1.0, METHOD, None)
    if role != "body":
        return made("notice", 1.0, METHOD, role)
    reason = by_rule.get(start)
    if reason is not None:
        return made("notice", 1.0, NOTICE_METHOD, reason)
    k = bisect_right(model_starts, start) - 1
    if k >= 0:
        s, e, lab, score = model_labels[k]
        if s <= start < e:
            return made(lab, score, MODEL_METHOD, "classifier" if lab == "notice" else None)
    return made("none", 0.0, METHOD, None)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
