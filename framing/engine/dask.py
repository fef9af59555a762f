"""``--engine dask``: shards run on a Dask cluster, each worker loading the model once.

Without ``--scheduler`` a ``LocalCluster`` of ``workers`` single-threaded processes is started
for the run. With one, the client connects to it: the workers need framing and the spaCy model
installed; articles travel to them in shards and report dicts come back, so the workers need
no access to the input or output folders (only this process reads and writes).
"""

from __future__ import annotations

import logging
from typing import Any

from framing.engine import Result, Then, WorkConfig, run_shard
from framing.errors import UsageError, param
from framing.schema import Article

MISSING = f"{param('engine')} dask needs Dask; install it with: pip install 'framing[dask]'"


def _run(config: WorkConfig, articles: list[Article]) -> list[Result]:
    # on the worker: framing.engine.worker_state keeps the loaded model between shards
    return run_shard(config, articles)


class DaskEngine:
    def __init__(
        self,
        config: WorkConfig,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        cluster_options: dict[str, Any] | None = None,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(MISSING) from None
        self.cluster: Any = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise UsageError(
                    f"{param('scheduler')}: cannot connect to {scheduler}: {exc}"
                ) from None
        else:
            options = {
                "n_workers": max(1, workers),
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "silence_logs": logging.ERROR,
            }
            options.update(cluster_options or {})
            self.cluster = LocalCluster(**options)
            self.client = Client(self.cluster)
        n = len(self.client.scheduler_info().get("workers", {})) or 1
        self.max_in_flight = 2 * n
        # sent once to every worker, not with every shard
        self._config = self.client.scatter(config, broadcast=True, hash=False)

    def submit(self, articles: list[Article], then: Then | None = None) -> Any:
        """A shard run on the cluster (``then`` is not: its workers may be on other machines,
        this process writes the files)."""
        return self.client.submit(_run, self._config, articles, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
