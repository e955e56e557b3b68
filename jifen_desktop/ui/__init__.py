"""The desktop program (PySide6). Only a minimal window exists so far; see README."""
