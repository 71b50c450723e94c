"""Where the portal's tasks run: local worker processes (no server to set up), or the workers of
a Dask distributed cluster (`--scheduler tcp://HOST:8786`, started with Dask's own `dask scheduler`
and `dask worker` commands). Both are a concurrent.futures Executor, so the portal's code is one;
results are taken in the order the tasks were given, so the output does not depend on which
worker finished first."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator

from ..errors import ConfigError
from ..i18n import _

CONNECT_SECONDS = 20  # a scheduler that does not answer within this is not there


def local_workers(requested: int | None) -> int:
    return max(1, requested or os.cpu_count() or 1)


@contextmanager
def executor(scheduler: str | None = None, workers: int | None = None) -> Iterator[Executor]:
    if scheduler is None:
        # fork: the workers start at once with what this process already imported
        with ProcessPoolExecutor(local_workers(workers), mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
        return
    from distributed import Client
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ConfigError(_("cannot reach the Dask scheduler at {address} ({reason}); start it with: "
                            "dask scheduler").format(address=scheduler, reason=err)) from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()


def run_all(pool: Executor, task: Callable, jobs: list) -> list:
    """task(job) for every job, on the pool; the results in the order of `jobs`."""
    futures = [pool.submit(task, job) for job in jobs]
    return [future.result() for future in futures]
