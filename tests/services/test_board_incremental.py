"""The board's cheap paths give the same answers as the full ones: an incremental re-query after a
change batch, row-wise filter tests, the per-row aging refresh; the date filter's time fields;
the acting-as search; the map preview's shapes."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from commandcenter.services.board import BoardStore, ChangedRows, to_seconds
from commandcenter.services.board_filter import BoardFilter
from commandcenter.services.board_load import NO_TIME, RawChunk

from .test_board import _now, bctx, template  # noqa: F401 - fixtures

SORTS = ("reported_at", "code", "state", "street", "lead_unit", "priority", "major",
         "duplicates")


def _mutated(store: BoardStore, ctx, rng, k: int = 40, add_new: bool = True) -> ChangedRows:
    """A change batch: `k` existing cases re-read, with states, streets and times shuffled
    among what the store holds, plus one brand-new case (as the change feed would bring)."""
    ids = rng.choice(store.ids, size=k, replace=False).tolist()
    rows = store.fetch(ctx, ids)
    c = rows.chunk.columns
    pool = {name: list(dict.fromkeys(store.cats[name].values[1:])) for name in
            ("state", "street_code", "lead_unit")}
    for name, values in pool.items():
        c[name] = [values[int(rng.integers(len(values)))] for _ in c[name]]
    c["reported_at"] = [v + int(rng.integers(-86400, 86400)) for v in c["reported_at"]]
    c["priority"] = [int(rng.integers(2)) for _ in c["priority"]]
    c["due_at"] = [v if v == NO_TIME else v + int(rng.integers(-7200, 7200)) for v in c["due_at"]]
    if not add_new:
        return rows
    new = {name: list(values) + [values[0]] for name, values in c.items()}
    new["id"][-1] = int(store.ids[-1]) + 1
    new["code"][-1] = "QH29991231000001"
    return ChangedRows(RawChunk(new), rows.paused)


FILTERS = [BoardFilter(lane="all"), BoardFilter(lane="all_open"),
           BoardFilter(lane="pending_dispatch"), BoardFilter(lane="all", states=("closed",)),
           BoardFilter(lane="in_progress", aging="at_risk"),
           BoardFilter(lane="all", text="路")]


@pytest.mark.parametrize("sort_key", SORTS)
def test_requery_after_a_batch_equals_a_full_query(bctx, sort_key):  # noqa: F811
    store = BoardStore.load(bctx)
    store.set_operator("QZX")
    now = _now(bctx)
    rng = np.random.default_rng(7)
    for flt in FILTERS:
        for descending in (False, True):
            shown = store.query(flt, sort_key, descending, now)
            result = store.merge(_mutated(store, bctx, rng), now)
            touched = result.updated + result.appended
            fast = store.requery_after(flt, shown, touched, sort_key, descending, now)
            full = store.query(flt, sort_key, descending, now)
            assert fast.tolist() == full.tolist(), (flt, sort_key, descending)


def test_rows_match_agrees_with_the_mask(bctx):  # noqa: F811
    store = BoardStore.load(bctx)
    store.set_operator("QZX")
    rows = np.arange(0, len(store), 3)
    street = sorted(store.names.streets)[0]
    for flt in (*FILTERS, BoardFilter(lane="mine"), BoardFilter(lane="all", streets=(street,)),
                BoardFilter(lane="drill", ids=tuple(store.ids[:50:2].tolist()))):
        assert store.rows_match(flt, rows, _now(bctx)).tolist() == \
            store.mask(flt, _now(bctx))[rows].tolist(), flt


def test_aging_after_a_merge_equals_a_fresh_computation(bctx):  # noqa: F811
    store = BoardStore.load(bctx)
    now = _now(bctx)
    store.aging(now)  # cached: the merge refreshes only the touched rows
    open_ids = store.ids[store.open_mask()]
    rows = store.fetch(bctx, open_ids[:60].tolist())
    c = rows.chunk.columns
    c["due_at"] = [v if v == NO_TIME else v - 3 * 86400 for v in c["due_at"]]  # all late now
    full_passes = []
    whole = store._aging_of

    def counted(positions, t):
        if positions is None:
            full_passes.append(t)
        return whole(positions, t)

    store._aging_of = counted
    result = store.merge(rows, now)
    del store._aging_of
    assert not full_passes, "the merge recomputed every row instead of the touched ones"
    assert result.updated and not result.appended and len(result.turned_red) > 0
    incremental = [a.copy() for a in store.aging(now)]
    store._aging_cache = None
    fresh = store.aging(now)
    for a, b in zip(incremental, fresh, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("field,column", [("received", "reported_at"), ("deadline", "due_at"),
                                          ("closed", "closed_at"), ("changed", "changed_at")])
def test_date_range_bounds_the_chosen_time(bctx, field, column):  # noqa: F811
    store = BoardStore.load(bctx)
    at = store.cols[column]
    known = at[at != NO_TIME]
    assert len(known), column
    mid = datetime(1970, 1, 1) + timedelta(seconds=int(np.median(known)))
    lo, hi = mid - timedelta(days=3), mid + timedelta(days=2)
    got = store.query(BoardFilter(lane="all", date_field=field, date_from=lo, date_to=hi), "code",
                      False)
    want = np.flatnonzero((at != NO_TIME) & (at >= to_seconds(lo)) & (at < to_seconds(hi)))
    assert got.tolist() == want.tolist() and 0 < len(got) < len(store)


def test_changed_at_is_the_latest_milestone(bctx):  # noqa: F811
    store = BoardStore.load(bctx)
    c = store.cols
    assert (c["changed_at"] >= c["reported_at"]).all()
    closed = c["closed_at"] != NO_TIME
    assert (c["changed_at"][closed] >= c["closed_at"][closed]).all()


def test_unknown_date_field_or_aging_is_refused():
    with pytest.raises(ValueError, match="date field"):
        BoardFilter(date_field="yesterday")
    with pytest.raises(ValueError, match="aging"):
        BoardFilter(aging="purple")


def test_acting_choices_search_by_pinyin_initials_and_group_by_unit(bctx):  # noqa: F811
    from commandcenter.services.board_people import acting_choices, group_by_unit

    choices = acting_choices(bctx)
    assert len(choices) > 100
    someone = next(c for c in choices if len(c.person.name) >= 2)
    hits = [c for c in choices if c.matches(someone.initials)]
    assert someone in hits and len(hits) < len(choices)
    assert [c for c in choices if c.matches(f"{someone.unit_initials} {someone.initials}")] \
        == [c for c in hits if someone.unit_initials in c.haystack()]
    assert all(c.matches("") for c in choices[:5])
    groups = group_by_unit(choices)
    flat = [i for _code, _name, members in groups for i in members]
    assert sorted(flat) == list(range(len(choices)))
    for code, _name, members in groups:
        assert {choices[i].person.unit_code or "" for i in members} == {code}


def test_map_preview_holds_the_case_grid_its_neighbours_and_the_point():
    from commandcenter.services.board_detail import MapPreview

    preview = MapPreview.shared()
    code = next(iter(preview._codes))
    geom = preview._layer.geometries[preview._codes[code]]
    point = geom.representative_point()
    shapes = preview.around(code, point.x, point.y)
    case = [s for s in shapes.shapes if s.is_case_grid]
    assert len(case) == 1 and case[0].code == code and shapes.shapes[-1] is case[0]
    assert len(shapes.shapes) > 1  # neighbours
    lon0, lat0, lon1, lat1 = shapes.bounds
    assert lon0 <= point.x <= lon1 and lat0 <= point.y <= lat1
    # an unknown grid code: found by the point; neither: an empty preview
    assert [s.code for s in preview.around("nope", point.x, point.y).shapes if s.is_case_grid] \
        == [code]
    assert preview.around(None, None, None).empty


def test_a_batch_that_moves_nothing_keeps_the_shown_array(bctx):  # noqa: F811
    store = BoardStore.load(bctx)
    now = _now(bctx)
    edited: set[int] = set()  # rows the store holds changed (the database does not)
    for flt, key in ((BoardFilter(lane="all"), "reported_at"), (BoardFilter(lane="all"), "state"),
                     (BoardFilter(lane="all_open"), "street")):
        shown = store.query(flt, key, True, now)
        picked = np.array([p for p in shown[:: max(len(shown) // 30, 1)].tolist()
                           if p not in edited], dtype=np.int64)
        rows = store.fetch(bctx, store.ids[picked].tolist())  # re-read as they are
        rows.chunk.columns["description"] = ["改过的描述"] * len(rows.chunk)  # not a sort key
        result = store.merge(rows, now)
        fast = store.requery_after(flt, shown, result.updated, key, True, now)
        assert fast is shown and fast.tolist() == store.query(flt, key, True, now).tolist()
        # one row's sort key changes: it moves, exactly as a full query says
        edited.add(int(shown[0]))
        moved = store.fetch(bctx, [int(store.ids[shown[0]])])
        moved.chunk.columns["reported_at"] = [0]
        moved.chunk.columns["state"] = ["pending_accept"]
        moved.chunk.columns["street_code"] = [sorted(store.names.streets)[-1]]
        result = store.merge(moved, now)
        fast = store.requery_after(flt, shown, result.updated, key, True, now)
        assert fast is not shown
        assert fast.tolist() == store.query(flt, key, True, now).tolist()


def test_row_wise_text_search_agrees_with_the_scan_after_edits_and_appends():
    from commandcenter.services.board_text import TextIndex

    rows = [(f"QH{i:04d}", f"秦淮区{'中华路' if i % 3 else '瑞金路'}{i}号", f"描述{i}")
            for i in range(300)]
    index = TextIndex(rows)
    index.update(4, ("QH0004", "秦淮区瑞金路改号", "x"))  # an override: now matches
    index.update(3, ("QH0003", "别处", "y"))  # an override: no longer matches
    index.append(("QH9999", "瑞金路新案", "z"))  # the tail
    everything = np.arange(len(index))
    for query in ("瑞金路", "qh00", "中华路1", "无此词", " "):
        scan = index.search(query)
        assert index.search_rows(query, everything).tolist() == scan.tolist(), query
        some = everything[::7]
        assert index.search_rows(query, some).tolist() == scan[some].tolist(), query
    assert index.search("瑞金路")[[3, 4, 300]].tolist() == [False, True, True]


def test_row_search_agrees_with_the_scan_on_many_rows():
    from commandcenter.services.board_text import TextIndex

    rng = np.random.default_rng(5)
    words = ["中华路", "瑞金路", "秦淮", "井盖", "垃圾", "abc", "Road", "路灯", "号"]
    rows = [(f"QH{i:05d}", "".join(rng.choice(words, 4)), "".join(rng.choice(words, 3)))
            for i in range(12_000)]
    index = TextIndex(rows)
    index.update(10, ("QH00010", "独一无二路", ""))  # an override among the vectorised rows
    everything = np.arange(len(index))
    some = np.sort(rng.choice(everything, 8000, replace=False))
    for query in ("中华路", "路灯号", "ROAD", "qh0001", "独一无二", "盖垃", "华路瑞", "路"):
        scan = index.search(query)
        assert index.search_rows(query, everything).tolist() == scan.tolist(), query
        assert index.search_rows(query, some).tolist() == scan[some].tolist(), query
