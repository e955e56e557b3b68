#!/usr/bin/env python3
"""Check that every ELF file of a folder (default dist/jifen) runs with an old glibc and libstdc++.

Reads each file's version needs (the .gnu.version_r section: what the dynamic linker demands of
libc.so.6, libm.so.6, libstdc++.so.6, ...), not the versions the file itself defines, and prints
one line per file with the newest GLIBC_, GLIBCXX_ and CXXABI_ version it needs. Fails (exit 1)
when a file needs a newer one than allowed, naming the file, the version and the symbols that
ask for it.

Defaults are the oldest targets of the Debian package (UOS 20: glibc 2.28, gcc 8's libstdc++):
  --max-glibc 2.28  --max-glibcxx 3.4.25  --max-cxxabi 1.3.11

Usage: installer/check_glibc.py [--max-glibc X] [--max-glibcxx X] [--max-cxxabi X] [-q] [folder]
Standard library only (no objdump), so it runs on any machine with Python 3.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections import defaultdict
from pathlib import Path

FAMILIES = ("GLIBC", "GLIBCXX", "CXXABI")
SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def needs(path: Path) -> dict[str, set[str]]:
    """{'GLIBC_2.14': {'memcpy', ...}, ...}: each version the file needs and the symbols that use
    it (a version needed by no symbol, e.g. only for the library's base, gets an empty set)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return {}
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        (shoff,) = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
    else:
        (shoff,) = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if is64:
            _, stype, _, _, soff, ssize, link, _, _, entsize = struct.unpack_from(
                end + "IIQQQQIIQQ", data, off
            )
        else:
            _, stype, _, _, soff, ssize, link, _, _, entsize = struct.unpack_from(
                end + "IIIIIIIIII", data, off
            )
        sections.append((stype, soff, ssize, link, entsize))

    def string(table: int, offset: int) -> str:
        start = sections[table][1] + offset
        return data[start : data.index(b"\0", start)].decode("ascii", "replace")

    index_to_version: dict[int, str] = {}
    for stype, soff, _size, link, _ in sections:
        if stype != SHT_GNU_VERNEED:
            continue
        pos = soff
        while True:
            _ver, count, _file, aux, nxt = struct.unpack_from(end + "HHIII", data, pos)
            apos = pos + aux
            for _ in range(count):
                _hash, _flags, other, name, anext = struct.unpack_from(end + "IHHII", data, apos)
                index_to_version[other] = string(link, name)
                apos += anext
            if not nxt:
                break
            pos += nxt
    result: dict[str, set[str]] = {v: set() for v in index_to_version.values()}
    versym = next((s for s in sections if s[0] == SHT_GNU_VERSYM), None)
    dynsym = next((s for s in sections if s[0] == SHT_DYNSYM), None)
    if versym and dynsym and index_to_version:
        _, soff, ssize, link, entsize = dynsym
        entsize = entsize or (24 if is64 else 16)
        for i in range(ssize // entsize):
            (index,) = struct.unpack_from(end + "H", data, versym[1] + 2 * i)
            version = index_to_version.get(index & 0x7FFF)
            if version:
                (name,) = struct.unpack_from(end + "I", data, soff + i * entsize)
                result[version].add(string(link, name))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="dist/jifen")
    parser.add_argument("--max-glibc", default="2.28")
    parser.add_argument("--max-glibcxx", default="3.4.25")
    parser.add_argument("--max-cxxabi", default="1.3.11")
    parser.add_argument("-q", "--quiet", action="store_true", help="only the summary and failures")
    args = parser.parse_args()
    limits = {"GLIBC": args.max_glibc, "GLIBCXX": args.max_glibcxx, "CXXABI": args.max_cxxabi}

    root = Path(args.folder)
    if not root.is_dir():
        print(f"错误：没有 {root}", file=sys.stderr)
        return 2
    newest: dict[str, tuple[tuple[int, ...], str, str]] = {}
    failures: list[str] = []
    count = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file():
                continue
            try:
                found = needs(path)
            except (struct.error, ValueError, IndexError) as error:
                failures.append(f"{path}: 读不了 ELF 文件（{error}）")
                continue
            if not found and path.read_bytes()[:4] != b"\x7fELF":
                continue
            count += 1
            highest: dict[str, str] = {}
            by_family: dict[str, list[str]] = defaultdict(list)
            for version in found:
                family, _, number = version.partition("_")
                if family in FAMILIES and number:
                    by_family[family].append(number)
            for family, numbers in by_family.items():
                top = max(numbers, key=version_key)
                highest[family] = top
                if family not in newest or version_key(top) > newest[family][0]:
                    newest[family] = (version_key(top), top, str(path.relative_to(root)))
                for number in sorted(numbers, key=version_key):
                    if version_key(number) > version_key(limits[family]):
                        symbols = sorted(found[f"{family}_{number}"]) or ["（无具名符号）"]
                        shown = ", ".join(symbols[:8]) + (" …" if len(symbols) > 8 else "")
                        failures.append(
                            f"{path.relative_to(root)}: {family}_{number} > "
                            f"{limits[family]}：{shown}"
                        )
            if not args.quiet:
                cols = "  ".join(f"{f}_{highest[f]}" if f in highest else "-" for f in FAMILIES)
                print(f"{cols}  {path.relative_to(root)}")
    print(
        f"{count} 个 ELF 文件；最高需要："
        + "，".join(f"{f}_{newest[f][1]}（{newest[f][2]}）" for f in FAMILIES if f in newest)
    )
    print("上限：" + "，".join(f"{f}_{limits[f]}" for f in FAMILIES))
    if failures:
        print(f"错误：{len(failures)} 处超过上限：", file=sys.stderr)
        for line in failures:
            print("  " + line, file=sys.stderr)
        return 1
    print("通过：没有文件需要超过上限的版本")
    return 0


if __name__ == "__main__":
    sys.exit(main())
