"""A small chart of one analyst's throughput, day by day, drawn with QPainter.

Three rows of bars, one bar per day worked: spans per minute, keys per span and
minutes per article (``core.throughput``).  PySide6-Essentials has no QtCharts, and
three bar rows need no chart library: the figures are plain values on the widget
(``ChartWidget.rows``) so tests read them, and paint only draws them.  A day without
the figure (no spans that day: no keys per span) has no bar and says "–".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from annotator.core.throughput import Throughput, by_day, throughput
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["ChartRow", "ChartWidget", "ThroughputDialog", "chart_rows"]

DAYS_SHOWN = 14  # the last two weeks worked: more bars would be too thin to read


class ChartRow(NamedTuple):
    title: str
    colour: str
    values: list[tuple[str, float | None]]  # (day, value)


def chart_rows(days: Mapping[str, Throughput]) -> list[ChartRow]:
    shown = list(days.items())[-DAYS_SHOWN:]
    minutes = [(d, None if t.seconds_per_article is None else t.seconds_per_article / 60)
               for d, t in shown]  # fmt: skip
    return [
        ChartRow("Spans per minute", "#2E7D32", [(d, t.spans_per_minute) for d, t in shown]),
        ChartRow("Keys per span", "#1565C0", [(d, t.keys_per_span) for d, t in shown]),
        ChartRow("Minutes per article", "#8E24AA", minutes),
    ]


def _figure(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


class ChartWidget(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("throughput_chart")
        self.rows: list[ChartRow] = []
        self.setMinimumSize(520, 330)

    def set_rows(self, rows: Sequence[ChartRow]) -> None:
        self.rows = list(rows)
        self.update()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            self._draw(painter)
        finally:
            painter.end()

    def _draw(self, painter: QtGui.QPainter) -> None:
        palette = self.palette()
        text = palette.color(QtGui.QPalette.ColorRole.WindowText)
        faint = QtGui.QColor(text)
        faint.setAlphaF(0.25)
        metrics = painter.fontMetrics()
        line = metrics.height()
        if not self.rows or not self.rows[0].values:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No work logged yet: the log grows as you tag articles")  # fmt: skip
            return
        margin = 12
        band = (self.height() - 2 * margin) / len(self.rows)
        for number, row in enumerate(self.rows):
            top = margin + number * band
            painter.setPen(text)
            painter.drawText(QtCore.QPointF(margin, top + line), row.title)
            base = top + band - line - 6  # the days' names go under the bars
            height = base - (top + line + 16)  # room left for the tallest bar and its figure
            count = len(row.values)
            slot = (self.width() - 2 * margin) / max(count, 1)
            peak = max((v for _d, v in row.values if v is not None), default=0.0) or 1.0
            painter.setPen(QtGui.QPen(faint, 1))
            painter.drawLine(QtCore.QPointF(margin, base), QtCore.QPointF(self.width() - margin,
                                                                          base))  # fmt: skip
            for at, (day, value) in enumerate(row.values):
                left = margin + at * slot
                width = max(slot * 0.6, 2.0)
                x = left + (slot - width) / 2
                if value is not None:
                    bar = max(height * value / peak, 1.0)
                    painter.fillRect(QtCore.QRectF(x, base - bar, width, bar),
                                     QtGui.QColor(row.colour))  # fmt: skip
                    label_y = base - bar - 3
                else:
                    label_y = base - 3
                painter.setPen(text)
                painter.drawText(QtCore.QRectF(left, label_y - line, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, _figure(value))  # fmt: skip
                painter.drawText(QtCore.QRectF(left, base + 2, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, day[5:])  # "03-14"  # fmt: skip


class ThroughputDialog(QtWidgets.QDialog):
    """One analyst's chart and totals; a list chooses another analyst who logged work."""

    def __init__(
        self, rows: Sequence[Mapping[str, object]], *, annotator: str,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("throughput_dialog")
        self.setWindowTitle("Throughput — Annotator")
        self.log_rows = list(rows)
        self.totals = throughput(self.log_rows)
        names = list(self.totals) or [annotator]
        if annotator not in names:
            names.insert(0, annotator)
        self.analyst = QtWidgets.QComboBox()
        self.analyst.setObjectName("throughput_analyst")
        self.analyst.addItems(names)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("throughput_summary")
        self.summary.setWordWrap(True)
        self.chart = ChartWidget()
        chooser = QtWidgets.QLabel("&Analyst:")
        chooser.setBuddy(self.analyst)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(chooser)
        top.addWidget(self.analyst, 1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart, 1)
        layout.addWidget(buttons)
        self.analyst.currentTextChanged.connect(self.show_analyst)
        self.analyst.setCurrentText(annotator)
        self.show_analyst(annotator)
        self.resize(640, 460)

    def show_analyst(self, name: str) -> None:
        total = self.totals.get(name, Throughput())
        self.chart.set_rows(chart_rows(by_day(self.log_rows, annotator=name)))
        if not total.visits:
            self.summary.setText(f"No work logged for {name} yet.")
            return
        minutes = total.seconds / 60
        per_article = total.seconds_per_article
        self.summary.setText(
            f"{name}: {total.spans} spans in {minutes:.0f} active minutes over "
            f"{len(total.articles)} articles · {_figure(total.spans_per_minute)} spans per "
            f"minute · {_figure(total.keys_per_span)} keys per span · "
            f"{_figure(None if per_article is None else per_article / 60)} minutes per article"
        )
