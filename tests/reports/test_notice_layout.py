"""The 公示表 of a 2,000-household village fits many households a page: at most 2000/40 pages
on A4 portrait, fewer on A4 landscape and A3, every household exactly once; per grid, each
grid's notice starts a new page with its name and numbers its own pages; one grid's part
lists only its households, with the village's ranks."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass

import pytest
from report_reading import TODAY, pdf_text

from jifen_desktop.model import paths
from jifen_desktop.model.errors import NotFound
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.periods import quarter_of
from jifen_desktop.model.roster.rows import RosterRow
from jifen_desktop.reports.common import mask_name
from jifen_desktop.reports.notice import write_notice

HOUSEHOLDS = 2000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英德胜红梅志强海燕小明桂兰国庆玉华"


@dataclass
class Big:
    ledger: Ledger
    publication_id: str
    grids: dict[str, str]  # household number -> its grid's name
    heads: dict[str, str]  # household number -> its head


@pytest.fixture(scope="module")
def big(template_folder, tmp_path_factory) -> Big:
    """A village of 2,000 households in two grids (registered by roster import, one
    transaction) and this quarter's draft notice."""
    folder = tmp_path_factory.mktemp("big-notice") / "data"
    folder.mkdir()
    shutil.copy(paths.db_path(template_folder), paths.db_path(folder))
    ledger = Ledger.open(folder)
    village = ledger.villages.list()[0]
    grid_names = [g.name for g in ledger.villages.grids(village.id)]
    rows, grids, heads = [], {}, {}
    for n in range(1, HOUSEHOLDS + 1):
        number, grid = f"{n:04d}", grid_names[n % 2]
        head = SURNAMES[n % 20] + GIVEN[n % 18] + GIVEN[(n // 18) % 18]
        rows.append(
            RosterRow(n + 1, number=number, head=head, name=head, relation="户主", grid=grid)
        )
        grids[number], heads[number] = grid, head
    ledger.roster.apply(village.id, rows, skip_invalid=False)
    pub = ledger.publications.draft(village.id, quarter_of(TODAY).key).value
    yield Big(ledger, pub.id, grids, heads)
    ledger.close()


def numbers_on(pages: list[str]) -> Counter[str]:
    """Every household number printed: the word after its rank (all 1: no points yet)."""
    return Counter(n for page in pages for n in re.findall(r"(?<!\S)1 +(\d{4})", page))


@pytest.mark.parametrize(
    ("paper", "landscape", "most_pages"),
    [("A4", False, HOUSEHOLDS // 40), ("A4", True, HOUSEHOLDS // 55), ("A3", False, 17)],
)
def test_a_big_village_fits_many_households_a_page(big, tmp_path, paper, landscape, most_pages):
    written = write_notice(
        big.ledger, big.publication_id, tmp_path / "n.pdf", paper=paper, landscape=landscape
    )
    pages = pdf_text(written.path)
    assert written.rows == HOUSEHOLDS and written.pages == len(pages) <= most_pages
    assert numbers_on(pages) == Counter({n: 1 for n in big.grids})
    assert all(f"共 {len(pages)} 页" in page for page in pages)
    assert "村民委员会（盖章）" in pages[-1] and "公示期（拟）" in pages[0]
    text = "".join(pages)
    assert mask_name(big.heads["0007"]) in text and big.heads["0007"] not in text


def test_one_notice_per_grid_each_from_a_new_page_numbered_on_its_own(big, tmp_path):
    written = write_notice(big.ledger, big.publication_id, tmp_path / "g.pdf", per_grid=True)
    pages = pdf_text(written.path)
    starts = [i for i, page in enumerate(pages) if "积分公示（" in page and "公示范围" in page]
    assert len(starts) == 2 and starts[0] == 0  # two grids, two title blocks
    ends = [*starts[1:], len(pages)]
    for grid, first, end in zip(("一组", "二组"), starts, ends, strict=True):
        own = pages[first:end]
        assert f"公示范围：{grid}" in own[0] and f"共 {len(own)} 页" in own[-1]
        assert all(f"积分公示（{grid}）" in page for page in own)  # the page heading
        mine = {n for n, g in big.grids.items() if g == grid}
        assert numbers_on(own) == Counter({n: 1 for n in mine})
        assert "村民委员会（盖章）" in own[-1]


def test_one_grids_part_lists_its_households_with_the_village_ranks(big, tmp_path):
    written = write_notice(big.ledger, big.publication_id, tmp_path / "one.pdf", grid="二组")
    pages = pdf_text(written.path)
    assert written.rows == HOUSEHOLDS // 2
    assert numbers_on(pages) == Counter({n: 1 for n, g in big.grids.items() if g == "二组"})
    assert "全村" in pages[0] and "排名为全村排名" in pages[0]
    with pytest.raises(NotFound, match="没有网格“三组”"):
        write_notice(big.ledger, big.publication_id, tmp_path / "x.pdf", grid="三组")
