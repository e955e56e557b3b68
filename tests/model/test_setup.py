"""Setting up a new ledger in one go: the good path, refusals before any file is made, an
existing ledger left alone, and a set-up stopped half way leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from jifen_desktop.model import paths
from jifen_desktop.model.errors import LedgerStateError, ValidationError
from jifen_desktop.model.setup import (
    AdminDetails,
    VillageDetails,
    check_village,
    create_ledger,
    create_township,
    template_summary,
)
from jifen_desktop.sync import SyncService

VILLAGE = VillageDetails(" 420881100001 ", " 张集村 ", "张集镇", "420881100")
ADMIN = AdminDetails("admin", "王会计", "secret-123")


def test_creates_village_rules_and_an_admin_who_can_log_in(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    steps: list[str] = []
    made = create_ledger(folder, VILLAGE, ADMIN, progress=lambda _f, message: steps.append(message))
    with made.ledger as ledger:
        assert (made.village.code, made.village.name) == ("420881100001", "张集村")
        assert made.village.township_code == "420881100"
        assert made.rule_count == template_summary().items == 83  # seed 001 篇7's catalog
        assert len(ledger.rules.list(made.village.id)) == 83
        actor = ledger.operators.authenticate("admin", "secret-123")
        assert (actor.role, actor.display_name, actor.village_id) == (
            "admin",
            "王会计",
            made.village.id,
        )
    assert steps[0] == "正在建立数据库" and steps[-1] == "台账已建立"
    assert paths.db_path(folder).exists()


def test_empty_catalog(tmp_path: Path) -> None:
    made = create_ledger(tmp_path, VILLAGE, ADMIN, with_rules=False)
    with made.ledger as ledger:
        assert made.rule_count == 0 and ledger.rules.list(made.village.id) == []


def test_township_mode_has_no_village_of_its_own(tmp_path: Path) -> None:
    ledger, admin = create_township(tmp_path, "张集镇", "420881100", ADMIN)
    with ledger:
        assert ledger.mode == "township" and admin.village_id is None
        assert ledger.villages.list() == []
        assert SyncService(ledger).identity().name == "张集镇"
    with pytest.raises(ValidationError, match="9位或12位"):
        create_township(tmp_path / "other", "张集镇", "4208", ADMIN)


@pytest.mark.parametrize(
    ("village", "admin", "field", "words"),
    [
        (VillageDetails("4208811", "张集村"), ADMIN, "code", "12位"),
        (VillageDetails("42088110000x", "张集村"), ADMIN, "code", "12位"),
        (VillageDetails("420881100001", "  "), ADMIN, "name", "村名不能为空"),
        (VillageDetails("420881100001", "张集村", "", "4208"), ADMIN, "township_code", "9位或12位"),
        (VILLAGE, AdminDetails("admin", "王会计", "12345"), "password", "管理员密码太短，至少6位"),
        (VILLAGE, AdminDetails("a b!", "王会计", "secret-123"), "username", "用户名"),
        (VILLAGE, AdminDetails("admin", " ", "secret-123"), "display_name", "姓名"),
    ],
)
def test_bad_details_are_refused_before_any_file_is_made(
    tmp_path: Path, village: VillageDetails, admin: AdminDetails, field: str, words: str
) -> None:
    folder = tmp_path / "data"
    with pytest.raises(ValidationError) as refused:
        create_ledger(folder, village, admin)
    assert refused.value.field == field and words in refused.value.message
    assert not folder.exists()


def test_an_existing_ledger_is_refused_and_kept(tmp_path: Path) -> None:
    create_ledger(tmp_path, VILLAGE, ADMIN).ledger.close()
    before = paths.db_path(tmp_path).read_bytes()
    with pytest.raises(LedgerStateError, match="已经有台账"):
        create_ledger(tmp_path, VillageDetails("420881100002", "李庄村"), ADMIN)
    assert paths.db_path(tmp_path).read_bytes() == before


def test_stopped_half_way_leaves_no_file_and_no_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"

    class Stop(Exception):
        pass

    def stop_at_admin(_fraction: float, message: str) -> None:
        if "管理员" in message:
            raise Stop()

    with pytest.raises(Stop):
        create_ledger(folder, VILLAGE, ADMIN, progress=stop_at_admin)
    assert not folder.exists()
    create_ledger(folder, VILLAGE, ADMIN).ledger.close()  # a second try starts clean


def test_check_village_trims(tmp_path: Path) -> None:
    assert check_village(VILLAGE) == VillageDetails("420881100001", "张集村", "张集镇", "420881100")


def test_template_summary_has_the_six_categories() -> None:
    summary = template_summary()
    assert [name for name, _count in summary.categories] == [
        "社会治安类",
        "公益美德类",
        "乡村建设类",
        "奖励惩罚类",
        "家庭积分类",
        "单位积分类",
    ]
    assert summary.items == sum(count for _name, count in summary.categories)
