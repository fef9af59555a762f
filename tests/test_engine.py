"""Engines: the same bytes whatever --jobs or --engine; the cache; the options' errors."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.analyze import analyze_to_folder, tail_shards
from framing.cli import app
from framing.engine import SHARD_SIZE
from framing.errors import UsageError
from framing.pipeline import Resources
from tests.conftest import POLNEAR, SEEDS, needs_polnear

runner = CliRunner()

TINY = [
    "The mayor said the bridge would reopen next week.\n\n"
    "Officials said repairs cost more than the city had planned.",
    "Police said two people were arrested after the match.\n\n"
    "Follow us on Twitter for more news from the city every day.",
    "The ministry said the border was calm on Sunday.\n\n"
    "Follow us on Twitter for more news from the city every day.",
    "“We will not retreat,” the minister told reporters in Baku.",
    "Residents complained about the noise, according to a local newspaper.",
    "The company announced that it would cut 200 jobs, a spokeswoman said.",
    # hits in two categories of one lexicon, named in the lexicon in other than sorted order
    "The so-called plan is clearly too expensive. The council disagrees.",
    "Ceasefire talks resumed in Geneva, diplomats said on Monday.",
    "A court in Yerevan ruled that the election results were valid.",
    "Farmers said the drought had destroyed half of the harvest.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Seeds and tiny texts: more than one shard, so --jobs 2 starts its workers, and one
    paragraph that recurs (the corpus step relabels two reports after the parse)."""
    d = tmp_path_factory.mktemp("corpus")
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, d / p.name)
    for k, text in enumerate(TINY):
        (d / f"tiny{k:02d}.txt").write_text(text + "\n", encoding="utf-8")
    assert len(TINY) + 2 > SHARD_SIZE
    return d


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def one_job(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jobs1")
    result = analyze_to_folder([corpus], out, jobs=1)
    assert result.articles == len(TINY) + 2
    assert result.parsed == result.articles and result.cached == 0
    return out


@pytest.mark.slow
def test_jobs_2_writes_the_same_bytes_as_jobs_1(corpus, one_job, tmp_path):
    result = analyze_to_folder([corpus], tmp_path, jobs=2)
    assert result.parsed == len(TINY) + 2
    got, want = files(tmp_path), files(one_job)
    assert sorted(got) == sorted(want)
    for name, data in want.items():
        assert got[name] == data, name
    # the recurring note was found, and the reports written in the first phase relabelled
    note = json.loads((tmp_path / "reports" / "tiny01.json").read_text("utf-8"))
    assert note["paragraphs"][-1]["boilerplate"]["recurring_group"]
    md = (tmp_path / "reports" / "tiny01.md").read_text("utf-8")
    assert note["paragraphs"][-1]["boilerplate"]["label"] in md


@pytest.mark.slow
def test_jobs_2_workers_write_the_reports_and_cache_entries_a_rerun_reads(corpus, tmp_path):
    out = tmp_path / "out"
    result = analyze_to_folder([corpus], out, jobs=2)
    assert result.parsed == len(TINY) + 2
    # the workers wrote the provisional files: the parent wrote none of them
    assert "write reports" not in result.timings
    entries = list((out / ".framing-cache" / "reports").rglob("*.json.z"))
    assert len(entries) == len(TINY) + 2  # none pruned as unused at the run's end
    rerun = analyze_to_folder([corpus], out, jobs=2)
    assert (rerun.parsed, rerun.cached) == (0, len(TINY) + 2)


@pytest.mark.slow
def test_the_callbacks_get_the_same_reports_whatever_the_jobs(corpus, tmp_path):
    got = {}
    for jobs in (1, 2):
        reports: list = []
        ticks: list[int] = []
        tick = functools.partial(ticks.append, 1)
        analyze_to_folder([corpus], tmp_path / f"jobs{jobs}", jobs=jobs, cache=False,
                          on_article=reports.append, on_progress=tick)  # fmt: skip
        assert len(reports) == len(ticks) == len(TINY) + 2
        got[jobs] = reports
    # with --jobs 2, the workers write the reports and this process reads them back
    assert got[2] == got[1]


def test_rerun_parses_nothing_and_writes_the_same_bytes(corpus, one_job, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(one_job, out)
    before = files(out)

    def no_parse(*_args, **_kw):
        raise AssertionError("parsed on a re-run over an unchanged folder")

    monkeypatch.setattr("framing.engine.run_shard", no_parse)
    monkeypatch.setattr("framing.nlp.load_nlp", no_parse)
    result = analyze_to_folder([corpus], out, jobs=1)
    assert result.parsed == 0 and result.cached == len(TINY) + 2
    assert files(out) == before


def test_changed_article_is_the_only_one_parsed(corpus, one_job, tmp_path, monkeypatch):
    import framing.engine as engine

    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    (src / "tiny05.txt").write_text("The union said the strike would go on.\n", encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(one_job, out)
    parsed: list[str] = []
    real = engine.run_shard

    def counting(config, articles):
        parsed.extend(a.id for a in articles)
        return real(config, articles)

    monkeypatch.setattr("framing.engine.run_shard", counting)
    result = analyze_to_folder([src], out, jobs=1)
    assert parsed == ["tiny05"]
    assert (result.parsed, result.cached) == (1, len(TINY) + 1)
    # the same bytes as a run without the cache
    fresh = tmp_path / "fresh"
    analyze_to_folder([src], fresh, jobs=1, cache=False)
    got, want = files(out), files(fresh)
    assert {k: v for k, v in got.items() if not k.startswith(".framing-cache")} == want
    # the old entry of tiny05 was removed: one entry per article
    entries = list((out / ".framing-cache" / "reports").rglob("*.json.z"))
    assert len(entries) == len(TINY) + 2


def test_no_cache_parses_everything(corpus, one_job, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(one_job, out)
    result = analyze_to_folder([corpus], out, jobs=1, cache=False)
    assert (result.parsed, result.cached) == (len(TINY) + 2, 0)
    stamp = ".framing-cache/run.json"  # forgotten: the run rewrote every report
    assert files(out) == {k: v for k, v in files(one_job).items() if k != stamp}
    assert not (out / ".framing-cache" / "run.json").exists()


@pytest.mark.slow
def test_dask_engine_writes_the_same_bytes(corpus, one_job, tmp_path):
    pytest.importorskip("distributed", reason="dask is not installed (pip install framing[dask])")
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = analyze_to_folder(
            [corpus], tmp_path, engine="dask", scheduler=cluster.scheduler_address, cache=False
        )
    assert result.parsed == len(TINY) + 2
    want = {k: v for k, v in files(one_job).items() if not k.startswith(".framing-cache")}
    assert files(tmp_path) == want


@pytest.mark.slow
@needs_polnear
def test_dask_engine_matches_local_on_polnear_dev(tmp_path):
    """A few PolNeAR dev articles (from the shared folder, copied to tmp only): the dask engine
    on a LocalCluster with two workers writes what the local engine writes."""
    pytest.importorskip("distributed", reason="dask is not installed (pip install framing[dask])")
    from distributed import LocalCluster

    src = tmp_path / "dev"
    src.mkdir()
    for p in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[::17]:  # one per outlet or so
        shutil.copy(p, src / p.name)
    local = analyze_to_folder([src], tmp_path / "local", jobs=1, cache=False)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        dask = analyze_to_folder(
            [src], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
            cache=False, batch_size=2,
        )  # fmt: skip
    assert local.articles == dask.articles == len(list(src.glob("*.txt"))) >= 4
    assert dask.attributions > 0
    assert files(tmp_path / "dask") == files(tmp_path / "local")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "Error: --engine must be 'local' or 'dask', not 'spark'"),
        (["--scheduler", "tcp://x:8786"], "Error: --scheduler needs --engine dask"),
        (["--format", "xml"], "Error: --format must be 'csv' or 'parquet', not 'xml'"),
    ],
)
def test_bad_engine_options(tmp_path, args, message):
    out = tmp_path / "o"
    result = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(out), *args])
    assert result.exit_code == 1
    assert result.output.strip() == message
    assert not out.exists()


def test_missing_extras_are_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(
        app, ["analyze", str(SEEDS), "--out", str(tmp_path / "o"), "--engine", "dask"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: --engine dask needs Dask; install it with: pip install 'framing[dask]'"
    )
    with pytest.raises(UsageError, match=r"pip install 'framing\[parquet\]'"):
        analyze_to_folder([SEEDS], tmp_path / "p", table_format="parquet")
    assert not (tmp_path / "p").exists()


def test_jobs_must_be_positive(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 1  # typer's own range check: a usage error, exit code 1
    assert result.stderr == (
        "Error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1 "
        "(see 'framing analyze --help')\n"
    )
    with pytest.raises(UsageError, match="^jobs must be at least 1, not 0"):
        analyze_to_folder([SEEDS], tmp_path / "o", jobs=0)


def test_strings_are_freed_every_zone_of_articles(monkeypatch):
    """The vocabulary does not grow with the corpus: the engine's model parses in a
    ``memory_zone`` kept open over several shards (re-making every word's lexeme each shard
    cost 6-9% of the parse), and closed after ZONE_ARTICLES articles, which frees the
    strings of the words it met."""
    from framing import engine
    from framing.read import article_from_text

    monkeypatch.setattr(engine, "ZONE_ARTICLES", 2)

    def article(word: str):
        return article_from_text(f"{word} said the plan would work.", id=word, source_path="z")

    config = engine.WorkConfig(Resources.load(), render=False, key="zone test")
    nlp = engine.worker_state(config).analyzer.nlp
    (first,) = engine.run_shard(config, [article("Zqxjvbrumple")])
    assert "Zqxjvbrumple" in first.report.text
    assert "Zqxjvbrumple" in nlp.vocab.strings  # the zone is open: 1 article of 2
    engine.run_shard(config, [article("Blorfindle")])
    assert "Zqxjvbrumple" in nlp.vocab.strings  # 2 of 2
    engine.run_shard(config, [article("Quenvatrix")])  # a new zone: the old one's words go
    assert "Zqxjvbrumple" not in nlp.vocab.strings
    assert "Blorfindle" not in nlp.vocab.strings
    assert "Quenvatrix" in nlp.vocab.strings
    assert "said" in nlp.vocab.strings  # the strings the pipeline keeps stay
    (again,) = engine.run_shard(config, [article("Zqxjvbrumple")])
    assert again == first  # the same report whichever zone parsed it


def test_new_article_before_many_cached_ones(corpus, one_job, tmp_path, monkeypatch):
    """Cached reports waiting behind a shard still being filled: the shard is sent early
    (the wait is bounded) and the output is the same."""
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    first = sorted(src.glob("*.txt"))[0]
    first.write_text(first.read_text("utf-8") + "\nThe envoy said talks would go on.\n", "utf-8")
    out = tmp_path / "out"
    shutil.copytree(one_job, out)
    result = analyze_to_folder([src], out, jobs=1, batch_size=2)  # a window of 8 articles
    assert (result.parsed, result.cached) == (1, len(TINY) + 1)
    assert result.articles == len(TINY) + 2
    report = json.loads((out / "reports" / f"{first.stem}.json").read_text("utf-8"))
    assert "The envoy said talks would go on." in report["text"]


@pytest.mark.parametrize(
    ("n", "batch", "jobs", "sizes"),
    [
        (5, 8, 1, [5]),
        (15, 8, 2, [2, 2, 2, 2, 2, 2, 2, 1]),
        (9, 8, 2, [2, 2, 2, 2, 1]),
        (3, 8, 2, [1, 1, 1]),
        (0, 8, 2, []),
        (15, 8, 4, [1] * 15),
        (7, 2, 2, [1] * 7),
    ],
)
def test_the_last_articles_go_out_in_small_shards_when_several_workers_wait(n, batch, jobs, sizes):
    parts = tail_shards(list(range(n)), batch, jobs)
    assert [len(p) for p in parts] == sizes
    assert [x for p in parts for x in p] == list(range(n))  # in order, each once


def _count_starts(monkeypatch) -> list[int]:
    """Shards submitted to a ProcessEngine (their sizes) and worker starts, recorded."""
    import framing.engine as engine

    seen: list[int] = []
    submit, start = engine.ProcessEngine.submit, engine.ProcessEngine._start

    def counting_submit(self, articles, then=None):
        seen.append(len(articles))
        return submit(self, articles, then)

    def counting_start(self):
        seen.append(-1)  # -1: the workers started
        return start(self)

    monkeypatch.setattr(engine.ProcessEngine, "submit", counting_submit)
    monkeypatch.setattr(engine.ProcessEngine, "_start", counting_start)
    return seen


def test_an_input_of_one_shard_with_jobs_2_starts_no_worker(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for k, text in enumerate(TINY[:3]):
        (src / f"t{k}.txt").write_text(text + "\n", encoding="utf-8")
    seen = _count_starts(monkeypatch)
    result = analyze_to_folder([src], tmp_path / "out", jobs=2, cache=False)
    assert result.parsed == 3
    assert seen == [3]  # one shard, run in this process


@pytest.mark.slow
def test_the_tail_of_a_longer_input_goes_out_in_small_shards(corpus, tmp_path, monkeypatch):
    seen = _count_starts(monkeypatch)
    result = analyze_to_folder([corpus], tmp_path / "out", jobs=2, cache=False, batch_size=4)
    n = len(TINY) + 2
    assert result.parsed == n
    assert -1 in seen  # the workers ran
    sizes = [x for x in seen if x > 0]
    assert sum(sizes) == n
    full = (n // 4 - 1) * 4  # shards sent whole; the last full one is held, then split
    assert sizes[: full // 4] == [4] * (full // 4)
    assert max(sizes[full // 4 :]) == 1  # what is left: 4 to 7 articles in shards of 1


@pytest.mark.slow
def test_changed_articles_before_cached_ones_with_jobs_2(corpus, one_job, tmp_path):
    """With several workers a full shard is held back, and the last articles go out in small
    shards; cached reports waiting behind the held shard send it early. Same bytes as one
    job."""
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    for p in sorted(src.glob("*.txt"))[:5]:
        p.write_text(p.read_text("utf-8") + "\nThe envoy said talks would go on.\n", "utf-8")
    outs = {}
    for jobs in (1, 2):
        outs[jobs] = tmp_path / f"out{jobs}"
        shutil.copytree(one_job, outs[jobs])
        result = analyze_to_folder([src], outs[jobs], jobs=jobs, batch_size=2)  # window 16
        assert (result.parsed, result.cached) == (5, len(TINY) - 3)
    got, want = files(outs[2]), files(outs[1])
    assert sorted(got) == sorted(want)
    for name, data in want.items():
        assert got[name] == data, name


@pytest.mark.slow
def test_model_that_fails_to_load_in_the_workers_is_a_one_line_error(corpus, tmp_path):
    from framing.errors import ModelNotFoundError
    from framing.nlp import model_dir

    broken = tmp_path / "broken_model"
    broken.mkdir()
    shutil.copy(model_dir() / "meta.json", broken / "meta.json")  # no config, no weights
    with pytest.raises(ModelNotFoundError, match="cannot load spaCy model"):
        analyze_to_folder([corpus], tmp_path / "out", model=str(broken), jobs=2)


def test_markdown_and_html_are_rendered_from_the_json(one_job):
    """Whether written right after the parse or after the corpus step, an article's .md and
    .html are what its .json renders to (key order included)."""
    from framing.report import read_report, render_article_html, render_markdown

    for path in sorted((one_job / "reports").glob("*.json")):
        report = read_report(path)
        assert path.with_suffix(".md").read_text("utf-8") == render_markdown(report), path.name
        assert path.with_suffix(".html").read_text("utf-8") == render_article_html(report)


@pytest.mark.slow
def test_second_shard_starts_the_workers_even_after_the_first_ran_here():
    """A caller may wait for the first shard (e.g. behind many cached articles), which runs it
    in this process; a second shard must still go to the worker processes."""
    from concurrent.futures import Future

    import framing.engine as engine
    from framing.read import article_from_text

    arts = [
        article_from_text(t, id=f"t{k}", source_path=f"t{k}.txt") for k, t in enumerate(TINY[:2])
    ]
    eng = engine.ProcessEngine(engine.WorkConfig(Resources.load(), 1, render=False), jobs=2)
    try:
        first = eng.submit([arts[0]])
        assert first.result()[0].report.id == "t0"  # ran here: no pool yet
        assert not eng.started
        second = eng.submit([arts[1]])
        assert eng.started
        assert isinstance(second, Future)  # of the pool, not run here
        assert second.result()[0].report.id == "t1"
    finally:
        eng.close()


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (zombies left out: they hold no memory)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_main_process_is_killed(corpus, tmp_path):
    """``kill -9`` of framing analyze left its --jobs workers running (270 MB each, blocked
    on their task pipe); now each one dies with it."""
    import signal
    import subprocess
    import sys
    import time

    cmd = [sys.executable, "-m", "framing", "analyze", str(corpus), "--out", str(tmp_path / "o"),
           "--jobs", "2", "--batch-size", "1", "--no-cache", "-q"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    descendants: list[int] = []
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            own = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            workers = [  # spawned (spawn_main) or forked (the parent's command line)
                k for k in _children(proc.pid)
                if (line := Path(f"/proc/{k}/cmdline").read_bytes()) == own
                or b"spawn_main" in line
            ]  # fmt: skip
        assert len(workers) == 2, "the workers did not start"
        descendants = _children(proc.pid)  # the workers and multiprocessing's resource tracker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 60
        while any(_alive(k) for k in descendants) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [k for k in descendants if _alive(k)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for k in descendants:  # what a failed test left: not to leak it
            if _alive(k):
                os.kill(k, signal.SIGKILL)


class _PickledWorkers:
    """Stands for a running ProcessEngine: runs each call at once, here, on what a worker
    process would receive (the call pickled and unpickled) and sends back the same way."""

    max_in_flight = 2

    def __init__(self, fail: bool = False) -> None:
        self.tasks: list[int] = []
        self.fail = fail

    def call(self, fn, *args):
        import pickle
        from concurrent.futures import Future

        done: Future = Future()
        fn, args = pickle.loads(pickle.dumps((fn, args)))
        self.tasks.append(len(args[-1]))
        if self.fail:
            done.set_exception(OSError("No space left on device"))
        else:
            done.set_result(pickle.loads(pickle.dumps(fn(*args))))
        return done


def test_the_corpus_step_in_worker_processes_writes_the_same_bytes(
    corpus, one_job, tmp_path, monkeypatch
):
    import framing.analyze

    workers = _PickledWorkers()
    monkeypatch.setattr(framing.analyze._InOrder, "workers", lambda self: workers)
    result = analyze_to_folder([corpus], tmp_path, jobs=1)
    got, want = files(tmp_path), files(one_job)
    assert sorted(got) == sorted(want)
    for name, data in want.items():
        assert got[name] == data, name
    # eight articles per task, the last one shorter
    n = result.articles
    assert workers.tasks == [8] * (n // 8) + ([n % 8] if n % 8 else [])


def test_a_corpus_step_that_fails_in_a_worker_fails_the_run(corpus, tmp_path, monkeypatch):
    import framing.analyze

    monkeypatch.setattr(framing.analyze._InOrder, "workers", lambda self: _PickledWorkers(True))
    with pytest.raises(OSError, match="No space left on device"):
        analyze_to_folder([corpus], tmp_path, jobs=1, cache=False)
    assert not (tmp_path / "summary.json").exists()  # nothing committed


def test_totals_added_up_in_parts_and_merged_are_the_totals_added_one_by_one(one_job):
    from framing.analyze import _Totals
    from framing.report import read_report

    reports = [read_report(p) for p in sorted((one_job / "reports").glob("*.json"))]
    reports = reports + reports[::-1]  # every speaker, category and outlet in several parts
    whole, merged = _Totals(), _Totals()
    for k, r in enumerate(reports):
        whole.add(r, {}, k)
    for start in range(0, len(reports), 8):
        part = _Totals()
        for k, r in enumerate(reports[start : start + 8], start):
            part.add(r, {}, k)
        merged.merge(part)
    assert whole.speakers.attributions > 0 and whole.lexicons.cats
    assert merged.attributions == whole.attributions
    assert merged.index_rows == whole.index_rows
    for name in ("outlets", "kinds", "group_rows"):  # the same items, in the same order
        assert list(getattr(merged, name).items()) == list(getattr(whole, name).items())
    assert merged.speakers.ranked() == whole.speakers.ranked()
    assert [(k, {w: list(v.items()) if isinstance(v, Counter) else v for w, v in d.items()})
            for k, d in merged.speakers.by_key.items()] == [
        (k, {w: list(v.items()) if isinstance(v, Counter) else v for w, v in d.items()})
        for k, d in whole.speakers.by_key.items()]  # fmt: skip
    assert merged.speakers.anonymous == whole.speakers.anonymous
    assert merged.lexicons.summary() == whole.lexicons.summary()
    assert merged.lexicons.cats == whole.lexicons.cats
    assert vars(merged.boilerplate) == vars(whole.boilerplate)


def test_a_call_before_the_workers_start_is_refused():
    from framing.engine import ProcessEngine, WorkConfig

    engine = ProcessEngine(WorkConfig(Resources.load(lexicons=None, pipeline="fast")), 2)
    assert not engine.started
    with pytest.raises(RuntimeError, match="the worker processes are not running"):
        engine.call(print, "never")
