"""Syndicated copy: text an outlet carries from a news agency, or shares with another outlet.

An article's ``syndicated`` block (:func:`syndication`) comes from two signals:

- **a wire credit in the text** (:func:`find_credit`), read against the agencies of
  ``resources/wires.yaml``: a dateline ``WASHINGTON (AP) —`` or ``HEMPSTEAD, N.Y., Sept. 26
  (UPI) —`` (in the dateline kept out of the body, or at the start of one of the first
  ``HEAD_PARAGRAPHS`` body paragraphs, where an unrecognized headline may push it); a byline
  ``By The Associated Press`` or ``By JULIE PACE, Associated Press``; a sign-off ending one of
  the last ``TAIL_PARAGRAPHS`` paragraphs, ``— The Associated Press``; a copyright footer
  ``Copyright 2016 The Associated Press``; or Reuters' credit line ``(Reporting by ...;
  Editing by ...)``, which names no agency but is that agency's house style (PolNeAR's
  HuffPost copies of Reuters stories end so with no other credit). A credit covers the whole
  body but the outlet's furniture around the copy (notices found by rule or by recurrence).
  Not credits: photo credits ``(AP Photo/...)``, an embedded tweet's ``— The Associated Press
  (@AP) August 23, 2016``, "according to the Associated Press", "Associated Press writer X
  contributed to this report" (the outlet's story, with help), and the headline shape ``The
  Latest:`` (AP's live-blog headline: all 10 PolNeAR train and dev articles so headed carry
  the ``(AP)`` dateline as well, so it would add none, and outlets head their own live blogs
  alike, HuffPost's "The Latest GOP Debate ..." among them).
- **paragraphs another outlet of the corpus carries** (:func:`shared_paragraphs`, from the
  corpus step's recurring groups, :mod:`framing.boilerplate.recurrence`): runs of at least
  ``MIN_RUN`` consecutive body paragraphs (shorter ones, not compared, do not break a run)
  that recur in an article of another outlet, or a run that is at least ``MIN_RUN_SHARE`` of
  the body. One shared paragraph is usually a quote both outlets carry, not copy.

An outlet that is itself a wire (its name is one of a wire's aliases) carries its own copy: no
credit of that wire and no shared paragraph flags its articles (the copies elsewhere are
flagged). ``share`` is the share of the body's words in the syndicated paragraphs.

Where the constants came from: round numbers, not tuned. PolNeAR (train and dev: 75 wire
articles by its metadata) has its credits in the first two paragraphs or the last one, and no
run of paragraphs two of its outlets share, so ``MIN_RUN`` and ``MIN_RUN_SHARE`` are set by
the argument above (a quote is one paragraph; copy is several), not by data. Measured:
``bench/polnear_syndicated.py`` (README, "Syndicated and wire copy").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

import yaml

from framing.boilerplate.recurrence import MIN_WORDS, GroupInfo
from framing.resources import DATA
from framing.schema import Paragraph, Report, Span, Syndicated, WireCredit

__all__ = [
    "HEAD_PARAGRAPHS",
    "MIN_RUN",
    "MIN_RUN_SHARE",
    "TAIL_PARAGRAPHS",
    "Wires",
    "by_article",
    "find_credit",
    "load_wires",
    "shared_paragraphs",
    "syndication",
]

#: body paragraphs searched for a dateline or byline credit (a headline the reader did not
#: recognize, and a deck, may come first), and for a sign-off, footer or credit line
HEAD_PARAGRAPHS = 3
TAIL_PARAGRAPHS = 3
#: a credit line or sign-off paragraph is short; a byline shorter still
CREDIT_MAX_WORDS = 60
BYLINE_MAX_WORDS = 15
#: a run of paragraphs shared with another outlet counts from this many paragraphs, or when it
#: holds this share of the body's words (a short article copied whole)
MIN_RUN = 3
MIN_RUN_SHARE = 0.5

CreditKind = Literal["dateline", "byline", "sign-off", "credit-line", "copyright"]

_DASH = r"(?:[-\u2013\u2014_]{1,2}|:)"


@dataclass(frozen=True, eq=False)
class Wires:
    """The agencies of ``wires.yaml``: alias -> name, and the credit patterns built from them."""

    names: Mapping[str, str]  # alias as written -> the wire's name

    @property
    def alternation(self) -> str:
        forms = set(self.names)
        forms |= {a.upper() for a in self.names if " " in a}
        return "|".join(re.escape(a) for a in sorted(forms, key=lambda a: (-len(a), a)))

    @cached_property
    def patterns(self) -> _Patterns:
        return _patterns(self)

    def name(self, alias: str) -> str:
        return self.names.get(alias) or self.names.get(_title_alias(self.names, alias), alias)

    def outlet_wire(self, outlet: str) -> str | None:
        """The wire an outlet is, when its name is one of the wire's aliases (``reuters``,
        ``Associated Press``, ``apnews.com``, ``aa``), else ``None``."""
        whole = _squash(outlet)
        tokens = {_squash(t) for t in re.split(r"[^0-9A-Za-z]+", outlet) if t}
        for alias, name in self.names.items():
            a = _squash(alias)
            if a and (a == whole or (a in tokens and len(tokens) <= 3)):
                return name
        return None


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _title_alias(names: Mapping[str, str], form: str) -> str:
    """The alias an all-capital form stands for (ASSOCIATED PRESS -> Associated Press)."""
    return next((a for a in names if a.upper() == form), form)


def load_wires(path: str | None = None) -> Wires:
    """The wires list: ``resources/wires.yaml``, or the file at ``path``."""
    if path is None:
        return _bundled_wires()
    with open(path, encoding="utf-8") as f:
        return _wires(yaml.safe_load(f))


@cache
def _bundled_wires() -> Wires:
    return _wires(yaml.safe_load((DATA / "wires.yaml").read_text("utf-8")))


def _wires(data: object) -> Wires:
    names: dict[str, str] = {}
    for wire in (data or {}).get("wires") or []:  # type: ignore[union-attr]
        name = str(wire["name"])
        for alias in [name, *(wire.get("aliases") or [])]:
            names.setdefault(str(alias), name)
    return Wires(dict(sorted(names.items())))


@dataclass(frozen=True)
class _Patterns:
    dateline: re.Pattern[str]
    byline: re.Pattern[str]
    sign_off: re.Pattern[str]
    copyright: re.Pattern[str]


def _patterns(wires: Wires) -> _Patterns:
    w = rf"(?P<w>{wires.alternation})"
    place = r"[A-Z][A-Za-z.'\u2019\-]*(?:[ \t]+[A-Za-z.'\u2019\-]+){0,4}"
    return _Patterns(
        # WASHINGTON (AP) —   HEMPSTEAD, N.Y., Sept. 26 (UPI) —   (AP) —   MADRID, 1 oct (EFE).-
        dateline=re.compile(
            rf"\A[ \t]*(?:{place}(?:,[ \t]*[^\n(),]{{1,30}}){{0,3}}[ \t]*)?\({w}\)\.?[ \t]*{_DASH}"
        ),
        # By The Associated Press   By JULIE PACE, AP White House Correspondent
        byline=re.compile(
            rf"\A[ \t]*By[ \t]+(?:[^\n,]{{1,60}},[ \t]*)?(?:[Tt]he[ \t]+)?{w}(?![\w-])"
        ),
        # ... — The Associated Press.   -- Reuters
        sign_off=re.compile(
            rf"(?:\A|[ \t])[-\u2013\u2014]{{1,2}}[ \t]*(?:[Tt]he[ \t]+)?{w}\.?[ \t]*\Z"
        ),
        copyright=re.compile(
            rf"(?:[Cc]opyright|COPYRIGHT|\u00a9|\([Cc]\))[ \t]*(?:\u00a9[ \t]*)?\d{{4}}"
            rf"(?:[ \t,]+)(?:[Tt]he[ \t]+)?{w}(?![\w-])"
        ),
    )


#: Reuters' credit line: "(Reporting by Jane Doe; Editing by John Roe)"
_REUTERS_CREDIT = re.compile(
    r"\(?[ \t]*(?:Additional[ \t]+)?(?:reporting|writing)[ \t]+by\b[^\n]{1,300}?"
    r"\bediting[ \t]+by\b[^\n]*",
    re.IGNORECASE,
)


def find_credit(report: Report, wires: Wires | None = None) -> WireCredit | None:
    """The first wire credit of the article's text (a dateline before a byline before a
    sign-off, copyright footer or credit line), or ``None``. A credit naming the article's own
    outlet is none."""
    wires = wires or load_wires()
    own = wires.outlet_wire(report.outlet)
    pat = wires.patterns
    text = report.text
    body = [p for p in report.paragraphs if p.role == "body"]
    head = [(r.start, r.end) for r in report.excluded if r.label in ("dateline", "byline")]
    head += [(p.span.start, p.span.end) for p in body[:HEAD_PARAGRAPHS]]
    tail = [(p.span.start, p.span.end) for p in body[-TAIL_PARAGRAPHS:]]
    tail += [(r.start, r.end) for r in report.excluded if r.label in ("byline", "footer")]
    kinds: list[tuple[CreditKind, re.Pattern[str], list[tuple[int, int]], int | None]] = [
        ("dateline", pat.dateline, head, None),
        ("byline", pat.byline, head, BYLINE_MAX_WORDS),
        ("sign-off", pat.sign_off, tail, CREDIT_MAX_WORDS),
        ("copyright", pat.copyright, tail, CREDIT_MAX_WORDS),
    ]
    if own != "Reuters":
        kinds.append(("credit-line", _REUTERS_CREDIT, tail, CREDIT_MAX_WORDS))
    for kind, pattern, where, max_words in kinds:
        for start, end in sorted(set(where)):
            chunk = text[start:end]
            if max_words is not None and len(chunk.split()) > max_words:
                continue
            m = pattern.search(chunk)
            if m is None:
                continue
            name = "Reuters" if kind == "credit-line" else wires.name(m.group("w"))
            if name == own:
                continue
            s, e = _trim(chunk, m.start(), m.end())
            return WireCredit(kind, name, Span.of(text, start + s, start + e))
    return None


def _trim(chunk: str, s: int, e: int) -> tuple[int, int]:
    while s < e and chunk[s].isspace():
        s += 1
    while e > s and chunk[e - 1].isspace():
        e -= 1
    return s, e


def by_article(
    groups: Mapping[tuple[int, int], GroupInfo],
) -> dict[int, dict[int, GroupInfo]]:
    """The corpus step's groups indexed by article: article -> paragraph index -> group."""
    out: dict[int, dict[int, GroupInfo]] = {}
    for (a, index), info in groups.items():
        out.setdefault(a, {})[index] = info
    return out


def shared_paragraphs(groups: Mapping[int, GroupInfo], outlet: str) -> dict[int, list[str]]:
    """Paragraph index -> the other outlets carrying it, for an article's paragraphs in a
    recurring group with an article of another outlet (``groups``: the article's, from
    :func:`by_article`; ``outlet``: its own)."""
    out: dict[int, list[str]] = {}
    for index, info in groups.items():
        others = [o for o in info.outlets if o != outlet]
        if others:
            out[index] = sorted(others)
    return out


def _runs(body: Sequence[Paragraph], shared: Mapping[int, Sequence[str]]) -> list[list[Paragraph]]:
    """Runs of consecutive shared paragraphs (short ones between them, which recurrence does
    not compare, join the run) long enough to be copy: ``MIN_RUN`` shared paragraphs, or
    ``MIN_RUN_SHARE`` of the body's words."""
    total = sum(p.words for p in body)
    runs: list[list[Paragraph]] = []
    run: list[Paragraph] = []
    gap: list[Paragraph] = []
    for p in [*body, None]:
        if p is not None and p.index in shared:
            run += gap + [p] if run else [p]
            gap = []
        elif p is not None and p.words < MIN_WORDS and run:
            gap.append(p)
        else:
            n = sum(1 for q in run if q.index in shared)
            words = sum(q.words for q in run)
            if run and (n >= MIN_RUN or (total and words / total >= MIN_RUN_SHARE)):
                runs.append(run)
            run, gap = [], []
    return runs


def _furniture(p: Paragraph) -> bool:
    """A notice the outlet adds around the copy (a rule's: a promo, an embed's credit, an
    editor's note; or a notice recurring in the corpus), not one the classifier found in the
    copy itself (a live blog's "7 p.m.")."""
    return p.boilerplate.label == "notice" and p.boilerplate.reason != "classifier"


def syndication(
    report: Report,
    shared: Mapping[int, Sequence[str]] | None = None,
    *,
    wires: Wires | None = None,
) -> Syndicated | None:
    """The article's ``syndicated`` block: its wire credit (:func:`find_credit`) and the runs
    of its paragraphs other outlets carry (``shared``: :func:`shared_paragraphs`, from the
    corpus step), or ``None`` when neither is found."""
    wires = wires or load_wires()
    credit = find_credit(report, wires)
    body = [p for p in report.paragraphs if p.role == "body"]
    is_wire = wires.outlet_wire(report.outlet) is not None
    runs = _runs(body, shared or {}) if not is_wire else []
    if credit is None and not runs:
        return None
    chosen: set[int] = set()
    if credit is not None:
        chosen |= {p.index for p in body if not _furniture(p)}
    carried: Counter[str] = Counter()
    for run in runs:
        chosen |= {p.index for p in run}
        for p in run:
            carried.update({o: p.words for o in (shared or {}).get(p.index, ())})
    total = sum(p.words for p in body)
    words = sum(p.words for p in body if p.index in chosen)
    if credit is not None:
        source = credit.wire
        evidence = "both" if runs else "credit"
    else:
        source = min(carried, key=lambda o: (-carried[o], o))
        evidence = "shared"
    return Syndicated(
        source=source,
        share=round(words / total, 4) if total else 0.0,
        evidence=evidence,  # type: ignore[arg-type]
        credit=credit,
        shared_with=sorted(carried),
        paragraphs=sorted(chosen),
    )
