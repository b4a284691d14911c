"""The case detail panel: every field, masked reporter, clocks, timeline, duplicates, whistle.

Contract: `DetailPanel.show_detail(detail, store)` renders a `services.dto.CaseDetail` (read by
`BoardPage` through the DB worker) as rich text; `clear()` empties it. `names` of people, units
and places come from the board store's lookup tables. Reporter identity arrives already masked
from the service; nothing here can unmask it. Called on the GUI thread by `BoardPage` only.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from commandcenter.domain.vocabulary import Role
from commandcenter.ui.labels import action_label, channel_label, role_label, state_label

_UNITS = {"working_hours": QT_TRANSLATE_NOOP("DetailPanel", "working hours"),
          "working_days": QT_TRANSLATE_NOOP("DetailPanel", "working days"),
          "natural_hours": QT_TRANSLATE_NOOP("DetailPanel", "natural hours")}


def limit_label(text: str) -> str:
    """ "4 working_hours" -> "4 工作时" (the unit translated, the amount kept)."""
    amount, _, unit = text.partition(" ")
    source = _UNITS.get(unit)
    if source is None:
        return text
    return f"{amount} {QCoreApplication.translate('DetailPanel', source)}"


def _t(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


class DetailPanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_detail")
        self.setOpenLinks(False)
        self._detail: Any = None
        self._store: Any = None
        self.retranslate_ui()

    @property
    def detail(self) -> Any:
        return self._detail

    def clear_detail(self) -> None:
        self._detail = None
        self.setHtml("<p>" + escape(self.tr("Select a case to see its details.")) + "</p>")

    def show_detail(self, detail: Any, store: Any) -> None:
        self._detail, self._store = detail, store
        self.setHtml(self._html(detail, store))

    def _name(self, kind: str, code: str | None) -> str:
        if not code:
            return "—"
        if kind == "person":
            return self._store.names.people.get(code, code) if self._store else code
        return self._store.label(kind, code) if self._store else code

    def _html(self, d: Any, store: Any) -> str:
        minor = d.minor_code
        rows = [
            (self.tr("Code"), d.code),
            (self.tr("State"), state_label(d.state)),
            (self.tr("Channel"), channel_label(d.channel)),
            (self.tr("Title"), d.title),
            (self.tr("Description"), d.description),
            (self.tr("Address"), d.address),
            (self.tr("Location"), f"{d.lon:.5f}, {d.lat:.5f}" if d.lon is not None else "—"),
            (self.tr("Street / community / grid"), " / ".join((
                self._name("street", d.street_code), self._name("community", d.community_code),
                self._name("grid", d.grid_code)))),
            (self.tr("Category"), f"{self._name('major', store.major_of(minor))} / "
                             f"{self._name('minor', minor)}" if minor else "—"),
            (self.tr("Lead unit"), self._name("unit", d.lead_unit)),
            (self.tr("Co-handlers"), "、".join(self._name("unit", u) for u in d.co_handlers) or "—"),
            (self.tr("Owning centre"), self._name("unit", d.owner_centre)),
            (self.tr("Priority"), self.tr("Emergency") if d.emergency else (
                self.tr("Urgent") if d.priority else self.tr("Normal"))),
            (self.tr("Supervision level"), str(d.supervision_level)),
            (self.tr("Reworks / returns / redos / reopens"),
             f"{d.rework_count} / {d.return_count} / {d.redo_count} / {d.reopen_count}"),
            (self.tr("Received"), _t(d.reported_at)),
            (self.tr("Registered"), _t(d.registered_at)),
            (self.tr("Dispatched"), _t(d.dispatched_at)),
            (self.tr("Handled"), _t(d.handled_at)),
            (self.tr("Closed"), _t(d.closed_at)),
        ]
        r = d.reporter
        if r is not None:
            rows.append((self.tr("Reporter (masked)"), " ".join(
                x for x in (r.name, r.phone, r.id_number) if x) or "—"))
        html = [f"<h3>{escape(d.code)} · {escape(state_label(d.state))}</h3><table>"]
        html += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(str(v))}</td></tr>"
                 for k, v in rows]
        html.append("</table>")
        html.append(self._clocks(d))
        html.append(self._whistle(d))
        html.append(self._timeline(d))
        if d.duplicates:
            title = self.tr("Merged duplicates")
            html.append(f"<h4>{escape(title)}</h4><ul>")
            html += [f"<li>{escape(s.code)}</li>" for s in d.duplicates]
            html.append("</ul>")
        return "".join(html)

    def _clocks(self, d: Any) -> str:
        items = []
        for title, clock in ((self.tr("Current stage"), d.stage_clock), (self.tr("Handling"),
                                                                    d.handle_clock)):
            if clock is None:
                continue
            line = self.tr("{stage}: {limit}, from {start}, due {deadline}").format(
                stage=title, limit=limit_label(str(clock.limit)), start=_t(clock.start),
                deadline=_t(clock.deadline))
            if clock.paused_since:
                line += " " + self.tr("(paused since {0})").format(_t(clock.paused_since))
            items.append(f"<li>{escape(line)}</li>")
        if not items:
            return ""
        heading = self.tr("Deadlines")
        return f"<h4>{escape(heading)}</h4><ul>{''.join(items)}</ul>"

    def _whistle(self, d: Any) -> str:
        w = d.whistle
        if w is None:
            return ""
        checked = dict(w.checked_in)
        ratings = dict(w.ratings)
        rows = []
        for dept in w.departments:
            at = checked.get(dept)
            status = _t(at) if at else self.tr("not checked in")
            if dept in ratings:
                status += " · " + self.tr("rated {0}").format(ratings[dept])
            rows.append(f"<li>{escape(self._name('unit', dept))}: {escape(status)}</li>")
        heading = self.tr("Whistle (check-ins)")
        line = self.tr("Called {called}, check-in due {due}; lead unit {lead}").format(
            called=_t(w.called_at), due=_t(w.checkin_deadline),
            lead=self._name("unit", w.lead_unit))
        return f"<h4>{escape(heading)}</h4><p>{escape(line)}</p><ul>{''.join(rows)}</ul>"

    def _timeline(self, d: Any) -> str:
        """One entry per event: when, who (role, unit), what, why (a list reads better than a
        table in the narrow panel)."""
        heading = self.tr("Timeline")
        html = [f"<h4>{escape(heading)}</h4><ol>"]
        for e in d.events:
            what = action_label(e.action)
            if e.from_state != e.to_state:
                what += f" → {state_label(e.to_state)}"
            if e.role == Role.SYSTEM:
                who = role_label(e.role)
            else:
                who = self.tr("{who} ({role}, {unit})").format(
                    who=self._name("person", e.actor_id), role=role_label(e.role),
                    unit=self._name("unit", e.unit_code))
            line = f"<b>{escape(_t(e.at))}</b> {escape(who)}<br/>{escape(what)}"
            if e.reason:
                reason = self.tr("Reason: {0}").format(e.reason)
                line += f"<br/><i>{escape(reason)}</i>"
            html.append(f"<li>{line}</li>")
        html.append("</ol>")
        return "".join(html)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Case details"))
        if self._detail is not None and self._store is not None:
            self.show_detail(self._detail, self._store)
        else:
            self.clear_detail()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
