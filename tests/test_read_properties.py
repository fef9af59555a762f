"""Properties of the reader, on random inputs (hypothesis): random bytes, encodings, line ends,
file names and row ids never make :func:`read_articles` raise, never lose an input (every file
comes out as articles, skipped or ignored records), never cost another file its article, and
every article's offsets are offsets into its text."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.paragraphs import split_paragraphs
from framing.read import read_articles, safe_id
from framing.read.decode import Unreadable, decode_text
from framing.read.files import path_text
from framing.read.inputs import MAX_ID_BYTES
from framing.schema import Article, Skipped

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = "The ministry said the talks would resume.\n\nOfficials agreed.\n"

chars = st.characters(exclude_categories=("Cs",))  # text: no lone surrogates
lines = st.lists(st.text(chars, max_size=60), max_size=8)
eols = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\r", "\r\n\r\n"])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1",
                             "cp1251"])  # fmt: skip
suffixes = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv", ""])
# file names: any character a POSIX name may hold (no "/" or NUL), undecodable bytes included
names = st.one_of(
    st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1,
            max_size=50),
    st.binary(min_size=1, max_size=50).map(lambda b: os.fsdecode(b.replace(b"/", b"_")
                                                                 .replace(b"\0", b"_"))),
).filter(lambda n: n not in (".", ".."))  # fmt: skip


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, or random text in a random encoding and line ends, perhaps damaged."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    text = draw(eols).join(draw(lines))
    data = text.encode(draw(encodings), "replace")
    if data and draw(st.booleans()):  # one byte changed
        k = draw(st.integers(0, len(data) - 1))
        data = data[:k] + bytes([draw(st.integers(0, 255))]) + data[k + 1 :]
    return data


def check_article(a: Article) -> None:
    a.text.encode("utf-8")  # writable: no lone surrogates
    a.source_path.encode("utf-8")
    a.outlet.encode("utf-8")
    assert 0 <= a.body_start <= a.body_end <= len(a.text)
    for r in a.excluded:
        assert 0 <= r.start <= r.end <= len(a.text)
    for s, e in split_paragraphs(a.text, a.body_start, a.body_end):
        assert a.body_start <= s < e <= a.body_end
        assert a.text[s:e] == a.text[s:e].strip()
    assert safe_id(a.id) == a.id and len(a.id.encode("utf-8")) <= MAX_ID_BYTES


def read_all(*inputs: Path) -> tuple[list[Article], list[Skipped], list[Skipped]]:
    ignored: list[Skipped] = []
    got = list(read_articles([str(i) for i in inputs], on_ignore=ignored.append))
    arts = [a for a in got if isinstance(a, Article)]
    for a in arts:
        check_article(a)
    assert len({a.id for a in arts}) == len(arts)
    return arts, [s for s in got if isinstance(s, Skipped)], ignored


@FAST
@given(st.binary(max_size=2000))
def test_decode_random_bytes(data):
    try:
        decoded = decode_text(data)
    except Unreadable:
        return
    decoded.text.encode("utf-8")
    assert decoded.text.strip()


@FAST
@given(st.dictionaries(st.tuples(names, suffixes), file_bytes(), max_size=6))
def test_random_folder_loses_nothing(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        written = set()
        for (name, suffix), data in files.items():
            path = root / (name[:40] + suffix)
            if path.name in (".", "..") or path.exists():
                continue
            path.write_bytes(data)
            written.add(path_text(path))
        (root / "zz-good.txt").write_text(GOOD, encoding="utf-8")
        arts, skipped, ignored = read_all(root)
        # every file is accounted for, and the good one is read whole
        seen = {a.source_path for a in arts} | {s.path for s in skipped + ignored}
        assert seen == written | {str(root / "zz-good.txt")}
        good = [a for a in arts if a.source_path == str(root / "zz-good.txt")]
        assert [a.text for a in good] == [GOOD]
        for a in arts:  # a plain-text article's text is the file's decoded text
            path = Path(a.source_path)  # (a name that is not UTF-8 is shown, not found)
            if path.suffix.lower() in (".txt", ".md", "") and path.exists():
                assert a.text == decode_text(path.read_bytes()).text


row_ids = st.one_of(st.none(), st.integers(), st.text(chars, max_size=300))


@FAST
@given(st.lists(st.tuples(row_ids, st.lists(st.text(chars, max_size=40), max_size=4), eols),
                max_size=6), st.booleans())  # fmt: skip
def test_random_jsonl_rows(rows, lone_surrogate):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "rows.jsonl"
        out = []
        for rid, parts, eol in rows:
            record = {"text": eol.join(parts) or "x"}
            if rid is not None:
                record["id"] = rid
            line = json.dumps(record)
            if lone_surrogate:
                line = line.replace('"text": "', '"text": "\\udcff', 1)
            out.append(line)
        f.write_text("\n".join(out) + "\n", encoding="utf-8")
        arts, skipped, _ = read_all(f)
        # one article or one skipped record per line
        assert sorted([a.row for a in arts] + [s.line for s in skipped]) == list(
            range(1, len(rows) + 1)
        ) or (not rows and len(skipped) == 1)
        for a in arts:
            assert a.text.replace("\ufffd", "") == json.loads(out[a.row - 1])["text"].replace(
                "\udcff", ""
            )


# cells: printable text with quotes, delimiters and line ends (a text of control characters
# is a binary file, tested above)
specials = st.sampled_from(['"', ",", ";", "\n", "\r", "\t"])
cell = st.text(st.one_of(st.characters(exclude_categories=("Cs", "Cc")), specials), max_size=80)


@FAST
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=6),
       st.sampled_from(["\n", "\r\n", "\r"]))  # fmt: skip
def test_csv_written_by_csv_reads_back(rows, eol):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "rows.csv"
        buf = io.StringIO()
        # csv quotes a field holding a character of its line terminator, not any line end:
        # with "\r" or "\n" alone it would write a "\n" or "\r" unquoted
        minimal = eol == "\r\n"
        writer = csv.writer(buf, lineterminator=eol,
                            quoting=csv.QUOTE_MINIMAL if minimal else csv.QUOTE_ALL)  # fmt: skip
        writer.writerow(["id", "text"])
        writer.writerows(rows)
        f.write_text(buf.getvalue(), encoding="utf-8", newline="")
        arts, skipped, _ = read_all(f)
        expected = [(i.strip() or None, t) for i, t in rows if t.strip()]
        assert [(a.metadata.get("id", "").strip() or None, a.text) for a in arts] == expected
        assert len(skipped) == sum(1 for _, t in rows if not t.strip())


@FAST
@given(st.lists(st.text(st.sampled_from('ab ,"\n\r'), max_size=12), min_size=1, max_size=8))
def test_damaged_csv_never_raises(cells):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "rows.csv"
        f.write_text("id,text\n" + "\n".join(f"r{k},{c}" for k, c in enumerate(cells)) + "\n",
                     encoding="utf-8", newline="")  # fmt: skip
        arts, skipped, _ = read_all(f)
        lines = [a.row for a in arts] + [s.line for s in skipped]
        assert len(lines) == len(set(lines))  # one record per line at most
