"""Frozen entry of the ``jifen`` command line (what the ``jifen`` console script runs).

A township's first load checks bundles in worker processes (``sync.prepare``,
``sync.first_load_parallel``, the ``spawn`` way), which start this executable again:
``freeze_support`` runs a worker's work there and exits, before the command line would parse
the worker's arguments."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from jifen_desktop.cli import main

    sys.exit(main())
