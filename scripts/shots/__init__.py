"""The screenshot modules scripts/shots.py runs by name, one per changed screen or set of them."""
