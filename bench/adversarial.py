"""A hostile corpus, end to end: build it, run ``framing analyze`` on it, check the outcome.

Usage: .venv/bin/python bench/adversarial.py [--keep DIR] [--jobs N] [--timeout S] [--without NAME]

Builds a folder like the one of issue 17 ("Nothing lost, nothing injected"): a huge article, a
very long file name, a FIFO, CR-only paragraphs, an invalid UTF-8 byte, an unreadable
sub-folder, script tags, formula cells, an escape sequence in a file name, HTML end tags, a
CSV row over the csv module's field limit, a JSONL file with a malformed line, an empty and a
binary file; then runs ``framing analyze`` on it (in a subprocess, in an empty working
directory) and checks:

- the exit code is 2 (some inputs skipped), and the run ends within ``--timeout`` (a FIFO
  must not hang it) and in under 60 s;
- every bad input is named in ``summary.json`` (``skipped``), every good one is analysed;
- nothing is written outside ``--out`` (the input folder and the working directory are as
  they were);
- every CSV table reads back through ``csv`` and pandas with the JSON reports' record count,
  and no text cell starts a formula;
- no tag from an article survives in a Markdown report rendered with raw HTML allowed, and the
  HTML pages carry no script but framing's own (hashed in their CSP) and no event handler;
- stderr holds no terminal escape sequence;
- the lexicon bounds: an aliased lexicon and a "billion laughs" import are one-line errors,
  and a 100,000-entry ``.dic`` imports (its time is printed).

Each check says which side of issue 17 fixes it: ``writing`` (outputs and safety: this
branch) or ``reading`` (inputs, ids, decoding, paragraphs: the other branch). Checks of the
reading side pass once both are merged. Prints one line per check and exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)>"
LONG_NAME = "long-" + "x" * 235 + ".txt"  # 244 bytes: the longest names a file system allows
ESCAPE_NAME = "escape-\x1b[2J\x1b[31mred.txt"
ESCAPE_EMPTY = "empty-\x1b]0;pwned\x07\x1b[2J.txt"  # skipped, so its name goes to stderr
MD_TAGS = {"h1", "h2", "p", "ul", "li", "strong", "em", "code", "hr", "table", "thead",
           "tbody", "tr", "th", "td"}  # fmt: skip
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Corpus:
    root: Path  # holds in/, out/ and cwd/
    good: dict[str, str] = field(default_factory=dict)  # file (or file:line) -> what it is
    bad: dict[str, str] = field(default_factory=dict)
    either: dict[str, str] = field(default_factory=dict)  # analysed or skipped, but named

    @property
    def inputs(self) -> Path:
        return self.root / "in"

    @property
    def out(self) -> Path:
        return self.root / "out"


def _text(*paragraphs: str, sep: str = "\n\n") -> str:
    return sep.join(paragraphs) + "\n"


def build(root: Path, without: tuple[str, ...] = ()) -> Corpus:
    """The hostile folder under ``root/in`` (and the lexicons under ``root/lexicons``);
    ``without``: names of inputs to leave out (e.g. ``fifo.txt``, which hangs a framing that
    reads it)."""
    c = Corpus(root)
    src = c.inputs / "wire"
    src.mkdir(parents=True)
    body = "The ministry said the troops had advanced, officials told reporters on Monday."

    def good(name: str, data: str | bytes, what: str) -> None:
        p = src / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        c.good[name] = what

    def bad(name: str, data: str | bytes, what: str) -> None:
        p = src / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        c.bad[name] = what

    good("plain.txt", _text(body, "Residents said the night was quiet."), "a plain article")
    good(
        "script.txt",
        _text(f"Title {SCRIPT}", f"The minister said {SCRIPT} was a test.", body),
        "script tags in the text",
    )
    good(
        "formula.txt",
        _text('=HYPERLINK("http://evil.example","click")', "+1 555 0100 was the number.",
              "-2+3 is what the spokesman said.", "@SUM(A1:A9) officials said.", body),
        "paragraphs that start formulas",
    )  # fmt: skip
    good(
        "cr-only.txt",
        _text("First paragraph, the mayor said.", "Second paragraph.", body, sep="\r"),
        "paragraphs separated by a bare CR",
    )
    good("crlf.txt", _text(body, "Officials said so too.", sep="\r\n\r\n"), "CRLF line ends")
    good("café–Ünïcode.txt", _text(body), "a non-ASCII file name")
    good(LONG_NAME, _text(body), "a 244-byte file name")
    good(ESCAPE_NAME, _text(body), "terminal escapes in the file name")
    good(
        "page.html",
        "<html><head><title>T </script><script>alert(1)</script></title></head><body>"
        f"<article><p>{body}</p><p>He said &lt;/script&gt; twice.</p></article></body></html>",
        "an HTML page with end tags in its text",
    )
    rows = [
        {"id": "row-formula", "outlet": "@evil", "title": "=cmd|' /C calc'!A0", "text": body},
        {"id": "row-cr", "title": "A\rB", "text": "One\rTwo, the minister said.\r" + body},
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(1, "{not json")
    (src / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    c.good["rows.jsonl:1"] = "a row with formula title and outlet"
    c.bad["rows.jsonl:2"] = "a malformed JSONL line"
    c.good["rows.jsonl:3"] = "a row with CRs in title and text"
    big = " ".join([body] * 1900)  # ~150 KB: over csv's default field limit of 128 KiB
    with (src / "big-field.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text"])
        w.writerow(["big-field", "Long", big])
    c.good["big-field.csv:2"] = "a CSV row over the csv module's field limit"
    invalid = _text(body, "Caf\xe9 au lait.").encode("utf-8").replace(b"\xc3\xa9", b"\xff")
    p = src / "invalid-utf8.txt"
    p.write_bytes(invalid)
    c.either["invalid-utf8.txt"] = "one invalid UTF-8 byte"
    bad("huge.txt", (body + "\n\n") * 32_000, "2.5 MB, over --max-bytes")
    bad("empty.txt", b"", "an empty file")
    bad(ESCAPE_EMPTY, b"", "an empty file with terminal escapes in its name")
    bad("binary.txt", bytes(range(256)) * 64, "a binary file")
    os.mkfifo(src / "fifo.txt")
    c.bad["fifo.txt"] = "a FIFO (reading it would block)"
    locked = src / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(_text(body), encoding="utf-8")
    locked.chmod(0)
    try:  # root reads it anyway, unless run without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH
        os.listdir(locked)
    except PermissionError:
        c.bad["locked"] = "an unreadable sub-folder"
    lex = root / "lexicons"
    lex.mkdir()
    terms = "".join(f"      - term{i}\n" for i in range(10_000))
    (lex / "aliased.yaml").write_text(
        "name: aliased\ncategories:\n  a:\n    terms: &t\n" + terms
        + "".join(f"  c{i}:\n    terms: *t\n" for i in range(1000)),
        encoding="utf-8",
    )  # fmt: skip
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        laughs.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (lex / "laughs.yml").write_text("\n".join(laughs) + "\n", encoding="utf-8")
    dic = ["%", "1\tcat_a", "2\tcat_b", "%"] + [f"word{i}\t1\t2" for i in range(100_000)]
    (lex / "big.dic").write_text("\n".join(dic) + "\n", encoding="utf-8")
    for name in without:
        p = src / name
        if p.is_dir():
            p.chmod(stat.S_IRWXU)
            shutil.rmtree(p)
        else:
            p.unlink()
        for d in (c.good, c.bad, c.either):
            d.pop(name, None)
    return c


# --------------------------------------------------------------------------- checking


@dataclass
class Check:
    name: str
    side: str  # "writing" or "reading": which branch of issue 17 makes it pass
    ok: bool
    detail: str = ""


def _snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        d = Path(dirpath)
        if skip is not None and (d == skip or skip in d.parents):
            dirnames[:] = []
            continue
        for n in filenames + dirnames:
            try:
                st = os.lstat(d / n)
            except OSError:
                continue
            out[str((d / n).relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    p = _Tags()
    p.feed(html)
    p.close()
    return p.tags


def _named(skipped: list[dict], key: str) -> bool:
    name, _, line = key.partition(":")
    return any(
        Path(s["path"]).name == name and (not line or str(s.get("line")) == line) for s in skipped
    )


def _analysed(articles: list[dict], key: str) -> bool:
    name, _, line = key.partition(":")
    return any(
        Path(a["source_path"]).name == name and (not line or str(a.get("row")) == line)
        for a in articles
    )


def _csv_rows(path: Path) -> list[list[str]]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def run(
    root: Path, *, jobs: int = 1, timeout: float = 120.0, without: tuple[str, ...] = ()
) -> list[Check]:
    """Build the corpus under ``root``, run framing on it, return the checks."""
    c = build(root, without)
    cwd = root / "cwd"
    cwd.mkdir()
    before = _snapshot(root, skip=c.out)
    cmd = [sys.executable, "-m", "framing", "analyze", str(c.inputs), "--out", str(c.out),
           "--jobs", str(jobs), "-q"]  # fmt: skip
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
        rc, stderr = done.returncode, done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as exc:
        rc, stderr = None, (exc.stderr or b"").decode("utf-8", "replace")
    seconds = time.perf_counter() - t0
    checks = [
        Check(
            "ends (no hang)",
            "reading",
            rc is not None,
            "" if rc is not None else f"killed after {timeout:.0f} s",
        ),
        Check("under 60 s", "writing", rc is not None and seconds < 60, f"{seconds:.1f} s"),
        Check(
            "exit code 2",
            "reading",
            rc == 2,
            "" if rc == 2 else f"exit {rc}: {stderr.strip()[-300:]}",
        ),
    ]
    summary_path = c.out / "summary.json"
    summary = json.loads(summary_path.read_text("utf-8")) if summary_path.is_file() else {}
    skipped = summary.get("skipped", [])
    articles = []
    if (c.out / "articles.csv").is_file():
        with (c.out / "articles.csv").open(encoding="utf-8", newline="") as fh:
            articles = list(csv.DictReader(fh))
    side = {"huge.txt": "writing", "empty.txt": "writing", "binary.txt": "writing",
            "rows.jsonl:2": "writing", ESCAPE_EMPTY: "writing"}  # fmt: skip
    for key, what in c.bad.items():
        checks.append(Check(f"bad input named: {what}", side.get(key, "reading"),
                            _named(skipped, key), repr(key)))  # fmt: skip
    side = {"plain.txt": "writing", "script.txt": "writing", "formula.txt": "writing",
            "crlf.txt": "writing", "rows.jsonl:1": "writing", "rows.jsonl:3": "writing",
            "café–Ünïcode.txt": "writing", LONG_NAME: "writing"}  # fmt: skip
    for key, what in c.good.items():
        checks.append(Check(f"good input analysed: {what}", side.get(key, "reading"),
                            _analysed(articles, key), repr(key)))  # fmt: skip
    for key, what in c.either.items():
        found = _named(skipped, key) or _analysed(articles, key)
        checks.append(Check(f"named or analysed: {what}", "reading", found, repr(key)))
    after = _snapshot(root, skip=c.out)
    changed = sorted(
        k for k in set(before) | set(after) if before.get(k) != after.get(k) and k != "out"
    )
    checks.append(Check("nothing written outside --out", "writing", not changed,
                        ", ".join(changed[:5])))  # fmt: skip
    checks += _check_outputs(c.out)
    checks.append(Check("stderr holds no escape sequence", "reading", "\x1b" not in stderr,
                        repr(stderr[:200])))  # fmt: skip
    cr = next((a for a in articles if Path(a["source_path"]).name == "cr-only.txt"), None)
    n = _paragraph_count(c.out, cr["id"]) if cr else 0
    checks.append(Check("CR-only text split into paragraphs", "reading", n >= 3,
                        f"{n} paragraphs"))  # fmt: skip
    checks += _check_lexicons(root / "lexicons", cwd)
    checks += _check_out_inside(root / "nested", timeout)
    return checks


def _check_out_inside(folder: Path, timeout: float) -> list[Check]:
    """Two runs with ``--out`` inside the input folder analyse the same articles: a run never
    reads its own outputs (reports, tables) as articles."""
    (folder / "a").mkdir(parents=True)
    for k in range(2):
        (folder / "a" / f"n{k}.txt").write_text(f"Officials said the count was {k}.\n")
    counts = []
    for _ in range(2):
        cmd = [sys.executable, "-m", "framing", "analyze", str(folder), "--out",
               str(folder / "out"), "--jobs", "1", "-q"]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            summary = json.loads((folder / "out" / "summary.json").read_text("utf-8"))
            counts.append((done.returncode, summary["articles"]))
        except (subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
            counts.append((None, repr(exc)))
    ok = counts == [(0, 2), (0, 2)]
    return [Check("--out inside the input: its outputs are not read", "reading", ok,
                  f"(exit, articles) per run: {counts}")]  # fmt: skip


def _paragraph_count(out: Path, article_id: str) -> int:
    try:
        report = json.loads((out / "reports" / f"{article_id}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(1 for p in report["paragraphs"] if p["role"] == "body")


def _check_outputs(out: Path) -> list[Check]:
    import html
    import re

    import pandas as pd
    from markdown_it import MarkdownIt

    from framing.report.html import csp, environment, page_script

    reports = []
    for p in sorted((out / "reports").glob("*.json")) if (out / "reports").is_dir() else []:
        reports.append(json.loads(p.read_text("utf-8")))
    expected = {
        "articles": len(reports),
        "attributions": sum(len(r["attributions"]) for r in reports),
        "paragraphs": sum(len(r["paragraphs"]) for r in reports),
        "lexicon_hits": sum(len(b["hits"]) for r in reports for b in r["lexicons"].values()),
    }
    checks = [Check("reports written", "writing", bool(reports), str(out / "reports"))]
    for name, n in expected.items():
        path = out / f"{name}.csv"
        if not path.is_file():
            checks.append(Check(f"{name}.csv rows = JSON records", "writing", False, "missing"))
            continue
        n_csv = len(_csv_rows(path)) - 1
        n_pd = len(pd.read_csv(path, dtype=str, keep_default_na=False))
        counts = f"csv {n_csv}, pandas {n_pd}, JSON {n}"
        checks.append(Check(f"{name}.csv rows = JSON records", "writing", n_csv == n_pd == n,
                            counts))  # fmt: skip
    formulas = []
    for path in sorted(out.glob("*.csv")):
        for k, row in enumerate(_csv_rows(path)[1:], start=2):
            formulas += [f"{path.name}:{k}: {c[:20]!r}" for c in row if c.startswith(FORMULA)
                         and not _number(c)]  # fmt: skip
    checks.append(Check("no CSV text cell starts a formula", "writing", not formulas,
                        "; ".join(formulas[:3])))  # fmt: skip
    md = MarkdownIt()  # raw HTML allowed
    live = []
    for p in sorted((out / "reports").glob("*.md")) if (out / "reports").is_dir() else []:
        for tag, attrs in _tags(md.render(p.read_text("utf-8"))):
            if tag not in MD_TAGS or attrs:
                live.append(f"{p.name}: <{tag}>")
    checks.append(Check("Markdown carries no tag from an article", "writing", not live,
                        "; ".join(live[:3])))  # fmt: skip
    # framing's own inline script (sorting, filtering, paging, taps) is allowed, and only it:
    # the same text as pages.js.j2, run by its hash in the page's Content-Security-Policy
    own = page_script(environment())
    policy = csp(own)
    pages = []
    for p in sorted(out.rglob("*.html")):
        page = p.read_text("utf-8")
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S | re.I)
        if any(x != own for x in scripts) or (scripts and policy not in html.unescape(page)):
            pages.append(f"{p.name}: a <script> not framing's own")
        for tag, attrs in _tags(page):
            if tag in ("iframe", "object", "embed") or any(
                a.lower().startswith("on") for a, _v in attrs
            ):
                pages.append(f"{p.name}: <{tag}>")
    checks.append(Check("HTML pages carry no script but framing's own, no handler", "writing",
                        not pages, "; ".join(pages[:3])))  # fmt: skip
    return checks


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _check_lexicons(lex: Path, cwd: Path) -> list[Check]:
    checks = []
    for what, args in (
        ("aliased lexicon", ["lexicon", "validate", str(lex / "aliased.yaml")]),
        ("billion laughs import", ["lexicon", "import", str(lex / "laughs.yml"), "--out",
                                   str(cwd / "laughs.yaml")]),
    ):  # fmt: skip
        t0 = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-m", "framing", *args], cwd=cwd,
                                  capture_output=True, text=True, timeout=60)  # fmt: skip
            ok = done.returncode == 1 and done.stderr.count("\n") == 1 and "aliases" in done.stderr
            detail = f"{time.perf_counter() - t0:.1f} s: {done.stderr.strip()[:120]}"
        except subprocess.TimeoutExpired:
            ok, detail = False, "still running after 60 s"
        checks.append(Check(f"{what}: one-line error", "writing", ok, detail))
    from framing.lexicon.convert import import_dictionary

    t0 = time.perf_counter()
    n = import_dictionary(lex / "big.dic").n_terms
    seconds = time.perf_counter() - t0
    checks.append(Check("100,000-entry .dic imports", "writing", n == 200_000,
                        f"{n} terms in {seconds:.1f} s"))  # fmt: skip
    (cwd / "laughs.yaml").unlink(missing_ok=True)
    return checks


def cleanup(root: Path) -> None:
    locked = root / "in" / "wire" / "locked"
    if locked.exists():
        locked.chmod(stat.S_IRWXU)
    shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--without", action="append", default=[], metavar="NAME",
                    help="leave an input out (e.g. fifo.txt); repeatable")  # fmt: skip
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="framing-adversarial-"))
    if args.keep:
        cleanup(root)
        root.mkdir(parents=True)
    try:
        checks = run(root, jobs=args.jobs, timeout=args.timeout, without=tuple(args.without))
    finally:
        if not args.keep:
            cleanup(root)
    for ch in checks:
        mark = "PASS" if ch.ok else "FAIL"
        detail = " ".join(ch.detail.split())
        print(f"{mark}  [{ch.side:7}] {ch.name}" + (f"  ({detail})" if detail else ""))
    failed = [ch for ch in checks if not ch.ok]
    print(f"\n{len(checks) - len(failed)}/{len(checks)} checks pass", end="")
    sides = sorted({ch.side for ch in failed})
    print(f"; failing sides: {', '.join(sides)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
