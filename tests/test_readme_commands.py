"""Every command in the README's ```sh blocks runs as written from a fresh clone (issue 19).

Each command line (backslash continuations joined) must match one rule of :data:`RULES`: run
it, run it as ``CMD --help`` (a daemon: the check is that the command exists), or skip it for
the reason given. A new README command that no rule covers fails the test, so the list stays
checked. Runnable commands run in README order with ``bash -c`` in a scratch folder that holds
what a fresh clone has (``seeds/``) and the reader's own files the examples name
(``~/corpus/`` with ``HOME`` pointed there, ``~/corpus-metadata.tsv``, ``article.txt``,
``articles.jsonl``, ``more/*.txt``, ``liwc-style.dic``);
``.venv/bin/framing``, ``.venv/bin/python`` and ``framing`` run this checkout's code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SEED_000, SEED_002, slow

RUN, HELP, SKIP = "run", "help", "skip"


@dataclass(frozen=True)
class Rule:
    pattern: str  # a regex searched in the command line
    action: str  # RUN, HELP or SKIP
    reason: str = ""  # why a command is skipped, or checked with --help only


#: first match wins
RULES = (
    Rule(r"^make ", SKIP, "set-up from PyPI, then the suite or the linters: what CI runs"),
    Rule(
        r"\.\./shared/", SKIP, "needs the shared corpora (PolNeAR, NewsDiscourse), not in a clone"
    ),
    Rule(r"^\.venv/bin/python bench/", SKIP, "benchmarks over the shared corpora"),
    Rule(r"spacy download", SKIP, "downloads a 460 MB pipeline from spaCy's releases"),
    Rule(r"--model en_core_web_trf", SKIP, "needs en_core_web_trf installed (the line above)"),
    Rule(r"compare [AM]/", SKIP, "reads A/ or M/, a PolNeAR analysis of a line above"),
    Rule(r"--engine dask --scheduler tcp://HEAD", SKIP, "needs a running Dask cluster"),
    Rule(
        r"lexicon suggest --corpus (corpus/|karabakh-articles/)",
        SKIP,
        "needs a reader's corpus with a topic group or folder (karabakh)",
    ),
    Rule(r"^dask (scheduler|worker)\b", HELP, "starts a daemon: checked as CMD --help"),
    Rule(r"^(cat articles\.jsonl \| )?(\.venv/bin/)?(framing|python -m framing)\b", RUN),
    Rule(r"^\.venv/bin/(framing|python -m framing)\b", RUN),
)


def readme_commands(text: str) -> list[str]:
    """The command lines of the README's ```sh and ```bash blocks, in order, continuations
    joined, trailing comments kept (bash drops them)."""
    out = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = " ".join(line.split())
            if line and not line.startswith("#"):
                out.append(line)
    return out


def rule_for(command: str) -> Rule | None:
    return next((r for r in RULES if re.search(r.pattern, command)), None)


COMMANDS = readme_commands((ROOT / "README.md").read_text("utf-8"))


def test_every_readme_command_has_a_rule():
    assert COMMANDS, "no ```sh blocks found in README.md"
    unruled = [c for c in COMMANDS if rule_for(c) is None]
    assert not unruled, f"README commands no rule covers (add one to RULES): {unruled}"
    for c in COMMANDS:
        rule = rule_for(c)
        assert rule.action == RUN or rule.reason, c


def _scratch(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A fresh clone's seeds/ and the reader's files the README's examples name, with shims
    for .venv/bin/framing, .venv/bin/python and framing that run this checkout."""
    work, home, bin_dir = tmp / "clone", tmp / "home", tmp / "bin"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    (home / "corpus").mkdir(parents=True)
    shutil.copy(SEED_000, home / "corpus" / "anadolu_000.txt")
    shutil.copy(SEED_002, home / "corpus" / "anadolu_002.txt")
    (home / "corpus" / "wire_001.txt").write_text(
        "The ministry said the talks would resume on Monday.\n", encoding="utf-8"
    )
    (home / "corpus-metadata.tsv").write_text(
        "filename\ttitle\tdate\tauthor\n"
        "anadolu_000\tAzerbaijan says it downed drones\t2020-10-01\tStaff\n",
        encoding="utf-8",
    )
    (work / "articles.jsonl").write_text(
        '{"id": "a1", "outlet": "wire", "text": "Officials said the border was calm."}\n'
        '{"id": "a2", "outlet": "wire", "text": "Police said two people were arrested."}\n',
        encoding="utf-8",
    )
    (work / "article.txt").write_text(
        "Troops liberated the occupied villages, the ministry said.\n", encoding="utf-8"
    )
    (work / "more").mkdir()
    (work / "more" / "b.txt").write_text("The mayor said the bridge would reopen.\n", "utf-8")
    (work / "liwc-style.dic").write_text(
        "%\n1\tcertainty\n2\thedge\n%\nclearly\t1\nperhaps\t2\nmight\t2\n", encoding="utf-8"
    )
    bin_dir.mkdir()
    (work / ".venv" / "bin").mkdir(parents=True)
    env = dict(os.environ, HOME=str(home), PYTHONPATH=str(ROOT))
    env["PATH"] = f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    shims = {"framing": f'exec "{sys.executable}" -m framing "$@"',
             "python": f'exec "{sys.executable}" "$@"'}  # fmt: skip
    for name, body in shims.items():
        for folder in (bin_dir, work / ".venv" / "bin"):
            shim = folder / name
            shim.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
            shim.chmod(0o755)
    return work, env


@slow
def test_readme_commands_run_as_written(tmp_path, nlp):
    work, env = _scratch(tmp_path)
    ran = []
    for command in COMMANDS:
        rule = rule_for(command)
        if rule.action == SKIP:
            continue
        line = command if rule.action == RUN else command.split("#")[0].split()[0:2]
        if rule.action == HELP:
            line = " ".join([*line, "--help"])
        done = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True,
                              text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command
        ran.append(command)
    # the commands this test exists for ran
    assert any(c.startswith("dask scheduler") for c in ran)
    assert any("analyze - --out" in c for c in ran)
    assert any(c.startswith("framing lexicon import liwc-style.dic") for c in ran)
    assert any("--metadata ~/corpus-metadata.tsv" in c for c in ran)
    assert (work / "results" / "index.html").is_file()
    assert (work / "my-topic.yaml").is_file()
