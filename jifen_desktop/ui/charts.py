"""Small bar charts (QtCharts) for the pages: points added and deducted per label."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel

from .type_size import follow, px

ADDED_COLOR = QColor("#2e7d32")
DEDUCTED_COLOR = QColor("#c62828")


def tr(text: str) -> str:
    return QCoreApplication.translate("charts", text)


class BarChartView(QChartView):
    """Added (green) and deducted (red) points side by side for each label."""

    def __init__(self, title: str, empty_text: str = "") -> None:
        chart = QChart()
        self.title_text = title
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.layout().setContentsMargins(0, 0, 0, 0)
        super().__init__(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # With nothing to show, this says so where the bars would be (not bare "…" axes).
        self.empty = QLabel(empty_text or tr("还没有记录"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        follow(self, self._fit_type)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.empty.setGeometry(self.rect())
        self._show_title()

    def _show_title(self) -> None:
        """The title on one line, or broken before its explanation in brackets when the chart
        is too narrow for it (QtCharts would cut it to "…")."""
        chart, text = self.chart(), self.title_text
        wide = QFontMetrics(chart.titleFont()).horizontalAdvance(text) + px(24)
        if wide > self.width() and "（" in text:
            head, _, rest = text.partition("（")
            text = f"<center>{html.escape(head)}<br>（{html.escape(rest)}</center>"
        chart.setTitle(text)

    def _fit_type(self) -> None:
        """Title, legend and axis labels in the program's type size (QtCharts has its own)."""
        self.setMinimumHeight(px(220))
        chart = self.chart()
        title = QFont(QApplication.font())
        title.setBold(True)
        chart.setTitleFont(title)
        chart.legend().setFont(QApplication.font())
        for axis in chart.axes():
            axis.setLabelsFont(QApplication.font())
        self._show_title()

    def set_data(
        self, labels: Sequence[str], added: Sequence[int], deducted: Sequence[int]
    ) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        empty = not any(added) and not any(deducted)
        self.empty.setVisible(empty)
        if empty:
            return
        plus, minus = QBarSet(tr("加分")), QBarSet(tr("扣分"))
        plus.setColor(ADDED_COLOR)
        minus.setColor(DEDUCTED_COLOR)
        plus.append([float(v) for v in added])
        minus.append([float(-v) for v in deducted])
        series = QBarSeries()
        series.append(plus)
        series.append(minus)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(list(labels))
        x.setTruncateLabels(False)
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setRange(0, max([*added, *(-v for v in deducted), 1]))
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self._fit_type()
