"""CPU time of an import into PostgreSQL, client and server apart (bench_sync's PostgreSQL part).

On a machine shared with other work, wall time says more about the neighbours than about the
import; CPU time does not. The client's is this process's (user + sys); the server's is the sum
over the local server's processes (the postmaster and every backend, checkpointer, WAL writer
…) read from /proc, so it needs the server on this machine and its processes readable (the
same user, or root). A server elsewhere gives no server figure (None), and the line says so.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine


def _postmaster(url: str) -> int | None:
    """The server's postmaster process id, when it runs here and its data folder is readable."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            folder = conn.exec_driver_sql("SHOW data_directory").scalar()
    except Exception:  # noqa: BLE001 - not allowed to read it (not a superuser): no figure
        return None
    finally:
        engine.dispose()
    try:
        return int((Path(str(folder)) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _cpu_of(pid: int) -> float:
    """Seconds of CPU (user + sys) of ``pid`` and every process whose parent it is."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def _children() -> float:
    """Seconds of CPU of this process's children that have ended (a first load's workers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


@dataclass
class CpuClock:
    """Started before an import; ``read`` gives (client, server or None) seconds since,
    ``workers`` the seconds of the worker processes that ended since."""

    postmaster: int | None
    client: float
    server: float
    children: float = 0.0

    @classmethod
    def start(cls, url: str | None) -> CpuClock:
        pid = _postmaster(url) if url else None
        return cls(pid, time.process_time(), _cpu_of(pid) if pid else 0.0, _children())

    def workers(self) -> float:
        return _children() - self.children

    def read(self) -> tuple[float, float | None]:
        client = time.process_time() - self.client
        if self.postmaster is None:
            return client, None
        return client, _cpu_of(self.postmaster) - self.server


def throwaway_url() -> str:
    """An empty database on a throwaway local cluster (tests/pg.py: fsync off, a unix socket
    in a temporary folder; stopped and removed when this process exits): ``--database
    throwaway``. Started from this process, the server shares its CPU affinity (``taskset``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import pg

    server = pg.cluster()
    name = f"bench_{os.getpid()}"
    server.execute(f"CREATE DATABASE {name}")
    return server.url(name)


def cpu_lines(clock: CpuClock, entries: int, wall: float | None = None) -> None:
    """The import's CPU time, client and server, and per 1,000,000 entries against the
    issue's < 90 s (a first import of 1 M entries into PostgreSQL), and its wall time per
    1,000,000 entries (``wall``: the issue's figure, on this machine's two cores); with the
    load average."""
    from bench_gui import line

    if wall is not None:
        per_million = wall * 1_000_000 / max(entries, 1)
        line(
            "  wall time per 1,000,000 entries", f"{per_million:.0f} s", "< 90 s", per_million < 90
        )
    client, server = clock.read()
    line("  CPU time, client (this process, user + sys)", f"{client:.1f} s")
    workers = clock.workers()
    line("  CPU time, its worker processes", f"{workers:.1f} s")
    client += workers
    one, five, _fifteen = os.getloadavg()
    if server is None:
        line("  CPU time, server", "unknown", "not on this machine")
    else:
        line("  CPU time, server (all its processes)", f"{server:.1f} s")
        per_million = (client + server) * 1_000_000 / max(entries, 1)
        line(
            "  client, workers and server CPU per 1,000,000 entries",
            f"{per_million:.0f} s",
            "< 90 s",
            per_million < 90,
        )
    print(f"  (load average {one:.1f} / {five:.1f}: compare CPU time, not wall time)", flush=True)
