"""Frozen entry of the desktop program 积分台账 (what ``python -m jifen_desktop`` runs).

The demo village is generated in a child process (``jifen_desktop.ui.demo_process``, the
``spawn`` way), which starts this executable again: ``freeze_support`` runs the child's work
there and exits, before the program would start a second window."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from jifen_desktop.__main__ import main

    sys.exit(main())
