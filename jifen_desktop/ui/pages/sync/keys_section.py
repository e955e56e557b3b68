"""密钥: the computers whose bundles this database accepts (name, code, kind, fingerprint, when
enrolled and by whom, the last bundle received, revoked or not); 从同步包登记密钥… with the
fingerprint check; 吊销… with a required reason and a question first (a laptop lost or
replaced: its bundles are refused from then on)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.peers import KIND_NAMES, PeerInfo
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.empty_state import empty_state
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import DONE_STYLE, hint

from ..base import Page
from .fingerprint import FingerprintDialog, enrol_shown
from .texts import rows_table, show_rows, when

HEADERS = ("名称", "代码", "类型", "密钥指纹", "登记时间", "登记人", "最后收到同步包", "状态")


class RevokeDialog(FormDialog):
    def __init__(self, ctx: AppContext, peer: PeerInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("吊销密钥"), parent)
        self.peer = peer
        self.form.addRow(hint(self.tr("吊销后，这台电脑导出的同步包一律不再接受。")))
        self.form.addRow(self.tr("电脑"), hint(f"{peer.label}，指纹 {peer.fingerprint}"))
        self.reason = self.add_field("reason", self.tr("原因"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("如：电脑丢失、已更换电脑"))
        self.ok_button.setText(self.tr("吊销"))

    def submit(self) -> Op[PeerInfo] | None:
        if not self.reason.text().strip():
            raise ValidationError(
                self.tr("请写明吊销的原因（如：电脑丢失、已更换电脑）。"), field="reason"
            )
        question = self.tr("吊销{0}的密钥后，它的同步包不再被接受，这一步不能撤销。确定吊销吗？")
        if not messages.confirm(self, self.tr("吊销密钥"), question.format(self.peer.label)):
            return None
        return SyncService(self.ctx.ledger).revoke(self.peer.replica_id, self.reason.text())


class KeysSection(Page):
    key = "sync_keys"
    title_text = "密钥"
    shows = Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.peers: list[PeerInfo] = []
        self.dialog: FingerprintDialog | None = None
        self.table = rows_table([self.tr(h) for h in HEADERS], 7, "peers")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.enrol_button = QPushButton(self.tr("从同步包登记密钥…"))
        self.enrol_button.setObjectName("enrol")
        self.enrol_button.clicked.connect(self.choose_bundle)
        self.revoke_button = QPushButton(self.tr("吊销…"))
        self.revoke_button.setObjectName("revoke")
        self.revoke_button.clicked.connect(self.revoke)
        bar = QHBoxLayout()
        bar.addWidget(self.enrol_button)
        bar.addWidget(self.revoke_button)
        bar.addWidget(
            hint(
                self.tr(
                    "登记密钥：选一个对方导出的同步包，打电话核对指纹一致后登记。"
                    "对方电脑丢失或更换时，把它的密钥吊销。"
                )
            ),
            1,
        )
        self.done_line = QLabel()
        self.done_line.setObjectName("keys_done")
        self.done_line.setStyleSheet(DONE_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.done_line)
        layout.addWidget(self.table, 1)
        self.no_keys = empty_state(self.table, self._no_keys_text())
        self._update_buttons()

    def _no_keys_text(self) -> str:
        """No key enrolled yet: no bundle can be imported, and how to enrol the first."""
        other = self.tr("各村的电脑") if self.ctx.township else self.tr("乡镇的电脑")
        return self.tr(
            "还没有登记任何电脑的密钥，所以还不能导入同步包。请先拿到{0}导出的同步包，"
            "点上面的“从同步包登记密钥…”选中它，打电话和对方核对指纹一致后登记。"
        ).format(other)

    def refresh(self) -> None:
        self.peers = SyncService(self.ctx.ledger).peers()
        show_rows(
            self.table,
            [
                (
                    p.name,
                    p.code,
                    KIND_NAMES.get(p.kind, p.kind),
                    p.fingerprint,
                    when(p.enrolled_at),
                    p.enrolled_by,
                    when(p.last_bundle_at),
                    self.tr("已吊销（{0}，{1}）").format(when(p.revoked_at), p.revoke_reason)
                    if p.revoked_at
                    else self.tr("有效"),
                )
                for p in self.peers
            ],
        )
        self._update_buttons()

    def selected(self) -> PeerInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.peers[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        peer = self.selected()
        self.revoke_button.setEnabled(peer is not None and peer.revoked_at is None)

    def choose_bundle(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择对方导出的同步包"), str(Path.home()), self.tr("同步包 (*.jfb)")
        )
        if chosen:
            self.enrol_from(Path(chosen))

    def enrol_from(self, path: Path) -> None:
        """Show the fingerprint of the key that signed ``path``; a yes enrols it."""
        try:
            info = SyncService(self.ctx.ledger).inspect(path, verify=True)
        except DomainError as error:
            messages.show_error(self, error)
            return
        if info.enrolled:
            name = info.source.get("name", "")
            self.done_line.setText(self.tr("{0}的密钥已经登记过了。").format(name))
            return
        dialog = self.dialog = FingerprintDialog(info, self)
        dialog.accepted.connect(lambda: self._enrol(path))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _enrol(self, path: Path) -> None:
        self.dialog = None
        try:
            peer = enrol_shown(self.ctx, path)
        except DomainError as error:
            messages.show_error(self, error)
            return
        self.done_line.setText(
            self.tr("已登记{0}的密钥，可以导入它的同步包了。").format(peer.label)
        )

    def revoke(self) -> None:
        peer = self.selected()
        if peer is not None:
            RevokeDialog(self.ctx, peer, self).exec()
