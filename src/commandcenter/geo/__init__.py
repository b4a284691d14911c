"""Geometry: datums, GeoJSON layers and point-in-grid assignment (shapely + numpy, no Qt).

- `datum`: declared source datums (WGS84, CGCS2000, GCJ-02, BD-09) converted to WGS84.
- `layers`: GeoJSON FeatureCollections loaded into `Layer`s (validated, converted, drawable).
- `assign`: `GridIndex` assigning points to polygons, vectorised, one polygon per point.
"""
