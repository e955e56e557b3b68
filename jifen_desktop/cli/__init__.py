"""The ``jifen`` command line: the same model services as the GUI, for scripts and for tests.

``main(argv)`` runs one command and returns its exit status (0 done, 1 a user error shown as one
Chinese line on stderr; argparse exits 2 on a usage error). Each ``cmd_*`` module declares and
runs one area of commands; ``context`` opens the ledger, logs in and looks names up; ``output``
prints tables and JSON; ``argparse_zh`` makes argparse speak Chinese. The command modules load
with the garbage collector paused (``startup.loading``), as the ledger's code does later.
"""

from jifen_desktop.startup import loading

with loading():
    from .app import build_parser, main

__all__ = ["build_parser", "main"]
