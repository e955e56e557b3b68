"""Writing a file so that it is either whole or absent: written under a temporary name in the
target's folder, flushed to disk, then renamed over the target in one step. A stick pulled out
or a program killed mid-write leaves no file that looks complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def replace_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """``write(tmp)`` writes the content at ``tmp``; it then becomes ``target``. On any error
    (a cancel included) the temporary file is removed and ``target`` is left as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
