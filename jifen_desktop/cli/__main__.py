"""``python -m jifen_desktop.cli``: the same as the ``jifen`` console script."""

from jifen_desktop.cli import main

raise SystemExit(main())
