"""The bundle on the stick: a zip with an exact list of members.

* ``manifest.json``: what the bundle is and holds, with the sha256 and size of every member;
* ``manifest.sig``: the source replica's Ed25519 signature of ``manifest.json``;
* ``data/<table>.jsonl``: a header line ``{"table": ..., "columns": [...]}``, then one JSON
  array per row;
* ``evidence/<sha256>``: evidence photos and goods photos, when chosen;
* ``template.json``: the township's rule template, in a bundle from the township;
* ``chain/links.jsonl``: the hash chain's links of the rows carried (``sync.chain_links``).

The zip's archive comment is the source's Ed25519 signature (hex) of the sha256 of every byte
before it: one byte changed anywhere in the file, in a member, a header or the index, and the
signature fails. It is written under a temporary name, flushed and renamed, so a stick pulled
out mid-write leaves no file that looks complete. Reading checks, in order, before anything is imported: the
zip itself, member names (no paths, no duplicates, nothing unlisted), sizes (against zip bombs),
the manifest's format version, and, once the caller checked the signature, every member's hash
(those read as rows may each be checked when read, before its first row: ``check_hashes_later``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jifen_desktop.model.files import replace_atomically

from .errors import BundleRefused

FORMAT = "jifen-bundle"
FORMAT_VERSION = 2  # 2: the hash chain travels (chain/links.jsonl)
SUFFIX = ".jfb"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TEMPLATE = "template.json"
LINKS_MEMBER = "chain/links.jsonl"
NAME_PATTERN = re.compile(
    r"(manifest\.json|manifest\.sig|template\.json|chain/links\.jsonl"
    r"|data/[a-z_]{1,48}\.jsonl|evidence/[0-9a-f]{64})"
)
MAX_BUNDLE_BYTES = 4 << 30
MAX_MEMBER_BYTES = 4 << 30
MAX_MANIFEST_BYTES = 64 << 20
MAX_RATIO = 200  # uncompressed / compressed; JSON lines of the ledger stay far below
RATIO_FLOOR = 1 << 20  # small members may compress as they like
CHUNK = 1 << 20
WHOLE_MEMBER_BYTES = 256 << 20  # read whole to be checked as it is read (``check_hashes_later``)
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)
FILE_SIGNATURE_LEN = 128  # hex of an Ed25519 signature, the zip's archive comment
FILE_SIGNATURE_DOMAIN = b"jifen-bundle-file\0"


@dataclass
class MemberInfo:
    sha256: str
    size: int


class _HashingWriter:
    """A file-like that counts and hashes what goes through it into a zip member."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self.size += len(data)
        self.target.write(data)


class BundleWriter:
    """Members are added one by one; ``finish`` adds the signed manifest."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.members: dict[str, MemberInfo] = {}

    def add_stream(self, name: str, write: Callable[[_HashingWriter], None]) -> MemberInfo:
        with self.zf.open(name, "w", force_zip64=True) as raw:
            out = _HashingWriter(raw)
            write(out)
        info = MemberInfo(out.hash.hexdigest(), out.size)
        self.members[name] = info
        return info

    def add_file(self, name: str, source: Path) -> MemberInfo:
        def copy(out: _HashingWriter) -> None:
            with open(source, "rb") as f:
                for block in iter(lambda: f.read(CHUNK), b""):
                    out.write(block)

        return self.add_stream(name, copy)

    def finish(self, manifest: dict[str, Any], sign: Callable[[bytes], bytes]) -> bytes:
        manifest = dict(manifest)
        manifest["members"] = {
            n: {"sha256": m.sha256, "size": m.size} for n, m in sorted(self.members.items())
        }
        data = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
        self.zf.writestr(MANIFEST, data)
        self.zf.writestr(SIGNATURE, sign(data))
        self.zf.comment = b"0" * FILE_SIGNATURE_LEN  # the place of the file's signature
        return data


def _prefix_digest(path: Path, size: int) -> bytes:
    """sha256 of the file's first ``size`` bytes."""
    digest = hashlib.sha256(FILE_SIGNATURE_DOMAIN)
    left = size
    with open(path, "rb") as f:
        while left > 0:
            block = f.read(min(CHUNK, left))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest.digest()


def write_bundle(
    target: Path, fill: Callable[[BundleWriter], bytes], sign: Callable[[bytes], bytes]
) -> bytes:
    """Write a bundle at ``target`` whole or not at all; ``fill`` adds the members and returns
    what ``BundleWriter.finish`` returned (the manifest's bytes); ``sign`` signs the file."""

    def write(tmp: Path) -> bytes:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as zf:
            manifest = fill(BundleWriter(zf))
        size = tmp.stat().st_size - FILE_SIGNATURE_LEN
        signature = sign(_prefix_digest(tmp, size)).hex().encode()
        with open(tmp, "r+b") as f:
            f.seek(size)
            f.write(signature)
        return manifest

    return replace_atomically(target, write)


class OpenedBundle:
    """A bundle whose zip, names, sizes and manifest have been checked. Use as a context
    manager; ``check_hashes`` reads every member once (or all but those read as rows, each
    checked as it is read); ``rows`` streams a table's rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zf = _open_zip(path)
        try:
            self.infos = _check_names(self.zf, path)
            self.manifest_bytes = self._read_small(MANIFEST)
            self.signature = self._read_small(SIGNATURE)
            self.manifest = _parse_manifest(self.manifest_bytes, path)
            self.members: dict[str, MemberInfo] = _check_members(self.manifest, self.infos, path)
        except BaseException:
            self.zf.close()
            raise

    _digest: bytes | None = None  # the signed bytes' digest, once known
    _hashes: tuple[str | None] | None = None  # a worker's finding on the hashes (``prepare``)
    _later: frozenset[str] = frozenset()  # members checked when read (``check_hashes_later``)

    def use_checked(self, file_digest: bytes, refusal: str | None) -> None:
        """Take what a worker found in this very file (``sync.prepare``): the digest its
        signature covers, and the refusal of its members' hashes (``None``: they held).
        ``file_signed_by`` and ``check_hashes`` then read nothing again."""
        self._digest = file_digest
        self._hashes = (refusal,)

    def check_hashes_later(self) -> None:
        """Check the members read as rows (``data/…``, the chain's links) when they are read,
        each whole before its first row is parsed, instead of reading them once more for
        ``check_hashes`` (one decompression of most of the file, not two); a member over
        ``WHOLE_MEMBER_BYTES`` is still checked first. ``check_hashes_left`` checks those
        not read by then. Nothing changes once a worker checked the file (``use_checked``)."""
        if self._hashes is None:
            self._later = frozenset(
                name
                for name, info in self.members.items()
                if (name.startswith("data/") or name == LINKS_MEMBER)
                and info.size <= WHOLE_MEMBER_BYTES
            )

    def check_hashes_left(self) -> None:
        """Check the members ``check_hashes_later`` set aside that were not read since."""
        for name in sorted(self._later):
            self._checked_whole(name)

    def _checked_whole(self, name: str) -> bytes:
        """Member ``name`` read whole, its size and sha256 checked against the manifest's."""
        expected = self.members[name]
        try:
            with self._open(name) as f:
                data = f.read(expected.size + 1)
        except READ_ERRORS as exc:
            raise _refused(self.path, f"{name} 已损坏（{exc}）") from exc
        if len(data) != expected.size or hashlib.sha256(data).hexdigest() != expected.sha256:
            raise _refused(self.path, f"{name} 的内容与清单不符（被改动过或已损坏）")
        self._later -= {name}
        return data

    def signed_digest(self) -> bytes:
        """The digest of every byte before the file's signature (read once)."""
        if self._digest is None:
            self._digest = _prefix_digest(self.path, self.path.stat().st_size - FILE_SIGNATURE_LEN)
        return self._digest

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def file_signed_by(self, verify: Callable[[bytes, bytes], bool]) -> bool:
        """Whether the file's signature (its zip comment) holds over every byte before it;
        ``verify(signature, digest)`` checks it with the source's key."""
        comment = self.zf.comment
        if len(comment) != FILE_SIGNATURE_LEN:
            return False
        try:
            signature = bytes.fromhex(comment.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            return False
        if signature.hex().encode() != comment:  # only lower-case hex: one way to write it
            return False
        return verify(signature, self.signed_digest())

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    def _read_small(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise _refused(self.path, f"缺少 {name}")
        if info.file_size > MAX_MANIFEST_BYTES:
            raise _refused(self.path, f"{name} 大得不正常")
        try:
            with self.zf.open(info) as f:
                data = f.read(MAX_MANIFEST_BYTES + 1)
        except READ_ERRORS as exc:
            raise _refused(self.path, f"读不出 {name}（{exc}）") from exc
        if len(data) > MAX_MANIFEST_BYTES:
            raise _refused(self.path, f"{name} 大得不正常")
        return data

    def check_hashes(self, progress: Callable[[int], None] | None = None) -> None:
        """Read every listed member and compare its size and sha256 with the manifest's (or
        take a worker's finding on this file: ``use_checked``)."""
        if self._hashes is not None:
            if self._hashes[0] is not None:
                raise BundleRefused(self._hashes[0])
            return
        for name, expected in self.members.items():
            if name in self._later:
                continue
            digest = hashlib.sha256()
            size = 0
            try:
                with self._open(name) as f:
                    for block in iter(lambda: f.read(CHUNK), b""):
                        digest.update(block)
                        size += len(block)
                        if progress:
                            progress(len(block))
            except READ_ERRORS as exc:
                raise _refused(self.path, f"{name} 已损坏（{exc}）") from exc
            if size != expected.size or digest.hexdigest() != expected.sha256:
                raise _refused(self.path, f"{name} 的内容与清单不符（被改动过或已损坏）")

    def _open(self, name: str) -> IO[bytes]:
        try:
            return self.zf.open(self.infos[name])
        except READ_ERRORS as exc:
            raise _refused(self.path, f"读不出 {name}（{exc}）") from exc

    def _reader(self, name: str) -> IO[bytes]:
        """Member ``name`` to read; whole and checked first if its check was left till now."""
        if name in self._later:
            return io.BytesIO(self._checked_whole(name))
        return self._open(name)

    def read_member(self, name: str) -> bytes:
        try:
            with self._open(name) as f:
                return f.read()
        except READ_ERRORS as exc:
            raise _refused(self.path, f"读不出 {name}（{exc}）") from exc

    def data_tables(self) -> list[str]:
        return [n[len("data/") : -len(".jsonl")] for n in self.members if n.startswith("data/")]

    def evidence(self) -> list[str]:
        return [n[len("evidence/") :] for n in self.members if n.startswith("evidence/")]

    def rows(
        self, table: str, chunk: int = 5000, member: str | None = None
    ) -> Iterator[tuple[list[str], list[list[Any]]]]:
        """(columns, rows) in chunks of a table's member (``data/<table>.jsonl`` unless
        ``member`` names another), as the JSON lines give them."""
        for columns, batch, _lines in self.rows_and_lines(table, chunk, member):
            yield columns, batch

    def rows_and_lines(
        self, table: str, chunk: int = 5000, member: str | None = None
    ) -> Iterator[tuple[list[str], list[list[Any]], list[bytes]]]:
        """(columns, rows, the rows' JSON lines as written) in chunks. Lines are read in large
        blocks and a chunk is parsed as one JSON array (far fewer calls)."""
        name = member or f"data/{table}.jsonl"
        try:
            with self._reader(name) as raw:
                header = json.loads(raw.readline())
                columns = header["columns"]
                if header.get("table") != table or not isinstance(columns, list):
                    raise ValueError("header")
                width = len(columns)
                for lines in _line_chunks(raw, chunk):
                    batch = json.loads(b"[" + b",".join(lines) + b"]")
                    if len(batch) != len(lines):  # a line holding two rows ("[..],[..]")
                        raise ValueError("line")
                    for values in batch:
                        if not isinstance(values, list) or len(values) != width:
                            raise ValueError("row")
                    yield columns, batch, lines
        except (ValueError, KeyError, TypeError, *READ_ERRORS) as exc:
            raise _refused(self.path, f"{name} 的格式不对（{exc}）") from exc


def _line_chunks(raw: IO[bytes], chunk: int) -> Iterator[list[bytes]]:
    """Non-empty lines of ``raw`` in lists of about ``chunk``."""
    pending: list[bytes] = []
    rest = b""
    for block in iter(lambda: raw.read(CHUNK), b""):
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        pending.extend(line for line in lines if line)
        while len(pending) >= chunk:
            yield pending[:chunk]
            pending = pending[chunk:]
    if rest.strip():
        pending.append(rest)
    if pending:
        yield pending


def _refused(path: Path, why: str) -> BundleRefused:
    return BundleRefused(
        f"同步包 {path.name} 不能导入：{why}。请让对方重新导出一份再试；本库没有任何改动。"
    )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise BundleRefused(
            f"找不到同步包 {path}。请检查U盘是否插好、文件名是否写对；本库没有任何改动。"
        ) from exc
    except OSError as exc:
        raise BundleRefused(
            f"打不开同步包 {path}（{exc}）。请检查U盘是否插好；本库没有任何改动。"
        ) from exc
    if path.is_dir():
        raise BundleRefused(
            f"{path} 是一个文件夹：请选择文件夹里的 .jfb 同步包文件。本库没有任何改动。"
        )
    if size > MAX_BUNDLE_BYTES:
        raise _refused(path, "文件超过4GB，不像是积分台账的同步包")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused(path, "文件不完整或已损坏（可能复制时U盘被拔出），也可能不是同步包") from exc


def _check_names(zf: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        if not NAME_PATTERN.fullmatch(info.filename):
            raise _refused(path, f"包里有不该有的文件“{info.filename[:80]}”")
        if info.filename in infos:
            raise _refused(path, f"包里的“{info.filename}”重复出现")
        if info.flag_bits & 0x1:  # never written so: a damaged index reads this way
            raise _refused(
                path, "文件已损坏（包内目录有错，可能复制时出错或U盘有坏块），可先重新复制一份"
            )
        infos[info.filename] = info
    return infos


def _parse_manifest(data: bytes, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refused(path, "清单（manifest.json）读不出来") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(path, "这不是积分台账的同步包")
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise _refused(path, "清单里的格式版本不对")
    if version > FORMAT_VERSION:
        raise BundleRefused(
            f"同步包 {path.name} 是用更新版本的积分台账导出的（格式版本 {version}），"
            f"本程序只认到版本 {FORMAT_VERSION}。请先把本程序升级到最新版本再导入；本库没有任何改动。"
        )
    for key, kind in (
        ("bundle_id", str),
        ("source", dict),
        ("members", dict),
        ("ranges", dict),
        ("knowledge", dict),
    ):
        if not isinstance(manifest.get(key), kind):
            raise _refused(path, f"清单缺少“{key}”")
    return manifest


def _check_members(
    manifest: dict[str, Any], infos: dict[str, zipfile.ZipInfo], path: Path
) -> dict[str, MemberInfo]:
    listed: dict[str, MemberInfo] = {}
    for name, entry in manifest["members"].items():
        try:
            listed[name] = MemberInfo(str(entry["sha256"]), int(entry["size"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise _refused(path, f"清单里“{name}”的记录不完整") from exc
    present = set(infos) - {MANIFEST, SIGNATURE}
    missing, extra = set(listed) - present, present - set(listed)
    if missing:
        raise _refused(
            path, f"包里少了 {len(missing)} 个文件（如“{sorted(missing)[0]}”），可能复制不完整"
        )
    if extra:
        raise _refused(path, f"包里多出清单上没有的文件“{sorted(extra)[0]}”")
    total = 0
    for name, member in listed.items():
        info = infos[name]
        if info.file_size != member.size or member.size > MAX_MEMBER_BYTES:
            raise _refused(path, f"{name} 的大小与清单不符")
        if name.startswith("evidence/") and member.sha256 != name[len("evidence/") :]:
            # a photo is named by its sha256: another name could stand in for another's photo
            raise _refused(path, f"照片 {name} 的内容与它的名字不符")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refused(path, f"{name} 压缩比异常（疑似“压缩炸弹”）")
        total += info.file_size
    if total > MAX_BUNDLE_BYTES:
        raise _refused(path, "解压后超过4GB")
    return listed
