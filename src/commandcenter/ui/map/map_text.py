"""The map's words: tooltips, legend, status line and metric names, translated at call time.

`MapText` is a QObject only so that its strings have one translation context ("MapText");
it holds no state. Every method returns rich text (HTML, user data escaped) or plain text for
`MapPage` to show; none touches a widget.
"""

from __future__ import annotations

import math
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

    def site_kind_label(self, kind: str | None) -> str:
        """A dedicated grid's site kind in words (the raw value if this build does not know it)."""
        return {"school": self.tr("school"), "market": self.tr("market"),
                "park": self.tr("park"), "hospital": self.tr("hospital"),
                "scenic": self.tr("scenic area"), "transit": self.tr("transit hub"),
                "commercial": self.tr("commercial block"),
                "enterprise": self.tr("business park"),
                "construction": self.tr("construction site"),
                "elderly_care": self.tr("elderly care"),
                "other": self.tr("other site")}.get(kind or "other", str(kind))

    def grid_tip(self, canvas, data: mq.MapData | None, i: int) -> str:
        """Grid i's tooltip: name, code, (for a dedicated grid: its site kind and host grid),
        community, grid workers, open and overdue cases (a comprehensive grid's counts include
        its dedicated grids' cases, as on the choropleth), this month's KPI rates if due."""
        geo = canvas.geo
        code = str(geo.codes[i])
        lines = [f"<b>{escape(str(geo.names[i]))}</b>"]
        if geo.is_dedicated[i]:
            kind = geo.site_kind[i] if len(geo.site_kind) else None
            lines.append(self.tr("Dedicated grid {code} ({kind})").format(
                code=code, kind=escape(self.site_kind_label(kind))))
            h = int(geo.host[i])
            lines.append(self.tr("Inside grid {code} {name}").format(
                code=str(geo.codes[h]), name=escape(str(geo.names[h]))))
        else:
            lines.append(self.tr("Grid {code}").format(code=code))
        lines.append(self.tr("Community: {name}").format(name=escape(str(geo.community[i]))))
        if data is not None:
            workers = data.workers.get(code) or [self.tr("none assigned")]
            lines.append(self.tr("Grid worker(s): {names}").format(
                names=escape("、".join(workers))))
            m = canvas.metrics
            lines.append(self.tr("Open: {open} · overdue: {overdue}").format(
                open=int(m["open"][i]), overdue=int(m["overdue"][i])))
            for name in mq.KPI_METRICS:  # once the KPI step has delivered them
                rates = m.get(name)
                if rates is not None and math.isfinite(rates[i]):
                    lines.append(f"{escape(self.metric_label(name))}: {rates[i]:.1f}")
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
            parts.append(f"<b>{escape(self.metric_label(c.metric_name))}</b>:&nbsp;")
            if c.metric_name not in c.metrics:
                parts.append(escape(self.tr("being computed…")) + "&nbsp;&nbsp; ")
            elif mq.metric_unit(c.metric_name) == "%":
                lo = 0.0
                for col, hi in zip(c.theme.rate_ramp, st.RATE_BREAKS, strict=True):
                    parts.append(_swatch(col, f"{lo:g}–{hi:g}%"))
                    lo = hi
                parts.append(_swatch(c.theme.no_data, self.tr("no case due")))
                parts.append(escape(self.tr("(low = worse)")) + "&nbsp;&nbsp; ")
            else:
                parts.append(_swatch(c.theme.zero, "0"))
                for k, hi in enumerate(c.breaks):
                    parts.append(_swatch(st.CHORO_RAMP[k + 1], f"≤ {hi:.3g}"))
            parts.append(escape(self.tr("(zoom in for individual cases)")))
        if c.visible["heat"] and not c.points_mode:
            parts.append(_swatch("#e31a1c", self.tr("Heat: case density")))
        return "".join(parts)
