"""打印公示表…: how to print a publication's notice before it is made — paper (A4, A3),
orientation (竖版, 横版) and, for the whole village's notice, which households: all in one
notice, one notice per grid (each from a new page, headed with the grid's name), or one grid's
households only. Says about how many pages that makes. The paper and orientation chosen are
remembered for the next time."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.reports.notice import NoticeOptions, notice_parts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint

PAPER_KEY = "reports/notice_paper"
LANDSCAPE_KEY = "reports/notice_landscape"
WHOLE, PER_GRID, ONE_GRID = 0, 1, 2


def _choice(texts: tuple[str, ...], chosen: int) -> tuple[QButtonGroup, QHBoxLayout]:
    group, row = QButtonGroup(), QHBoxLayout()
    for i, text in enumerate(texts):
        button = QRadioButton(text)
        button.setChecked(i == chosen)
        group.addButton(button, i)
        row.addWidget(button)
    row.addStretch(1)
    return group, row


class NoticeOptionsDialog(QDialog):
    """The choices; ``options()`` is what ``printouts.notice`` makes."""

    def __init__(self, ctx: AppContext, pub: PublicationInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印公示表"))
        self.lines = ctx.ledger.publications.lines(pub.id)
        self.grid_order = [g.name for g in ctx.ledger.villages.grids(pub.village_id)]
        settings = QSettings()
        paper = 1 if str(settings.value(PAPER_KEY, "A4")) == "A3" else 0
        landscape = 1 if str(settings.value(LANDSCAPE_KEY, "false")) == "true" else 0
        self.paper, paper_row = _choice((self.tr("A4"), self.tr("A3")), paper)
        self.side, side_row = _choice((self.tr("竖版"), self.tr("横版")), landscape)
        self.scope, scope_box = self._build_scope(pub)
        self.about = QLabel()
        self.about.setObjectName("about")
        self.about.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("纸张"), paper_row)
        form.addRow(self.tr("方向"), side_row)
        if scope_box is not None:
            form.addRow(self.tr("范围"), scope_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("生成并预览"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(hint(self.tr("表格字号 10.5 磅（五号），贴在公示栏上站在一步外能看清。")))
        layout.addWidget(buttons)
        for group in (self.paper, self.side, self.scope):
            group.idToggled.connect(self._show_about)
        self._show_about()

    def _build_scope(self, pub: PublicationInfo) -> tuple[QButtonGroup, QWidget | None]:
        """全村一份 / 按网格分开 / 只印一个网格 (a grid's own publication has no choice)."""
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        present = {line.grid_name for line in self.lines}
        self.grid.addItems([g for g in self.grid_order if g in present])
        texts = (
            self.tr("全村一份"),
            self.tr("每个网格一份（各自另起一页）"),
            self.tr("只印一个网格"),
        )
        group, row = _choice(texts, WHOLE)
        if pub.grid_id is not None or self.grid.count() < 2:
            return group, None
        row.insertWidget(row.count() - 1, self.grid)
        box = QWidget()
        box.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.grid.currentIndexChanged.connect(self._show_about)
        return group, box

    def options(self) -> NoticeOptions:
        scope = self.scope.checkedId()
        return NoticeOptions(
            paper="A3" if self.paper.checkedId() == 1 else "A4",
            landscape=self.side.checkedId() == 1,
            grid=self.grid.currentText() if scope == ONE_GRID else None,
            per_grid=scope == PER_GRID,
        )

    def _show_about(self) -> None:
        options = self.options()
        self.grid.setEnabled(self.scope.checkedId() == ONE_GRID)
        parts = notice_parts(
            self.lines, [], self.grid_order, grid=options.grid, per_grid=options.per_grid
        )
        households = [len(part.lines) for part in parts]
        self.about.setText(
            self.tr("共 {0} 户，约 {1} 页。").format(
                sum(households), options.pages_about(households)
            )
        )

    def accept(self) -> None:
        """生成并预览: the paper and orientation kept for the next time."""
        options = self.options()
        settings = QSettings()
        settings.setValue(PAPER_KEY, options.paper)
        settings.setValue(LANDSCAPE_KEY, "true" if options.landscape else "false")
        super().accept()
