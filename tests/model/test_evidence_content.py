"""Evidence is judged by its content, not its name: text, random bytes, a PDF named .jpg and a
link to the system's password-hash file are refused with nothing stored; real photos and PDFs
get in (issue 16)."""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest
from sample_files import a_jpeg, a_pdf, a_png

from jifen_desktop.model import evidence
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError


def stored_files(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "evidence"


def refused(folder, source, match="不是照片或PDF", **kw):
    with pytest.raises(ValidationError, match=match) as err:
        evidence.store(folder, source, **kw)
    assert stored_files(folder) == []
    return err.value


def test_text_and_random_bytes_named_like_a_photo_are_refused(folder, tmp_path):
    text = tmp_path / "献血证.jpg"
    text.write_text("这不是照片\n" * 50, encoding="utf-8")
    noise = tmp_path / "现场.png"
    noise.write_bytes(os.urandom(4096))
    header_only = tmp_path / "照片.png"
    header_only.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    for source in (text, noise, header_only):
        err = refused(folder, source)
        assert source.name in err.message and "选择拍的照片" in err.message
        assert err.field == "evidence"


def test_a_pdf_must_be_a_pdf_and_a_photo_must_not_be_a_pdf(folder, tmp_path):
    fake_pdf = tmp_path / "合同.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4 fake, never ends")
    refused(folder, fake_pdf)
    pdf_as_photo = a_pdf(tmp_path / "扫描.jpg")
    refused(folder, pdf_as_photo)


def test_a_link_is_not_followed_even_to_a_real_photo(folder, tmp_path):
    shadow = tmp_path / "shadow.jpg"
    shadow.symlink_to("/etc/shadow")
    err = refused(folder, shadow, match="链接")
    assert "照片或PDF文件本身" in err.message
    photo_link = tmp_path / "链接.png"
    photo_link.symlink_to(a_png(tmp_path / "real.png"))
    refused(folder, photo_link, match="链接")


def test_a_folder_or_a_socket_named_like_a_photo_is_refused(folder, tmp_path):
    (tmp_path / "目录.jpg").mkdir()
    refused(folder, tmp_path / "目录.jpg", match="不是文件")
    path = tmp_path / "s.png"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        refused(folder, path, match="不是文件")


def test_real_photos_and_pdfs_are_stored_whole(folder, tmp_path):
    for source in (
        a_jpeg(tmp_path / "献血证.jpg"),
        a_png(tmp_path / "现场.png"),
        a_pdf(tmp_path / "合同.pdf"),
        a_png(tmp_path / "其实是PNG.jpg"),  # any real image under any photo name
    ):
        kept = evidence.store(folder, source)
        target = evidence.evidence_path(folder, kept.sha256, kept.file_name)
        assert target.read_bytes() == source.read_bytes() and kept.size == source.stat().st_size


def test_a_heic_photo_is_known_by_its_ftyp_box(folder, tmp_path):
    heic = tmp_path / "IMG_0001.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    evidence.store(folder, heic)
    not_heic = tmp_path / "IMG_0002.heic"
    not_heic.write_bytes(b"just text pretending" * 4)
    with pytest.raises(ValidationError, match="不是照片或PDF"):
        evidence.store(folder, not_heic)


def test_a_goods_photo_must_be_a_real_image(folder, tmp_path):
    fake = tmp_path / "肥皂.jpg"
    fake.write_bytes(b"\xff\xd8 a photo")
    err = refused(folder, fake, match="不是照片", photo_only=True)
    assert err.field == "photo" and "PDF" not in err.message
    assert evidence.store(folder, a_jpeg(tmp_path / "毛巾.jpg"), photo_only=True).size > 0


def test_an_entry_with_a_fake_photo_is_not_recorded(world, tmp_path):
    h = world.household("001", "王建国")
    fake = tmp_path / "献血证.jpg"
    fake.write_bytes(os.urandom(2048))
    with pytest.raises(ValidationError, match="不是照片或PDF"):
        world.ledger.entries.record(world.village.id, _draft(h, fake))
    assert world.ledger.entries.list(world.village.id) == []
    assert stored_files(world.ledger.evidence_dir) == []


def _draft(household, photo):
    return EntryDraft(household.id, "B08", dt.date.today(), evidence=(photo,))
