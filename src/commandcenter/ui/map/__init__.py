"""The grid map view (issue 4): `MapPage` (page, toolbar, signals), `MapCanvas` (items)."""

from commandcenter.ui.map.map_page import MapPage

__all__ = ["MapPage"]
