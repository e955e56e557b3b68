"""Writing a file so that it is either whole or absent: written under a temporary name in the
target's folder, flushed to disk, then renamed over the target in one step. A stick pulled out
or a program killed mid-write leaves no file that looks complete.

A file written into a data folder is private to the user (0600, its folders 0700: ``privacy``);
one saved elsewhere (a report or a bundle on a stick) gets the user's usual mode."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import privacy

T = TypeVar("T")


def replace_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """``write(tmp)`` writes the content at ``tmp``; it then becomes ``target``. On any error
    (a cancel included) the temporary file is removed and ``target`` is left as it was."""
    private = privacy.in_data_folder(target)
    if private:
        privacy.make_private_dir(target.parent)
        privacy.tighten(target.parent)  # a folder made by someone else's mkdir
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if privacy.POSIX:  # best effort: a stick's file system may keep no modes
            with contextlib.suppress(OSError):
                os.chmod(tmp, privacy.FILE_MODE if private else privacy.file_mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
