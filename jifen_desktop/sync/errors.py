"""Why a bundle is refused. Every refusal names the file and says what to do; a refused bundle
has changed nothing."""

from __future__ import annotations

from jifen_desktop.model.errors import DomainError


class BundleRefused(DomainError):
    """The bundle is damaged, forged, foreign, too new or otherwise not to be imported."""
