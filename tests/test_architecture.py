"""The layout a maintainer relies on: the layers contract holds (no import from a higher
layer, no cycle), and light commands do not load spaCy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_import_layers_and_no_cycles():
    lint = Path(sys.executable).parent / "lint-imports"
    exe = str(lint) if lint.exists() else shutil.which("lint-imports")
    assert exe, "lint-imports not installed (pip install -e '.[dev]')"
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_version_and_help_do_not_load_spacy():
    code = (
        "import sys; from framing.cli import app; from typer.testing import CliRunner; "
        "r = CliRunner().invoke(app, ['--version']); "
        "print(r.output.strip(), 'spacy' in sys.modules, 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    from framing import __version__

    assert done.stdout.split() == ["framing", __version__, "False", "False"]


def test_library_errors_name_parameters_the_cli_names_options():
    from framing.cli.common import option_name
    from framing.engine import check_engine
    from framing.errors import UsageError

    try:
        check_engine(jobs=1, engine="local", scheduler="tcp://x")
    except UsageError as exc:
        assert str(exc) == "scheduler needs engine dask"
        assert exc.params == ("scheduler", "engine")
        assert exc.render(option_name) == "--scheduler needs --engine dask"
    else:
        raise AssertionError("no UsageError")
    assert option_name("table_format") == "--format"
    assert option_name("outlet_pattern") == "--outlet-pattern"
