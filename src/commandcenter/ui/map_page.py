"""Compatibility: the shell imports `MapPage` from here; the map lives in `ui.map`."""

from commandcenter.ui.map import MapPage

__all__ = ["MapPage"]
