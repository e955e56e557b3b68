"""Loading the program's modules with the garbage collector paused (issue 19, "start fast").

Importing SQLAlchemy, our mapped tables and the Qt pages makes hundreds of thousands of
objects, none of them garbage; the collector, triggered every 700 new objects, walks them again
and again meanwhile (about a tenth of the CPU a ``jifen`` command or the program spends
starting). ``loading()`` pauses it around such imports and then freezes what they made (moved
out of its sight for good, as ``ui.background.freeze_objects`` does once the window is up), so
later collections do not walk it either. It is the loading of code only: no work runs inside.

It also empties ``linecache`` afterwards. Once PySide6 is loaded, it reads the source of every
module imported after it (``inspect.getsource``, to see whether the module uses PySide6's
``__feature__`` options), and ``linecache`` keeps every line of every such file for good: some
8 MB of text (over 10 MB of memory) once SQLAlchemy and our model have loaded in the program.
A traceback reads the lines it shows again when it needs them.
"""

from __future__ import annotations

import gc
import linecache
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Around imports: no collection while they run, what they made frozen afterwards (and the
    source lines read meanwhile dropped); the collector is left as it was found (a caller that
    had paused it keeps it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        linecache.clearcache()
        gc.freeze()
        if was_enabled:
            gc.enable()
