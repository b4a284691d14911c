"""Locating shipped data files, frozen (PyInstaller) or from a source checkout."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The `resources/` folder: beside the executable's data when frozen, else the checkout's."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Absolute path of a shipped resource, e.g. resource_path("geo", "grids.geojson")."""
    return resources_root().joinpath(*parts)
