"""Frozen entry of the ``jifen`` command line (what the ``jifen`` console script runs)."""

import sys

from jifen_desktop.cli import main

sys.exit(main())
