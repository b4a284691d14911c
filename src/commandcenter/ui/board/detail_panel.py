"""The case detail panel: every field, masked reporter, a map preview, deadlines per stage,
timeline, duplicates, whistle.

Contract: `DetailPanel.show_detail(detail, store, clocks=(), preview=None)` renders a
`services.dto.CaseDetail` (read by `BoardPage` through the DB worker, with the stage clocks of
`services.board_clocks` and the `PreviewShapes` of `services.board_detail`): the map preview
on top, the rest as rich text in `browser`; `clear_detail()` empties it. Names of people,
units and places come from the board store's lookup tables. Reporter identity arrives already
masked from the service; nothing here can unmask it: the "Reveal identity" button (shown only
when the case has a reporter) emits `sig_reveal_requested(case_id)` and someone else decides.
`set_read_only(on)` disables that button. `show_loading(code, state)` shows the case's code
and state at once while its details are read (a programmatic selection never leaves the old
case or "select a case" on screen). Colours (overdue rows, stripes) follow the palette and a
palette change re-renders. Called on the GUI thread by `BoardPage` only.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from commandcenter.domain.vocabulary import Role
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.board.map_preview import MapPreviewWidget
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


def _short(at: datetime | None) -> str:
    return at.strftime("%m-%d %H:%M") if at else "—"


_STAGES = {"accept": QT_TRANSLATE_NOOP("DetailPanel", "Accept"),
           "verify": QT_TRANSLATE_NOOP("DetailPanel", "Verify"),
           "register": QT_TRANSLATE_NOOP("DetailPanel", "Register"),
           "dispatch": QT_TRANSLATE_NOOP("DetailPanel", "Dispatch"),
           "check_in": QT_TRANSLATE_NOOP("DetailPanel", "Whistle check-in"),
           "sign": QT_TRANSLATE_NOOP("DetailPanel", "Sign"),
           "handle": QT_TRANSLATE_NOOP("DetailPanel", "Handle"),
           "check": QT_TRANSLATE_NOOP("DetailPanel", "Check"),
           "close": QT_TRANSLATE_NOOP("DetailPanel", "Close"),
           "visit": QT_TRANSLATE_NOOP("DetailPanel", "Callback")}
_PAUSES = {"hung": QT_TRANSLATE_NOOP("DetailPanel", "hung"),
           "extension": QT_TRANSLATE_NOOP("DetailPanel", "extension requested"),
           "check": QT_TRANSLATE_NOOP("DetailPanel", "awaiting check")}
_UNIT_SHORT = {"working_hours": QT_TRANSLATE_NOOP("DetailPanel", "{0:.1f} wh"),
               "working_days": QT_TRANSLATE_NOOP("DetailPanel", "{0:.1f} wd"),
               "natural_hours": QT_TRANSLATE_NOOP("DetailPanel", "{0:.1f} h")}


def _tr(source: str) -> str:
    return QCoreApplication.translate("DetailPanel", source)


class DetailPanel(QWidget):
    sig_reveal_requested = Signal(int)  # case id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_detail")
        self._detail: Any = None
        self._store: Any = None
        self._stage_clocks: tuple = ()
        self._preview: Any = None
        self._read_only = False
        self._loading: tuple[str, str] | None = None
        self.title = QLabel(self, objectName="board_detail_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.reveal_button = QPushButton(self, objectName="board_reveal_identity")
        self.reveal_button.clicked.connect(self._reveal)
        self.reveal_button.hide()
        self.map = MapPreviewWidget(self)
        self.map.hide()
        self.browser = QTextBrowser(self, objectName="board_detail_text")
        self.browser.setOpenLinks(False)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.map)
        layout.addWidget(self.browser, 1)
        self.retranslate_ui()

    @property
    def detail(self) -> Any:
        return self._detail

    def toPlainText(self) -> str:  # noqa: N802 - mirrors QTextBrowser for callers and tests
        return self.browser.toPlainText()

    def clear_detail(self) -> None:
        self._detail = None
        self._loading = None
        self.title.setText("")
        self.reveal_button.hide()
        self.map.hide()
        self.browser.setHtml("<p>" + escape(self.tr("Select a case to see its details.")) + "</p>")

    def show_loading(self, code: str, state: str) -> None:
        """The selected case's header while its details are being read."""
        self._detail = None
        self._loading = (code, state)
        self.title.setText(f"{code} · {state_label(state)}" if state else code)
        self.reveal_button.hide()
        self.map.hide()
        self.browser.setHtml("<p>" + escape(self.tr("Loading the case's details…")) + "</p>")

    @property
    def loading(self) -> tuple[str, str] | None:
        """(code, state) while `show_loading` waits for the details, else None."""
        return self._loading

    def show_detail(self, detail: Any, store: Any, clocks: Any = (), preview: Any = None) -> None:
        self._loading = None
        self._detail, self._store = detail, store
        self._stage_clocks, self._preview = tuple(clocks), preview
        self.title.setText(f"{detail.code} · {state_label(detail.state)}")
        self.reveal_button.setVisible(detail.reporter is not None)
        self.reveal_button.setEnabled(not self._read_only)
        self.map.setVisible(preview is not None)
        self.map.set_shapes(preview)
        self.browser.setHtml(self._html(detail, store))

    def set_read_only(self, on: bool) -> None:
        self._read_only = on
        self.reveal_button.setEnabled(not on)

    def _reveal(self) -> None:
        if self._detail is not None and not self._read_only:
            self.sig_reveal_requested.emit(int(self._detail.id))

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
        html = ["<table>"]
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
        if self._stage_clocks:
            return self._stage_table(self._stage_clocks)
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

    def _stage_table(self, clocks: Any) -> str:
        """Deadlines per stage: one row per clock the case ran (see `board_clocks`), four
        narrow columns (the panel is narrow): stage and limit, deadline, used, left; pauses
        and extensions on a line of their own below the row."""
        head = [self.tr("Stage / limit"), self.tr("Deadline"), self.tr("Used"), self.tr("Left")]
        heading = self.tr("Deadlines per stage")
        html = [f"<h4>{escape(heading)}</h4>",
                "<table cellspacing='0' cellpadding='3' width='100%'><tr>"]
        html += [f"<th align='left'>{escape(h)}</th>" for h in head]
        html.append("</tr>")
        colours = board_colours(self.palette())  # the browser resolves after us
        for k, c in enumerate(clocks):
            fmt = _tr(_UNIT_SHORT.get(c.unit, "{0:.1f}"))
            stage = _tr(_STAGES[c.stage]) if c.stage in _STAGES else c.stage
            if c.running:
                stage += " " + self.tr("(running)")
            left = ""
            if c.left is not None:
                left = (self.tr("over by {0}").format(fmt.format(-c.left)) if c.overdue
                        else fmt.format(c.left))
            notes = [self.tr("{why} {start} – {end}").format(
                why=_tr(_PAUSES.get(why, why)), start=_short(a),
                end=_short(b) if b else self.tr("now")) for a, b, why in c.pauses]
            notes += [self.tr("extended by {0}").format(limit_label(x)) for x in c.extensions]
            style = [f"background:{colours.stripe_bg.name()};color:{colours.on_stripe.name()}"
                     if k % 2 else ""]
            if c.overdue:
                style.append(f"color:{colours.overdue.name()}")
            if c.running:
                style.append("font-weight:bold")
            attr = f" style='{';'.join(x for x in style if x)}'"
            html.append(
                f"<tr{attr}><td>{escape(stage)}<br/><small>{escape(limit_label(c.limit))}"
                f"</small></td><td>{escape(_short(c.deadline))}</td>"
                f"<td>{escape(fmt.format(c.used) if c.used is not None else '')}</td>"
                f"<td>{escape(left)}</td></tr>")
            if notes:
                html.append(f"<tr{attr}><td colspan='4'><small>{escape('；'.join(notes))}"
                            "</small></td></tr>")
        html.append("</table>")
        return "".join(html)

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
        self.browser.setAccessibleName(self.tr("Case details"))
        self.title.setAccessibleName(self.tr("Case code and state"))
        self.reveal_button.setText(self.tr("Reveal identity"))
        self.reveal_button.setAccessibleName(self.tr("Reveal the reporter's identity"))
        self.reveal_button.setToolTip(self.tr("Show the reporter's full identity (recorded in "
                                              "the audit log)"))
        self._rerender()

    def _rerender(self) -> None:
        if self._detail is not None and self._store is not None:
            self.show_detail(self._detail, self._store, self._stage_clocks, self._preview)
        elif self._loading is not None:
            self.show_loading(*self._loading)
        else:
            self.clear_detail()

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._rerender()  # the stripes and the overdue colour are in the HTML
        super().changeEvent(event)
