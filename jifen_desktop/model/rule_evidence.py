"""When an entry needs evidence. Seed 001 篇7 三(三)1 asks every declaration for 相关证据 and seed
000 says 口头反映一律无效, so the template marks its items ``evidence_required``. A village may let
its recorders' own observations (网格员记录 and 抽检, sources ``recorder`` and ``inspection``) go
without a photo (``Village.observations_without_evidence``); a household's declaration always
needs evidence, and an activity's sign-in list is its evidence."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .schema import Village

OBSERVATION_SOURCES = ("recorder", "inspection")
SWITCH_TEXT = "网格员记录和抽检不用附照片（农户申报仍须附证明材料）"


def observations_allowed(village: Village | None) -> bool:
    """Whether the village lets recorders' own observations go without a photo."""
    return bool(village is not None and village.observations_without_evidence)


def evidence_waived(session: Session, village_id: str, source: str) -> bool:
    """Whether an entry from ``source`` may go without evidence on an evidence-required rule."""
    if source == "activity":
        return True
    if source not in OBSERVATION_SOURCES:
        return False
    return observations_allowed(session.get(Village, village_id))
