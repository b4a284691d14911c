"""The map page's saved view (issue 9 contract: `view_state()` / `restore_view_state(state)`).

The state is JSON-able:
- "layers": {layer name: shown} for every entry of the Layers menu;
- "colour_by" ("aging" | "state"), "metric" (a choropleth metric name), "show_closed" (bool);
- "range": [lon0, lat0, lon1, lat1], the visible rectangle in WGS84 degrees (degrees, not the
  page's metres, so a state outlives a change of the projection's centre);
- "user_layers": [{"path": absolute path, "datum": declared datum or null}] of the imported
  layer while it is shown (a hidden one is not brought back).

`restore` tolerates anything: keys missing, of the wrong type or unknown are skipped; an
inverted or non-finite range is ignored. A range restored before the geometry has loaded is
applied when it arrives; user layers are re-imported on the DB worker (a file gone since is
reported in the status line, never with a dialog at start-up). The "user" layer's own switch
follows the import, so it is not restored from "layers".
"""

from __future__ import annotations

import math
from typing import Any

from commandcenter.services import map_query as mq


def capture(page) -> dict[str, Any]:
    """The page's view as a JSON-able dict (see the module docstring)."""
    canvas = page.canvas
    state: dict[str, Any] = {
        "layers": {name: bool(a.isChecked()) for name, a in page.layer_actions.items()},
        "colour_by": canvas.colour_by, "metric": canvas.metric_name,
        "show_closed": bool(canvas.show_closed),
        "user_layers": list(page.user_layers) if canvas.visible["user"] else [],
    }
    geo = canvas.geo
    if geo is not None:
        (x0, x1), (y0, y1) = canvas.vb.viewRange()
        (lon0, lon1), (lat0, lat1) = geo.unproject([x0, x1], [y0, y1])
        state["range"] = [float(lon0), float(lat0), float(lon1), float(lat1)]
    elif page._pending_range is not None:
        state["range"] = list(page._pending_range)
    return state


def _valid_range(rng: object) -> bool:
    return (isinstance(rng, list | tuple) and len(rng) == 4
            and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in rng)
            and rng[0] < rng[2] and rng[1] < rng[3])


def restore(page, state: object) -> None:
    """Apply a `capture`d state to the page (see the module docstring)."""
    if not isinstance(state, dict):
        return
    layers = state.get("layers")
    if isinstance(layers, dict):
        for name, on in layers.items():
            if name in page.layer_actions and name != "user" and isinstance(on, bool):
                page.layer_actions[name].setChecked(on)
    for combo, key in ((page.colour_combo, "colour_by"), (page.metric_combo, "metric")):
        value = state.get(key)
        if not isinstance(value, str):
            continue
        if combo.findData(value) >= 0:
            combo.setCurrentIndex(combo.findData(value))
        elif key == "metric" and value in mq.metric_names():
            page.canvas.set_metric(value)  # the combo is filled again at the first load
    if isinstance(state.get("show_closed"), bool):
        page.closed_action.setChecked(state["show_closed"])
    if _valid_range(state.get("range")):
        page._pending_range = tuple(float(v) for v in state["range"])
        page._apply_pending_range()  # now if the geometry is there, else when it arrives
    entries = state.get("user_layers")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            datum = entry.get("datum")
            page.import_layer(entry["path"], datum if isinstance(datum, str) else None)
