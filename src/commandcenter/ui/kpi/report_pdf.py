"""The assessment report as a PDF, written with Qt's own QPdfWriter and QTextDocument.

Contracts
- `chart_image(plot_widget, width, height) -> QImage` renders a pyqtgraph chart (GUI thread:
  it paints the widget's scene).
- `write_pdf(report, path, charts)` (any thread: it creates its own QTextDocument and paints on
  a QPdfWriter, never a widget) writes A4 landscape pages: title, period, generation note, the
  charts, then one league table per object type (rank, name, composite, rating and the indicator
  columns that score, so the table fits the page width) and the definitions. Text uses the
  Noto CJK family (Sans, else Serif), so Chinese renders with an embedded CJK font.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from commandcenter.domain.indicators import INDICATORS
from commandcenter.services.reports import AssessmentReport

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei")
MAX_INDICATOR_COLUMNS = 8


def cjk_family() -> str:
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    return QFont().defaultFamily()


def chart_image(plot, width: int = 1400, height: int = 600) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    old = plot.size()
    plot.resize(width, height)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    plot.render(painter)
    painter.end()
    plot.resize(old)
    return image


def _cell(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}"
    return html.escape(str(v))


def report_html(report: AssessmentReport, chart_names: list[str]) -> str:
    zh = report.lang.startswith("zh")
    parts = [f"<h1>{html.escape(report.title)}</h1>",
             f"<p><b>{'考核期' if zh else 'Period'}:</b> {html.escape(report.period)}<br/>"
             f"{html.escape(report.generated)}</p>"]
    if chart_names:  # side by side, so the first league table starts on page one
        cells = "".join(f'<td><img src="{name}" width="{1500 // len(chart_names)}"/></td>' for name in chart_names)
        parts.append(f"<table><tr>{cells}</tr></table>")
    for t in report.tables:
        keep = [i for i, c in enumerate(t.columns) if c in ("rank", "name", "composite", "rating")]
        extra = [i for i, c in enumerate(t.columns)
                 if c in INDICATORS and INDICATORS[c].scorable][:MAX_INDICATOR_COLUMNS]
        cols = keep + extra
        parts.append(f"<h2>{html.escape(t.title)} ({len(t.rows)})</h2>")
        parts.append('<table border="1" cellspacing="0" cellpadding="2" width="100%">')
        parts.append("<thead><tr>" + "".join(f"<th>{html.escape(t.headers[i])}</th>" for i in cols) + "</tr></thead>")
        for row in t.rows:
            parts.append("<tr>" + "".join(f"<td>{_cell(row[i])}</td>" for i in cols) + "</tr>")
        parts.append("</table>")
    parts.append(f"<h2>{'指标定义' if zh else 'Definitions'}</h2><table border='1' cellspacing='0' cellpadding='2'>")
    for name, formula, definition, objs in report.definitions:
        parts.append(f"<tr><td><b>{html.escape(name)}</b><br/>{html.escape(objs)}</td>"
                     f"<td>{html.escape(formula)}<br/>{html.escape(definition)}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


def write_pdf(report: AssessmentReport, path: str | Path, charts: list[QImage] = ()) -> Path:
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("commandcenter")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    font = QFont(cjk_family())
    font.setPointSizeF(8.5)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet("h1 { font-size: 18pt; } h2 { font-size: 12pt; margin-top: 10px; }"
                             "th { background-color: #dde6f3; } td, th { font-size: 8pt; }")
    names = []
    for i, image in enumerate(charts):
        name = f"chart{i}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        names.append(name)
    doc.setHtml(report_html(report, names))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    return path
