"""A content-hash cache of per-article reports, kept in the output folder.

An article's key hashes everything its report depends on but the lexicons: the article (text,
body bounds, excluded regions, id, outlet, row, metadata; not the path it was read from, which
is set afresh on a hit, so that a moved corpus folder is still found) and the run's
*fingerprint*: the spaCy model's name, version and file contents, the spaCy version,
framing's version, the schema version and the cache's format, and the content of every
resource the run uses besides lexicons (:class:`Resources`: cue lexicon, cue model, speaker
tables, boilerplate classifier, notice rules). Framing's own code is not hashed: a release
that changes what a report says changes ``framing.__version__``; while developing, run with
``--no-cache``.

An entry holds the article's report before the corpus step (recurring paragraphs are labelled
afresh every run), the digest of the lexicons it was scored with (:func:`lexicons_digest`:
their content, in order), and what lexicon matching reads of its parse
(:class:`~framing.lexicon.match.LexTokens`), zlib-compressed. A hit made with the same
lexicons is the report as it is; one made with other lexicons (another ``--lexicon``, an edited
lexicon file) has its lexicon parts scored afresh from the tokens
(:func:`framing.pipeline.rescore_lexicons`, the same bytes a parse makes), without a parse.
A re-run over an unchanged folder finds every article there: nothing is parsed and the model is
not even loaded. Entries that the run did not use are removed at the end, so the cache holds
the current corpus only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from framing import SCHEMA_VERSION, __version__
from framing.fsutil import atomic_write_bytes, atomic_write_text
from framing.lexicon.match import LexTokens
from framing.pipeline import Resources
from framing.schema import Article, Report, from_json, to_json

CACHE_DIR = ".framing-cache"


def _hash_files(h: Any, root: Path, files: Iterable[Path]) -> None:
    for f in sorted(files):
        if "__pycache__" in f.parts or not f.is_file():
            continue
        h.update(str(f.relative_to(root)).encode() + b"\0")
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        _hash_files(h, root, root.rglob("*"))
    return h.hexdigest()


def _fields_of(obj: Any) -> Any:
    """For :func:`json.dumps`: a record as its content (``to_dict()`` where it has one: a
    lexicon without the path it was read from), else its fields; a set sorted."""
    if callable(getattr(obj, "to_dict", None)):
        return obj.to_dict()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    raise TypeError(f"cannot hash a {type(obj).__name__} resource")


def resources_digest(resources: Resources) -> str:
    """A hash of every resource's content (models, lexicons, tables: field by field)."""
    data = json.dumps(resources, default=_fields_of, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(data.encode()).hexdigest()


#: the layout of an entry (meta line, tokens line, report): part of every key
CACHE_FORMAT = 2


def lexicons_digest(resources: Resources) -> str:
    """A hash of the run's lexicons' content, in order (not the files they came from)."""
    data = json.dumps([lx.to_dict() for lx in resources.lexicons], ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(data.encode()).hexdigest()


def fingerprint(resources: Resources) -> str:
    """One hash of everything besides the article and the lexicons that a report depends on
    (the lexicons: :func:`lexicons_digest`)."""
    from importlib.metadata import version

    from framing.nlp import model_dir, model_meta

    model = resources.spacy_model
    meta = model_meta(model)
    parts = {
        "schema": SCHEMA_VERSION,
        "framing": __version__,
        "spacy": version("spacy"),
        "model": [model, meta.get("lang"), meta.get("name"), meta.get("version")],
        "model_files": _tree_hash(model_dir(model)),
        "resources": resources_digest(replace(resources, lexicons=())),
        "cache": CACHE_FORMAT,
    }
    return hashlib.sha256(_canonical(parts)).hexdigest()


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def article_key(article: Article, fp: str) -> str:
    d = asdict(article)
    del d["source_path"]  # reports carry it, set afresh by ReportCache.get
    d["excluded"] = [[r.label, r.start, r.end] for r in article.excluded]
    return hashlib.sha256(fp.encode() + b"\0" + _canonical(d)).hexdigest()


def compact_json(report: Report) -> str:
    """A report as a cache entry may hold it: the contract's JSON without the indentation
    (several times faster to write; :meth:`ReportCache.get` reads either)."""
    return json.dumps(to_json(report), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class CacheHit:
    """A cache entry: the report, the digest of the lexicons it was scored with, and the
    tokens of its parse (as JSON, decoded only when the lexicons differ)."""

    report: Report
    lexicons: str
    tokens_json: str

    def tokens(self) -> LexTokens:
        return LexTokens.from_dict(json.loads(self.tokens_json))


class ReportCache:
    """``OUT/.framing-cache/``: ``reports/ab/<key>.json.z`` entries and ``run.json``.
    ``fp``: the run's :func:`fingerprint`; ``lexicons``: its :func:`lexicons_digest`."""

    def __init__(self, out_dir: str | Path, fp: str, lexicons: str = "") -> None:
        self.root = Path(out_dir) / CACHE_DIR
        self.fp = fp
        self.lexicons = lexicons
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.rescored = 0  # hits whose lexicon parts were scored afresh

    def _path(self, key: str) -> Path:
        return self.root / "reports" / key[:2] / f"{key}.json.z"

    @staticmethod
    def _split(data: bytes) -> tuple[dict[str, Any], str, str]:
        meta, tokens, report = zlib.decompress(data).decode("utf-8").split("\n", 2)
        return json.loads(meta), tokens, report

    def get(self, key: str, source_path: str) -> CacheHit | None:
        """The cached entry of an article (read from ``source_path`` this time), or None."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            meta, tokens, text = self._split(data)
            report = from_json(Report, json.loads(text))
            lexicons = str(meta["lexicons"])
        except (zlib.error, ValueError, TypeError, KeyError, AttributeError):  # damaged: a miss
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return CacheHit(replace(report, source_path=source_path), lexicons, tokens)

    def load(self, key: str, source_path: str) -> Report:
        """An entry this run wrote or found (the corpus step of the analysis)."""
        data = json.loads(self._split(self._path(key).read_bytes())[2])
        return replace(from_json(Report, data), source_path=source_path)

    def put(self, key: str, report_json: str, tokens: LexTokens | str) -> None:
        """Store a report made with this run's lexicons, and the tokens of its parse
        (:class:`LexTokens`, or their JSON as :class:`CacheHit` holds it)."""
        if isinstance(tokens, LexTokens):
            tokens = json.dumps(tokens.to_dict(), ensure_ascii=False, separators=(",", ":"))
        meta = json.dumps({"lexicons": self.lexicons})
        entry = f"{meta}\n{tokens}\n{report_json}"
        atomic_write_bytes(self._path(key), zlib.compress(entry.encode("utf-8"), 1))
        self.used.add(key)

    @property
    def stamp(self) -> str:
        """What ``run.json`` records: the fingerprint and the lexicons."""
        return f"{self.fp}:{self.lexicons}"

    def same_run(self) -> bool:
        """Was the previous complete run over this folder made with the same fingerprint and
        lexicons (so files it rendered from an unchanged report are still right)?"""
        try:
            return json.loads((self.root / "run.json").read_text("utf-8")).get("fp") == self.stamp
        except (OSError, ValueError, AttributeError):
            return False

    def finish(self, prune: bool = True) -> int:
        """Remove entries this run did not use (with ``prune``: not after a ``--limit`` run,
        whose next full run wants them), record the fingerprint; return how many went."""
        removed = 0
        reports = self.root / "reports"
        if prune and reports.is_dir():
            for sub in sorted(reports.iterdir()):
                for f in sorted(sub.iterdir()) if sub.is_dir() else []:
                    if f.name.removesuffix(".json.z") not in self.used:
                        with contextlib.suppress(OSError):
                            f.unlink()
                            removed += 1
                with contextlib.suppress(OSError):
                    if sub.is_dir() and not any(sub.iterdir()):
                        sub.rmdir()
        atomic_write_text(self.root / "run.json", json.dumps({"fp": self.stamp}) + "\n")
        return removed


def cache_folders(out_dir: str | Path) -> list[Path]:
    """The cache's folders in ``out_dir`` (where its writes leave temp files)."""
    root = Path(out_dir) / CACHE_DIR
    reports = root / "reports"
    try:
        subs = sorted(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        subs = []
    return [root, reports, *subs]


def clear_stamp(out_dir: str | Path) -> None:
    """Forget the previous run's fingerprint (a run without the cache rewrote the folder)."""
    with contextlib.suppress(OSError):
        os.unlink(Path(out_dir) / CACHE_DIR / "run.json")
