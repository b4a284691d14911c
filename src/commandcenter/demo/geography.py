"""The demo district's geography: real outline, generated streets, communities and grids.

`build_geography` writes `resources/geo/*.geojson` (committed; the app reads them at run time):

- district.geojson: Qinhuai's real outline (DataV GeoAtlas, GCJ-02) converted to WGS84.
- nanjing_districts.geojson: Nanjing's 11 district outlines converted the same way (context).
- streets.geojson: 12 streets + 4 special zones partitioning the district. The zones are carved
  out first as small areas near their real places (the scenic belt along the inner Qinhuai river,
  the high-tech park, the new-town area, the Xinjiekou business block); the streets share the
  rest as a power diagram of anchors near their real places, fitted to rough real areas.
- communities.geojson: the 108 real communities; each street is partitioned by Lloyd-relaxed
  Voronoi cells and a zone is its single virtual community. A street without any community row
  (none in 2023) gets a synthetic virtual community `<street code>498` covering all of it.
- grids.geojson: 1,026 comprehensive grids partitioning the communities, more per km² in the
  dense old city (north-west, around 夫子庙 and 新街口), and 308 dedicated grids: small site
  polygons (schools, markets, parks, scenic spots...) inside comprehensive grids, a separate layer.

Only the outlines are real; everything below district level is generated, deterministically for a
seed (same seed and shapely/GEOS version -> byte-identical files). Generation works in metres on a
local tangent plane; files hold WGS84 degrees rounded to 6 decimals (~0.1 m).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import shapely

from commandcenter.demo import reference
from commandcenter.geo.datum import xy_to_wgs84
from commandcenter.geo.layers import GeoError, read_layer
from commandcenter.resources import resource_path

DEFAULT_SEED = 20191217
VALID_FROM = "2023-01-01"
COMPREHENSIVE_TOTAL = 1026
DISTRICT_SOURCE = "qinhuai_320104_boundary_datav.geojson"  # DataV GeoAtlas copies, GCJ-02
NANJING_SOURCE = "nanjing_320100_districts_datav.geojson"
LAYER_FILES = ("district", "nanjing_districts", "streets", "communities", "grids")
GENERATOR = "commandcenter.demo.geography"  # not __name__: "__main__" under python -m

# Places are given in GCJ-02 like the source outline (read off it) and converted with it.
# Street anchors and rough areas in km² (the power diagram is fitted to these shares).
STREET_ANCHORS = {
    "001": ((118.7920, 32.0030), 4.0),  # 秦虹: south of 中华门, outside the wall
    "002": ((118.7905, 32.0225), 2.0),  # 夫子庙
    "003": ((118.8170, 31.9880), 12.0),  # 红花: the southern lobe
    "004": ((118.7740, 32.0220), 2.0),  # 双塘: south-west inside the wall
    "005": ((118.7780, 32.0100), 2.3),  # 中华门
    "006": ((118.7960, 32.0320), 1.3),  # 五老村
    "007": ((118.7870, 32.0370), 1.7),  # 洪武路
    "008": ((118.8050, 32.0240), 2.2),  # 大光路
    "009": ((118.8130, 32.0350), 2.2),  # 瑞金路
    "010": ((118.8300, 32.0300), 3.6),  # 月牙湖
    "011": ((118.8480, 32.0100), 9.0),  # 光华路: the eastern part
    "012": ((118.7710, 32.0340), 2.9),  # 朝天宫: north-west
}
# The inner Qinhuai river from 东水关 past 夫子庙 and 镇淮桥 to 西水关.
RIVER = ((118.7990, 32.0180), (118.7945, 32.0196), (118.7886, 32.0207), (118.7835, 32.0186),
         (118.7780, 32.0152), (118.7720, 32.0172), (118.7662, 32.0215))
FUZIMIAO, XINJIEKOU, OLD_CITY = (118.7886, 32.0207), (118.7850, 32.0395), (118.7900, 32.0280)
# Zones: (centre, width m, height m, rotation deg); the scenic belt is a buffer of RIVER.
ZONE_RECTS = {
    "401": ((118.8420, 32.0060), 1400.0, 850.0, 25.0),  # 高新园区
    "402": ((118.8230, 31.9840), 1500.0, 1000.0, -20.0),  # 新城发展服务
    "403": ((118.7850, 32.0420), 1300.0, 900.0, -3.0),  # 新街口商务商贸街区 (clipped at the edge)
}
RIVER_BELT_M, FUZIMIAO_CORE_M = 70.0, 260.0

# Dedicated sites: kind -> (count, width range m, height range m, name patterns).
SITE_KINDS = {
    "scenic": (40, (80, 200), (60, 150), ("{}历史街区", "{}景点", "{}沿河风光段")),
    "school": (80, (90, 160), (70, 130), ("{}小学", "{}幼儿园", "{}中学", "{}实验小学")),
    "market": (36, (40, 90), (40, 80), ("{}农贸市场", "{}菜场", "{}商业街")),
    "park": (30, (120, 300), (100, 250), ("{}公园", "{}街心绿地", "{}游园")),
    "hospital": (22, (70, 140), (60, 120), ("{}社区卫生服务中心", "{}医院", "{}门诊部")),
    "construction": (30, (80, 200), (60, 160), ("{}建设工地", "{}更新改造工地", "{}在建项目")),
    "enterprise": (30, (60, 150), (50, 120), ("{}商务楼宇", "{}产业园", "{}科创中心")),
    "transit": (20, (50, 90), (30, 60), ("{}地铁站", "{}公交枢纽", "{}停车场")),
    "elderly_care": (20, (40, 70), (30, 60), ("{}养老服务中心", "{}日间照料中心", "{}颐养院")),
}


class LocalFrame:
    """Equirectangular metres around a point, scaled by the WGS84 ellipsoid's local radii.

    Over Qinhuai's 11 km the area error is far below 0.1%, enough for km² properties.
    """

    def __init__(self, lng0: float, lat0: float):
        a, e2 = 6378137.0, 6.69437999014e-3
        s = math.sin(math.radians(lat0))
        prime = a / math.sqrt(1 - e2 * s * s)
        meridian = a * (1 - e2) / (1 - e2 * s * s) ** 1.5
        self.origin = np.array([lng0, lat0])
        self.scale = np.array([prime * math.cos(math.radians(lat0)), meridian]) * math.pi / 180

    def to_m(self, geoms):
        return shapely.transform(geoms, lambda c: (c - self.origin) * self.scale)

    def to_deg(self, geoms):
        return shapely.transform(geoms, lambda c: c / self.scale + self.origin)

    def point(self, gcj: tuple[float, float]) -> np.ndarray:
        return (xy_to_wgs84(np.array([gcj]), "GCJ02")[0] - self.origin) * self.scale


def area_km2(geoms) -> np.ndarray:
    """Areas in km² of WGS84 geometries, each measured in a frame at its own centroid."""
    geoms = np.atleast_1d(np.asarray(geoms, dtype=object))
    centres = shapely.get_coordinates(shapely.centroid(geoms))
    return np.array([shapely.area(LocalFrame(*c).to_m(g)) / 1e6 for g, c in zip(geoms, centres)])


# --- GeoJSON in and out -----------------------------------------------------------------------


def _finish(geoms: np.ndarray) -> np.ndarray:
    """Snap WGS84 geometries to the 1e-6° grid, keeping them valid polygons."""
    out = shapely.set_precision(geoms, 1e-6)
    bad = ~shapely.is_valid(out)
    out[bad] = shapely.make_valid(out[bad], method="structure", keep_collapsed=False)
    if (shapely.is_empty(out) | ~np.isin(shapely.get_type_id(out), (3, 6))).any():
        raise GeoError("a generated polygon collapsed when rounded to 6 decimals")
    single = (shapely.get_type_id(out) == 6) & (shapely.get_num_geometries(out) == 1)
    out[single] = shapely.get_geometry(out[single], 0)  # a lone part is a plain Polygon
    return out


def _rings(polygon) -> list:
    rings = [polygon.exterior, *polygon.interiors]
    return [np.round(shapely.get_coordinates(r), 6).tolist() for r in rings]


def _geometry_json(geom) -> dict:
    if geom.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": _rings(geom)}
    return {"type": "MultiPolygon", "coordinates": [_rings(p) for p in geom.geoms]}


def _write_layer(path: Path, props: list[dict], geoms: np.ndarray, meta: dict) -> None:
    """One feature per line: small, diff-friendly, still plain GeoJSON (RFC 7946, WGS84)."""
    def dumps(obj):
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    lines = [
        dumps({"type": "Feature", "properties": p, "geometry": _geometry_json(g)})
        for p, g in zip(props, geoms)
    ]
    head = dumps({"type": "FeatureCollection", **meta})[:-1]
    path.write_text(head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


# --- partition primitives (metres) ------------------------------------------------------------


def _sample_in(region, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniform random points inside a polygon (rejection sampling, vectorised)."""
    x0, y0, x1, y1 = region.bounds
    shapely.prepare(region)
    found = np.empty((0, 2))
    while len(found) < n:
        cand = rng.uniform((x0, y0), (x1, y1), size=(max(4 * n, 64), 2))
        found = np.vstack([found, cand[shapely.contains_xy(region, cand[:, 0], cand[:, 1])]])
    return found[:n]


def _voronoi_cells(sites: np.ndarray, region) -> np.ndarray:
    """Voronoi cells of `sites` clipped to `region`, in the order of `sites`."""
    if len(sites) == 1:
        return np.array([region], dtype=object)
    diagram = shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=region)
    cells = shapely.get_parts(diagram)
    site_idx, cell_idx = shapely.STRtree(cells).query(shapely.points(sites), predicate="within")
    ordered = np.empty(len(sites), dtype=object)
    ordered[site_idx] = cells[cell_idx]
    return shapely.intersection(ordered, region)


def _lloyd(region, n: int, rng: np.random.Generator, rounds: int = 4):
    """n cells of similar size partitioning region: Voronoi with Lloyd relaxation."""
    sites = _sample_in(region, n, rng)
    for _ in range(rounds if n > 1 else 0):
        cells = _voronoi_cells(sites, region)
        centres = shapely.centroid(cells)
        # a centroid can fall outside a non-convex cell; then use a point on its surface
        off = ~shapely.contains(cells, centres)
        centres[off] = shapely.point_on_surface(cells[off])
        sites = shapely.get_coordinates(centres)
    return _merge_fragments(_voronoi_cells(sites, region))


def _power_cells(region, sites: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Power-diagram cells (|p - a_i|² - w_i minimal) clipped to region, by half-planes."""
    n, big = len(sites), 1e6
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    normal = sites[j] - sites[i]
    offset = ((sites[j] ** 2).sum(1) - (sites[i] ** 2).sum(1) - weights[j] + weights[i]) / 2
    unit = normal / np.linalg.norm(normal, axis=1, keepdims=True)
    base = unit * (offset / np.linalg.norm(normal, axis=1))[:, None]
    along = np.column_stack([-unit[:, 1], unit[:, 0]]) * big
    corners = np.stack([base + along, base - along, base - along - unit * big,
                        base + along - unit * big, base + along], axis=1)
    halves = shapely.polygons(corners)
    cells = [shapely.intersection_all(halves[i == k]) for k in range(n)]
    return shapely.intersection(np.array(cells, dtype=object), region)


def _fit_power(region, sites: np.ndarray, targets: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Power cells whose areas approach `targets` (m², summing to the region's area)."""
    weights = np.zeros(len(sites))
    for _ in range(rounds):
        cells = _power_cells(region, sites, weights)
        weights += 0.5 * (targets - shapely.area(cells))
    return _merge_fragments(_power_cells(region, sites, weights))


def _merge_fragments(cells: np.ndarray, eps: float = 0.01) -> np.ndarray:
    """Make cells single polygons: a stray part joins the neighbour it shares most edge with.

    Clipping a convex cell to a non-convex region can leave it in pieces; every piece but the
    largest goes to an adjacent cell (within `eps` metres: clipped edges may miss each other by
    rounding), so the cells still partition the same area. A piece with no neighbour in the
    partition (walled in by a zone and the district edge) stays with its owner.
    """
    cells = np.asarray(cells, dtype=object)
    for _ in range(10):
        parts, owner = shapely.get_parts(cells, return_index=True)
        polygon = shapely.get_type_id(parts) == 3
        parts, owner = parts[polygon], owner[polygon]
        if len(np.unique(owner)) != len(cells):
            raise GeoError("a generated cell came out empty")
        order = np.lexsort((-shapely.area(parts), owner))
        first = np.r_[True, owner[order][1:] != owner[order][:-1]]
        kept, stray = parts[order[first]], order[~first]  # one kept part per owner, in order
        if not len(stray):
            return kept
        s_idx, k_idx = shapely.STRtree(kept).query(parts[stray], "dwithin", distance=eps)
        other = owner[stray][s_idx] != k_idx
        s_idx, k_idx = s_idx[other], k_idx[other]
        shared = shapely.length(shapely.intersection(
            shapely.boundary(parts[stray][s_idx]), shapely.buffer(kept[k_idx], eps)))
        moved = False
        for s, part in enumerate(parts[stray]):
            mine = (s_idx == s) & (shared > eps)
            k = int(k_idx[mine][np.argmax(shared[mine])]) if mine.any() else owner[stray[s]]
            moved |= bool(mine.any())
            kept[k] = shapely.union(kept[k], shapely.snap(part, kept[k], eps))
        cells = kept
        if not moved:
            break
    return cells


def _conform(cells: np.ndarray, *groupings: np.ndarray) -> list[np.ndarray]:
    """Rebuild a partition and its parent levels from one noded arrangement of its edges.

    Clipping leaves T-junctions: a vertex on one side of a shared edge missing on the other,
    which rounding then turns into slivers of overlap and gap. Polygonizing the union of all
    boundaries yields faces whose edges are shared exactly; each cell (and each parent, given
    as a cell -> parent index array) is the union of its faces, so all levels share vertices.
    """
    lines = shapely.union_all(shapely.boundary(cells))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    inside = shapely.point_on_surface(faces)
    face_i, cell_i = shapely.STRtree(cells).query(inside, predicate="within")
    face_i, first = np.unique(face_i, return_index=True)  # a sliver in two cells goes to one
    cell_i = cell_i[first]
    out = []
    for owner in (np.arange(len(cells)), *groupings):
        of_face = owner[cell_i]
        out.append(np.array([shapely.union_all(faces[face_i[of_face == k]])
                             for k in range(owner.max() + 1)], dtype=object))
    return out


def _reading_order(geoms: np.ndarray) -> np.ndarray:
    """Indices sorting cells north to south in bands, west to east within a band."""
    xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
    band = max(np.sqrt(shapely.area(shapely.union_all(geoms)) / len(geoms)) * 1.5, 1.0)
    return np.lexsort((xy[:, 0], np.floor((xy[:, 1].max() - xy[:, 1]) / band)))


# --- the district's layers --------------------------------------------------------------------


def _zones(frame: LocalFrame, district) -> dict[str, object]:
    """The four special zones (metres), disjoint, clipped to the district."""
    river = shapely.linestrings([frame.point(p) for p in RIVER])
    belt = shapely.union(river.buffer(RIVER_BELT_M), shapely.Point(frame.point(FUZIMIAO))
                         .buffer(FUZIMIAO_CORE_M))
    zones, taken = {"400": shapely.intersection(belt, district)}, belt
    for suffix, (centre, w, h, angle) in ZONE_RECTS.items():
        t = math.radians(angle)
        local = np.array([(-w, -h), (w, -h), (w, h), (-w, h)]) / 2
        rot = local @ np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])
        rect = shapely.Polygon(rot + frame.point(centre))
        zones[suffix] = shapely.difference(shapely.intersection(rect, district), taken)
        taken = shapely.union(taken, rect)
    return {k: _merge_fragments(np.array([z], dtype=object))[0] for k, z in zones.items()}


def _density(frame: LocalFrame, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(grid density factor, core score in 0..1) at points: dense old city, sparse south-east."""
    d = [np.linalg.norm(xy - frame.point(p), axis=1) for p in (FUZIMIAO, XINJIEKOU, OLD_CITY)]
    core = np.maximum(np.exp(-((d[0] / 1200) ** 2)), np.exp(-((d[1] / 900) ** 2)))
    return 0.8 + 2.6 * core + 1.4 * np.exp(-((d[2] / 2600) ** 2)), core


def _allocate(weights: np.ndarray, total: int) -> np.ndarray:
    """Largest-remainder apportionment of `total` with at least 1 each."""
    ideal = weights / weights.sum() * total
    counts = np.maximum(np.floor(ideal).astype(int), 1)
    while counts.sum() != total:
        gap = ideal - counts
        if counts.sum() < total:
            counts[np.argmax(gap)] += 1
        else:
            gap[counts <= 1] = np.inf
            counts[np.argmin(gap)] -= 1
    return counts


def _area_class(core: np.ndarray, density: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """A: scenic/commercial core; C: the sparse outer south-east; B: the rest."""
    return np.where((core > 0.45) | np.isin(zone, ("400", "403")), "A",
                    np.where(density < 1.35, "C", "B"))


def _street_cells(seed: int, frame: LocalFrame, district, streets) -> dict[str, object]:
    """Street code -> polygon (metres): zones carved out, the streets' power diagram on the rest."""
    zones = _zones(frame, district)
    rest = shapely.difference(district, shapely.union_all(list(zones.values())))
    plain = [s for s in streets if s.kind == "street"]
    jitter = np.random.default_rng([seed, 1]).normal(0, 120, (len(plain), 2))
    sites = np.array([frame.point(STREET_ANCHORS[s.code[6:]][0]) for s in plain]) + jitter
    shares = np.array([STREET_ANCHORS[s.code[6:]][1] for s in plain])
    cells = _fit_power(rest, sites, shares / shares.sum() * rest.area)
    out = dict(zip([s.code for s in plain], cells))
    out.update({s.code: zones[s.code[6:]] for s in streets if s.kind == "zone"})
    return out


def _generate(seed: int, frame: LocalFrame, district) -> dict[str, list[tuple[dict, object]]]:
    """Every generated layer in metres: {"streets"|"communities"|"grids": [(props, geom)]}."""
    streets = reference.load_streets()
    by_street = reference.communities_by_street(streets)
    cells = _street_cells(seed, frame, district, streets)
    layers: dict[str, list] = {"streets": [], "communities": [], "grids": []}
    members, member_geoms = [], []
    for street in streets:
        layers["streets"].append(({"code": street.code, "name": street.name,
                                   "kind": street.kind}, cells[street.code]))
        own = by_street[street.code] or [reference.Community(
            street.code + "498", street.name + "虚拟社区", street.code)]
        rng = np.random.default_rng([seed, 2, int(street.code)])
        parts = _lloyd(cells[street.code], len(own), rng)
        for community, part in zip(own, parts[_reading_order(parts)]):
            members.append((community, street))
            member_geoms.append(part)
            layers["communities"].append(({"code": community.code, "name": community.name,
                                           "street_code": street.code}, part))

    member_geoms = np.array(member_geoms, dtype=object)
    dens, _ = _density(frame, shapely.get_coordinates(shapely.point_on_surface(member_geoms)))
    counts = _allocate(shapely.area(member_geoms) * dens, COMPREHENSIVE_TOTAL)
    rows, geoms = [], []
    for (community, street), geom, n in zip(members, member_geoms, counts):
        parts = _lloyd(geom, int(n), np.random.default_rng([seed, 3, int(community.code)]))
        label = community.name.removesuffix("居委会")
        label = label if label.startswith(street.name) else street.name + label
        for k, part in enumerate(parts[_reading_order(parts)], start=1):
            geoms.append(part)
            rows.append({"code": f"{community.code}{k:03d}", "name": f"{label}第{k}网格",
                         "layer": "comprehensive", "site_kind": None,
                         "community_code": community.code, "street_code": street.code,
                         "_short": community.short_name})
    geoms = np.array(geoms, dtype=object)
    comm_index = {c.code: i for i, (c, _) in enumerate(members)}
    street_index = {s.code: i for i, s in enumerate(streets)}
    geoms, comm_geoms, street_geoms = _conform(
        geoms, np.array([comm_index[r["community_code"]] for r in rows]),
        np.array([street_index[r["street_code"]] for r in rows]))
    layers["communities"] = [(p, g) for (p, _), g in zip(layers["communities"], comm_geoms)]
    layers["streets"] = [(p, g) for (p, _), g in zip(layers["streets"], street_geoms)]
    dens, core = _density(frame, shapely.get_coordinates(shapely.point_on_surface(geoms)))
    zone = np.array([r["street_code"][6:] for r in rows])
    for row, cls in zip(rows, _area_class(core, dens, zone)):
        row["area_class"] = str(cls)
    site_rows, site_geoms = _dedicated(seed, frame, rows, geoms, (dens, core, zone))
    layers["grids"] = list(zip(rows + site_rows, [*geoms, *site_geoms]))
    return layers


def _site_weights(frame: LocalFrame, kind: str, geoms: np.ndarray, dens, core, zone):
    """Relative chance of each comprehensive grid to host a site of `kind`."""
    if kind == "scenic":  # along the inner Qinhuai river, above all in the scenic belt
        river = shapely.linestrings([frame.point(p) for p in RIVER])
        near = np.exp(-((shapely.distance(geoms, river) / 350) ** 2))
        return 0.03 + 8 * near + 20 * (zone == "400") + 3 * core
    if kind == "park":  # where there is room
        return shapely.area(geoms)
    if kind == "construction":  # redevelopment in the sparse south-east and the new town
        return shapely.area(geoms) / dens * (1 + 4 * (zone == "402"))
    if kind == "enterprise":
        return dens * (1 + 8 * (zone == "401") + 5 * (zone == "403"))
    if kind in ("market", "transport"):
        return dens
    if kind == "hospital":
        return np.sqrt(dens)
    return np.where(np.isin(zone, ("400", "403")), 0.2, 1.0)  # schools, elderly care: residents


def _rectangles(centres: np.ndarray, sizes: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Rotated rectangles (metres) as polygons, vectorised."""
    unit = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)]) / 2
    local = unit[None, :, :] * sizes[:, None, :]
    cos, sin = np.cos(angles)[:, None], np.sin(angles)[:, None]
    turned = np.stack([local[..., 0] * cos - local[..., 1] * sin,
                       local[..., 0] * sin + local[..., 1] * cos], axis=-1)
    return shapely.polygons(turned + centres[:, None, :])


def _largest_parts(geoms: np.ndarray) -> np.ndarray:
    parts, owner = shapely.get_parts(geoms, return_index=True)
    order = np.lexsort((-shapely.area(parts), owner))
    return parts[order[np.r_[True, owner[order][1:] != owner[order][:-1]]]]


def _dedicated(seed: int, frame: LocalFrame, hosts_rows: list[dict], host_geoms, fields):
    """Dedicated grids: one rotated rectangle per site clipped to its own host grid.

    Hosts are distinct, so dedicated grids do not overlap one another (beyond the 0.1 m
    rounding); codes are the host community's code + 9 + a 2-digit sequence, in host order.
    """
    rng = np.random.default_rng([seed, 4])
    free = np.ones(len(host_geoms), bool)
    hosts, kinds = [], []
    for kind, (count, *_) in SITE_KINDS.items():
        w = _site_weights(frame, kind, host_geoms, *fields) * free
        chosen = rng.choice(len(host_geoms), size=count, replace=False, p=w / w.sum())
        free[chosen] = False
        hosts += chosen.tolist()
        kinds += [kind] * count
    sizes = np.array([(rng.uniform(*SITE_KINDS[k][1]), rng.uniform(*SITE_KINDS[k][2]))
                      for k in kinds])
    centres = shapely.get_coordinates(shapely.point_on_surface(host_geoms[hosts]))
    rects = _rectangles(centres, sizes, rng.uniform(0, np.pi, len(hosts)))
    sites = _largest_parts(shapely.intersection(rects, host_geoms[hosts]))

    seq: dict[str, int] = {}
    used: set[str] = set()
    rows, geoms = [], []
    for i in sorted(range(len(hosts)), key=lambda i: (hosts_rows[hosts[i]]["code"], kinds[i])):
        host, patterns = hosts_rows[hosts[i]], SITE_KINDS[kinds[i]][3]
        comm = host["community_code"]
        seq[comm] = seq.get(comm, 0) + 1
        names = [p.format(host["_short"]) for p in patterns]
        name = next((n for n in names if n not in used), f"{names[0]}{seq[comm]}号")
        used.add(name)
        rows.append({"code": f"{comm}9{seq[comm]:02d}", "name": name, "layer": "dedicated",
                     "site_kind": kinds[i], "community_code": comm,
                     "street_code": host["street_code"],
                     "area_class": "A" if kinds[i] == "scenic" else host["area_class"],
                     "host_grid_code": host["code"]})
        geoms.append(sites[i])
    return rows, geoms


def default_source_dir() -> Path:
    """Where the raw DataV outlines live: $CC_SHARED_DATA, else ../shared/data beside the repo."""
    env = os.environ.get("CC_SHARED_DATA")
    return Path(env) if env else resource_path().parents[1] / "shared" / "data"


def _outlines(source_dir: Path) -> tuple[list[dict], np.ndarray, list[dict], np.ndarray]:
    """Qinhuai's and Nanjing's DataV outlines converted to WGS84 and rounded, with properties.

    The DataV files declare no datum; they are GCJ-02 (DataV GeoAtlas publishes GCJ-02), which
    `read_layer` converts on load and repairs where a converted polygon self-intersects (two of
    Nanjing's city outlines do; "structure" repair keeps them polygonal).
    """
    district = read_layer(source_dir / DISTRICT_SOURCE, datum="GCJ02").geometries
    district = _finish(np.array([shapely.union_all(district)]))
    nanjing_layer = read_layer(source_dir / NANJING_SOURCE, datum="GCJ02")
    # The files were first built with make_valid over every outline; on a valid one it still
    # normalises (a one-part MultiPolygon becomes a Polygon, rings start elsewhere), so it is
    # applied to those read_layer did not repair, keeping the shipped bytes.
    nanjing = nanjing_layer.geometries.copy()
    untouched = np.ones(len(nanjing), bool)
    untouched[list(nanjing_layer.repaired)] = False
    nanjing[untouched] = shapely.make_valid(nanjing[untouched], method="structure",
                                            keep_collapsed=False)
    nanjing = _finish(nanjing)
    rows = [{"code": str(p["adcode"]), "name": p["name"], "datum": "WGS84"}
            for p in nanjing_layer.properties]
    district_row = {"code": reference.DISTRICT_CODE, "name": reference.DISTRICT_NAME,
                    "datum": "WGS84", "area_km2": round(float(area_km2(district)[0]), 4)}
    return [district_row], district, rows, nanjing


def build_geography(seed: int = DEFAULT_SEED, out_dir: Path | None = None,
                    source_dir: Path | None = None) -> dict[str, Path]:
    """Convert the outlines, generate every layer, write the GeoJSON files; returns their paths.

    Reads the DataV sources from `source_dir` (dev time only, see `default_source_dir`) and the
    division dictionary from resources/org. Same seed and library versions -> identical bytes.
    """
    out_dir = Path(out_dir) if out_dir is not None else resource_path("geo")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / f"{name}.geojson" for name in LAYER_FILES}
    district_rows, district, nanjing_rows, nanjing = _outlines(
        Path(source_dir) if source_dir is not None else default_source_dir())
    source = {"datum": "WGS84", "source": "DataV GeoAtlas (GCJ-02), converted with coordTransform"}
    _write_layer(paths["district"], district_rows, district, {"name": "district", **source})
    _write_layer(paths["nanjing_districts"], nanjing_rows, nanjing,
                 {"name": "nanjing_districts", **source})

    frame = LocalFrame(*shapely.get_coordinates(shapely.centroid(district[0]))[0])
    district_m = _largest_parts(frame.to_m(district))[0]  # Qinhuai is a single polygon
    for name, rows in _generate(seed, frame, district_m).items():
        props = [{k: v for k, v in p.items() if not k.startswith("_")} for p, _ in rows]
        geoms = np.array([g for _, g in rows], dtype=object)
        for p, a in zip(props, shapely.area(geoms) / 1e6):
            p["area_km2"] = round(float(a), 5)
            if name == "grids":
                p["valid_from"] = VALID_FROM
        meta = {"name": name, "datum": "WGS84", "seed": seed, "generator": GENERATOR}
        _write_layer(paths[name], props, _finish(frame.to_deg(geoms)), meta)
    return paths


def main() -> None:
    paths = build_geography()
    for name, path in paths.items():
        print(f"{name:18s} {path.stat().st_size / 1024:8.1f} KiB  {path}")


if __name__ == "__main__":
    main()
