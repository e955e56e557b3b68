"""The desktop program's link to a township or county ledger on a PostgreSQL server: the
address typed in the first-run wizard (连接乡镇/县服务器), remembered for the next start.

What is kept where:

- the address **without the password** in the data folder's ``server.json``
  (``{"database": "postgresql://user@host:5432/db"}``): the program opens that database instead
  of a ledger file whenever the file is not there;
- the password in PostgreSQL's own password file, which libpq (and so psycopg, ``pg_dump``,
  ``psql``) reads by itself: ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf`` on Windows, or
  ``PGPASSFILE``), one line ``host:port:database:user:password``, the file private to the
  user (0600; libpq ignores it otherwise). It is the file a county IT office already knows, the
  same one the command line uses, and it keeps the password out of the program's settings
  and out of every process list. Changing the password on the server means editing that line
  (or running the wizard again on an empty data folder).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Engine

LINK_FILE_NAME = "server.json"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    """Where the ledger's database is and who logs in to it."""

    host: str
    port: int
    database: str
    user: str
    password: str = ""

    def url(self, *, with_password: bool = False) -> str:
        secret = f":{quote(self.password, safe='')}" if with_password and self.password else ""
        who = f"{quote(self.user, safe='')}{secret}@" if self.user else ""
        database = quote(self.database, safe="")
        if self.host.startswith("/"):  # a unix socket's folder (a server on this computer)
            return (
                f"postgresql://{who}/{database}?host={quote(self.host, safe='')}&port={self.port}"
            )
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{who}{host}:{self.port}/{database}"

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port} 上的数据库 {self.database}"


def address_of(engine: Engine) -> ServerAddress:
    """Where ``engine``'s database is (no password), e.g. for saying so in 设置."""
    url = engine.url
    host = url.host or str(url.query.get("host", ""))
    port = url.port or int(str(url.query.get("port", DEFAULT_PORT)))  # (a unix socket's port)
    return ServerAddress(host, port, url.database or "", url.username or "")


def parse_url(text: str) -> ServerAddress:
    """``postgresql://user:password@host:port/db`` as typed; refused in Chinese when it is not."""
    parts = urlsplit(text.strip())
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    host = parts.hostname or query.get("host", "")
    if parts.scheme not in ("postgresql", "postgres") or not host:
        raise ValidationError(
            "地址应写成 postgresql://用户名@服务器:端口/数据库名（密码可以另填）。", field="url"
        )
    try:
        port = parts.port or int(query.get("port", DEFAULT_PORT))
    except ValueError:
        raise ValidationError("地址里的端口不是数字。", field="url") from None
    return check(
        ServerAddress(
            host,
            port,
            unquote(parts.path.lstrip("/")),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
        )
    )


def check(address: ServerAddress) -> ServerAddress:
    """Every part there, stripped; refusals name the field."""
    address = replace(
        address,
        host=address.host.strip(),
        database=address.database.strip(),
        user=address.user.strip(),
    )
    for value, field, name in (
        (address.host, "host", "服务器地址"),
        (address.database, "database", "数据库名"),
        (address.user, "user", "用户名"),
    ):
        if not value:
            raise ValidationError(f"请填写{name}（问县里或乡镇的信息化管理员）。", field=field)
    if not 0 < address.port < 65536:
        raise ValidationError("端口应是 1 到 65535 之间的数字，一般是 5432。", field="port")
    return address


# -- remembering -------------------------------------------------------------------------------


def link_path(folder: Path) -> Path:
    return folder / LINK_FILE_NAME


def remembered(folder: Path) -> str | None:
    """The database the program in ``folder`` works on (its address, no password), if any."""
    path = link_path(folder)
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("database")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def remember(folder: Path, address: ServerAddress) -> None:
    """Keep the address in ``folder`` and its password in the password file."""
    _write_link(folder, address.url())
    if address.password:
        save_password(address)


def _write_link(folder: Path, url: str) -> None:
    """The link file (the database's address, no password) written whole, then put in place."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"database": url}, ensure_ascii=False, indent=2)
    part = link_path(folder).with_suffix(".part")
    part.write_text(text + "\n", encoding="utf-8")
    part.replace(link_path(folder))


def password_file() -> Path:
    """Where libpq looks for passwords on this computer."""
    given = os.environ.get("PGPASSFILE")
    if given:
        return Path(given)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", str(Path.home()))) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def save_password(address: ServerAddress) -> Path:
    """Put (or replace) the address's line in the password file, private to the user."""
    path = password_file()
    key = ":".join(
        _escaped(v) for v in (address.host, str(address.port), address.database, address.user)
    )
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if not line.startswith(key + ":")]
    kept.append(f"{key}:{_escaped(address.password)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write("\n".join(kept) + "\n")
    os.chmod(path, 0o600)  # (an older file may have been readable by others: libpq skips it)
    return path
