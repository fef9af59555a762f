"""Boilerplate paragraphs recurring across the corpus: MinHash LSH on word shingles.

Each body paragraph of at least ``MIN_WORDS`` words becomes a MinHash signature of its word
3-shingles (lower-cased, punctuation, hyphens and non-breaking spaces normalised, so
"cease-fire ... agreed upon in 1994" and "ceasefire ... agreed to in 1994" stay close).
Candidates come from datasketch's LSH index; a pair is kept when the signatures' estimated
Jaccard similarity is at least ``JACCARD``, or when the smaller paragraph is nearly contained
in the larger (``CONTAINMENT``: a note split over two paragraphs). Kept pairs are joined into
groups; a group is *recurring* when its paragraphs come from at least two articles. Only
signatures (not texts) are held, so memory grows by a few hundred bytes per paragraph.

Recurring paragraphs are labelled ``notice`` (editor's notes, promos, credits) or
``background`` (stock context) unless the article is a near-copy of another (syndicated
wire copy: more distinct recurring groups than half its paragraphs), whose paragraphs stay
``none``. A narrator paragraph between two recurring background paragraphs of an article is
part of the pasted block and labelled ``background`` too (method ``minhash-block-1``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MIN_WORDS = 5
NUM_PERM = 64
SHINGLE = 3
LSH_THRESHOLD = 0.3
JACCARD = 0.5
CONTAINMENT = 0.8
COPY_SHARE = 0.5
METHOD = "minhash-lsh-1"
METHOD_BLOCK = "minhash-block-1"  # between two recurring background paragraphs
SCHEME = "affine32"  # datasketch 2's default hashing scheme, stated so signatures stay comparable

_WORD = re.compile(r"\w+")
_NOTICE = re.compile(
    r"editor['’]s note|^note:|copyright|all rights reserved|sign up|newsletter|follow (us|him|her)"
    r"|getty images|reporting by|editing by|writing by|contributed to this report|click here"
    r"|read more|subscribe|this article (was|has been) (updated|corrected)|correction:"
    r"|like (the|our) page|as published in|this video|video is restricted|watch (the|it)"
    r"|follow [^.]{1,40} on (twitter|facebook|instagram)|read the rest|@\w+\.?$",
    re.IGNORECASE,
)


def normalise_words(text: str) -> list[str]:
    text = text.replace("\u00a0", " ").lower()
    text = re.sub(r"(\w)[-‐‑–](\w)", r"\1\2", text)  # cease-fire -> ceasefire
    return _WORD.findall(text)


def shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@dataclass
class _Para:
    article: int
    index: int
    size: int  # shingles
    digest: str
    notice: bool  # reads like an editor's note, promo or credit


@dataclass
class GroupInfo:
    id: str
    articles: int
    outlets: dict[str, int]
    paragraphs: int
    notice: bool = False  # some member reads like a notice: the whole group is one
    members: list[tuple[int, int]] = field(default_factory=list)  # (article, paragraph index)


class Recurrence:
    """Collects paragraph signatures article by article, then groups near-duplicates."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.paras: list[_Para] = []
        self.sigs: list[np.ndarray] = []
        self.outlets: list[str] = []
        self.ids: list[str] = []
        self._perm = None

    def _minhash(self, sh: set[bytes]) -> Any:
        from datasketch import LeanMinHash, MinHash

        if self._perm is None:
            self._perm = MinHash(num_perm=NUM_PERM, seed=1).permutations
        m = MinHash(num_perm=NUM_PERM, seed=1, permutations=self._perm, scheme=SCHEME)
        m.update_batch(list(sh))
        return LeanMinHash(m)

    def add(self, report: dict[str, Any]) -> None:
        article = len(self.ids)
        self.ids.append(report["id"])
        self.outlets.append(str(report.get("outlet")))
        for p in report.get("paragraphs") or []:
            if p.get("role") != "body":
                continue
            words = normalise_words(p["span"]["text"])
            if len(words) < MIN_WORDS:
                continue
            sh = shingles(words)
            m = self._minhash(sh)
            key = len(self.paras)
            digest = hashlib.sha1(" ".join(words).encode()).hexdigest()[:12]
            notice = bool(_NOTICE.search(p["span"]["text"]))
            self.paras.append(_Para(article, p["index"], len(sh), digest, notice))
            self.sigs.append(m.hashvalues.astype(np.uint64))
            self.lsh.insert(key, m, check_duplication=False)

    def _similar(self, a: int, b: int) -> bool:
        j = float(np.mean(self.sigs[a] == self.sigs[b]))
        if j >= JACCARD:
            return True
        sa, sb = self.paras[a].size, self.paras[b].size
        inter = j / (1 + j) * (sa + sb)
        return inter / max(1, min(sa, sb)) >= CONTAINMENT

    def groups(self) -> dict[tuple[int, int], GroupInfo]:
        """(article, paragraph index) -> its recurring group, for paragraphs in one."""
        from datasketch import LeanMinHash

        parent = list(range(len(self.paras)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for k, sig in enumerate(self.sigs):
            m = LeanMinHash(seed=1, hashvalues=sig, scheme=SCHEME)
            for other in self.lsh.query(m):
                if other == k or self.paras[other].article == self.paras[k].article:
                    continue
                if self._similar(k, other):
                    ra, rb = find(k), find(other)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        members: dict[int, list[int]] = defaultdict(list)
        for k in range(len(self.paras)):
            members[find(k)].append(k)
        out: dict[tuple[int, int], GroupInfo] = {}
        for ks in members.values():
            arts = {self.paras[k].article for k in ks}
            if len(arts) < 2:
                continue
            first = min(ks, key=lambda k: (self.ids[self.paras[k].article], self.paras[k].index))
            outlets = Counter(self.outlets[a] for a in arts)
            info = GroupInfo(
                id="g" + self.paras[first].digest,
                articles=len(arts),
                outlets=dict(sorted(outlets.items())),
                paragraphs=len(ks),
                notice=any(self.paras[k].notice for k in ks),
                members=sorted((self.paras[k].article, self.paras[k].index) for k in ks),
            )
            for k in ks:
                out[(self.paras[k].article, self.paras[k].index)] = info
        return out


def copy_articles(
    groups: dict[tuple[int, int], GroupInfo], paragraph_counts: list[int]
) -> set[int]:
    """Articles whose paragraphs recur in more distinct groups than half their paragraph
    count: syndicated copies, not boilerplate (a note split over two paragraphs is one group)."""
    per_article = Counter(a for a, _g in {(a, info.id) for (a, _i), info in groups.items()})
    return {
        a
        for a, n in per_article.items()
        if paragraph_counts[a] and n / paragraph_counts[a] > COPY_SHARE
    }


def apply_recurrence(
    report: dict[str, Any],
    article: int,
    groups: dict[tuple[int, int], GroupInfo],
    copies: set[int],
) -> None:
    """Fill ``paragraphs[].boilerplate`` from the groups, label recurring paragraphs, and
    recount the article's boilerplate share, voice and lexicon rates (:func:`summarise`)."""
    for p in report.get("paragraphs") or []:
        b = p["boilerplate"]
        info = groups.get((article, p["index"]))
        if info is None:
            continue
        b["recurring_group"] = info.id
        b["occurrences"] = {"articles": info.articles, "outlets": info.outlets}
        if p.get("role") == "body" and b["label"] == "none" and article not in copies:
            b["label"] = "notice" if info.notice else "background"
            b["score"] = 1.0
            b["method"] = METHOD
    _fill_blocks(report)
    summarise(report)


def _fill_blocks(report: dict[str, Any]) -> None:
    """Agencies paste background as a block: a narrator paragraph the classifier left as news,
    between two paragraphs recurrence labelled background, is background too."""
    body = [p for p in report.get("paragraphs") or [] if p.get("role") == "body"]
    for prev, p, nxt in zip(body, body[1:], body[2:], strict=False):
        b = p["boilerplate"]
        if (
            b["label"] == "none"
            and p.get("voice") == "narrator"
            and all(x["boilerplate"]["label"] == "background"
                    and x["boilerplate"]["recurring_group"] for x in (prev, nxt))
        ):  # fmt: skip
            b["label"] = "background"
            b["method"] = METHOD_BLOCK


VOICE_KEYS = ("words", "attributed_words", "narrator_words", "attributed_share", "narrator_share")
LEXICON_KEYS = ("hits", "narrator_hits", "attributed_hits", "weighted", "per_1k",
                "per_1k_narrator", "per_1k_attributed")  # fmt: skip
EXCLUDED = (
    "excluded"  # voice.boilerplate / lexicons[].boilerplate: how the headline figures count it
)


def summarise(report: dict[str, Any]) -> None:
    """Per-article boilerplate share; voice shares and lexicon rates *without* boilerplate
    paragraphs as the headline figures (``voice.boilerplate == "excluded"`` says so), the
    whole-body figures kept in ``voice.with_boilerplate`` and each lexicon category's
    ``with_boilerplate``. Idempotent: call again after labels change."""
    body = [p for p in report.get("paragraphs") or [] if p.get("role") == "body"]
    words = sum(p["words"] for p in body)
    flagged = [p for p in body if p["boilerplate"]["label"] != "none"]
    bw = sum(p["words"] for p in flagged)
    report["boilerplate"] = {
        "paragraphs": len(flagged),
        "words": bw,
        "share": round(bw / words, 4) if words else 0.0,
        "groups": sorted({g for p in body if (g := p["boilerplate"]["recurring_group"])}),
    }
    voice = report["voice"]
    whole = voice.setdefault("with_boilerplate", {k: voice[k] for k in VOICE_KEYS})
    n = max(0, whole["words"] - bw)
    att = max(0, whole["attributed_words"] - sum(round(p["words"] * p["attributed_share"])
                                                 for p in flagged))  # fmt: skip
    att = min(att, n)
    voice.update(
        {
            "words": n,
            "attributed_words": att,
            "narrator_words": n - att,
            "attributed_share": round(att / n, 4) if n else 0.0,
            "narrator_share": round(1 - att / n, 4) if n else 0.0,
            "boilerplate": EXCLUDED,
        }
    )
    news = {p["index"] for p in body if p["boilerplate"]["label"] == "none"}

    def per_1k(x: int, words: int) -> float:
        return round(1000 * x / words, 3) if words else 0.0

    for block in (report.get("lexicons") or {}).values():
        counts: dict[str, Counter[str]] = {c: Counter() for c in block["categories"]}
        for h in block.get("hits") or []:
            if h.get("paragraph") in news:
                counts[h["category"]][h["voice"]] += 1
        block["boilerplate"] = EXCLUDED
        for cat, c in block["categories"].items():
            c.setdefault("with_boilerplate", {k: c.pop(k) for k in LEXICON_KEYS if k in c})
            k = counts[cat]
            c.update(
                {
                    "hits": k["narrator"] + k["attributed"],
                    "narrator_hits": k["narrator"],
                    "attributed_hits": k["attributed"],
                    "per_1k": per_1k(k["narrator"] + k["attributed"], n),
                    "per_1k_narrator": per_1k(k["narrator"], n - att),
                    "per_1k_attributed": per_1k(k["attributed"], att),
                }
            )
