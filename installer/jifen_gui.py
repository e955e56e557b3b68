"""Frozen entry of the desktop program 积分台账 (what ``python -m jifen_desktop`` runs)."""

import sys

from jifen_desktop.__main__ import main

sys.exit(main())
