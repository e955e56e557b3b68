"""The top of 同步: who this computer is, its key fingerprint in large digits (to read out by
phone when the other side enrols it), where bundles go by default and what the destination
has acknowledged receiving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from jifen_desktop.model.tx import Change
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.peers import Identity
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint

from ..base import Page
from .texts import enlarge, when


class IdentityBox(Page):
    key = "sync_identity"
    shows = Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.who = QLabel()
        self.who.setObjectName("who")
        self.fingerprint = enlarge(QLabel(), 1.9)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.destination = QLabel()
        self.destination.setObjectName("destination")
        self.destination.setWordWrap(True)
        frame = QFrame()
        frame.setObjectName("identity_frame")
        frame.setStyleSheet(
            "QFrame#identity_frame { background: #f3f7fb; border: 1px solid #c9d6e3;"
            " border-radius: 4px; }"
        )
        inner = QVBoxLayout(frame)
        inner.addWidget(self.who)
        inner.addWidget(self.fingerprint)
        inner.addWidget(
            hint(
                self.tr(
                    "对方登记本机的密钥时，会打电话问这串数字，请照着念给对方听；"
                    "对方登记时也会显示同样的数字。"
                )
            )
        )
        inner.addWidget(self.destination)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(frame)

    def refresh(self) -> None:
        service = SyncService(self.ctx.ledger)
        me = service.identity()
        kind = self.tr("乡镇汇总库") if me.mode == "township" else self.tr("村台账")
        self.who.setText(self.tr("本机：{0}（{1}）{2}").format(me.name, me.code, kind))
        self.fingerprint.setText(self.tr("本机密钥指纹：{0}").format(me.fingerprint))
        self.destination.setText(
            self._township_text(me) if me.mode == "township" else self._village_text(service, me)
        )

    def _township_text(self, me: Identity) -> str:
        return self.tr(
            "各村带来的同步包在“导入同步包”里导入。“导出同步包”做一个回执包，带回各村导入，"
            "告诉各村{0}已经收到了什么（也可附上积分细则模板）。"
        ).format(me.name)

    def _village_text(self, service: SyncService, me: Identity) -> str:
        township = service.default_destination()
        if township is None:
            return self.tr(
                "还没有登记乡镇的密钥，所以导出的同步包带本村的全部记录。乡镇导入后会发回一个"
                "同步包：在“导入同步包”里导入它，核对乡镇的指纹，以后就只导出乡镇还没收到的部分。"
            )
        held = service.knowledge().get(me.replica_id, 0)
        acked = service.acknowledged_by(township.replica_id).get(me.replica_id, 0)
        text = self.tr("同步包默认送往：{0}。").format(township.label)
        if acked >= held:
            return text + self.tr("乡镇的回执（{0}）表明本机的记录它都已收到。").format(
                when(township.last_bundle_at)
            )
        if acked == 0 and township.last_bundle_at is None:
            return text + self.tr("乡镇还没有发回过回执，下次导出带本村的全部记录。")
        if acked == 0:
            return text + self.tr(
                "乡镇最近的回执（{0}）里还没有本村的记录，下次导出带本村的全部记录。"
            ).format(when(township.last_bundle_at))
        return text + self.tr(
            "乡镇最近的回执（{0}）表明它已收到本机的记录，只差之后的 {1} 处修改，下次导出只带这些。"
        ).format(when(township.last_bundle_at), held - acked)
