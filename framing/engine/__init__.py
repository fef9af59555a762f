"""Where the per-article work runs: in this process, in worker processes, or on a Dask cluster.

The unit of work is a *shard*: a short list of articles, parsed together (one ``nlp.pipe``,
inside a spaCy ``memory_zone`` that a process keeps open for several shards, up to
:data:`~framing.config.ZONE_ARTICLES` articles, so the vocabulary does not grow with the
corpus) and turned
into report dicts. Shards are cut from the input order, whatever the engine or the number of
workers, so every Doc is parsed in the same batch and the output is the same bytes.

Each process loads the model once (:func:`worker_state`, cached per configuration) and sends
back compact results: typed reports with their rendered files (and, for articles whose
analysis failed, a ``Skipped``), never Docs.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from framing.config import SHARD_SIZE, ZONE_ARTICLES, usable_cores
from framing.encoder import Pieces
from framing.lexicon.match import LexTokens
from framing.nlp import parse
from framing.pipeline import Analyzer, Resources, build_report_and_tokens, failed
from framing.report import render_article_html, render_markdown, report_json
from framing.schema import Article, Report, Skipped


@dataclass(frozen=True)
class Analysed:
    """One article's report, with its files already rendered when the engine was asked to
    render (``files``: ``"json"`` and the pages asked for, ``"md"``, ``"html"`` -> text), and
    what lexicon matching read of its parse (``tokens``: for the cache, which scores other
    lexicons on them later)."""

    report: Report
    files: dict[str, str] | None = None
    tokens: LexTokens | None = None


Result = Analysed | Skipped


@dataclass(frozen=True)
class WorkConfig:
    """What a worker needs to analyze articles exactly as this process would."""

    resources: Resources
    batch_size: int = SHARD_SIZE
    render: bool = True  # also render each report's files (its JSON and ``pages``)
    #: the pages rendered beside the JSON: ``"md"``, ``"html"`` (``--reports``)
    pages: frozenset[str] = frozenset({"md", "html"})
    key: str = field(default="", compare=False)  # the run's fingerprint: one state per key
    #: the accurate pipeline's encoder threads in each process (0: every usable core): the
    #: encoder runs beside the parse, so an engine gives it its share of the cores but one
    encoder_threads: int = field(default=0, compare=False)


@dataclass
class WorkerState:
    analyzer: Analyzer
    #: one shard at a time per loaded model (shared by every state of that model): a Dask
    #: worker may run several threads, and spaCy's memory_zone (and the StringStore it
    #: guards) is not safe across threads
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: the accurate pipeline's encoder runs here, on the shard's texts, while spaCy parses
    #: them (onnxruntime releases the GIL): one thread, so the texts go in order
    encoder_thread: ThreadPoolExecutor | None = None


class _Zone:
    """The ``memory_zone`` open on one loaded model, across shards: up to
    :data:`~framing.config.ZONE_ARTICLES` articles are parsed in it, then it is closed (which
    frees the strings, lexemes and tokenizer cache entries of the words it met: none of its
    Docs is alive any more, shards send back reports) and a new one opened. One zone per
    model, used under the model's lock, as every state of that model shares it."""

    def __init__(self) -> None:
        self.stack: contextlib.ExitStack | None = None
        self.articles = 0

    def enter(self, nlp: Any, articles: int) -> None:
        """A zone open for the next ``articles`` articles."""
        if self.stack is not None and self.articles >= ZONE_ARTICLES:
            self.stack.close()
            self.stack = None
        if self.stack is None:
            self.stack = contextlib.ExitStack()
            self.stack.enter_context(nlp.memory_zone())
            self.articles = 0
        self.articles += articles


_STATES: dict[str, WorkerState] = {}
_ZONES: dict[int, _Zone] = {}  # id of a loaded model -> its open zone
_LOCK = threading.Lock()  # a Dask worker may run threads
_MODEL_LOCKS: dict[int, threading.Lock] = {}  # id of a loaded model (kept alive by load_nlp)
#: seconds spent in this process on each step of :func:`run_shard` (for the bench profile)
TIMINGS: Counter[str] = Counter()


#: whether this process runs framing alone (the CLI, a worker process): then the collector is
#: tuned once the model is loaded (:func:`tune_gc`); a library caller's process is left as it is
OWN_PROCESS = False


def run_alone() -> None:
    """Say that this process runs framing alone (the CLI does): :func:`tune_gc` then runs
    once the model is loaded."""
    global OWN_PROCESS
    OWN_PROCESS = True


def tune_gc() -> None:
    """The garbage collector of a process that runs framing alone, once its model and
    resources are loaded: what is loaded so far is moved out of the collector's passes
    (``gc.freeze``: it lives as long as the process, and every full pass walked it), and the
    youngest generation is collected every 20,000 allocations instead of 700 (the parse and
    the report steps make many short-lived objects, few of them in cycles): about 5% of a run."""
    import gc

    gc.collect()
    gc.freeze()
    _, g1, g2 = gc.get_threshold()
    gc.set_threshold(20_000, g1, g2)


def worker_state(config: WorkConfig) -> WorkerState:
    """The loaded analyzer (spaCy pipeline, matcher) for ``config``: once per process."""
    key = config.key or f"resources at {id(config.resources)}"
    with _LOCK:
        state = _STATES.get(key)
        if state is None:
            t0 = time.perf_counter()
            analyzer = Analyzer(config.resources)
            encoder = analyzer.resources.attribution.encoder
            if encoder is not None:
                encoder.set_threads(config.encoder_threads)
            lock = _MODEL_LOCKS.setdefault(id(analyzer.nlp), threading.Lock())
            state = WorkerState(analyzer, lock)
            if encoder is not None:
                state.encoder_thread = ThreadPoolExecutor(1, thread_name_prefix="encoder")
            _STATES[key] = state
            if OWN_PROCESS:
                tune_gc()
            TIMINGS["load model"] += time.perf_counter() - t0
    return state


def run_shard(config: WorkConfig, articles: Sequence[Article]) -> list[Result]:
    """Parse ``articles`` in one ``nlp.pipe`` and build each report (or say why it failed),
    rendering its files too with ``config.render``, so that rendering runs where the parse
    runs. Threads of one process that share a model take turns, a shard each."""
    state = worker_state(config)
    with state.lock:
        return _run_shard(state, config, articles)


def _run_shard(state: WorkerState, config: WorkConfig, articles: Sequence[Article]) -> list[Result]:
    out: list[Result] = []
    clock = time.perf_counter
    analyzer = state.analyzer
    encoder = analyzer.resources.attribution.encoder
    pieces: list[Future[Pieces]] = []
    if encoder is not None and state.encoder_thread is not None:
        pieces = [state.encoder_thread.submit(encoder.piece_probs, a.parsed) for a in articles]
    # strings and lexemes of new words are freed every few shards, not every shard
    _ZONES.setdefault(id(analyzer.nlp), _Zone()).enter(analyzer.nlp, len(articles))
    items = ((a.parsed, (k, a)) for k, a in enumerate(articles))
    docs = parse(analyzer.nlp, items, batch_size=config.batch_size)
    while True:
        t0 = clock()
        pair = next(docs, None)
        t1 = clock()
        TIMINGS["parse"] += t1 - t0
        if pair is None:
            break
        doc, (k, article) = pair
        try:
            done = pieces[k].result() if pieces else None
            report, tokens = build_report_and_tokens(doc, article, analyzer, done)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
            out.append(failed(article, exc))
            continue
        t2 = clock()
        TIMINGS["report"] += t2 - t1
        files = None
        if config.render:
            files = render(report, config.pages)
            TIMINGS["render"] += clock() - t2
        out.append(Analysed(report, files, tokens))
    return out


def render(report: Report, pages: Collection[str] = ("md", "html")) -> dict[str, str]:
    """The per-article files, as text: the JSON and the ``pages`` asked for."""
    files = {"json": report_json(report)}
    if "md" in pages:
        files["md"] = render_markdown(report)
    if "html" in pages:
        files["html"] = render_article_html(report)
    return files


#: what a worker process does with a shard's results before sending them back (writing their
#: files: the processes of :class:`ProcessEngine` share this machine's file system)
Then = Callable[[list[Result]], list[Any]]


class Handle(Protocol):
    def result(self) -> list[Any]: ...  # the shard's results, or what ``then`` made of them

    def done(self) -> bool: ...


class Engine(Protocol):
    """Runs shards; ``submit`` may return before the work is done."""

    #: how many submitted shards may be waiting before the caller collects the oldest
    max_in_flight: int

    def submit(self, articles: list[Article], then: Then | None = None) -> Handle: ...

    def close(self) -> None: ...


class _Deferred:
    """A shard run in this process when its result is asked for (or, once ``future`` is set,
    run elsewhere)."""

    def __init__(self, fn: Callable[[], list[Result]]) -> None:
        self._fn = fn
        self._result: list[Result] | None = None
        self.future: Any = None

    def done(self) -> bool:
        return self._result is not None or (self.future is not None and self.future.done())

    def result(self) -> list[Result]:
        if self._result is None:
            self._result = self.future.result() if self.future is not None else self._fn()
        return self._result


class InProcessEngine:
    """Every shard in this process, one after the other."""

    max_in_flight = 0

    def __init__(self, config: WorkConfig) -> None:
        self.config = config

    def submit(self, articles: list[Article], then: Then | None = None) -> Handle:
        """A shard run here when its result is asked for (``then`` is for worker processes:
        this process writes the files itself)."""
        return _Deferred(lambda: run_shard(self.config, articles))

    def close(self) -> None:
        pass


_POOL_CONFIG: WorkConfig | None = None
#: what a forked worker inherited from its parent and must keep (see ``_pool_init``)
_FROM_PARENT: list[Any] = []
_POOL_ERROR: Exception | None = None


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, poll: float = 1.0) -> None:
    """End this worker process when ``parent`` (the process that started it) dies, however it
    dies: killed with SIGKILL it closes nothing, and a worker waiting on its task pipe would
    wait forever (holding its model's memory). On Linux the kernel sends SIGKILL on the
    parent's death (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread polls
    ``os.getppid()`` every ``poll`` seconds. A parent already gone ends the worker at once."""
    armed = False
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(poll)
            os._exit(1)

        threading.Thread(target=watch, name="framing-parent-watch", daemon=True).start()


def _pool_init(config: WorkConfig, parent: int | None = None, forked: bool = False) -> None:
    global _POOL_CONFIG, _POOL_ERROR, OWN_PROCESS
    OWN_PROCESS = True
    if parent is not None:
        die_with_parent(parent)
    if forked:
        # what the parent had loaded is not this worker's: its analyzers and the encoder's
        # onnxruntime session and tokenizer (their threads did not come across the fork). They
        # are set aside, never freed: tearing down a thread pool or an onnxruntime session
        # whose threads are not in this process waits for them forever
        _FROM_PARENT.append((dict(_STATES), dict(_MODEL_LOCKS), dict(_ZONES)))
        _STATES.clear()
        _MODEL_LOCKS.clear()
        _ZONES.clear()
        TIMINGS.clear()
        encoder = config.resources.attribution.encoder
        if encoder is not None:
            for name in ("session", "tokenizer"):
                if name in encoder.__dict__:
                    _FROM_PARENT.append(encoder.__dict__.pop(name))
    _POOL_CONFIG = config
    try:
        worker_state(config)  # load the model now, once per worker
    except Exception as exc:  # noqa: BLE001 - raised with the first shard, not a dead pool
        _POOL_ERROR = exc


def _pool_run(articles: list[Article], then: Then | None = None) -> list[Any]:
    if _POOL_ERROR is not None:
        raise _POOL_ERROR
    assert _POOL_CONFIG is not None
    results = run_shard(_POOL_CONFIG, articles)
    return then(results) if then is not None else results


def start_method() -> str:
    """How worker processes start: ``fork`` on Linux when this process runs no other thread
    (the workers inherit the imported modules and the loaded resources; what the parent
    itself loaded to run a first shard is set aside in each worker, see ``_pool_init``),
    ``spawn`` otherwise (fork is unsafe on macOS) or when ``FRAMING_START_METHOD=spawn``."""
    wanted = os.environ.get("FRAMING_START_METHOD", "")
    if wanted in ("fork", "spawn"):
        return wanted
    # only a process with no other thread is forked: a thread's locks (an encoder thread, a
    # progress bar, a test runner's) would come across held, with no thread to release them
    alone = threading.active_count() == 1
    return "fork" if sys.platform.startswith("linux") and alone else "spawn"


class ProcessEngine:
    """``jobs`` worker processes, each loading the model once. On Linux they are forked
    (:func:`start_method`): they start with spaCy, framing and the run's resources already
    imported and loaded, where a spawned worker spends seconds importing them again.

    The pool starts with the second shard: a corpus of one shard runs in this process rather
    than paying for the workers' start-up.
    """

    def __init__(self, config: WorkConfig, jobs: int) -> None:
        self.config = config
        self.jobs = jobs
        self.max_in_flight = 2 * jobs
        self._pool: Any = None
        self._first: tuple[list[Article], Then | None, _Deferred] | None = None

    @property
    def started(self) -> bool:
        """Whether the worker processes are running (they start with the second shard)."""
        return self._pool is not None

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = start_method()
        if OWN_PROCESS:
            tune_gc()  # this process's loaded resources out of its collector's passes
        self._pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_pool_init,
            initargs=(self.config, os.getpid(), method == "fork"),
        )

    def submit(self, articles: list[Article], then: Then | None = None) -> Handle:
        """A shard run in a worker process, which passes its results through ``then`` (if
        given) before sending them back. The first shard runs in this process, without
        ``then``, unless a second one starts the workers before it is asked for."""
        if self._pool is None:
            if self._first is None:
                deferred = _Deferred(lambda: run_shard(self.config, articles))
                self._first = (articles, then, deferred)
                return deferred
            # a second shard: the workers start, whether or not the first one already ran here
            # (a caller may have waited for it, e.g. behind many cached articles)
            self._start()
            first_articles, first_then, deferred = self._first
            if not deferred.done():
                deferred.future = self._pool.submit(_pool_run, first_articles, first_then)
        return self._pool.submit(_pool_run, articles, then)

    def call(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """``fn(*args)`` in a worker process, once the workers run (:attr:`started`): for the
        corpus step's work after the last shard (``fn`` and ``args`` must pickle)."""
        if self._pool is None:
            raise RuntimeError("the worker processes are not running")
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


#: cores this process may run on (for ``--jobs``' default)
available_cores = usable_cores


def check_engine(*, jobs: int = 1, engine: str = "local", scheduler: str | None = None) -> None:
    """UsageError for a bad ``--engine``/``--jobs``/``--scheduler``, or Dask missing."""
    from framing.errors import UsageError, param

    if engine not in ("local", "dask"):
        raise UsageError(f"{param('engine')} must be 'local' or 'dask', not '{engine}'")
    if jobs < 1:
        raise UsageError(f"{param('jobs')} must be at least 1, not {jobs}")
    if engine == "local" and scheduler is not None:
        raise UsageError(f"{param('scheduler')} needs {param('engine')} dask")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            from framing.engine.dask import MISSING

            raise UsageError(MISSING) from None


def make_engine(
    config: WorkConfig,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    options: dict[str, Any] | None = None,
) -> Engine:
    """The engine for ``--engine``/``--jobs``/``--scheduler`` (``options``: for Dask's
    ``LocalCluster``)."""
    check_engine(jobs=jobs, engine=engine, scheduler=scheduler)
    if engine == "dask":
        from framing.engine.dask import DaskEngine

        # one thread per worker process, as Dask's own threads_per_worker
        config = replace(config, encoder_threads=1)
        return DaskEngine(config, scheduler=scheduler, workers=jobs, cluster_options=options)
    # the encoder runs beside the parse (see run_shard): it gets the cores the parse leaves
    share = usable_cores() // jobs
    config = replace(config, encoder_threads=max(1, share - 1))
    return InProcessEngine(config) if jobs == 1 else ProcessEngine(config, jobs)
