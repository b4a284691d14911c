"""The district's grids file: a GeoJSON FeatureCollection in the shipped grids.geojson format
(`sync.reference_grids` diffs and writes it).

- `PROPERTIES`: our property -> the keys a feature may use for it (English or Chinese);
  `prop(props, key)` reads one (stripped text; `MISSING` when the feature has none of them).
- `LAYERS` / `SITE_KINDS`: the values read for a grid's layer and a dedicated grid's site kind.
- `boundaries(document, source, problems)`: per grid code, its polygon in WGS84, read as the
  map reads layers (`geo.layers`: GCJ-02 / BD-09 declared coordinates converted, WGS84 where
  the file declares nothing, polygons only); each refused feature is one problem, named by its
  position (from 1) and code like the other problems.
- `centroid(polygon)` (rounded to 6 decimals, as the demo seed computes them) and
  `fingerprint(polygon)` (how the diff shows a boundary: its points and a short digest).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from commandcenter.domain.org import SiteKind
from commandcenter.domain.vocabulary import GridLayer

PROPERTIES: dict[str, tuple[str, ...]] = {
    "code": ("code", "网格编码", "grid_code"),
    "name": ("name", "网格名称", "grid_name"),
    "layer": ("layer", "网格类型", "网格层级"),
    "site_kind": ("site_kind", "场所类型"),
    "community_code": ("community_code", "社区编码", "所属社区编码"),
    "street_code": ("street_code", "街道编码", "所属街道编码"),
    "area_class": ("area_class", "区域等级", "区域类别"),
    "area_km2": ("area_km2", "面积", "面积（平方千米）"),
    "valid_from": ("valid_from", "启用日期", "生效日期"),
    "valid_to": ("valid_to", "停用日期", "失效日期"),
}
LAYERS = {**{g.value: g.value for g in GridLayer}, "综合网格": "comprehensive",
          "综合": "comprehensive", "专属网格": "dedicated", "专属": "dedicated",
          "专业网格": "dedicated"}
SITE_KINDS = {**{k.value: k.value for k in SiteKind}, "校园": "school", "学校": "school",
              "农贸市场": "market", "市场": "market", "公园": "park", "医院": "hospital",
              "景区": "scenic", "交通枢纽": "transit", "商圈": "commercial",
              "商务楼宇": "commercial", "产业园": "enterprise", "园区": "enterprise",
              "建设工地": "construction", "工地": "construction", "养老服务机构": "elderly_care",
              "养老机构": "elderly_care"}
_GEO_LABEL = re.compile(r"^.*?: feature \d+(?: \([^)]*\))? ")  # geo.layers' "src: feature 0 (..) "


def looks_like(document: Any) -> bool:
    """A grids GeoJSON: a FeatureCollection whose features carry a grid code."""
    if not (isinstance(document, dict) and document.get("type") == "FeatureCollection"
            and isinstance(document.get("features"), list)):
        return False
    first = next((f for f in document["features"] if isinstance(f, dict)), None)
    props = (first or {}).get("properties") or {}
    return any(k in props for k in PROPERTIES["code"])


def prop(props: dict[str, Any], key: str) -> Any:
    for alias in PROPERTIES[key]:
        if alias in props:
            value = props[alias]
            if isinstance(value, str):
                value = value.strip() or None
            return value
    return MISSING


MISSING = object()


def boundaries(document: dict[str, Any], source: str, problems: list[str]) -> dict[str, Any]:
    """Per grid code, the boundary (a shapely polygon in WGS84) of the features that have a
    geometry. They are read as the map reads layers (`geo.layers`): coordinates declared
    GCJ-02 or BD-09 are converted, WGS84 where the file declares nothing (the shipped layer's
    contract), polygons only; each refused feature is one problem."""
    from commandcenter.geo.datum import WGS84
    from commandcenter.geo.layers import DATUM_MEMBER, GeoError, layer_from_geojson

    numbered = [(i, f) for i, f in enumerate(document["features"], start=1)
                if isinstance(f, dict) and f.get("geometry") is not None
                and isinstance(f.get("properties"), dict)]
    if not numbered:
        return {}
    features = [f for _, f in numbered]
    declared = "datum" in document or "crs" in document or any(
        DATUM_MEMBER in f["properties"] for f in features)
    head = {k: v for k, v in document.items() if k != "features"}

    def layer(part: list[Any]) -> Any:
        return layer_from_geojson({**head, "features": part}, source=source, name="grids",
                                  datum=None if declared else WGS84)

    try:
        grids = layer(features)
    except GeoError:  # which features: one by one, named as the other problems are
        for i, f in numbered:
            try:
                layer([f])
            except GeoError as exc:
                code = prop(f["properties"], "code")
                why = _GEO_LABEL.sub("", str(exc), count=1)
                problems.append(f"feature {i} ({None if code is MISSING else code}): "
                                f"boundary {why}")
        if not any(p.startswith("feature ") and ": boundary " in p for p in problems):
            problems.append(f"the boundaries cannot be read as a layer ({source})")
        return {}
    out = {}
    for f, geometry in zip(features, grids.geometries, strict=True):
        code = prop(f["properties"], "code")
        if code is not MISSING and code is not None:
            out[str(code).strip()] = geometry
    return out


def centroid(geometry: Any) -> tuple[float, float]:
    c = geometry.centroid
    return round(c.x, 6), round(c.y, 6)


def fingerprint(geometry: Any) -> str:
    """A boundary as the diff shows it: its points and a short digest of them (~1 m)."""
    import hashlib

    import shapely

    xy = shapely.get_coordinates(geometry).round(5)
    return f"{len(xy)} points #{hashlib.sha256(xy.tobytes()).hexdigest()[:8]}"


def parse_date(value: Any) -> date:
    return date.fromisoformat(str(value).strip()[:10].replace("/", "-"))
