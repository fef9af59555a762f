"""Boilerplate paragraphs recurring across the corpus: MinHash LSH on word shingles.

Each body paragraph of at least ``MIN_WORDS`` words becomes a MinHash signature of its word
3-shingles (lower-cased, punctuation, hyphens and non-breaking spaces normalised, so
"cease-fire ... agreed upon in 1994" and "ceasefire ... agreed to in 1994" stay close).
Candidates share a band of their signatures (LSH banding with the band/row split datasketch's
MinHashLSH picks for ``LSH_THRESHOLD``); a pair is kept when the signatures' estimated
Jaccard similarity is at least ``JACCARD``, or when the smaller paragraph is nearly contained
in the larger (``CONTAINMENT``: a note split over two paragraphs). Kept pairs are joined into
groups; a group is *recurring* when its paragraphs come from at least two articles. Only
signatures (not texts) are held, in flat arrays: about 280 bytes per paragraph.

Recurring paragraphs are labelled ``notice`` (editor's notes, promos, credits: reason
``recurring``) or ``background`` (stock context) unless the article is a near-copy of another
(syndicated wire copy: more distinct recurring groups than half its paragraphs), whose
paragraphs stay ``none``. A narrator paragraph between two recurring background paragraphs of
an article is part of the pasted block and labelled ``background`` too (method
``minhash-block-1``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from framing.schema import Occurrences, Paragraph, Report

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

# one literal every match of _NOTICE contains (lower-cased), per alternative, in order
_NOTICE_ANCHORS = (
    "s note", "note:", "copyright", "all rights reserved", "sign up", "newsletter", "follow us",
    "follow him", "follow her", "getty images", "reporting by", "editing by", "writing by",
    "contributed to this report", "click here", "read more", "subscribe", "this article ",
    "correction:", "like the page", "like our page", "as published in", "this video",
    "video is restricted", "watch the", "watch it", " on twitter", " on facebook",
    " on instagram", "read the rest", "@",
)  # fmt: skip
_FOLDS_ODDLY = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ: match i, i, s case-insensitively


def reads_like_notice(text: str) -> bool:
    """Whether :data:`_NOTICE` matches ``text``: searched only when the lower-cased text holds
    one of its literals (each of its alternatives holds one; lower-casing keeps every
    character the case-insensitive search matches, but İ, ı and ſ, so those texts are always
    searched)."""
    low = text.lower()
    if any(a in low for a in _NOTICE_ANCHORS) or _FOLDS_ODDLY.search(text):
        return _NOTICE.search(text) is not None
    return False


def normalise_words(text: str) -> list[str]:
    text = text.replace("\u00a0", " ").lower()
    text = re.sub(r"(\w)[-‐‑–](\w)", r"\1\2", text)  # cease-fire -> ceasefire
    return _WORD.findall(text)


def shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finalizer


def minhashes(sets: Sequence[set[bytes]], permutations: np.ndarray) -> np.ndarray:
    """One MinHash signature per set of shingles (a row of ``NUM_PERM`` uint32), the values
    datasketch's ``MinHash(scheme="affine32", permutations=...).update_batch(list(set))``
    gives (each shingle's SHA-1 hash32, mixed by the MurmurHash3 finalizer, then
    ``a * h + b`` mod 2**32 per permutation, the minimum over the set), for all the sets at
    once: one datasketch object and one array operation per paragraph cost more than the
    hashing. Neither ``sets`` nor any set in it may be empty."""
    sha1 = hashlib.sha1
    hv = np.fromiter(
        (int.from_bytes(sha1(x).digest()[:4], "little") for sh in sets for x in sh),
        dtype=np.uint32,
    )
    s1, m1, s2, m2, s3 = _FMIX32
    hv ^= hv >> np.uint32(s1)
    hv *= np.uint32(m1)
    hv ^= hv >> np.uint32(s2)
    hv *= np.uint32(m2)
    hv ^= hv >> np.uint32(s3)
    a, b = permutations
    phv = hv[:, None] * a + b  # uint32: wraps mod 2**32
    starts = np.cumsum([0] + [len(sh) for sh in sets[:-1]])
    return np.minimum.reduceat(phv, starts, axis=0)


@dataclass
class GroupInfo:
    id: str
    articles: int
    outlets: dict[str, int]
    paragraphs: int
    notice: bool = False  # some member reads like a notice: the whole group is one
    members: list[tuple[int, int]] = field(default_factory=list)  # (article, paragraph index)


#: the band/row split datasketch's ``MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)``
#: picks (its optimum of the weighted false positive and negative areas), written here: the
#: package's import pulls in SciPy's integration, 0.4 s of every run (tests check the values)
LSH_BANDS, LSH_ROWS = 21, 3


def affine32_permutations(num_perm: int, seed: int = 1) -> np.ndarray:
    """datasketch's ``MinHash(num_perm, seed, scheme="affine32").permutations``: ``(a, b)``
    uint32 rows, ``a`` odd, drawn from NumPy's ``RandomState(seed)`` in datasketch's order
    (tests check them against the package)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


class Recurrence:
    """Collects paragraph signatures article by article, then groups near-duplicates.

    Held per paragraph: its MinHash signature (``NUM_PERM`` uint32 values in one growing
    numpy array) and four numbers (article, paragraph index, shingle count, text digest) plus
    a notice flag in compact arrays; per article its id and outlet. No text and no per-paragraph
    Python object is kept. LSH banding (datasketch's band/row split for ``LSH_THRESHOLD``) is
    done at grouping time, one band at a time, by sorting band hashes.
    """

    def __init__(self) -> None:
        self.bands, self.rows = LSH_BANDS, LSH_ROWS
        self._sig = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self.n = 0
        self.article = array("i")
        self.index = array("i")
        self.size = array("i")
        self.digest = array("q")
        self.notice = array("b")
        self.outlets: list[str] = []
        self.ids: list[str] = []
        self._perm: np.ndarray | None = None

    def __len__(self) -> int:
        return self.n

    @property
    def signatures(self) -> np.ndarray:
        return self._sig[: self.n]

    def _permutations(self) -> np.ndarray:
        """datasketch's affine permutations (a, b) for ``NUM_PERM`` and seed 1 (uint32)."""
        if self._perm is None:
            self._perm = affine32_permutations(NUM_PERM, seed=1)
        return self._perm

    def _minhash(self, sh: set[bytes]) -> np.ndarray:
        """The MinHash signature of one set of shingles (:func:`minhashes`)."""
        return minhashes([sh], self._permutations())[0]

    def add(self, report: Report) -> None:
        """Keep the signatures of an article's body paragraphs (articles are numbered in the
        order they are added)."""
        body = ((p.index, p.span.text) for p in report.paragraphs if p.role == "body")
        self.add_paragraphs(report.id, report.outlet, body)

    def add_paragraphs(self, article_id: str, outlet: str, body: Iterable[tuple[int, str]]) -> None:
        """Keep the signatures of an article's body paragraphs, given as (index, text)."""
        article = len(self.ids)
        self.ids.append(article_id)
        self.outlets.append(sys.intern(str(outlet)))
        kept: list[set[bytes]] = []
        for index, text in body:
            words = normalise_words(text)
            if len(words) < MIN_WORDS:
                continue
            sh = shingles(words)
            kept.append(sh)
            self.article.append(article)
            self.index.append(int(index))
            self.size.append(len(sh))
            digest = hashlib.sha1(" ".join(words).encode()).digest()[:6]
            self.digest.append(int.from_bytes(digest, "big"))
            self.notice.append(int(reads_like_notice(text)))
        if not kept:
            return
        while self.n + len(kept) > len(self._sig):
            self._sig = np.concatenate([self._sig, np.zeros_like(self._sig)])
        self._sig[self.n : self.n + len(kept)] = minhashes(kept, self._permutations())
        self.n += len(kept)

    def _similar(self, a: int, b: int) -> bool:
        sig = self.signatures
        j = float(np.mean(sig[a] == sig[b]))
        if j >= JACCARD:
            return True
        sa, sb = self.size[a], self.size[b]
        inter = j / (1 + j) * (sa + sb)
        return inter / max(1, min(sa, sb)) >= CONTAINMENT

    def _buckets(self):
        """Lists of paragraphs (two or more) sharing one band of their signatures."""
        sig = self.signatures
        mult = np.uint64(0x9E3779B97F4A7C15)
        for band in range(self.bands):
            h = np.zeros(self.n, dtype=np.uint64)
            for col in range(band * self.rows, (band + 1) * self.rows):
                h = h * mult + sig[:, col].astype(np.uint64) + np.uint64(1)  # wraps mod 2**64
            order = np.argsort(h, kind="stable")
            hs = h[order]
            cuts = np.flatnonzero(hs[1:] != hs[:-1]) + 1
            for members in np.split(order, cuts):
                if len(members) > 1:
                    yield members.tolist()

    def groups(self) -> dict[tuple[int, int], GroupInfo]:
        """(article, paragraph index) -> its recurring group, for paragraphs in one."""
        parent = array("i", range(self.n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        art = self.article
        for members in self._buckets():
            for i, k in enumerate(members):
                for other in members[i + 1 :]:
                    if art[k] == art[other] or find(k) == find(other):
                        continue
                    if self._similar(k, other):
                        ra, rb = find(k), find(other)
                        parent[max(ra, rb)] = min(ra, rb)
        members_of: dict[int, list[int]] = defaultdict(list)
        for k in range(self.n):
            members_of[find(k)].append(k)
        out: dict[tuple[int, int], GroupInfo] = {}
        for ks in members_of.values():
            arts = {art[k] for k in ks}
            if len(arts) < 2:
                continue
            first = min(ks, key=lambda k: (self.ids[art[k]], self.index[k]))
            outlets = Counter(self.outlets[a] for a in arts)
            info = GroupInfo(
                id=f"g{self.digest[first]:012x}",
                articles=len(arts),
                outlets=dict(sorted(outlets.items())),
                paragraphs=len(ks),
                notice=any(self.notice[k] for k in ks),
                members=sorted((art[k], self.index[k]) for k in ks),
            )
            for k in ks:
                out[(art[k], self.index[k])] = info
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


def label_paragraphs(
    paragraphs: Sequence[Paragraph],
    article: int,
    groups: dict[tuple[int, int], GroupInfo],
    copies: set[int],
) -> list[Paragraph]:
    """An article's paragraphs with their recurring groups filled in, recurring body
    paragraphs the classifier left as news labelled ``notice`` or ``background`` (not in a
    syndicated copy), and the blocks between two of them (:func:`_fill_blocks`)."""
    out = []
    for p in paragraphs:
        b = p.boilerplate
        info = groups.get((article, p.index))
        if info is not None:
            b = replace(
                b,
                recurring_group=info.id,
                occurrences=Occurrences(articles=info.articles, outlets=info.outlets),
            )
            if p.role == "body" and b.label == "none" and article not in copies:
                b = replace(b, label="notice" if info.notice else "background", score=1.0,
                            method=METHOD, reason="recurring" if info.notice else None)  # fmt: skip
            p = replace(p, boilerplate=b)
        out.append(p)
    return _fill_blocks(out)


def _fill_blocks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Agencies paste background as a block: a narrator paragraph the classifier left as news,
    between two paragraphs recurrence labelled background, is background too."""
    body = [k for k, p in enumerate(paragraphs) if p.role == "body"]
    out = list(paragraphs)
    for i, k, j in zip(body, body[1:], body[2:], strict=False):
        p = out[k]
        b = p.boilerplate
        if (
            b.label == "none"
            and p.voice == "narrator"
            and all(out[x].boilerplate.label == "background"
                    and out[x].boilerplate.recurring_group for x in (i, j))
        ):  # fmt: skip
            out[k] = replace(p, boilerplate=replace(b, label="background", method=METHOD_BLOCK))
    return out
