"""Preparing bundles in worker processes while one writer applies them.

What needs no database is done here, in a process pool, for the next bundles while the writer
merges the current one: every member's sha256 and size against the manifest
(``OpenedBundle.check_hashes``) and the sha256 over the file's bytes that its signature covers
(the zip comment's digest). Each is a full read of the file, the bulk of a bundle's checking.
The writer gets back only what it needs, small and cheap to pickle (``Prepared``): the digest
and the refusal, if any, as its words. It still opens the bundle itself and runs every check in
the same order (place, key, manifest signature, file signature, hashes), before anything is
written: a refusal found here is raised by the writer at the step that found it, in the same
words (``OpenedBundle.use_prepared``). The rows are not parsed here: a chunk of parsed rows
costs about as much to pickle and unpickle as to parse again.

Workers are started with ``spawn`` (as on Windows): the function is top level, results pickle.
One bundle, bundles too small to be worth a worker (``WORKERS_FROM_BYTES``), or a pool that
cannot start: nothing is prepared ahead (``prepared`` gives ``None``) and the writer checks each
file itself, the members read as rows as it reads them (``OpenedBundle.check_hashes_later``):
checking them ahead in this process would decompress them twice.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .bundle_file import OpenedBundle
from .errors import BundleRefused

WORKERS = 2
# Below this many bytes of bundles the workers cost more than they save: starting one costs
# about a second of CPU (``spawn`` imports the program's main module again), and checking a
# bundle's hashes about 15 ms per MB (bench_prepare: 117 MB, 3 × 100,000 entries: 1.7 s of
# a 40 s first load, and slower with workers). 30 villages' first load (1.2 GB) gains.
WORKERS_FROM_BYTES = 512 << 20


@dataclass(frozen=True)
class Prepared:
    """What a worker found in one file: which file (its size and time, so that a file changed
    since is checked again), the manifest it checked against, the digest its signature covers,
    and the refusal (``None``: every member's hash held)."""

    path: Path
    stamp: tuple[int, int]
    manifest_sha256: str
    file_digest: bytes
    refusal: str | None


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def prepare(path: Path) -> Prepared | None:
    """Check ``path``'s member hashes and hash its signed bytes; ``None`` when it does not even
    open as a bundle (the writer opens it and refuses it in its own words)."""
    try:
        with OpenedBundle(path) as bundle:
            stamp = _stamp(path)
            digest = bundle.signed_digest()
            try:
                bundle.check_hashes()
                refusal = None
            except BundleRefused as exc:
                refusal = exc.message
            return Prepared(path, stamp, bundle.manifest_sha256, digest, refusal)
    except (BundleRefused, OSError):
        return None


def holds_for(prepared: Prepared | None, bundle: OpenedBundle) -> bool:
    """Whether ``prepared`` was made from this very file and manifest."""
    if prepared is None or prepared.manifest_sha256 != bundle.manifest_sha256:
        return False
    try:
        return prepared.stamp == _stamp(bundle.path)
    except OSError:
        return False


def quiet() -> None:
    """A worker ignores Ctrl-C: the writer decides, and shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def size_of(paths: Sequence[Path]) -> int:
    """The bundles' bytes in all (a missing file counts none)."""
    total = 0
    for path in paths:
        with suppress(OSError):  # (the writer refuses a missing file in its own words)
            total += path.stat().st_size
    return total


def _pool(paths: Sequence[Path]) -> Executor | None:
    """Two worker processes, or ``None``: the writer checks each file itself."""
    workers = min(WORKERS, len(paths), os.cpu_count() or 1)
    if (
        workers < 2
        or os.environ.get("JIFEN_PREPARE_IN_PROCESS")
        or size_of(paths) < WORKERS_FROM_BYTES
    ):
        return None
    try:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(workers, mp_context=context, initializer=quiet)
    except (OSError, ValueError, NotImplementedError):
        return None


@contextmanager
def prepared(paths: Sequence[Path]) -> Iterator[Callable[[int], Prepared | None]]:
    """Start preparing every path (in workers for two or more, big enough); yields ``get(i)``,
    which waits for path ``i``'s result (without workers: ``None``). A worker that failed
    (the pool broke) gives ``None`` too: the writer then checks that file itself. Leaving
    stops what has not started."""
    executor = _pool(paths)
    try:
        futures = [executor.submit(prepare, path) for path in paths] if executor else None
    except (OSError, RuntimeError):  # (the processes could not start)
        futures = None
    if executor is None or futures is None:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        yield lambda _number: None
        return
    try:
        yield lambda number: _result(futures[number])
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _result(future: Future) -> Prepared | None:
    try:
        result = future.result()
    except Exception:  # (a broken pool: the writer checks the file in full itself)
        return None
    return result if isinstance(result, Prepared) else None
