"""The sync panel's reference-data page: the district's units / people / categories export,
its responsibility rules file or its grids GeoJSON, previewed as a diff, then applied at once
(services.sync: `preview_reference`, `apply_reference`).

Contracts
- `ReferencePage(worker, svc, ctx, parent=None)`: every database call runs on the serial
  `DbWorker`; the widgets only see plain values.
- `preview()` reads and diffs the chosen file (writes nothing) and fills the changes table (one
  row per changed field; added, retired and reactivated records one row each) and the findings
  list (problems that block the file, refused retirements, notes). `sig_previewed(RefPreview)`.
- `apply()` is possible only after a preview of the same file without problems and with
  changes, and only for an account with the MANAGE_REFERENCE right (admins; the button says why
  it is disabled otherwise). It applies the file in one transaction, refreshes the history and
  emits `sig_applied(RefPreview)`: the owner reloads what shows units and people.
- A rules file's changes are one row per changed rule field (a rule's "name" is its category
  and target); a removed rule shows as "removed", not "retired".
- `refresh()` reloads the history of applied reference changes; `show_history(rows)` shows
  rows of `SyncService.reference_history` (the panel loads them with its lists).
- Retranslates on QEvent.LanguageChange.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.permissions import Right, can
from commandcenter.ui.errors import first_line
from commandcenter.ui.labels import role_label

from .models import RowsModel, rows_table


def _value(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


class ReferencePage(QWidget):
    sig_previewed = Signal(object)
    sig_applied = Signal(object)

    def __init__(self, worker: Any, svc: Any, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._svc = svc
        self._ctx = ctx
        self._preview: Any = None
        self._previewed: tuple[str, str | None, bool] | None = None
        self.file_edit = QLineEdit()
        self.file_btn, self.preview_btn, self.apply_btn = QPushButton(), QPushButton(), QPushButton()
        self.kind_combo = QComboBox()
        self.full_check = QCheckBox()
        self.full_check.setChecked(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.changes_model = RowsModel([])
        self.findings_model = RowsModel([])
        self.history_model = RowsModel([])
        self.changes_view = rows_table(self.changes_model)
        self.findings_view = rows_table(self.findings_model)
        self.history_view = rows_table(self.history_model)
        self.history_label = QLabel()
        self.file_btn.clicked.connect(self._choose_file)
        self.preview_btn.clicked.connect(self.preview)
        self.apply_btn.clicked.connect(self.apply)
        self.file_edit.textChanged.connect(self._update_apply)
        self.kind_combo.currentIndexChanged.connect(self._update_apply)
        self.full_check.toggled.connect(self._update_apply)
        self.file_edit.returnPressed.connect(self.preview)

        top = QHBoxLayout()
        for w in (self.file_edit, self.file_btn, self.kind_combo, self.full_check,
                  self.preview_btn, self.apply_btn):
            top.addWidget(w)
        top.setStretch(0, 1)
        split = QSplitter()
        split.setObjectName("reference_split")
        split.addWidget(self.changes_view)
        split.addWidget(self.findings_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary_label)
        lay.addWidget(split, 3)
        lay.addWidget(self.history_label)
        lay.addWidget(self.history_view, 2)
        self.retranslate()
        self._update_apply()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.file_btn.setText(self.tr("Browse..."))
        self.preview_btn.setText(self.tr("Preview changes"))
        self.apply_btn.setText(self.tr("Apply"))
        self.full_check.setText(self.tr("Full export (retire what is missing)"))
        self.full_check.setToolTip(self.tr(
            "A full export lists every unit or person: a record missing from it is retired. "
            "Untick for a file with only some records."))
        self.file_edit.setPlaceholderText(self.tr(
            "The district's units, people or categories export (CSV or XLSX), its "
            "responsibility rules (JSON) or its grids (GeoJSON)"))
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for label, data in ((self.tr("Recognise from the header"), None),
                            (self.tr("Units"), "units"), (self.tr("People"), "people"),
                            (self.tr("Categories and standards"), "categories"),
                            (self.tr("Responsibility rules"), "rules"),
                            (self.tr("Grids"), "grids")):
            self.kind_combo.addItem(label, data)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(current), 0))
        self.kind_combo.blockSignals(False)
        self.history_label.setText(self.tr("Applied reference changes (newest first)"))
        self.changes_model.set_headers([self.tr("Code"), self.tr("Name"), self.tr("Change"),
                                        self.tr("Field"), self.tr("Before"), self.tr("After")])
        self.findings_model.set_headers([self.tr("Finding"), self.tr("Code / row"),
                                         self.tr("Detail")])
        self.history_model.set_headers([self.tr("Applied"), self.tr("File"), self.tr("Kind"),
                                        self.tr("Code"), self.tr("Name"), self.tr("Change"),
                                        self.tr("Field"), self.tr("Before"), self.tr("After")])
        for view, name in ((self.changes_view, self.tr("Changes in the file")),
                           (self.findings_view, self.tr("Problems, refusals and notes")),
                           (self.history_view, self.tr("Applied reference changes"))):
            view.setAccessibleName(name)
        if self._preview is not None:
            self._show(self._preview)
        self._update_apply()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _action(self, action: str, kind: str | None = None) -> str:
        if kind in ("rules", "rule") and action == "retired":
            return self.tr("removed")  # a rule has no retirement: it is gone
        return {"added": self.tr("added"), "changed": self.tr("changed"),
                "retired": self.tr("retired"), "reactivated": self.tr("reactivated")
                }.get(action, action)

    def _field(self, name: str) -> str:
        if name.startswith("cond."):  # a category's filing condition: cond.<id>.<part>
            _, cid, part = name.split(".", 2)
            what = {"text": self.tr("filing condition %1"),
                    "closing": self.tr("closing condition of filing condition %1"),
                    "limit_A": self.tr("time limit of filing condition %1, area class A"),
                    "limit_B": self.tr("time limit of filing condition %1, area class B"),
                    "limit_C": self.tr("time limit of filing condition %1, area class C"),
                    }.get(part)
            return what.replace("%1", cid) if what else name
        return {"name": self.tr("name"), "kind": self.tr("unit type"),
                "street_code": self.tr("street"), "parent_code": self.tr("parent unit"),
                "team": self.tr("team"), "role": self.tr("role"), "unit_code": self.tr("unit"),
                "active": self.tr("on duty"), "major_code": self.tr("major class"),
                "major_name": self.tr("major class name"),
                "major_kind": self.tr("event or component"),
                "closing": self.tr("closing condition"), "supervisor": self.tr("supervisor"),
                "responsible": self.tr("responsible body"),
                "legal_basis": self.tr("legal basis"), "emergency": self.tr("emergency"),
                "category": self.tr("category"), "condition": self.tr("filing condition"),
                "area_class": self.tr("area class"), "grid_layer": self.tr("grid layer"),
                "layer": self.tr("grid layer"),
                "site_kind": self.tr("site kind"), "owner": self.tr("owner unit"),
                "time_window": self.tr("time window"),
                "deadline_override": self.tr("deadline of the rule"),
                "target": self.tr("lead unit"), "priority": self.tr("priority"),
                "note": self.tr("rule note"), "community_code": self.tr("community"),
                "area_km2": self.tr("area (km²)"), "valid_to": self.tr("retired on"),
                "centroid_lon": self.tr("centre longitude"),
                "centroid_lat": self.tr("centre latitude"), "boundary": self.tr("boundary"),
                }.get(name, name)

    def _shown(self, field: str, value: Any) -> str:
        if field == "role" and value:
            return role_label(str(value))
        if field in ("layer", "grid_layer"):
            return {"comprehensive": self.tr("comprehensive grid"),
                    "dedicated": self.tr("dedicated grid")}.get(str(value), _value(value))
        if ("limit" in field or field == "deadline_override") and isinstance(value, str) \
                and value:
            from commandcenter.ui.board.detail_panel import limit_label

            return limit_label(value)  # "4 working_hours" -> "4 工作时"
        return _value(value)

    def _refusal(self, r: dict[str, Any]) -> str:
        """Why a unit was not retired, in the UI's language (the figures of the refusal)."""
        parts = []
        if "conditions" in r:  # a category (sync.reference_catalogue): cases, rules, conditions
            if r.get("conditions"):
                parts.append(self.tr("dropping filing condition(s) %1 is refused").replace(
                    "%1", ", ".join(r["conditions"])))
            if r.get("cases"):
                parts.append(self.tr("%1 open case(s) are of this class").replace(
                    "%1", str(r["cases"])) if not r.get("conditions") else self.tr(
                    "%1 open case(s) were registered under them").replace("%1", str(r["cases"])))
            if r.get("rules"):
                parts.append(self.tr("responsibility rule(s) %1 name it").replace(
                    "%1", ", ".join(r["rules"])))
            return self.tr("; ").join(parts) if parts else str(r.get("reason", ""))
        if r.get("grid_cases"):  # a grid (sync.reference_grids)
            return self.tr("%1 open case(s) are in this grid").replace("%1",
                                                                       str(r["grid_cases"]))
        if r.get("centre"):
            parts.append(self.tr("it is this command centre"))
        if r.get("open_cases"):
            parts.append(self.tr("%1 open case(s) are led by it").replace(
                "%1", str(r["open_cases"])))
        if r.get("people"):
            parts.append(self.tr("%1 people on duty belong to it").replace(
                "%1", str(r["people"])))
        if r.get("children"):
            parts.append(self.tr("units below it stay: %1").replace(
                "%1", ", ".join(r["children"][:5])))
        return self.tr("; ").join(parts) if parts else str(r.get("reason", ""))

    # ------------------------------------------------------------------ rows
    @staticmethod
    def _name(record: dict[str, Any]) -> str:
        """A record's name; a rule's is its category and lead unit."""
        if "name" not in record and "target" in record:
            return f"{record.get('category') or ''} → {record.get('target') or ''}"
        return _value(record.get("name"))

    def _change_rows(self, changes: list[Any], kind: str | None = None
                     ) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for c in changes:
            before, after = c.get("before") or {}, c.get("after") or {}
            action = c["action"]
            name = self._name(after) if after else self._name(before)
            if action == "changed":
                fields = c.get("fields") or [k for k in after if before.get(k) != after[k]]
                rows.extend((c["code"], name, self._action(action, kind), self._field(f),
                             self._shown(f, before.get(f)), self._shown(f, after.get(f)))
                            for f in fields)
            else:
                rows.append((c["code"], name, self._action(action, kind), self._field("name"),
                             self._name(before) if action != "added" else "",
                             name if action != "retired" else ""))
        return rows

    def _finding_rows(self, p: dict[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = [(self.tr("problem"), "", text) for text in p["problems"]]
        rows += [(self.tr("left unchanged") if r.get("conditions") else self.tr("not retired"),
                  r.get("code", ""), self._refusal(r)) for r in p["refused"]]
        rows += [(self.tr("note"), "", text) for text in p["notes"]]
        return rows

    # ------------------------------------------------------------------ actions
    def _inputs(self) -> tuple[str, str | None, bool]:
        return (self.file_edit.text().strip(), self.kind_combo.currentData(),
                self.full_check.isChecked())

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Reference export"), "",
            self.tr("Exports (*.csv *.xlsx *.json *.geojson)"))
        if path:
            self.file_edit.setText(path)
            self.preview()

    def preview(self) -> None:
        path, kind, full = self._inputs()
        if not path:
            self.summary_label.setText(self.tr("Choose a reference file first."))
            return
        self.summary_label.setText(self.tr("Reading %1 ...").replace("%1", Path(path).name))
        self._worker.submit(self._svc.preview_reference, path, kind, full,
                            on_result=lambda p: self._on_preview(p, (path, kind, full)),
                            on_error=self._on_error)

    def _on_preview(self, preview: Any, inputs: tuple[str, str | None, bool]) -> None:
        self._preview, self._previewed = preview, inputs
        self._show(preview)
        self._update_apply()
        self.sig_previewed.emit(preview)

    def _show(self, preview: Any) -> None:
        p = preview.to_dict()
        self.changes_model.set_rows(self._change_rows(p["changes"], p["kind"]))
        self.findings_model.set_rows(self._finding_rows(p))
        self.changes_view.resizeColumnsToContents()
        c = p["counts"]
        kind = {"units": self.tr("units"), "people": self.tr("people"),
                "categories": self.tr("categories"),
                "rules": self.tr("responsibility rules"),
                "grids": self.tr("grids")}.get(p["kind"], p["kind"])
        if p["problems"]:
            text = self.tr("%1: %2 problem(s); the file cannot be applied until they are "
                           "fixed at the source.").replace("%1", p["file"]).replace(
                               "%2", str(c["problems"]))
        elif p["status"] == "already_applied":
            text = self.tr("%1 was already applied; nothing was changed.").replace("%1",
                                                                                 p["file"])
        else:
            text = (self.tr("%1 (%2, %3 records): %4 added, %5 changed, %6 retired, "
                            "%7 reactivated, %8 unchanged, %9 retirements refused")
                    .replace("%1", p["file"]).replace("%2", kind)
                    .replace("%3", str(p["total"])).replace("%4", str(c["added"]))
                    .replace("%5", str(c["changed"])).replace("%6", str(c["retired"]))
                    .replace("%7", str(c["reactivated"])).replace("%8", str(c["unchanged"]))
                    .replace("%9", str(c["refused"])))
            if p["status"] == "applied":
                text = self.tr("Applied: %1").replace("%1", text)
        self.summary_label.setText(text)

    def _update_apply(self, *_: Any) -> None:
        allowed = can(getattr(self._ctx, "principal", None), Right.MANAGE_REFERENCE)
        p = self._preview
        ready = (p is not None and self._previewed == self._inputs() and not p.problems
                 and p.status == "preview" and bool(p.changes))
        self.apply_btn.setEnabled(allowed and ready)
        if not allowed:
            tip = self.tr("Only an administrator may change the organisation's units, "
                          "people, grids, categories and responsibility rules.")
        elif not ready:
            tip = self.tr("Preview the file first; a file with problems or without changes "
                          "cannot be applied.")
        else:
            tip = self.tr("Apply these changes in one step; every change is kept in the "
                          "history.")
        self.apply_btn.setToolTip(tip)

    def apply(self) -> None:
        if not self.apply_btn.isEnabled():
            return
        path, kind, full = self._inputs()
        self.apply_btn.setEnabled(False)
        self._worker.submit(self._svc.apply_reference, path, kind, full,
                            expected=self._preview, on_result=self._on_applied,
                            on_error=self._on_error)

    def _on_applied(self, preview: Any) -> None:
        self._preview = preview
        self._show(preview)
        self._update_apply()
        self.refresh()
        self.sig_applied.emit(preview)

    def _on_error(self, exc: BaseException) -> None:
        # whatever was previewed before is no longer what the file or the store says
        self._preview = self._previewed = None
        self.changes_model.set_rows([])
        problems = list(getattr(exc, "problems", []) or [])
        self.findings_model.set_rows([(self.tr("problem"), "", t) for t in problems])
        self.summary_label.setText(self.tr("Not applied: %1").replace("%1", first_line(exc)))
        self._update_apply()

    def refresh(self) -> None:
        self._worker.submit(self._svc.reference_history, 500, on_result=self.show_history,
                            on_error=self._history_failed)

    def _history_failed(self, exc: BaseException) -> None:
        self.history_label.setText(self.tr("The history could not be read: %1").replace(
            "%1", first_line(exc)))

    def show_history(self, rows: list[dict[str, Any]]) -> None:
        self.history_label.setText(self.tr("Applied reference changes (newest first)"))
        out: list[tuple[Any, ...]] = []
        for r in rows:
            change = {"code": r["code"], "action": r["action"], "before": r["before"],
                      "after": r["after"]}
            applied = r["applied_at"].strftime("%Y-%m-%d %H:%M") if r["applied_at"] else ""
            kind = {"unit": self.tr("unit"), "person": self.tr("person"),
                    "category": self.tr("category"),
                    "rule": self.tr("responsibility rule"),
                    "grid": self.tr("grid")}.get(r["kind"], r["kind"])
            out.extend((applied, r["file_name"], kind, *row)
                       for row in self._change_rows([change], r["kind"]))
        self.history_model.set_rows(out)
        self.history_view.resizeColumnsToContents()
