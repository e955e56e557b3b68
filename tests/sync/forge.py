"""Forging bundles as a village that holds an enrolled key would: take a bundle apart, change
its rows, links and manifest, and sign it again with the village's own key. ``refused`` checks
that a bundle is refused by the dry run and the import alike and leaves the database byte for
byte as it was."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_world import Laptop, fingerprint

from jifen_desktop.model.chain import link_hash, row_line
from jifen_desktop.model.row_form import by_name, canonical, digest
from jifen_desktop.model.schema import Replica
from jifen_desktop.sync import keys
from jifen_desktop.sync.bundle_file import LINKS_MEMBER, BundleWriter, write_bundle
from jifen_desktop.sync.errors import BundleRefused


@dataclass
class Parts:
    """A bundle taken apart: rows per table (as dicts), links, manifest."""

    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    links: list[list[Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # other members (evidence/...)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.setdefault(table, [])

    def one(self, table: str, **match: Any) -> dict[str, Any]:
        return next(r for r in self.rows(table) if all(r[k] == v for k, v in match.items()))

    def seal(self, replica_id: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
        """A self-made first link of ``replica_id`` listing ``rows`` (table, row), and the
        replica's range in the manifest, as a forger would add them."""
        listed = sorted((row["seq"], table, digest(_values(table, row))) for table, row in rows)
        text = "\n".join(row_line(*item) for item in listed)
        first, last = listed[0][0], listed[-1][0]
        self.links.append(
            [replica_id, first, last, "", text, link_hash(replica_id, first, last, "", text)]
        )
        self.manifest["ranges"][replica_id] = [first, last]


def _values(table: str, row: dict[str, Any]) -> list[Any]:
    return [row[name] for name in by_name()[table].columns]


def take_apart(bundle: Path) -> Parts:
    with zipfile.ZipFile(bundle) as zf:
        parts = Parts(json.loads(zf.read("manifest.json")))
        for name in zf.namelist():
            if name.startswith("data/"):
                lines = zf.read(name).decode().splitlines()
                header = json.loads(lines[0])
                rows = [dict(zip(header["columns"], json.loads(x), strict=True)) for x in lines[1:]]
                parts.tables[header["table"]] = rows
            elif name == LINKS_MEMBER:
                parts.links = [json.loads(x) for x in zf.read(name).decode().splitlines()[1:]]
            elif name.startswith("evidence/"):
                parts.files[name] = zf.read(name)
    return parts


def signing_key(laptop: Laptop) -> str:
    with laptop.ledger.read() as s:
        return str(s.scalar(select(Replica.signing_key)))


def put_together(
    parts: Parts, signer: Laptop, target: Path, without: dict[str, tuple[str, ...]] | None = None
) -> Path:
    """The bundle of ``parts``, its manifest's counts recomputed, signed with ``signer``'s key;
    ``without`` leaves columns out of a table, as an older program that did not know them."""
    private = signing_key(signer)
    manifest = {k: v for k, v in parts.manifest.items() if k != "members"}
    manifest["counts"] = {t: len(rows) for t, rows in parts.tables.items()}

    def fill(writer: BundleWriter) -> bytes:
        for table, rows in parts.tables.items():
            left_out = (without or {}).get(table, ())
            columns = [c for c in by_name()[table].columns if c not in left_out]
            lines = [json.dumps({"table": table, "columns": columns})]
            lines += [canonical([row[c] for c in columns]) for row in rows]
            data = ("\n".join(lines) + "\n").encode()
            writer.add_stream(f"data/{table}.jsonl", lambda out, data=data: out.write(data))
        header = {"table": "chain_links", "columns": list(_LINK_COLUMNS)}
        links = "\n".join([json.dumps(header), *(json.dumps(x) for x in parts.links)]) + "\n"
        writer.add_stream(LINKS_MEMBER, lambda out: out.write(links.encode()))
        for name, content in parts.files.items():
            writer.add_stream(name, lambda out, content=content: out.write(content))
        return writer.finish(manifest, lambda d: keys.sign(private, d))

    write_bundle(target, fill, lambda d: keys.sign(private, d))
    return target


_LINK_COLUMNS = ("replica_id", "first_seq", "last_seq", "prev_hash", "rows", "hash")


def forge(bundle: Path, signer: Laptop, target: Path, change: Callable[[Parts], None]) -> Path:
    parts = take_apart(bundle)
    change(parts)
    return put_together(parts, signer, target)


def refused(laptop: Laptop, path: Path, *words: str) -> str:
    """The dry run and the import both refuse ``path``, the message holds ``words``, and the
    database is byte for byte as it was."""
    before = fingerprint(laptop)
    message = ""
    for attempt in (laptop.sync.dry_run, laptop.sync.import_bundle):
        with pytest.raises(BundleRefused) as caught:
            attempt(path)
        message = caught.value.message
        assert "没有任何改动" in message, message
        assert "\n" not in message, message
        for word in words:
            assert word in message, message
    assert fingerprint(laptop) == before
    return message
