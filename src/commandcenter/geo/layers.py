"""GeoJSON layers: read, validated, converted to WGS84, ready for assignment and drawing.

A `Layer` is one FeatureCollection: its feature properties (plain dicts, in file order), its
geometries as a numpy object array of shapely 2 geometries in WGS84 degrees, and its bounds.

Datum rules (a datum is never guessed, see `geo.datum`):
- a file declares its datum with a top-level "datum" member, a GeoJSON-2008 "crs" member
  naming it, and/or a "datum" property on features (a feature's own declaration wins for it);
- `datum=` names the datum of coordinates the file does not declare. Our own resources under
  resources/geo/ are WGS84 by contract, so `resource_layer` passes "WGS84"; a user-supplied
  file (`read_layer`) without any declaration needs `datum=` or it is refused with GeoError;
- `datum=` contradicting a declaration in the file is refused too (one of them is wrong).
Coordinates declared GCJ-02 or BD-09 are converted on load; `Layer.source_datums` keeps what
the file declared.

Every refusal is a `GeoError` whose message names the file and the feature (index and its
code/name) so an operator importing a layer can fix it: unreadable or non-JSON file, not a
FeatureCollection, an empty layer, a feature without geometry, a geometry type the layer kind
does not take (a Point in a polygon layer), unparsable or non-degree coordinates, and polygons
still invalid after `shapely.make_valid` (repairable ones are repaired and listed in
`Layer.repaired`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import shapely

from commandcenter.domain.vocabulary import GridLayer
from commandcenter.geo.datum import WGS84, DatumError, normalise_datum, xy_to_wgs84
from commandcenter.resources import resource_path

log = logging.getLogger(__name__)

POLYGON, LINE, POINT = "polygon", "line", "point"
GEOMETRY_TYPES = {
    POLYGON: ("Polygon", "MultiPolygon"),
    LINE: ("LineString", "MultiLineString"),
    POINT: ("Point", "MultiPoint"),
}
# The shipped layers (resources/geo/<name>.geojson), all polygons, all WGS84.
RESOURCE_LAYERS = ("district", "nanjing_districts", "streets", "communities", "grids")
DATUM_MEMBER = "datum"
_LABEL_KEYS = ("code", "name", "id")


class GeoError(ValueError):
    """A GeoJSON layer cannot be used; the message says which file and feature, and why."""


class Layer:
    """One loaded layer. Immutable by convention: build a new one with `subset`.

    Attributes: `name`, `kind` (polygon/line/point), `properties` (list of dicts, file order),
    `geometries` (object array of shapely geometries, WGS84), `source` (path or label),
    `source_datums` (sorted canonical datums the features were declared in), `repaired`
    (indices of polygons make_valid repaired on load).
    """

    def __init__(self, name: str, kind: str, properties: list[dict], geometries: np.ndarray,
                 *, source: str = "<memory>", source_datums: tuple[str, ...] = (WGS84,),
                 repaired: tuple[int, ...] = ()):
        if kind not in GEOMETRY_TYPES:
            raise ValueError(f"unknown layer kind {kind!r}")
        if len(properties) != len(geometries):
            raise ValueError("properties and geometries differ in length")
        self.name = name
        self.kind = kind
        self.properties = properties
        self.geometries = np.asarray(geometries, dtype=object)
        self.source = source
        self.source_datums = source_datums
        self.repaired = repaired

    def __len__(self) -> int:
        return len(self.geometries)

    def __repr__(self) -> str:
        return f"<Layer {self.name!r} {self.kind} x{len(self)} from {self.source}>"

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of every geometry."""
        return tuple(float(v) for v in shapely.total_bounds(self.geometries))

    def column(self, key: str, default=None) -> np.ndarray:
        """One property of every feature as an object array (`default` where absent)."""
        out = np.empty(len(self.properties), dtype=object)
        out[:] = [p.get(key, default) for p in self.properties]
        return out

    def subset(self, selector, name: str | None = None) -> Layer:
        """A new layer of the features a boolean mask or index array selects (order kept)."""
        idx = np.arange(len(self))[np.asarray(selector)]
        new_of = {int(old): new for new, old in enumerate(idx)}
        return Layer(name or self.name, self.kind, [self.properties[i] for i in idx],
                     self.geometries[idx], source=self.source, source_datums=self.source_datums,
                     repaired=tuple(new_of[r] for r in self.repaired if r in new_of))

    @cached_property
    def _outline(self) -> tuple[np.ndarray, np.ndarray]:
        geoms = self.geometries
        if self.kind == POINT:
            xy = shapely.get_coordinates(geoms)
            return xy[:, 0].copy(), xy[:, 1].copy()
        parts = shapely.get_parts(geoms)
        paths = shapely.get_rings(parts) if self.kind == POLYGON else parts
        xy, path_of = shapely.get_coordinates(paths, return_index=True)
        # One NaN after every path: coordinate j moves right by the number of paths before it.
        x = np.full(len(xy) + len(paths), np.nan)
        y = x.copy()
        where = np.arange(len(xy)) + path_of
        x[where], y[where] = xy[:, 0], xy[:, 1]
        x.flags.writeable = y.flags.writeable = False
        return x, y

    def outline_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of every ring (polygons) or part (lines), each path followed by one NaN.

        Made for one pyqtgraph PlotDataItem per layer with connect="finite" (a NaN breaks the
        line). Point layers return their coordinates without separators. Read-only arrays,
        computed once per layer.
        """
        return self._outline


def _label(index: int, feature: object) -> str:
    """'feature 12 (code 320104001001001)': how messages name a feature."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if isinstance(props, dict):
        for key in _LABEL_KEYS:
            if props.get(key) not in (None, ""):
                return f"feature {index} ({key} {props[key]})"
    if isinstance(feature, dict) and feature.get("id") not in (None, ""):
        return f"feature {index} (id {feature['id']})"
    return f"feature {index}"


def _declared(value: object, where: str, source: str) -> str:
    try:
        return normalise_datum(value)
    except DatumError as exc:
        raise GeoError(f"{source}: {where}: {exc}") from None


def _file_datum(doc: dict, source: str) -> str | None:
    """The datum the collection declares at top level ("datum" or a named "crs"), if any."""
    declared = []
    if doc.get(DATUM_MEMBER) is not None:
        declared.append(_declared(doc[DATUM_MEMBER], "top-level datum", source))
    crs = doc.get("crs")
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if not isinstance(name, str):
            raise GeoError(f"{source}: the crs member does not name a coordinate system")
        declared.append(_declared(name, "crs", source))
    if len(set(declared)) > 1:
        raise GeoError(f"{source}: the datum member says {declared[0]} but the crs says "
                       f"{declared[1]}")
    return declared[0] if declared else None


def _feature_datums(features: list, file_datum: str | None, datum: str | None,
                    source: str) -> np.ndarray:
    """The canonical source datum of every feature; GeoError if undeclared or contradicted."""
    given = _declared(datum, "datum parameter", source) if datum is not None else None
    if given and file_datum and given != file_datum:
        raise GeoError(f"{source}: the file declares datum {file_datum} but datum={datum!r} "
                       "was given; one of them is wrong")
    out = np.empty(len(features), dtype=object)
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        own = props.get(DATUM_MEMBER) if isinstance(props, dict) else None
        if own is not None:
            own = _declared(own, f"{_label(i, feature)} datum property", source)
            if given and own != given:
                raise GeoError(f"{source}: {_label(i, feature)} declares datum {own} but "
                               f"datum={datum!r} was given; one of them is wrong")
        out[i] = own or file_datum or given
        if out[i] is None:
            raise GeoError(f"{source}: the file declares no coordinate datum (no top-level "
                           f"'datum', no 'crs', no 'datum' property on {_label(i, feature)}); "
                           "pass datum='WGS84', 'CGCS2000', 'GCJ02' or 'BD09' to say which "
                           "it is (a datum is never guessed)")
    return out


def _geometry_json(features: list, kind: str, source: str) -> list[str]:
    """Each feature's geometry as a JSON string, after checking it is there and of the kind."""
    allowed = GEOMETRY_TYPES[kind]
    out = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeoError(f"{source}: {_label(i, feature)} is not a GeoJSON Feature")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            raise GeoError(f"{source}: {_label(i, feature)} has no geometry")
        gtype = geometry.get("type")
        if gtype not in allowed:
            raise GeoError(f"{source}: {_label(i, feature)} is a {gtype}; a {kind} layer takes "
                           f"only {' or '.join(allowed)}")
        out.append(json.dumps(geometry))
    return out


def _parse(texts: list[str], features: list, source: str) -> np.ndarray:
    """Geometries from JSON strings, vectorised; on failure find and name the bad feature."""
    try:
        geoms = shapely.from_geojson(np.array(texts, dtype=object))
    except (shapely.errors.GEOSException, ValueError):
        for i, text in enumerate(texts):
            try:
                shapely.from_geojson(text)
            except (shapely.errors.GEOSException, ValueError) as exc:
                raise GeoError(f"{source}: {_label(i, features[i])} has malformed coordinates "
                               f"({exc})") from None
        raise
    empty = np.flatnonzero(shapely.is_empty(geoms))
    if len(empty):
        raise GeoError(f"{source}: {_label(int(empty[0]), features[empty[0]])} has an empty "
                       "geometry")
    return geoms


def _check_degrees(geoms: np.ndarray, features: list, source: str) -> None:
    """Refuse projected coordinates (metres) posing as degrees."""
    xy, owner = shapely.get_coordinates(geoms, return_index=True)
    bad = np.flatnonzero(~((np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)))
    if len(bad):
        i = int(owner[bad[0]])
        raise GeoError(f"{source}: {_label(i, features[i])} has coordinate "
                       f"({xy[bad[0], 0]:.10g}, {xy[bad[0], 1]:.10g}), not longitude/latitude "
                       "degrees; projected coordinates are not supported")


def _repair(geoms: np.ndarray, features: list, source: str) -> tuple[int, ...]:
    """Repair invalid polygons in place with make_valid; GeoError naming one that will not."""
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    for i in invalid:
        reason = shapely.is_valid_reason(geoms[i])
        fixed = shapely.make_valid(geoms[i], method="structure", keep_collapsed=False)
        if fixed.is_empty or fixed.geom_type not in GEOMETRY_TYPES[POLYGON]:
            raise GeoError(f"{source}: {_label(int(i), features[i])} is an invalid polygon "
                           f"({reason}) that make_valid cannot repair into a polygon")
        log.warning("%s: %s was an invalid polygon (%s), repaired", source,
                    _label(int(i), features[i]), reason)
        geoms[i] = fixed
    return tuple(int(i) for i in invalid)


def layer_from_geojson(doc: object, *, source: str = "<memory>", name: str | None = None,
                       kind: str = POLYGON, datum: str | None = None) -> Layer:
    """A Layer from a parsed GeoJSON document; see the module docstring for the rules."""
    if kind not in GEOMETRY_TYPES:
        raise ValueError(f"unknown layer kind {kind!r}; expected one of {list(GEOMETRY_TYPES)}")
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise GeoError(f"{source}: not a GeoJSON FeatureCollection (found {found!r})")
    features = doc.get("features")
    if not isinstance(features, list):
        raise GeoError(f"{source}: the FeatureCollection has no features list")
    if not features:
        raise GeoError(f"{source}: the layer is empty (no features)")
    texts = _geometry_json(features, kind, source)
    datums = _feature_datums(features, _file_datum(doc, source), datum, source)
    geoms = _parse(texts, features, source)
    _check_degrees(geoms, features, source)
    for declared in set(datums) - {WGS84}:
        mine = datums == declared
        geoms[mine] = shapely.transform(geoms[mine], lambda xy, d=declared: xy_to_wgs84(xy, d))
    repaired = _repair(geoms, features, source) if kind == POLYGON else ()
    props = [dict(f.get("properties") or {}) for f in features]
    layer_name = name or (doc.get("name") if isinstance(doc.get("name"), str) else None)
    return Layer(layer_name or Path(source).stem, kind, props, geoms, source=source,
                 source_datums=tuple(sorted(set(datums))), repaired=repaired)


def read_layer(path: Path | str, *, kind: str = POLYGON, datum: str | None = None,
               name: str | None = None) -> Layer:
    """Load a GeoJSON file. A file without a datum declaration needs `datum=` (never guessed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GeoError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GeoError(f"{path.name}: not UTF-8 text; GeoJSON files are UTF-8") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeoError(f"{path.name}: not JSON ({exc.msg} at line {exc.lineno}, column "
                       f"{exc.colno})") from None
    return layer_from_geojson(doc, source=path.name, name=name or path.stem, kind=kind,
                              datum=datum)


def resource_layer(name: str) -> Layer:
    """One of the shipped RESOURCE_LAYERS; WGS84 where a file declares nothing (our contract)."""
    if name not in RESOURCE_LAYERS:
        raise GeoError(f"no shipped layer {name!r}; expected one of {', '.join(RESOURCE_LAYERS)}")
    return read_layer(resource_path("geo", f"{name}.geojson"), datum=WGS84, name=name)


@lru_cache(maxsize=1)
def shipped_grids() -> Layer:
    """The shipped grid layer, read once per process: every context without a synced layer
    shares it (and so the indexes and map geometry built from it)."""
    return resource_layer("grids")


def grids_in_force(document: dict | None, day: date, *, source: str = "<memory>") -> Layer:
    """The grids layer: the shipped one (``document`` None) or a stored grids document (the
    grids sync's, WGS84), without the grids not in force on ``day`` (a ``valid_to`` property on
    or before it, a ``valid_from`` after it) and the features without a boundary."""
    if document is None:
        layer = shipped_grids()
    else:
        features = [f for f in document.get("features") or [] if isinstance(f, dict)
                    and f.get("geometry") is not None]
        layer = layer_from_geojson({**document, "features": features}, source=source,
                                   name="grids", datum=None if DATUM_MEMBER in document
                                   else WGS84)
    today = day.isoformat()
    ends, starts = layer.column("valid_to"), layer.column("valid_from")
    out = np.array([(bool(e) and str(e)[:10] <= today) or (bool(b) and str(b)[:10] > today)
                    for e, b in zip(ends, starts, strict=True)], dtype=bool)
    return layer.subset(~out) if out.any() else layer


def split_grids(grids: Layer) -> dict[GridLayer, Layer]:
    """The grids layer's comprehensive and dedicated grids as two layers (by property "layer")."""
    kinds = grids.column("layer")
    unknown = set(kinds.tolist()) - {g.value for g in GridLayer}
    if unknown:
        raise GeoError(f"{grids.source}: unknown grid layer value(s) {sorted(map(str, unknown))}")
    return {g: grids.subset(kinds == g.value, name=f"{grids.name}:{g.value}") for g in GridLayer}


def layers_bounds(layers: Sequence[Layer]) -> tuple[float, float, float, float]:
    """The union of several layers' bounds (e.g. to frame the map)."""
    b = np.array([layer.bounds for layer in layers])
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))
