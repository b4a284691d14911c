"""GridIndex: one polygon per point, borders and overlaps by rank, outside flagged, and exact
agreement with the plain STRtree "intersects" query it accelerates."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from commandcenter.geo.assign import MIN_CELLS, OUTSIDE, GridIndex
from commandcenter.geo.layers import GeoError, layer_from_geojson, resource_layer
from commandcenter.resources import resource_path


def squares_2x2():
    """Unit squares [0,1]x[0,1] (0), [1,2]x[0,1] (1), [0,1]x[1,2] (2), [1,2]x[1,2] (3)."""
    return np.array([shapely.box(x, y, x + 1, y + 1) for y in (0, 1) for x in (0, 1)])


def reference(geoms, x, y, rank=None) -> np.ndarray:
    """What GridIndex must return: STRtree intersects hits, lowest rank then index wins."""
    rank = np.arange(len(geoms)) if rank is None else np.asarray(rank)
    pt, poly = shapely.STRtree(geoms).query(shapely.points(x, y), predicate="intersects")
    order = np.lexsort((poly, rank[poly], pt))
    pt, poly = pt[order], poly[order]
    first = np.r_[True, pt[1:] != pt[:-1]] if len(pt) else np.zeros(0, bool)
    out = np.full(len(x), OUTSIDE)
    out[pt[first]] = poly[first]
    return out


# --- borders, vertices, outside, holes ----------------------------------------------------------


def test_point_on_a_shared_edge_goes_to_the_lowest_index():
    index = GridIndex(squares_2x2())
    x, y = np.array([1.0, 1.0, 0.5, 1.5]), np.array([0.5, 1.5, 1.0, 1.0])
    # (1, .5): squares 0|1; (1, 1.5): 2|3; (.5, 1): 0|2; (1.5, 1): 1|3
    assert index.assign(x, y).tolist() == [0, 2, 0, 1]


def test_shared_vertex_of_four_squares_goes_to_exactly_one():
    geoms = squares_2x2()
    assert len(shapely.STRtree(geoms).query(shapely.Point(1, 1), predicate="intersects")) == 4
    assert GridIndex(geoms).assign([1.0], [1.0]).tolist() == [0]
    # Deterministic under reordering: the same square wins when it comes first either way.
    assert GridIndex(geoms[::-1]).assign([1.0], [1.0]).tolist() == [0]  # i.e. square 3
    assert GridIndex(geoms, rank=[3, 2, 1, 0]).assign([1.0], [1.0]).tolist() == [3]


def test_rank_may_be_codes_and_ties_fall_back_to_index():
    geoms = squares_2x2()
    by_code = GridIndex(geoms, rank=np.array(["b", "a", "d", "c"], dtype=object))
    assert by_code.assign([1.0, 1.0], [1.0, 0.5]).tolist() == [1, 1]
    tied = GridIndex(geoms, rank=[5, 5, 0, 5])
    assert tied.assign([1.0, 1.0], [1.0, 0.5]).tolist() == [2, 0]
    with pytest.raises(ValueError, match="one value per polygon"):
        GridIndex(geoms, rank=[0, 1])


def test_outside_points_are_flagged_not_dropped():
    index = GridIndex(squares_2x2())
    x = np.array([-0.5, 2.5, 1.0, np.nan, 0.5, 2.0, 2.0 + 1e-12])
    y = np.array([0.5, 0.5, -1e-12, 0.5, np.nan, 2.0, 2.0])
    out = index.assign(x, y)
    assert out.tolist() == [-1, -1, -1, -1, -1, 3, -1]
    assert len(out) == len(x)


def test_point_in_a_hole_is_outside_unless_another_polygon_fills_it():
    ring = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (3, 1), (3, 3), (1, 3)]])
    hole_x, hole_y = [2.0, 1.0, 0.5], [2.0, 2.0, 0.5]  # in the hole, on its edge, in the ring
    assert GridIndex([ring]).assign(hole_x, hole_y).tolist() == [-1, 0, 0]
    filled = GridIndex([shapely.box(1, 1, 3, 3), ring])
    assert filled.assign(hole_x, hole_y).tolist() == [0, 0, 1]  # the edge: lowest index


def test_overlap_goes_by_rank_dedicated_inside_comprehensive():
    comprehensive, dedicated = shapely.box(0, 0, 10, 10), shapely.box(4, 4, 6, 6)
    x, y = [5.0, 1.0], [5.0, 1.0]
    assert GridIndex([comprehensive, dedicated]).assign(x, y).tolist() == [0, 0]
    assert GridIndex([comprehensive, dedicated], rank=[1, 0]).assign(x, y).tolist() == [1, 0]


def test_shapes_and_empty_input():
    index = GridIndex(squares_2x2())
    grid = index.assign(np.array([[0.5, 1.5], [0.5, 9.0]]), np.array([[0.5, 0.5], [1.5, 9.0]]))
    assert grid.shape == (2, 2) and grid.tolist() == [[0, 1], [2, -1]]
    assert index.assign(np.array([]), np.array([])).shape == (0,)
    with pytest.raises(ValueError, match="shapes differ"):
        index.assign(np.zeros(2), np.zeros(3))


def test_only_polygons_are_indexed():
    with pytest.raises(GeoError, match="Polygons and MultiPolygons only"):
        GridIndex([shapely.box(0, 0, 1, 1), shapely.Point(0, 0)])
    with pytest.raises(GeoError, match="empty layer"):
        GridIndex([])


def test_assign_codes_reads_the_layer_properties():
    features = [{"type": "Feature", "geometry": shapely.geometry.mapping(g),
                 "properties": {"code": f"g{i}", "community_code": f"c{i // 2}",
                                "street_code": "s"}} for i, g in enumerate(squares_2x2())]
    layer = layer_from_geojson({"type": "FeatureCollection", "features": features},
                               datum="WGS84")
    result = GridIndex(layer).assign_codes([0.5, 1.5, 1.5, 7.0], [0.5, 0.5, 1.5, 7.0])
    assert result.index.tolist() == [0, 1, 3, -1]
    assert result.code.tolist() == ["g0", "g1", "g3", None]
    assert result.community_code.tolist() == ["c0", "c0", "c1", None]
    assert result.street_code.tolist() == ["s", "s", "s", None]
    assert result.outside.tolist() == [False, False, False, True]
    bare = GridIndex(squares_2x2()).assign_codes([0.5], [0.5])
    assert bare.index.tolist() == [0] and bare.code.tolist() == [None]


# --- agreement with the floor query -------------------------------------------------------------


def tricky_points(geoms, rng, n_random):
    """Random points in the bounds plus every vertex and edge midpoint of every polygon."""
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    xy = shapely.get_coordinates(shapely.boundary(geoms))
    mids = (xy[1:] + xy[:-1]) / 2
    random = rng.uniform((x0, y0), (x1, y1), size=(n_random, 2))
    corners = np.array([(x0, y0), (x1, y1), (x0, y1), (x1, y0)])
    pts = np.vstack([random, xy, mids, corners])
    return pts[:, 0], pts[:, 1]


@pytest.mark.parametrize("cells", [MIN_CELLS, None, 1 << 17])
def test_same_answer_as_the_floor_query_on_random_and_border_points(cells):
    rng = np.random.default_rng(11)
    # Irregular, overlapping, holed polygons: buffered random points with random holes.
    centres = rng.uniform(0, 100, size=(300, 2))
    geoms = shapely.buffer(shapely.points(centres), rng.uniform(2, 9, 300), quad_segs=3)
    holes = shapely.buffer(shapely.points(centres[:60]), 1.0, quad_segs=2)
    geoms[:60] = shapely.difference(geoms[:60], holes)
    x, y = tricky_points(geoms, rng, 100_000)
    index = GridIndex(geoms, cells=cells)
    assert np.array_equal(index.assign(x, y), reference(geoms, x, y))
    rank = rng.permutation(len(geoms))
    assert np.array_equal(GridIndex(geoms, rank=rank, cells=cells).assign(x, y),
                          reference(geoms, x, y, rank))


@pytest.mark.skipif(not resource_path("geo", "grids.geojson").exists(),
                    reason="resources/geo not generated yet")
def test_same_answer_as_the_floor_query_on_the_shipped_grids():
    grids = resource_layer("grids")
    x, y = tricky_points(grids.geometries, np.random.default_rng(5), 200_000)
    assert np.array_equal(GridIndex(grids).assign(x, y), reference(grids.geometries, x, y))


def test_points_that_miss_every_candidate_of_their_mixed_cells_are_outside():
    """Regression: when every point needing an exact test misses, none is assigned (this
    used to raise IndexError on the empty hit list)."""
    triangle = shapely.Polygon([(0, 0), (1, 0), (0, 1)])
    index = GridIndex([triangle])
    just_outside = ([0.501], [0.501])  # beside the hypotenuse: a cell it crosses
    assert index.assign(*just_outside).tolist() == [OUTSIDE]
    assert index.assign([0.501, 0.2], [0.501, 0.2]).tolist() == [OUTSIDE, 0]
