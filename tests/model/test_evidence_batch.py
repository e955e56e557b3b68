"""A batch of entries stores each evidence file once (``evidence.BatchStore``): a file named
again unchanged is not read again, but one changed since, or made a link, is judged again."""

from __future__ import annotations

import os

import pytest
from sample_files import a_jpeg, a_png

from jifen_desktop.model import evidence
from jifen_desktop.model.errors import ValidationError


def test_a_file_named_twice_is_judged_once(tmp_path, monkeypatch):
    folder, photo = tmp_path / "evidence", a_png(tmp_path / "现场照片.png")
    judged = []
    real = evidence.looks_right
    monkeypatch.setattr(evidence, "looks_right", lambda f, s: judged.append(s) or real(f, s))
    batch = evidence.BatchStore(folder)
    first, again = batch.store(photo), batch.store(photo)
    assert first == again == evidence.store(folder, photo)
    assert len(judged) == 2  # the batch's once, the plain store's once


def test_a_file_changed_in_between_is_judged_again(tmp_path):
    folder, photo = tmp_path / "evidence", a_png(tmp_path / "现场照片.png")
    batch = evidence.BatchStore(folder)
    first = batch.store(photo)
    a_jpeg(tmp_path / "别的.jpg").replace(photo)  # another picture under the same name
    second = batch.store(photo)
    assert second.sha256 != first.sha256
    assert second == evidence.store(folder, photo)
    photo.write_text("不是照片")
    with pytest.raises(ValidationError, match="不是照片或PDF"):
        batch.store(photo)


def test_a_file_made_a_link_is_refused(tmp_path):
    folder, photo = tmp_path / "evidence", a_png(tmp_path / "现场照片.png")
    batch = evidence.BatchStore(folder)
    batch.store(photo)
    moved = photo.rename(tmp_path / "moved.png")
    os.symlink(moved, photo)
    with pytest.raises(ValidationError, match="链接"):
        batch.store(photo)
