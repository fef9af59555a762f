"""framing.read.inputs: folders, files and globs; ids, outlets, size limits, dispatch by
suffix, and the usage errors raised before anything is read."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import pytest

from framing.errors import UsageError
from framing.read import count_items, read_articles, safe_id
from framing.schema import Article, Skipped
from tests.conftest import unsearchable

QUOTE = "The minister said \u201cwe will not retreat,\u201d and left the room."


def refusing(real, path: Path):
    """``real`` (os.open, os.scandir), refusing ``path`` the way the operating system refuses
    it to anyone but root (the tests run as root)."""

    def call(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and Path(file) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real(file, *args, **kwargs)

    return call


def items(*inputs, **kw) -> tuple[list[Article], list[Skipped]]:
    got = list(read_articles([str(i) for i in inputs], **kw))
    return (
        [a for a in got if isinstance(a, Article)],
        [s for s in got if isinstance(s, Skipped)],
    )


def test_folder_outlets_ids_and_loops(tmp_path):
    root = tmp_path / "corpus"
    (root / "cnn").mkdir(parents=True)
    (root / "fox" / "2020").mkdir(parents=True)
    (root / "cnn" / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    (root / "fox" / "2020" / "a.txt").write_text("The mayor said no.", encoding="utf-8")
    (root / "ap_b.txt").write_text("Officials said maybe.", encoding="utf-8")
    (root / ".hidden.txt").write_text("Not read.", encoding="utf-8")
    (root / "a.ann").write_text("T1\tSource 0 3\tThe\n", encoding="utf-8")
    os.symlink(root, root / "cnn" / "loop")
    arts, skipped = items(root, outlet_pattern=r"^([^_]+)_")
    assert skipped == []
    assert [(a.id, a.outlet) for a in arts] == [
        ("ap_b", "ap"),
        ("cnn__a", "cnn"),
        ("fox__2020__a", "fox"),
    ]


def test_same_stem_twice_gets_unique_ids(tmp_path):
    (tmp_path / "x.txt").write_text("One said.", encoding="utf-8")
    (tmp_path / "x.md").write_text("Two said.", encoding="utf-8")
    arts, _ = items(tmp_path / "x.txt", tmp_path / "x.md")
    assert [a.id for a in arts] == ["x", "x-2"]


def test_safe_id():
    assert [safe_id(i) for i in ("a b", "../x", "...", "ok.v2-1_a")] == [
        "a_b",
        "x",
        "article",
        "ok.v2-1_a",
    ]


def test_glob_input(tmp_path):
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(f"{n} said.", encoding="utf-8")
    arts, _ = items(tmp_path / "*.txt")
    assert [a.id for a in arts] == ["a", "b"]


def test_html_file_gives_its_main_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><body><nav>Menu</nav><p>The envoy said so.</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "blank.htm").write_text("<html><script>x()</script></html>", encoding="utf-8")
    arts, skipped = items(tmp_path / "page.html", tmp_path / "blank.htm")
    assert [(a.id, a.text) for a in arts] == [("page", "The envoy said so.\n")]
    assert [s.reason for s in skipped] == ["no text in the HTML page"]


def test_size_limit_is_checked_before_reading(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 700_000)
    _, skipped = items(f)
    assert [s.reason for s in skipped] == [
        "file is 3.5 MB, over the 2.0 MB limit (raise it with --max-bytes)"
    ]
    arts, _ = items(f, max_bytes=4_000_000)
    assert len(arts) == 1


def test_usage_errors_are_raised_before_reading(tmp_path):
    with pytest.raises(UsageError, match=r"^input not found: .*nope$"):
        read_articles([str(tmp_path / "nope")])
    with pytest.raises(UsageError, match=r"^no files match: .*\*\.zzz$"):
        read_articles([str(tmp_path / "*.zzz")])
    with pytest.raises(UsageError, match=r"^no inputs given$"):
        read_articles([])


def test_bad_outlet_pattern_names_the_parameter(tmp_path):
    with pytest.raises(UsageError, match=r"^outlet_pattern: invalid regular expression") as err:
        read_articles([str(tmp_path)], outlet_pattern="(")
    assert err.value.params == ("outlet_pattern",)
    assert err.value.render(lambda p: "--" + p.replace("_", "-")).startswith(
        "--outlet-pattern: invalid regular expression"
    )
    with pytest.raises(UsageError, match=r"^outlet_pattern: '\^abc' has no group") as err:
        read_articles([str(tmp_path)], outlet_pattern="^abc")
    assert err.value.params == ("outlet_pattern",)


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text("The minister said so.", encoding="utf-8")
    f.chmod(0)
    # root reads files whatever their mode (and CI runs as root): refuse this one file the way
    # the operating system refuses it to anyone else
    monkeypatch.setattr(os, "open", refusing(os.open, f))
    _, skipped = items(f)
    assert [s.reason for s in skipped] == ["cannot read: Permission denied"]


def test_source_path_and_text_of_a_file(tmp_path):
    f = tmp_path / "w.txt"
    f.write_bytes(QUOTE.encode("cp1252"))
    (a,), _ = items(f)
    assert a.source_path == str(f)
    assert a.text == QUOTE
    assert Path(a.source_path).name == "w.txt"


def test_count_items_counts_files_and_jsonl_lines(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{bad\n', "utf-8")
    assert count_items([tmp_path]) == 5
    (tmp_path / "t.csv").write_text("text\nx\n", encoding="utf-8")
    assert count_items([tmp_path]) is None  # CSV rows are not counted cheaply
    assert count_items([tmp_path / "missing"]) is None


def test_count_items_gives_up_when_walking_is_slow(tmp_path):
    for k in range(1000):
        (tmp_path / f"{k}.txt").write_text("x", encoding="utf-8")
    assert count_items([tmp_path]) == 1000
    assert count_items([tmp_path], limit_seconds=-1) is None


def test_long_ids_are_shortened_unique_and_stable(tmp_path):
    # issue 17 item 2: an id of 237+ characters made too long a file name (reports/ID.html)
    from framing.fsutil import atomic_write_text
    from framing.read.inputs import MAX_ID_BYTES

    long = "x" * 300
    (tmp_path / "rows.jsonl").write_text(
        "".join(f'{{"id": "{long}{k}", "text": "Police said {k}."}}\n' for k in (1, 2, 2))
        + f'{{"id": "{"é" * 200}", "text": "Police said no."}}\n',
        encoding="utf-8",
    )
    deep = tmp_path / "/".join(["folder-" + "d" * 40] * 6)
    deep.mkdir(parents=True)
    (deep / ("f" * 240 + ".txt")).write_text("The envoy said so.", encoding="utf-8")
    arts, skipped = items(tmp_path)
    ids = [a.id for a in arts]
    assert skipped == [] and len(set(ids)) == 5
    assert all(len(i.encode("utf-8")) <= MAX_ID_BYTES and safe_id(i) == i for i in ids)
    assert ids[0].startswith("folder-dddd") and ids[1].startswith("xxxx")
    assert ids[1][-13:] != ids[2][-13:]  # the hash of the whole id tells them apart
    assert ids[3] == ids[2][: MAX_ID_BYTES - 2] + "-2"  # a repeated id still fits
    assert ids[4].startswith("éééé")
    given = [a.metadata.get("id") for a in arts[1:]]
    assert given == [long + "1", long + "2", long + "2", "é" * 200]
    assert [a.id for a in items(tmp_path)[0]] == ids  # the same on every run
    for i in ids:
        atomic_write_text(tmp_path / "out" / f"{i}.html", "ok")


def test_non_ascii_ids_keep_their_letters_and_rows_their_id(tmp_path):
    # issue 17 item 12: "Ünïcødé-日本" became "n_c_d_-" and "é" became "article-N"
    from framing.report.tables import article_row
    from tests.factories import make_report

    (tmp_path / "Ünïcødé-日本.txt").write_text("The mayor said yes.", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(
        '{"id": "é", "text": "One said so."}\n{"id": "a/b c", "text": "Two said so."}\n'
        '{"id": 7, "text": "Three said so."}\n{"text": "Four said so."}\n',
        encoding="utf-8",
    )
    arts, _ = items(tmp_path)
    assert [(a.id, a.metadata.get("id")) for a in arts] == [
        ("é", "é"), ("a_b_c", "a/b c"), ("7", "7"), ("rows__4", None), ("Ünïcødé-日本", None)
    ]  # fmt: skip
    assert safe_id("e\u0301 हिन्दी") == "\u00e9_हिन्दी"  # composed; combining marks kept
    report = make_report("a_b_c", "x", ["Two said so."])
    report = dataclasses.replace(report, metadata={"id": "a/b c"})
    assert article_row(report)["source_id"] == "a/b c"


def test_special_files_are_skipped_not_opened(tmp_path):
    # issue 17 item 3: a FIFO in an input folder blocked the run forever
    import socket

    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.txt"))
        (tmp_path / "ok.txt").write_text("Officials said.", encoding="utf-8")
        arts, skipped = items(tmp_path)
        assert count_items([tmp_path]) == 4
    assert [a.id for a in arts] == ["ok"]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("pipe.jsonl", "not a regular file (a FIFO (named pipe))"),
        ("pipe.txt", "not a regular file (a FIFO (named pipe))"),
        ("sock.txt", "not a regular file (a socket)"),
    ]
    _, skipped = items("/dev/null")
    assert [s.reason for s in skipped] == ["not a regular file (a character device)"]


def test_left_out_entries_are_listed(tmp_path, monkeypatch):
    # issue 17 item 7: an unreadable sub-folder and a symlink loop were dropped silently, and
    # hidden entries were left out without a word
    (tmp_path / "cnn" / "locked").mkdir(parents=True)
    (tmp_path / "cnn" / "locked" / "x.txt").write_text("Not reachable.", encoding="utf-8")
    (tmp_path / "cnn" / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: main", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text("Not read.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "cnn" / "up")  # a cycle: its files are read already
    os.symlink("self", tmp_path / "self")  # a loop that cannot be resolved
    os.symlink("cnn/a.txt", tmp_path / "same.txt")  # a file read already
    unsearchable(monkeypatch, tmp_path / "cnn" / "locked")
    ignored: list[Skipped] = []
    arts, skipped = items(tmp_path, on_ignore=ignored.append)
    assert [a.id for a in arts] == ["cnn__a"]
    rel = [(str(Path(s.path).relative_to(tmp_path)), s.reason) for s in skipped]
    assert rel == [
        ("cnn/locked", "cannot read the folder: Permission denied"),
        ("self", "cannot read: Too many levels of symbolic links"),
    ]
    rel = [(str(Path(s.path).relative_to(tmp_path)), s.reason) for s in ignored]
    assert rel == [
        (".git", "hidden (its name starts with '.')"),
        (".notes.txt", "hidden (its name starts with '.')"),
        ("cnn/up", "links to a folder read already"),
        ("same.txt", f"the same file as {tmp_path / 'cnn' / 'a.txt'} (read once)"),
    ]


def test_a_file_given_inside_an_unsearchable_folder_is_skipped(tmp_path, monkeypatch):
    # looking at it raised PermissionError out of read_articles (the CLI called it a write
    # error: "Error: cannot write IN/locked/x.txt: Permission denied")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("Not reachable.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    unsearchable(monkeypatch, tmp_path / "locked")
    arts, skipped = items(tmp_path / "locked" / "x.txt", tmp_path / "a.txt")
    assert [a.id for a in arts] == ["a"]
    assert [(s.path, s.reason) for s in skipped] == [
        (str(tmp_path / "locked" / "x.txt"), "cannot read: Permission denied")
    ]


def test_output_folders_are_never_read(tmp_path):
    # issue 17 item 10: --out inside the input folder re-read earlier reports as articles
    (tmp_path / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "a.md").write_text("# a\n\nThe mayor said yes.", encoding="utf-8")
    old = tmp_path / "old"  # an earlier run's output, made with --no-cache
    (old / "reports").mkdir(parents=True)
    (old / "summary.json").write_text("{}", encoding="utf-8")
    (old / "articles.csv").write_text("id,text\na,The mayor said.\n", encoding="utf-8")
    ignored: list[Skipped] = []
    arts, skipped = items(tmp_path, exclude=[out], on_ignore=ignored.append)
    assert [a.id for a in arts] == ["a"] and skipped == []
    assert count_items([tmp_path], exclude=[out]) == 1
    assert [(Path(s.path).name, s.reason) for s in ignored] == [
        ("old", "holds a framing output (summary.json and .framing-cache or reports/)"),
        ("out", "the output folder (never read as input)"),
    ]
    ignored.clear()
    arts, _ = items(out / "reports" / "a.md", out, exclude=[out], on_ignore=ignored.append)
    assert arts == [] and len(ignored) == 2
