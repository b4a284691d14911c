"""The board's status colours (aging, overdue, flash, stripes), chosen for the current palette.

Why: fixed colours picked on a white background vanish on the dark theme (dark red text on
#1e1f22, light text on a pale yellow cell). Every colour the board paints itself comes from
`board_colours(palette)`, which starts from a hue per meaning and adjusts its lightness until it
reads against the palette's Base and Window (text colours) or until the text on it reads (cell
backgrounds). Widgets call it again on `QEvent.PaletteChange` / `ApplicationPaletteChange`.

Contracts
- `contrast(a, b) -> float`: `ui.theme.contrast` (the WCAG 2 ratio), re-exported for callers.
- `readable(colour, backgrounds, minimum=4.5) -> QColor`: `colour` itself if it already reaches
  `minimum` against every background, else the same hue made lighter (dark backgrounds) or
  darker (light ones) until it does.
- `board_colours(palette) -> BoardColours`: text colours (`overdue`, `warning`, `ok`) reach
  4.5:1 against Base and Window; each cell background (`red_bg`, `yellow_bg`, `flash_bg`,
  `stripe_bg`) has its text colour (`on_red`, `on_yellow`, `on_flash`, `on_stripe`) at 4.5:1,
  and the red/yellow backgrounds stay distinguishable from Base.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from commandcenter.ui.theme import contrast

_WHITE, _BLACK = QColor("#ffffff"), QColor("#000000")


def _is_dark(c: QColor) -> bool:
    """White text reads better on `c` than black (relative luminance below about 0.18)."""
    return contrast(c, _WHITE) > contrast(c, _BLACK)


def readable(colour: QColor, backgrounds: list[QColor], minimum: float = 4.5) -> QColor:
    """See the module contract. Steps through lightness in HSL (the hue stays recognisable)."""
    if all(contrast(colour, b) >= minimum for b in backgrounds):
        return QColor(colour)
    lighter = all(_is_dark(b) for b in backgrounds)
    h, s, lightness, a = colour.getHslF()
    h = max(h, 0.0)  # achromatic colours report hue -1
    for _ in range(100):
        lightness = min(1.0, lightness + 0.02) if lighter else max(0.0, lightness - 0.02)
        c = QColor.fromHslF(h, s, lightness, a)
        if all(contrast(c, b) >= minimum for b in backgrounds) or lightness in (0.0, 1.0):
            return c
    return QColor.fromHslF(h, s, lightness, a)


@dataclass(frozen=True)
class BoardColours:
    dark: bool
    overdue: QColor  # text: an overdue count, the code of an overdue case
    warning: QColor  # text: a warning (yellow) count
    ok: QColor  # text: a success
    red_bg: QColor  # cell background: overdue time left
    on_red: QColor
    yellow_bg: QColor  # cell background: time nearly up
    on_yellow: QColor
    flash_bg: QColor  # a row just added or just turned red
    on_flash: QColor
    stripe_bg: QColor  # alternate rows of the detail's tables
    on_stripe: QColor
    note_bg: QColor  # a hint box (register preview, dispatch suggestion)
    on_note: QColor


def board_colours(palette: QPalette) -> BoardColours:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    grounds = [base, window]
    dark = _is_dark(base)
    if dark:
        red_bg, yellow_bg, flash_bg = QColor("#6e2a2e"), QColor("#5e4b12"), QColor("#1f4a73")
        note_bg = QColor("#3a3f2a")
        on_red, on_yellow, on_flash = QColor("#ffe1e1"), QColor("#fff1c2"), QColor("#e6f2ff")
    else:
        red_bg, yellow_bg, flash_bg = QColor("#f4a3a3"), QColor("#ffe08a"), QColor("#cfe8ff")
        note_bg = QColor("#fff8e1")
        on_red = on_yellow = on_flash = QColor("#1a1a1a")
    stripe_bg = palette.color(QPalette.ColorRole.AlternateBase)
    return BoardColours(
        dark=dark,
        overdue=readable(QColor("#b00020"), grounds),
        warning=readable(QColor("#8a5a00"), grounds),
        ok=readable(QColor("#1b5e20"), grounds),
        red_bg=red_bg, on_red=readable(on_red, [red_bg]),
        yellow_bg=yellow_bg, on_yellow=readable(on_yellow, [yellow_bg]),
        flash_bg=flash_bg, on_flash=readable(on_flash, [flash_bg]),
        stripe_bg=stripe_bg, on_stripe=readable(text, [stripe_bg]),
        note_bg=note_bg, on_note=readable(text, [note_bg]),
    )


__all__ = ["BoardColours", "board_colours", "contrast", "readable"]
