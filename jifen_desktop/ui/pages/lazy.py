"""A page of the left bar before its module is loaded (issue 19, "start fast"): its key, its
name and the roles that see it are all the main window needs to list it; the page's module
(with the tables, charts and dialogs it imports) loads when the page is first shown. Building
the window used to import every page's module, some 0.4 s of CPU before the first page
showed.

A ``LazyPage`` stands in for the page's class where the window and the township's village
view use one: ``key``, ``roles``, ``title()``, calling it makes the page, and it can be
subclassed (``class Mine(lazy_page)``: the real class is the base). ``load()`` gives the class
itself; tests/ui/test_lazy_pages.py checks that every entry says what its class says."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from jifen_desktop.startup import loading

if TYPE_CHECKING:
    from .base import Page

EVERYONE = ("admin", "reviewer", "recorder", "viewer")


@dataclass(frozen=True)
class LazyPage:
    """The page class ``name`` in ``jifen_desktop.ui.pages.<module>``, not loaded yet."""

    key: str
    title_text: str
    module: str
    name: str
    roles: tuple[str, ...] = EVERYONE

    def title(self) -> str:
        """The name in the left bar, translated as the class would (its name is the context)."""
        return QCoreApplication.translate(self.name, self.title_text)

    def load(self) -> type[Page]:
        """The page's class, its module imported on first use (with the collector paused)."""
        name = f"{__package__}.{self.module}"
        module = sys.modules.get(name)
        if module is None:
            with loading():
                module = import_module(name)
        cls: type[Page] = getattr(module, self.name)
        return cls

    def __call__(self, *args: Any, **kwargs: Any) -> Page:
        return self.load()(*args, **kwargs)

    def __mro_entries__(self, bases: tuple[Any, ...]) -> tuple[type[Page]]:
        return (self.load(),)
