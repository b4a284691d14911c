"""Review defects of the board: aging colours readable in both themes, the State column fitting
its longest label in each language, details loading for programmatic selections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from commandcenter.domain.vocabulary import State
from commandcenter.services.board_columns import AGING_RED, AGING_YELLOW
from commandcenter.ui.board.case_model import COL_CODE, COL_LEFT, COL_STATE, AgingRole
from commandcenter.ui.board.colours import board_colours, contrast, readable
from commandcenter.ui.labels import state_label
from commandcenter.ui.theme import Appearance, dark_palette, light_palette

from .test_board_page import page  # noqa: F401 - fixture

MIN_TEXT = 3.0  # the brief's floor (the colours aim at 4.5)


@pytest.fixture
def appearance(qapp):
    a = Appearance(qapp)
    yield a
    a.apply("system", 0)  # back to the start-up style and palette for the next test


def _grounds(palette: QPalette) -> list[QColor]:
    return [palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window)]


@pytest.mark.parametrize("make", [light_palette, dark_palette], ids=["light", "dark"])
def test_board_colours_read_on_both_palettes(qapp, make):
    palette = make()
    c = board_colours(palette)
    for text in (c.overdue, c.warning, c.ok):
        assert all(contrast(text, g) >= 4.5 for g in _grounds(palette)), text.name()
    for bg, fg in ((c.red_bg, c.on_red), (c.yellow_bg, c.on_yellow), (c.flash_bg, c.on_flash),
                   (c.stripe_bg, c.on_stripe), (c.note_bg, c.on_note)):
        assert contrast(bg, fg) >= 4.5, (bg.name(), fg.name())
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(c.red_bg, base) > 1.2 and contrast(c.yellow_bg, base) > 1.2  # still a mark


def test_readable_lightens_on_dark_and_darkens_on_light(qapp):
    dark, light = QColor("#1e1f22"), QColor("#ffffff")
    red = QColor("#8b0000")
    assert contrast(red, dark) < 3
    assert contrast(readable(red, [dark]), dark) >= 4.5
    assert readable(QColor("#b00020"), [light]) == QColor("#b00020")  # already fine: unchanged


def _overdue_row(page) -> int:  # noqa: F811
    page.lanes.select_lane("all_open")
    page.set_sort("time_left", False)  # most overdue first
    model = page.case_model
    assert model.index(0, COL_LEFT).data(AgingRole) == AGING_RED, "no overdue case in the demo"
    return 0


def _check_readable(page) -> None:  # noqa: F811
    palette = page.palette()
    grounds = _grounds(palette)
    model = page.case_model
    row = _overdue_row(page)
    text, bg, fg, _ = model.cell(row, COL_LEFT)
    assert bg is not None and fg is not None
    assert contrast(bg.color(), fg.color()) >= 4.5, "time-left text on its aging colour"
    code_fg = model.cell(row, COL_CODE)[2]
    assert all(contrast(code_fg.color(), g) >= MIN_TEXT for g in grounds), "overdue code"
    yellow = [r for r in range(model.rowCount())
              if model.index(r, COL_LEFT).data(AgingRole) == AGING_YELLOW]
    if yellow:
        _, ybg, yfg, _ = model.cell(yellow[0], COL_LEFT)
        assert contrast(ybg.color(), yfg.color()) >= 4.5
    load = page.load_panel
    page._update_totals()  # the load panel now, not after the side timer
    coloured = 0
    for r in range(load.rowCount()):
        for c in (2, 3):
            item = load.item(r, c)
            if item is not None and item.text():
                fg = item.foreground().color() if item.foreground().style() != Qt.BrushStyle.NoBrush else \
                    palette.color(QPalette.ColorRole.Text)
                assert all(contrast(fg, g) >= MIN_TEXT for g in grounds), (r, c, fg.name())
                coloured += 1
    assert coloured, "no overdue or warning count in the load panel"
    for i in range(page.lanes.count()):  # lane labels and counts
        item = page.lanes.item(i)
        fg = item.foreground().color() if item.foreground().style() != Qt.BrushStyle.NoBrush else \
            palette.color(QPalette.ColorRole.Text)
        assert all(contrast(fg, g) >= MIN_TEXT for g in grounds), (i, fg.name())


def test_aging_colours_stay_readable_when_the_theme_changes(qtbot, page, appearance):  # noqa: F811
    appearance.apply("light", 0)
    qtbot.waitUntil(lambda: page.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff"))
    _check_readable(page)
    light_red = page.case_model.cell(0, COL_LEFT)[1].color()
    appearance.apply("dark", 0)  # a PaletteChange: the board recolours itself
    qtbot.waitUntil(lambda: page.palette().color(QPalette.ColorRole.Base) == QColor("#1e1f22"))
    QApplication.processEvents()  # every child has its palette
    _check_readable(page)
    dark_red = page.case_model.cell(0, COL_LEFT)[1].color()
    assert dark_red != light_red
    page.table.scrollToTop()
    image = page.table.viewport().grab().toImage()
    rect = page.table.visualRect(page.case_model.index(0, COL_LEFT))
    assert image.pixelColor(rect.left() + 2, rect.center().y()) == dark_red  # painted so


def _fits(page, labels) -> list[str]:  # noqa: F811
    fm = page.table.fontMetrics()
    width = page.table.horizontalHeader().sectionSize(COL_STATE)
    return [x for x in labels if fm.horizontalAdvance(x) + 8 > width]  # delegate pads 2 x 4


def test_state_column_fits_the_longest_label_in_each_language(qtbot, page, qm_dir):  # noqa: F811
    from commandcenter.ui.i18n import Translations

    assert not _fits(page, [state_label(s) for s in State]), "English labels cut"
    header = page.table.horizontalHeader()
    t = Translations(qm_dir=qm_dir)
    try:
        assert t.install("zh_CN")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        assert state_label(State.PENDING_ACCEPT) != "Pending acceptance"
        assert not _fits(page, [state_label(s) for s in State]), "Chinese labels cut"
        # a saved width restored after start survives a repeated change of the same language
        state = page.view_state()
        state["columns"]["widths"][COL_STATE] = 321
        page.restore_view_state(state)
        QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert header.sectionSize(COL_STATE) == 321
        state["columns"]["widths"][COL_STATE] = 30  # even a narrow one the operator chose
        page.restore_view_state(state)
        QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert header.sectionSize(COL_STATE) == 30
    finally:
        t.install("en")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    assert not _fits(page, [state_label(s) for s in State]), "English again: widened to fit"


def _case_in_row(page, row: int) -> int:  # noqa: F811
    return page.case_model.case_id(row)


def _wait_detail(qtbot, page, case_id) -> None:  # noqa: F811
    qtbot.waitUntil(lambda: page.detail.detail is not None
                    and int(page.detail.detail.id) == case_id, timeout=10000)
    assert "Select a case" not in page.detail.toPlainText()


def test_programmatic_selections_load_the_details(qtbot, page):  # noqa: F811
    page.lanes.select_lane("all_open")
    assert page.current_case_id() is None
    case_id = _case_in_row(page, 5)
    assert page.select_case(case_id)
    # at once: the case's code, not "select a case" nor the previous case
    code = page.store.value("code", int(page.store.positions_of([case_id])[0]))
    assert code in page.detail.title.text()
    assert page.detail.loading is not None and page.detail.loading[0] == code
    _wait_detail(qtbot, page, case_id)

    # a drill-down lane (KPI, map, alerts) without the current case: its first case is shown
    ids = [_case_in_row(page, r) for r in (10, 11, 12)]
    page.show_cases(ids, "drill")
    assert page.current_case_id() in ids
    _wait_detail(qtbot, page, page.current_case_id())

    # a grid from the map: the current case is not in it, the grid's first case is shown
    page.lanes.select_lane("all_open")
    current = page.current_case_id()
    store = page.store
    pos = int(store.positions_of([current])[0])
    grid_col = store.cols["grid_code"]
    other = [store.cats["grid_code"].values[g] for g in set(
        grid_col[page.case_model.positions].tolist()) if g != grid_col[pos]]
    page.filter_to_grid(other[0])
    assert page.case_model.rowCount() and page.current_case_id() is not None
    assert page.current_case_id() != current
    _wait_detail(qtbot, page, page.current_case_id())

    # the row already current but set silently (a re-query restores it with signals blocked)
    page.filters.clear()
    target = _case_in_row(page, 3)
    sm = page.table.selectionModel()
    sm.blockSignals(True)
    sm.setCurrentIndex(page.case_model.index(3, 0), sm.SelectionFlag.NoUpdate)
    sm.blockSignals(False)
    assert page.select_case(target)
    _wait_detail(qtbot, page, target)


def test_palette_jump_to_a_case_loads_its_details(qtbot, page):  # noqa: F811
    page.lanes.select_lane("all_open")
    case_id = _case_in_row(page, 7)
    code = page.store.value("code", int(page.store.positions_of([case_id])[0]))
    page.actions_controller.goto_case(code)
    _wait_detail(qtbot, page, case_id)
    assert page.current_case_id() == case_id


def test_filter_choices_show_their_text_whole(qtbot, page):  # noqa: F811
    f = page.filters
    f.street.setCurrentIndex(0)
    QApplication.processEvents()
    shown = [b for b in (f.state, f.street, f.community, f.grid, f.category, f.channel, f.unit,
                         f.aging, f.date_field) if b.isVisible()]
    assert len(shown) >= 3
    for box in shown:  # the toolbar used to squeeze them to ~80 px ("All communit…")
        text = box.fontMetrics().horizontalAdvance(box.currentText())
        assert box.width() >= min(box.maximumWidth(), text + 30), box.objectName()
