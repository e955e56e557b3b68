"""The first-run wizard (建立积分台账), shown when the data folder has no ledger yet: it makes
the village's own ledger (village details, rule catalog, first admin) through ``model.setup``,
generates the demo village, restores a backup from a USB stick (a reinstalled computer)
through ``model.backup.service.restore``, with that restore's own checks, or connects to a
township's ledger on a PostgreSQL server (``wizard_server``; the address is then remembered in
the folder, ``model.server_link``). Each runs off the GUI thread
behind a progress dialog; the demo in a child process (``demo_process``), so that its minutes of
Python never freeze the window. Nothing is written before the commit button (建立台账 / 生成演示村 /
恢复台账) is pressed, so cancelling before that leaves no file behind. ``make_demo`` also serves
``--demo``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget, QWizard

from jifen_desktop.demo import DEMO_PASSWORD, DemoSummary
from jifen_desktop.model import server_link
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.service import RestoreResult
from jifen_desktop.model.errors import Cancelled, DomainError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.operators import OperatorInfo
from jifen_desktop.model.setup import NewLedger, create_ledger
from jifen_desktop.model.tx import ROLES, Actor

from .background import Work, freeze_objects, run_in_background
from .context import AppContext
from .demo_process import demo_work
from .form_dialog import screen_room
from .messages import show_error
from .roster_dialog import RosterImportDialog
from .type_size import px
from .wizard_pages import (
    ADMIN,
    DONE,
    RESTORE,
    RULES,
    SERVER,
    VILLAGE,
    WELCOME,
    AdminPage,
    DonePage,
    RulesPage,
    VillagePage,
    WelcomePage,
)
from .wizard_restore import RestorePage
from .wizard_server import ServerPage


def wait_for(parent: QWidget | None, title: str, work: Work) -> Any:
    """Run ``work`` on a worker with a progress dialog while the GUI stays live; return its
    value or raise its error (``Cancelled`` when the user pressed 取消)."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    task = run_in_background(
        parent, title, work, lambda v: finish("value", v), lambda e: finish("error", e)
    )
    loop.exec()
    del task  # held until the work is done: an unparented task must not be collected early
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def demo_title() -> str:
    return QCoreApplication.translate("wizard", "正在生成演示村")


def make_demo(folder: Path, parent: QWidget | None = None, **options: Any) -> DemoSummary:
    """Generate the demo village in a child process (``demo_process``), with a progress
    dialog."""
    freeze_objects()  # (see make_demo_village)
    summary: DemoSummary = wait_for(parent, demo_title(), demo_work(folder, **options))
    return summary


class SetupWizard(QWizard):
    """After ``exec()`` is accepted the ledger exists; ``username`` is the operator to log in
    as, and ``actor`` the new village's admin, already logged in (None after the demo)."""

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        *,
        demo_options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.demo_options = dict(demo_options or {})
        self.username = ""
        self.actor: Actor | None = None
        self.made = False
        self._busy = False
        self.setWindowTitle(self.tr("建立积分台账"))
        self.welcome = WelcomePage(str(folder))
        self.village = VillagePage()
        self.rules = RulesPage()
        self.admin = AdminPage()
        self.restore_page = RestorePage()
        self.server_page = ServerPage()
        self.done_page = DonePage()
        # Roster import (农户名册 from Excel) joins here, as a page after ADMIN that reads the
        # roster into the new village, once the reports issue adds the importer.
        for page_id, page in (
            (WELCOME, self.welcome),
            (VILLAGE, self.village),
            (RULES, self.rules),
            (ADMIN, self.admin),
            (RESTORE, self.restore_page),
            (SERVER, self.server_page),
            (DONE, self.done_page),
        ):
            self.setPage(page_id, page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self._name_buttons()
        self.welcome.demo.toggled.connect(self._name_commit_button)
        self.done_page.roster_button.clicked.connect(self.import_roster)
        self.currentIdChanged.connect(lambda _id: self.fit_to_page())

    def _name_buttons(self) -> None:
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("上一步")),
            (QWizard.WizardButton.NextButton, self.tr("下一步")),
            (QWizard.WizardButton.CommitButton, self.tr("建立台账")),
            (QWizard.WizardButton.FinishButton, self.tr("完成")),
            (QWizard.WizardButton.CancelButton, self.tr("取消")),
        ):
            self.setButtonText(button, text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.fit_to_page()

    def fit_to_page(self) -> None:
        """Wide and tall enough for the page at the type size (a wrapped explanation's height
        depends on the width, which Qt does not ask of a wizard), within the screen; never
        smaller than before, so the buttons stay where they were."""
        screen = screen_room(self)
        width = min(max(self.width(), px(760)), screen.width())
        page = self.currentPage()
        layout = page.layout() if page is not None else None
        if page is None or layout is None or not self.isVisible():
            self.resize(width, self.height())
            return
        page_width = page.width() + width - self.width()  # the page widens with the wizard
        if layout.hasHeightForWidth():  # (its size hint is for a narrower page: taller)
            needed = max(layout.heightForWidth(page_width), page.minimumSizeHint().height())
        else:
            needed = page.sizeHint().height()
        needed += self.height() - page.height()
        self.resize(width, min(max(self.height(), needed, 580), screen.height()))

    def _name_commit_button(self, demo: bool) -> None:
        text = self.tr("生成演示村") if demo else self.tr("建立台账")
        self.setButtonText(QWizard.WizardButton.CommitButton, text)

    def validateCurrentPage(self) -> bool:
        """The page checks what was typed; on a commit page the ledger is then made."""
        if not super().validateCurrentPage():
            return False
        if self.currentId() == ADMIN:
            return self.create_village()
        if self.currentId() == WELCOME and self.welcome.demo.isChecked():
            return self.make_demo_village()
        if self.currentId() == RESTORE:
            return self.restore_backup()
        if self.currentId() == SERVER:
            return self.connect_server()
        return True

    def _run(
        self,
        title: str,
        work: Work,
        refuse: Callable[[DomainError], object] | None = None,
    ) -> Any | None:
        """``wait_for`` once at a time; a refusal (to ``refuse`` when given, e.g. a page's red
        line) or failure is shown and gives None."""
        if self._busy:
            return None
        self._busy = True
        try:
            return wait_for(self, title, work)
        except Cancelled:
            return None
        except DomainError as exc:
            (refuse or (lambda error: show_error(self, error)))(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was kept
            show_error(self, exc)
            return None
        finally:
            self._busy = False

    def create_village(self) -> bool:
        village, admin = self.village.details, self.admin.details
        assert village is not None and admin is not None
        folder, with_rules = self.folder, self.rules.with_rules

        def work(progress, cancel):  # type: ignore[no-untyped-def]
            made = create_ledger(folder, village, admin, with_rules=with_rules, progress=progress)
            with made.ledger as ledger:
                return made, ledger.operators.authenticate(admin.username, admin.password)

        result = self._run(self.tr("正在建立台账"), work)
        if result is None:
            return False
        made, self.actor = result
        self.username, self.made = made.admin.username, True
        self._show_village(made)
        self.done_page.roster_button.show()
        return True

    def import_roster(self) -> RosterImportDialog | None:
        """从 Excel 导入农户花名册…: the roster dialog on the new village, as its admin."""
        if self.actor is None:
            return None
        opened = Ledger.open(self.folder)
        ledger = opened.as_actor(self.actor)
        dialog = RosterImportDialog(AppContext(ledger, ledger.villages.resolve()), self)
        dialog.finished.connect(lambda _code: opened.close())
        dialog.open()
        return dialog

    def _show_village(self, made: NewLedger) -> None:
        v = made.village
        rules = self._rules_line(made.rule_count)
        township = self.tr("，{0}").format(v.township_name) if v.township_name else ""
        self.done_page.show_result(
            self.tr("本村台账已建立，可以开始使用了。"),
            [
                self.tr("村：{0}（{1}）{2}").format(v.name, v.code, township),
                rules,
                self.tr("管理员：{0}（{1}）").format(made.admin.username, made.admin.display_name),
                self.tr("数据目录：{0}").format(self.folder),
            ],
            [
                self.tr("接下来："),
                self.tr("1. 在“设置”里添加网格（村民小组或自然村）和操作员（网格员、审核人）。"),
                self.tr("2. 在“农户”里登记各户，或点下面的按钮从 Excel 花名册导入。"),
                self.tr("3. 在“积分录入”里记积分。")
                if made.rule_count
                else self.tr("3. 在“设置”里填好积分细则，就可以在“积分录入”里记积分了。"),
                "",
                self.tr("点“完成”以管理员身份进入积分台账。"),
            ],
        )

    def _rules_line(self, rule_count: int) -> str:
        """积分细则: how many items the township template gave, or where to add them."""
        if rule_count:
            return self.tr("积分细则：{0}项，来自乡镇模板").format(rule_count)
        return self.tr("积分细则：暂无，请在“设置”的“积分细则”里添加")

    def _made_by_others(self) -> list[OperatorInfo]:
        """A ledger made here with its operators already in it (the demo, a backup): the first
        admin is offered at the login; the operators by role, for the done page's table."""
        with Ledger.open(self.folder) as ledger:
            operators = sorted(ledger.operators.list(), key=lambda o: ROLES.index(o.role))
        self.username = next((o.username for o in operators if o.role == "admin"), "")
        self.made = True
        return operators

    def restore_backup(self) -> bool:
        """恢复台账: the chosen backup becomes this folder's ledger (the restore checks it: its
        checksum, integrity, schema version; nothing is here to be of another village)."""
        folder, path = self.folder, self.restore_page.path
        assert path is not None  # (the page refuses an empty field)

        def work(progress, cancel):  # type: ignore[no-untyped-def]
            return backups.restore(folder, path, progress=progress, cancel=cancel)

        result = self._run(self.tr("正在从备份恢复台账"), work, self.restore_page.refuse)
        if result is None:
            return False
        self._show_restored(result, self._made_by_others())
        return True

    def _show_restored(self, result: RestoreResult, operators: list[OperatorInfo]) -> None:
        lines = [
            self.tr("备份：{0}").format(self.restore_page.about.text() or result.backup.path),
            self.tr("{0}户，{1}条积分记录。").format(result.households, result.entries),
            self.tr("数据目录：{0}").format(self.folder),
        ]
        if result.upgraded_from:
            lines.append(self.tr("备份的数据库结构已升级到本程序的版本。"))
        if result.evidence_copied:
            lines.append(self.tr("从U盘复制了 {0} 个证明材料照片。").format(result.evidence_copied))
        self.done_page.show_result(
            self.tr("台账已从备份恢复。"),
            [*lines, "", self.tr("台账里的账号：")],
            [
                self.tr("点“完成”后，用以前的用户名和密码登录。"),
                self._renewal_note(result),
            ],
            [(o.username, o.display_name, o.role_name) for o in operators],
        )

    def _renewal_note(self, result: RestoreResult) -> str:
        """Which replica this laptop records as from now on, for the sync bundles."""
        if result.renewal is None:
            return self.tr("这台电脑从此接替做备份的那台电脑导出同步包。")
        return self.tr(
            "这台电脑以新的编号（{0}）接着记账，签名的密钥还是本村的：以后的记录不会和"
            "恢复前已经发给乡镇的记录混在一起，照常导出同步包即可。"
        ).format(result.renewal.new[-8:])

    def connect_server(self) -> bool:
        """连接: the server's database (tested by the page) becomes this folder's ledger; its
        address is kept in the folder, the password in PostgreSQL's password file."""
        address, found = self.server_page.address(), self.server_page.probe
        assert found is not None and found.usable  # (the page let it through)
        if not self._remember(address):
            return False
        self.made = True
        label = f"{found.name}（{found.code}）" if found.code else found.name
        upgrade = (
            [self.tr("服务器上的台账会在程序打开时升级到本程序的版本。")]
            if found.kind == "older"
            else []
        )
        self.done_page.show_result(
            self.tr("已连接到乡镇/县服务器。"),
            [
                self.tr("台账：{0}").format(label),
                self.tr("服务器：{0}，用户名 {1}").format(address.label, address.user),
                self.tr("密码存在：{0}").format(server_link.password_file()),
                self.tr("数据目录（日志和证明材料照片）：{0}").format(self.folder),
            ],
            [
                *upgrade,
                self.tr("点“完成”后，用服务器上台账的操作员账号登录。"),
                self.tr("以后每次打开程序都会连接这个服务器。"),
            ],
        )
        return True

    def _remember(self, address: server_link.ServerAddress) -> bool:
        """Keep the server's address in the folder; a failure to write it is shown."""
        try:
            server_link.remember(self.folder, address)
        except OSError as exc:
            show_error(self, exc)
            return False
        return True

    def make_demo_village(self) -> bool:
        """生成演示村. What start-up made is frozen out of the garbage collector's sight first:
        the full collection a task starts with (``background``) would otherwise walk it all on
        the GUI thread, 70 ms of CPU here and a few hundred on a busy or old laptop."""
        freeze_objects()
        folder = self.folder
        summary = self._run(demo_title(), demo_work(folder, **self.demo_options))
        if summary is None:
            return False
        operators = self._made_by_others()
        self.done_page.show_result(
            self.tr("演示村已生成，可以随便试。"),
            [
                self.tr("演示村：{0}（{1}）").format(summary.village_name, summary.village_code),
                self.tr("{0}户、{1}个单位、{2}人，{3}年共{4}条积分记录。").format(
                    summary.households,
                    summary.units,
                    summary.members,
                    summary.years,
                    summary.entries,
                ),
                self.tr("数据目录：{0}").format(folder),
                "",
                self.tr("演示账号（密码都是 {0}）：").format(DEMO_PASSWORD),
            ],
            [self.tr("点“完成”后登录。")],
            [(o.username, o.display_name, o.role_name) for o in operators],
        )
        return True

    def reject(self) -> None:
        """取消 or closing the window: ignored while working; after the ledger is made it
        goes on as 完成 would, since there is nothing left to take back."""
        if self._busy:
            return
        if self.made:
            self.accept()
            return
        super().reject()
