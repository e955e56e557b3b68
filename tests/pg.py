"""A throwaway PostgreSQL cluster for the tests that run on both engines (ARCHITECTURE habit 13).

``JIFEN_TEST_PG=1`` puts the ledgers that the sync and township tests make (``ledger_target``)
on PostgreSQL instead of SQLite files: one cluster per test session (per xdist worker), started
on first use in a temporary folder, listening only on a unix socket there (no TCP port to
collide with), with fsync off (it is thrown away). Each ledger gets a fresh database copied from
a migrated template (``CREATE DATABASE … TEMPLATE``: some 20 ms instead of running every
migration). The cluster is stopped and its folder removed at exit, whether the tests passed or
not. Without ``JIFEN_TEST_PG`` nothing here starts and the tests use SQLite as always.

Binaries: ``pg_ctl``/``initdb``/``postgres`` on PATH, else Debian's /usr/lib/postgresql/N/bin.
As root (CI containers) the server runs as the ``postgres`` user (initdb refuses root).
"""

from __future__ import annotations

import atexit
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV = "JIFEN_TEST_PG"
PORT = 5439  # only names the socket file inside the cluster's own folder
USER = "jifen"
TEMPLATE = "jifen_template"
SERVER_OPTIONS = (
    "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    " -c max_connections=200 -c shared_buffers=64MB"
)


def enabled() -> bool:
    """Whether this test session puts its ledgers on PostgreSQL."""
    return os.environ.get(ENV, "") not in ("", "0")


def bin_dir() -> Path | None:
    """The folder holding ``pg_ctl`` and ``initdb``, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists() and (candidate / "initdb").exists():
            return candidate
    return None


@dataclass
class Cluster:
    folder: Path
    bin: Path
    run_as: list[str]

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.socket_dir}&port={PORT}"

    def run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.run_as, str(self.bin / tool), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr.strip()}\n{said}")

    def start(self) -> None:
        data = self.folder / "data"
        self.socket_dir.mkdir()
        if self.run_as:
            shutil.chown(self.socket_dir, "postgres")
        self.run("initdb", "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                 "--locale=C", "--no-sync")  # fmt: skip
        options = f"-p {PORT} -k {self.socket_dir} {SERVER_OPTIONS}"
        log = str(self.folder / "server.log")
        self.run("pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        data = self.folder / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(data), "-m", "immediate",
                 "-w", "stop"],
                check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    def execute(self, sql: str) -> None:
        """One statement outside a transaction (CREATE DATABASE cannot run in one)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]


def _owner() -> list[str]:
    """How to run the server's tools: as ourselves, or as ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return ["runuser", "-u", "postgres", "--"]


_cluster: Cluster | None = None
_numbers = itertools.count(1)


def cluster() -> Cluster:
    """The session's cluster, started (and its template migrated) on first use."""
    global _cluster
    if _cluster is not None:
        return _cluster
    found = bin_dir()
    if found is None:
        raise RuntimeError(f"{ENV}=1 needs PostgreSQL: apt-get install -y postgresql")
    run_as = _owner()
    folder = Path(tempfile.mkdtemp(prefix="jifen-pg-"))
    if run_as:
        shutil.chown(folder, "postgres")
    started = Cluster(folder, found, run_as)
    atexit.register(started.stop)
    started.start()
    started.execute(f"CREATE DATABASE {TEMPLATE}")
    _migrate(started.url(TEMPLATE))
    _cluster = started
    return started


def _migrate(url: str) -> None:
    from jifen_desktop.model import db

    engine = db.make_server_engine(url)
    try:
        db.upgrade(engine)
    finally:
        engine.dispose()


def new_database() -> str:
    """A fresh, migrated, empty database on the session's cluster; its address."""
    server = cluster()
    name = f"ledger_{os.getpid()}_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return server.url(name)


def ledger_target() -> str | None:
    """Where a test's new ledger goes: a fresh PostgreSQL database under ``JIFEN_TEST_PG``,
    else None (an SQLite file in the ledger's folder)."""
    return new_database() if enabled() else None


def stop() -> None:
    """Stop the session's cluster now (pytest's session end; atexit does it otherwise)."""
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        _cluster = None


def copy_database(url: str) -> str:
    """A new database holding what the database at ``url`` holds (nobody may be connected to
    it): the same replica in another place, as copying an SQLite file gives."""
    server = cluster()
    source = url.rsplit("/", 1)[1].split("?", 1)[0]
    name = f"ledger_{os.getpid()}_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
    return server.url(name)


def content_digest(url: str) -> str:
    """A digest of every row of every table of the database at ``url`` (in key order): equal
    exactly when nothing was written, as an SQLite file's bytes are."""
    import hashlib

    import psycopg

    digest = hashlib.sha256()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        ).fetchall()
        for (table,) in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()  # type: ignore[arg-type]
            digest.update(f"{table}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()
