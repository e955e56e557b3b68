"""PyInstaller runtime hook, run before the program in the frozen build.

- Alembic loads the migrations as source files from the install folder; writing their
  ``__pycache__`` there (as root, say) would leave files no package owns, so the folder would
  stay behind when the program is removed.
- On Linux the launcher puts the bundle's libraries first on ``LD_LIBRARY_PATH``. This process
  has read it already; the programs it starts (the PDF reader by xdg-open, fc-list) must not
  get the bundle's libraries, or they may fail to start.
"""

import os
import sys

sys.dont_write_bytecode = True

if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original
