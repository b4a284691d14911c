"""The map's words: tooltips, legend, status line and metric names, translated at call time.

`MapText` is a QObject only so that its strings have one translation context ("MapText");
it holds no state. Every method returns rich text (HTML, user data escaped) or plain text for
`MapPage` to show; none touches a widget.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QObject

from commandcenter.services import map_query as mq
from commandcenter.ui.labels import state_label
from commandcenter.ui.map import map_style as st


def _swatch(colour: str, text: str) -> str:
    return (f'<span style="color:{colour}; font-size:14pt">■</span>&nbsp;{escape(text)}'
            "&nbsp;&nbsp; ")


class MapText(QObject):
    def metric_label(self, name: str) -> str:
        """A registered metric's display name (its key if this build does not know it)."""
        return {"open": self.tr("Open cases"), "overdue": self.tr("Overdue cases"),
                "density": self.tr("Open cases per km²"),
                "ontime_closing_rate": self.tr("On-time closing rate this month (%)"),
                "closing_rate": self.tr("Closing rate this month (%)")}.get(name, name)

    def grid_tip(self, canvas, data: mq.MapData | None, i: int) -> str:
        geo = canvas.geo
        code = str(geo.codes[i])
        lines = [f"<b>{escape(str(geo.names[i]))}</b>", self.tr("Grid {code}").format(code=code),
                 self.tr("Community: {name}").format(name=escape(str(geo.community[i])))]
        if data is not None:
            workers = data.workers.get(code) or [self.tr("none assigned")]
            lines.append(self.tr("Grid worker(s): {names}").format(
                names=escape("、".join(workers))))
            m = canvas.metrics
            lines.append(self.tr("Open: {open} · overdue: {overdue}").format(
                open=int(m["open"][i]), overdue=int(m["overdue"][i])))
        return "<br>".join(lines)

    def case_tip(self, tip: dict) -> str:
        left = tip["seconds_left"]
        if left is None:
            time_left = self.tr("no time limit running")
        elif tip["paused"]:
            time_left = self.tr("clock paused")
        elif left < 0:
            time_left = self.tr("overdue by {h:.1f} h").format(h=-left / 3600)
        else:
            time_left = self.tr("{h:.1f} h left").format(h=left / 3600)
        return "<br>".join([
            f"<b>{escape(tip['code'])}</b>", escape(tip["category"]),
            self.tr("State: {state}").format(state=escape(state_label(tip["state"]))),
            self.tr("Time left: {left}").format(left=time_left)])

    def status(self, points: mq.CasePoints) -> str:
        is_open = points.open
        return self.tr(
            "{cases} cases, {open} open, {overdue} overdue, {outside} without a grid.").format(
            cases=f"{len(points):,}", open=f"{int(is_open.sum()):,}",
            overdue=f"{int((is_open & (points.aging == mq.AGING_RED)).sum()):,}",
            outside=f"{int((points.grid < 0).sum()):,}")

    def legend(self, canvas) -> str:
        """What the current view shows: point colours and symbols, or the choropleth classes."""
        c = canvas
        parts: list[str] = []
        if c.points_mode and c.visible["points"]:
            if c.colour_by == "state":
                parts += [_swatch(col, QCoreApplication.translate("MapLegend", label))
                          for label, col in st.STATE_GROUPS]
            else:
                names = (self.tr("No time limit"), self.tr("On time"),
                         self.tr("Due soon (≥80%)"), self.tr("Overdue"))
                parts += [_swatch(col, n) for col, n in zip(st.AGING_COLOURS, names, strict=True)]
            parts.append(escape(self.tr("● normal  ▲ urgent  ★ emergency")))
        elif c.visible["choropleth"]:
            parts.append(f"<b>{escape(self.metric_label(c.metric))}</b>:&nbsp;")
            if mq.metric_unit(c.metric) == "%":
                lo = 0.0
                for col, hi in zip(st.RATE_RAMP, st.RATE_BREAKS, strict=True):
                    parts.append(_swatch(col, f"{lo:g}–{hi:g}%"))
                    lo = hi
                parts.append(_swatch(st.RATE_NO_DATA, self.tr("no case due")))
                parts.append(escape(self.tr("(low = worse)")) + "&nbsp;&nbsp; ")
            else:
                parts.append(_swatch(st.CHORO_RAMP[0], "0"))
                for k, hi in enumerate(c.breaks):
                    parts.append(_swatch(st.CHORO_RAMP[k + 1], f"≤ {hi:.3g}"))
            parts.append(escape(self.tr("(zoom in for individual cases)")))
        if c.visible["heat"] and not c.points_mode:
            parts.append(_swatch("#e31a1c", self.tr("Heat: case density")))
        return "".join(parts)
