"""An ``analyze`` output folder as pandas DataFrames: ``framing.load("results/")``.

The tables are read through :func:`framing.report.tables.read_table` (CSV or Parquet, typed
values, the spreadsheet quote taken off text cells), under the folder's shared lock as
``framing compare`` reads it: never half of a run's tables and half of the next.

pandas is an optional dependency (``pip install 'framing[pandas]'``): only this function needs
it, and the rest of framing (the CLI, the reports, the tables) does not. Without it,
:func:`load` raises an ``ImportError`` that says so, and :func:`read_table` gives the same rows
as dicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.corpus.compare import is_analyze_output
from framing.errors import UsageError
from framing.fsutil import finish_commit, folder_lock
from framing.read import safe_id
from framing.report import read_report
from framing.report.tables import read_table, report_paths
from framing.schema import TABLE_ROWS, Report, column_kind, columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Tables", "load"]

NEEDS_PANDAS = "framing.load needs pandas: pip install 'framing[pandas]' (or pip install pandas)"


@dataclass
class Tables:
    """The corpus tables of one ``analyze`` output folder, one DataFrame each (columns as in
    the README's table of outputs), its ``summary.json``, and its reports on demand."""

    folder: Path
    articles: pd.DataFrame
    attributions: pd.DataFrame
    speakers: pd.DataFrame
    paragraphs: pd.DataFrame
    lexicon_scores: pd.DataFrame
    lexicon_hits: pd.DataFrame
    boilerplate: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    def report(self, article_id: str) -> Report:
        """The typed report of one article (``reports/ID.json``), by its id."""
        path = self.folder / report_paths(article_id)["json"]
        if safe_id(article_id) != article_id or not path.is_file():
            raise UsageError(f"{self.folder}: no report for article {article_id!r}")
        return read_report(path)


def _frame(folder: Path, stem: str) -> pd.DataFrame:
    import pandas as pd

    row_type = TABLE_ROWS[stem]
    cols = columns(row_type)
    frame = pd.DataFrame.from_records(list(read_table(folder, stem, cols)), columns=cols)
    # a column keeps its declared type when cells are empty: nullable Int64, not float
    for c in cols:
        if column_kind(row_type, c) == "int" and frame[c].isna().any():
            frame[c] = frame[c].astype("Int64")
    return frame


def load(out_dir: str | Path) -> Tables:
    """The tables of a ``framing analyze`` output folder (``--out``) as pandas DataFrames:
    ``tables = framing.load("results/"); tables.attributions.groupby("speaker_type").size()``.

    Raises :class:`~framing.errors.UsageError` when ``out_dir`` is not such a folder or a run
    is writing it, :class:`~framing.report.tables.TableError` when a table is damaged, and
    ``ImportError`` without pandas."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise ImportError(NEEDS_PANDAS) from None
    folder = Path(out_dir)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; expected a framing analyze output folder")
    with folder_lock(folder, shared=True):
        finish_commit(folder)  # a run killed while committing its tables: completed first
        if not is_analyze_output(folder):
            raise UsageError(
                f"{folder}: not a framing analyze output folder (no summary.json); "
                f"run: framing analyze ARTICLES --out {folder}"
            )
        frames = {stem: _frame(folder, stem) for stem in TABLE_ROWS}
        summary = json.loads((folder / "summary.json").read_text("utf-8"))
    return Tables(folder=folder, summary=summary, **frames)
