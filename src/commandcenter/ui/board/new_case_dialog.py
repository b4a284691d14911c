"""New case for the hotline / service-window operator, with an immediate duplicate check.

Contract
- Fields: channel, category search (code, Chinese, pinyin initials), title, description,
  address, longitude/latitude (a map picker comes with the map issue), reporter name, phone and
  ID number (shown masked once the operator leaves the field; the raw value is kept), urgent.
- While typing, `services.intake.duplicate_suggestions` runs on the DB worker (debounced) and
  the table lists open cases nearby / alike with their similarity, distance and age.
- "Save" validates (`services.intake.validate`, messages translated per field) and creates the
  case on the worker; "Save and merge" creates it and merges it into the chosen suggestion.
  `sig_created(CaseRef)` follows a successful save; the dialog then closes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from commandcenter.domain.pii import contains_identifier, scrub_text
from commandcenter.domain.vocabulary import Channel
from commandcenter.services import intake
from commandcenter.services.dto import mask_id_number, mask_name, mask_phone
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.board.dialogs.messages import intake_problem_text, refusal_text
from commandcenter.ui.board.dialogs.register import CategorySearch
from commandcenter.ui.errors import first_line
from commandcenter.ui.labels import channel_label, state_label

DEBOUNCE_MS = 350
INTAKE_CHANNELS = (Channel.HOTLINE_12345, Channel.SERVICE_WINDOW, Channel.GRID_WORKER,
                   Channel.LEADER_INSTRUCTION, Channel.DEPARTMENT_TRANSFER)


class MaskedLineEdit(QLineEdit):
    """Shows the masked value when not focused (张*, 138****1234); `value()` is the raw text."""

    def __init__(self, mask: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mask = mask
        self._raw = ""
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        self._raw = text

    def value(self) -> str:
        return self._raw

    def set_value(self, text: str) -> None:
        self._raw = text
        self.setText(text if self.hasFocus() else (self._mask(text) or ""))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.setText(self._raw)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.setText(self._mask(self._raw) or "")
        super().focusOutEvent(event)


class NewCaseDialog(QDialog):
    sig_created = Signal(object)  # CaseRef
    sig_duplicates_shown = Signal(int)  # number of suggestions (tests, screen readers)
    COL_CODE, COL_SCORE, COL_DIST, COL_AGE, COL_STATE, COL_TITLE = range(6)

    def __init__(self, worker, ctx, actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker, self._ctx, self._actor = worker, ctx, actor
        self._serial = 0
        self._alive = True
        self._hits: list[intake.DuplicateHit] = []
        self._identifier_warned: dict[str, str] | None = None  # texts the warning was about
        self.setObjectName("new_case_dialog")
        self.setWindowTitle(self.tr("New case"))
        self.setAccessibleName(self.tr("New case"))
        self.setMinimumSize(900, 640)
        self._timer = QTimer(self, objectName="duplicate_debounce", singleShot=True,
                             interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._look_for_duplicates)
        self._build()
        self.destroyed.connect(self._dead)
        self.channel.setFocus()

    def _dead(self) -> None:
        self._alive = False

    @property
    def alive(self) -> bool:
        return self._alive and isValid(self) and self.isVisible()

    # ------------------------------------------------------------------ layout
    def _field(self, form: QFormLayout, label: str, widget: QWidget, name: str) -> QWidget:
        widget.setObjectName(name)
        lab = QLabel(label, self)
        lab.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        form.addRow(lab, widget)
        return widget

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 3)
        form = QFormLayout()
        left.addLayout(form)
        self.channel = QComboBox(self)
        for ch in INTAKE_CHANNELS:
            self.channel.addItem(channel_label(ch), ch.value)
        self._field(form, self.tr("C&hannel"), self.channel, "channel")
        self.category = CategorySearch(self._worker, self._ctx, self)
        lab = QLabel(self.tr("Cate&gory"), self)
        lab.setBuddy(self.category.field)
        form.addRow(lab, self.category)
        self.title = self._field(form, self.tr("&Title"), QLineEdit(self), "title")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        self._field(form, self.tr("&Description"), self.description, "description")
        self.address = self._field(form, self.tr("&Address"), QLineEdit(self), "address")
        loc = QWidget(self)
        row = QHBoxLayout(loc)
        row.setContentsMargins(0, 0, 0, 0)
        self.lon, self.lat = QLineEdit(loc), QLineEdit(loc)
        for w, name, rng, text in ((self.lon, "lon", (73.0, 136.0), self.tr("Longitude")),
                                   (self.lat, "lat", (3.0, 54.0), self.tr("Latitude"))):
            w.setObjectName(name)
            w.setValidator(QDoubleValidator(rng[0], rng[1], 6, w))
            w.setPlaceholderText(text)
            w.setAccessibleName(text)
            row.addWidget(w)
        lab = QLabel(self.tr("&Location (lon, lat)"), self)
        lab.setBuddy(self.lon)
        form.addRow(lab, loc)
        box = QGroupBox(self.tr("Reporter (shown masked)"), self)
        rform = QFormLayout(box)
        self.reporter_name = self._field(rform, self.tr("&Name"), MaskedLineEdit(mask_name, box),
                                         "reporter_name")
        self.reporter_phone = self._field(rform, self.tr("&Phone"),
                                          MaskedLineEdit(mask_phone, box), "reporter_phone")
        self.reporter_id = self._field(rform, self.tr("&ID number"),
                                       MaskedLineEdit(mask_id_number, box), "reporter_id")
        left.addWidget(box)
        self.urgent = QCheckBox(self.tr("&Urgent"), self, objectName="urgent")
        self.urgent.setAccessibleName(self.tr("Urgent"))
        left.addWidget(self.urgent)
        self.problems = QLabel("", self, objectName="intake_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {board_colours(self.palette()).overdue.name()};")
        self.problems.setAccessibleName(self.tr("Problems"))
        left.addWidget(self.problems)
        left.addStretch(1)
        right = QVBoxLayout()
        outer.addLayout(right, 4)
        self.dup_caption = QLabel(self.tr("Possible duplicates (open cases within 200 m and "
                                          "7 days)"), self)
        right.addWidget(self.dup_caption)
        self.duplicates = QTableWidget(0, 6, self)
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setAccessibleName(self.tr("Possible duplicates"))
        self.duplicates.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Similarity"), self.tr("Distance"), self.tr("Reported"),
            self.tr("State"), self.tr("Title")])
        self.duplicates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.duplicates.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.duplicates.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.duplicates.verticalHeader().hide()
        self.duplicates.horizontalHeader().setSectionResizeMode(
            self.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        right.addWidget(self.duplicates, 1)
        self.none_found = QLabel(self.tr("No similar open case nearby."), self)
        right.addWidget(self.none_found)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Save"), self, objectName="save")
        self.save_button.setDefault(True)
        self.merge_button = QPushButton(self.tr("Save and &merge into selected"), self,
                                        objectName="save_merge")
        self.merge_button.setEnabled(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save(merge=False))
        self.merge_button.clicked.connect(lambda: self.save(merge=True))
        right.addWidget(self.buttons)
        self.duplicates.itemSelectionChanged.connect(
            lambda: self.merge_button.setEnabled(bool(self.duplicates.selectedItems())))
        for sig in (self.title.textChanged, self.description.textChanged,
                    self.address.textChanged, self.lon.textChanged, self.lat.textChanged,
                    self.category.results.currentItemChanged):
            sig.connect(lambda *_a: self._timer.start())

    # ------------------------------------------------------------------ form
    @staticmethod
    def _float(edit: QLineEdit) -> float | None:
        text = edit.text().strip().replace(",", ".")
        try:
            return float(text) if text else None
        except ValueError:
            return None

    def form(self) -> intake.IntakeForm:
        return intake.IntakeForm(
            channel=Channel(self.channel.currentData()), title=self.title.text().strip(),
            description=self.description.toPlainText().strip(),
            address=self.address.text().strip(), lon=self._float(self.lon),
            lat=self._float(self.lat), minor_code=self.category.code(),
            reporter_name=self.reporter_name.value(), reporter_phone=self.reporter_phone.value(),
            reporter_id=self.reporter_id.value(), priority=1 if self.urgent.isChecked() else 0)

    # ------------------------------------------------------------------ duplicates
    def _look_for_duplicates(self) -> None:
        f = self.form()
        text = " ".join(t for t in (f.title, f.description, f.address) if t)
        if f.lon is None and len(text) < 4:
            return
        self._serial += 1
        serial = self._serial
        self._worker.submit(intake.duplicate_suggestions, self._ctx, f.lon, f.lat, f.minor_code,
                            text, self._ctx.now(),
                            on_result=lambda hits: self._show_duplicates(serial, hits))

    def refresh_duplicates_now(self) -> None:
        self._timer.stop()
        self._look_for_duplicates()

    def _show_duplicates(self, serial: int, hits: list[intake.DuplicateHit]) -> None:
        if not self.alive or serial != self._serial:
            return
        self._hits = hits
        now = self._ctx.now()
        t = self.duplicates
        t.setRowCount(len(hits))
        for row, h in enumerate(hits):
            hours = max(0.0, (now - h.reported_at).total_seconds() / 3600)
            age = (self.tr("%1 h ago").replace("%1", f"{hours:.0f}") if hours < 48
                   else self.tr("%1 d ago").replace("%1", f"{hours / 24:.0f}"))
            dist = "—" if h.distance_m is None else f"{h.distance_m:.0f} m"
            cells = (h.code, f"{h.score * 100:.0f}%", dist, age, state_label(h.state),
                     h.title or h.address)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (self.COL_SCORE, self.COL_DIST):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(self.tr("Text similarity %1%, address %2").replace(
                    "%1", f"{h.text_similarity * 100:.0f}").replace("%2", h.address))
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
        self.none_found.setVisible(not hits)
        self.sig_duplicates_shown.emit(len(hits))

    # ------------------------------------------------------------------ saving
    def set_read_only(self, on: bool, reason: str = "") -> None:
        """While the database is unreachable: what was typed stays, saving waits."""
        self._held = on
        self.save_button.setEnabled(not on)
        self.merge_button.setEnabled(not on and bool(self.duplicates.selectedItems()))
        self.problems.setText(reason if on else "")

    def save(self, merge: bool) -> None:
        if getattr(self, "_held", False):
            return
        f = self.form()
        problems = intake.validate(f)
        if problems:
            self.problems.setText("\n".join(intake_problem_text(p.code, p.message)
                                            for p in problems))
            return
        f = self._without_identifiers(f)
        if f is None:
            return
        self.problems.setText("")
        parent = None
        if merge:
            rows = self.duplicates.selectionModel().selectedRows()
            if not rows:
                return
            parent = self._hits[rows[0].row()].case_id
        self.save_button.setEnabled(False)
        self._worker.submit(create_and_maybe_merge, self._ctx, f, self._actor, parent,
                            on_result=self._saved, on_error=self._failed)

    def _without_identifiers(self, f: intake.IntakeForm) -> intake.IntakeForm | None:
        """A phone or ID number typed into the title, description or address would be stored
        unencrypted: the first Save explains where it belongs (the reporter fields, sealed);
        saving the same text again saves it masked (the fields show what is saved)."""
        texts = {"title": f.title, "description": f.description, "address": f.address}
        leaks = [name for name, text in texts.items() if contains_identifier(text)]
        if not leaks:
            self._identifier_warned = None
            return f
        if self._identifier_warned != texts:
            self._identifier_warned = texts
            labels = {"title": self.tr("title"), "description": self.tr("description"),
                      "address": self.tr("address")}
            self.problems.setText(self.tr(
                "The %1 holds a phone or ID number. Move it into the reporter fields, where it "
                "is encrypted, or press Save again to save it masked.").replace(
                    "%1", self.tr(", ").join(labels[n] for n in leaks)))
            return None
        masked = {name: scrub_text(text) for name, text in texts.items()}
        self.title.setText(masked["title"])
        self.description.setPlainText(masked["description"])
        self.address.setText(masked["address"])
        self._identifier_warned = None
        return replace(f, **masked)

    def _saved(self, ref) -> None:
        if not self.alive:
            return
        self.sig_created.emit(ref)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not self.alive:
            return
        self.save_button.setEnabled(True)
        if isinstance(exc, intake.IntakeError):
            text = "\n".join(intake_problem_text(p.code, p.message) for p in exc.problems)
        else:
            code = getattr(exc, "code", None)
            params = getattr(exc, "params", None)
            text = refusal_text(code, params, first_line(exc)) if code else first_line(exc)
        self.problems.setText(text)

    def done(self, result: int) -> None:  # noqa: D102 - stop the debounce before closing
        self._timer.stop()
        self._alive = False
        super().done(result)


def create_and_maybe_merge(ctx, form: intake.IntakeForm, actor, parent_id: int | None):
    """Worker function: create the case, then merge it into ``parent_id`` if given.
    Returns the new case's `CaseRef` (its state after a merge is MERGED)."""
    ref = intake.create_case(ctx, form, actor)
    if parent_id is not None:
        from commandcenter.services.dto import CaseRef

        result = intake.merge_into(ctx, ref.id, parent_id, actor, "受理时确认为重复件")
        ref = CaseRef(ref.id, ref.code, result.version, result.to_state)
    return ref
