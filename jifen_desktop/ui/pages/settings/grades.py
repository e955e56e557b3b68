"""设置 › 评星定级: the village's grades, each highest first: a name and the least points that
reach it; the last grade may have no minimum and takes everyone else. Beside the households'
grades (评星定级, by annual points, base points included), the persons' own (个人等次, by a
person's points of a half-year or a year; seed 002 grades party members 优秀/合格/基本合格/
不合格). 排名与统计 grades households and persons by them; a vetoed household gets none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, boxed

from ..base import Page
from .grades_editor import GradesEditor
from .party_grades import PartyGradesDialog

HOUSEHOLD_HINT = (
    "从高到低排列，每户按年度积分归入第一个够得上的等级；最后一个等级可以不填最低分，"
    "其余各户都归入它。例如：优秀 80、合格 60、诫勉（不填），或 五星文明户 160、"
    "四星文明户 130……一票否决期内的户不参加评定。"
)
PERSON_HINT = (
    "个人排名按这里的等次评定（半年或年度的个人积分，不含户的基础分），不用上面户的"
    "等级。从高到低排列，最后一个可以不填最低分。不设定时，个人排名不分等次。"
)


class GradesSection(Page):
    key = "grades"
    title_text = "评星定级"
    roles = ("admin",)
    shows = Change.VILLAGE | Change.CALENDAR

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        honours, village_id = ctx.ledger.honours, ctx.village_id
        self.households = GradesEditor(
            ctx,
            self.tr(HOUSEHOLD_HINT),
            self.tr("最低分（年度积分）"),
            lambda: honours.grades(village_id),
            lambda grades: honours.set_grades(village_id, grades),
        )
        self.persons = GradesEditor(
            ctx,
            self.tr(PERSON_HINT),
            self.tr("最低分（个人积分）"),
            lambda: honours.person_grades(village_id),
            lambda grades: honours.set_person_grades(village_id, grades),
        )
        self.party_button = QPushButton(self.tr("按党员积分制（优秀/合格/基本合格/不合格）…"))
        self.party_button.clicked.connect(self.party_grades)
        column = self.persons.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(1, self.party_button, 0, Qt.AlignmentFlag.AlignLeft)  # under the hint
        layout = QHBoxLayout(self)
        layout.addWidget(boxed(self.tr("户的评星定级"), self.households), 1)
        layout.addWidget(boxed(self.tr("个人等次"), self.persons), 1)

    def refresh(self) -> None:
        self.households.refresh()
        self.persons.refresh()

    def party_grades(self) -> None:
        """Seed 002's four grades, with thresholds the clerk confirms or changes."""
        dialog = PartyGradesDialog(self.ctx, self)
        if dialog.exec():
            self.persons.refresh()
            self.persons.say(self.tr("已按党员积分制设定个人等次。"), DONE_STYLE)
