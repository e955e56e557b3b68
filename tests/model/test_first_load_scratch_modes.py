"""A first load's scratch files (``sync.first_load_worker``: the empty township's template and
each worker's group file) are 0600 like every file of the data folder, whatever the umask:
they hold the villages' rows (ID numbers, phones)."""

from __future__ import annotations

from pathlib import Path

from test_private_files import mode, pytestmark, usual_umask  # noqa: F401 - the fixture, by name

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync.first_load_worker import prepare_group, scratch_template


def test_the_template_and_a_group_file_are_0600(tmp_path: Path) -> None:
    with Ledger.create(tmp_path / "township", "township"):
        pass
    scratch = tmp_path / "township" / ".jifen-first-load-x"
    scratch.mkdir(mode=0o700)
    template = scratch / "template.sqlite"
    scratch_template(paths.db_path(tmp_path / "township"), template)
    assert oct(mode(template)) == oct(0o600)
    done = prepare_group(str(template), str(scratch / "group-0.sqlite"), [])
    assert done.failed is None
    assert oct(mode(scratch / "group-0.sqlite")) == oct(0o600)
    assert [p.name for p in scratch.iterdir() if mode(p) & 0o077] == []
