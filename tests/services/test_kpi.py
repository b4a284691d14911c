"""KPI services: frames from the store, the live picture's incremental update, assessments."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import text

from commandcenter import settings as settings_mod
from commandcenter.domain.case import Actor
from commandcenter.domain.indicators import ObjectType, Period, load_weights
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.services.kpi import (
    AssessmentService,
    LiveService,
    compare,
    publish_weights,
    with_component_weights,
)

NOW = datetime(2024, 5, 22, 16, 30)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from commandcenter.demo import build_demo

    path = tmp_path_factory.mktemp("kpi_services") / "store.sqlite3"
    ctx = AppContext.open(settings_mod.sqlite_url(path))
    ctx.now = Clock(NOW)
    try:
        build_demo(ctx, cases=800, now=NOW)
    finally:
        ctx.close()
    return path


@pytest.fixture
def url(store, tmp_path):
    target = tmp_path / "kpi.sqlite3"
    shutil.copyfile(store, target)
    return settings_mod.sqlite_url(target)


def _open(url: str, at: datetime = NOW) -> AppContext:
    ctx = AppContext.open(url)
    ctx.now = Clock(at)
    return ctx


def _sql(ctx, query: str, **params):
    with ctx.engine.connect() as conn:
        return conn.execute(text(query), params).all()


def _same(a, b) -> None:
    assert a.funnel == b.funnel
    assert a.open_states == b.open_states
    assert a.ontime_closed == b.ontime_closed and a.ontime_net == b.ontime_net
    assert a.warnings.sort_index().equals(b.warnings.sort_index())
    assert np.array_equal(np.nan_to_num(a.intake.today), np.nan_to_num(b.intake.today))
    assert a.top.reset_index(drop=True).equals(b.top.reset_index(drop=True))
    assert np.array_equal(a.daily_counts, b.daily_counts)
    assert len(a.whistles) == len(b.whistles)
    for stage in a.funnel_ids:
        assert np.array_equal(a.funnel_ids[stage], b.funnel_ids[stage])


def test_live_picture_matches_the_store(url):
    ctx = _open(url)
    try:
        snap = LiveService(ctx).load()
        by_state = dict(_sql(ctx, "select state, count(*) from cases group by state"))
        for state, n in snap.open_states:
            assert n == by_state.get(state, 0), state
            assert len(snap.open_ids[state]) == n
        reported = {r[0] for r in _sql(
            ctx, "select distinct case_id from case_events where action = 'report' and at >= :a and at <= :b",
            a=datetime(2024, 5, 22), b=NOW)}
        assert dict(snap.funnel)["reported"] == len(reported) > 0
        assert set(snap.funnel_ids["reported"].tolist()) == reported
        assert snap.ontime_net > 0 and 0 <= snap.ontime_closed <= snap.ontime_net
        assert snap.ontime_rate == pytest.approx(snap.ontime_closed / snap.ontime_net)
    finally:
        ctx.close()


def test_incremental_update_equals_a_full_rebuild(url):
    reader, writer = _open(url), _open(url, NOW + timedelta(minutes=1))
    try:
        live = LiveService(reader)
        before = live.load()
        service = CaseService(writer)
        intake = Actor("intake-test", Role.INTAKE_OPERATOR, None)
        new = service.report(NewCase(channel=Channel.HOTLINE_12345, title="噪音扰民"), intake)
        pending = [r[0] for r in _sql(writer, "select id from cases where state = 'pending_accept' order by id")]
        changed = [new.id]
        for case_id in pending[:2]:
            centre = service.detail(case_id).owner_centre
            service.transition(case_id, "accept", {}, Actor("i", Role.INTAKE_OPERATOR, centre))
            changed.append(case_id)
        reader.now.at = NOW + timedelta(minutes=2)
        after = live.apply(changed)
        assert dict(after.funnel)["reported"] == dict(before.funnel)["reported"] + 1
        assert dict(after.funnel)["accepted"] >= dict(before.funnel)["accepted"] + 2 - 0
        assert new.id in after.funnel_ids["reported"]
        fresh = LiveService(reader).load()
        _same(after, fresh)
    finally:
        reader.close()
        writer.close()


def test_assessment_scores_compare_and_drill_down_against_sql(url):
    ctx = _open(url)
    try:
        service = AssessmentService(ctx)
        period = Period.month(2024, 5)
        data = service.load(period)
        scored = service.score(data)
        streets = scored[ObjectType.STREET]
        assert streets["rank"].min() == 1 and set(streets["rating"].dropna()) <= set("ABCDE")
        code = streets["registered"].idxmax()
        ids = service.drill_down(data, ObjectType.STREET, code, "registered")
        rows = _sql(ctx, "select id from cases where street_code = :s and registered_at >= :a and "
                    "registered_at < :b and state not in ('void', 'merged')", s=code, a=period.start, b=NOW)
        assert ids == sorted(r[0] for r in rows)
        assert len(ids) == streets.loc[code, "registered"]
        prev = service.score(service.load(period.previous()))
        cmp = compare(streets, prev[ObjectType.STREET])
        both = cmp.dropna(subset=["rank_before"])
        assert (both["movement"] == both["rank_before"] - both["rank"]).all()
    finally:
        ctx.close()


def test_what_if_weights_reorder_by_the_only_weighted_indicator(url):
    ctx = _open(url)
    try:
        service = AssessmentService(ctx)
        data = service.load(Period.month(2024, 5), objects=(ObjectType.STREET,))
        weights = load_weights()
        # all weight on closing rate: the ranking is the closing-rate ranking
        only_closing = with_component_weights(weights, ObjectType.STREET, [0, 0, 100, 0])
        s = service.score(data, only_closing)[ObjectType.STREET]
        expected = (s["closing_rate"] * 100).rank(ascending=False, method="min")
        assert (s["rank"] == expected).all()
        with pytest.raises(ValueError):
            with_component_weights(weights, ObjectType.STREET, [50, 50])
    finally:
        ctx.close()


def test_publish_weights_records_who_and_refuses_bad_sums(tmp_path):
    weights = load_weights()
    edited = with_component_weights(weights, ObjectType.STREET, [20, 20, 30, 30])
    path = publish_weights(edited, "admin-li", tmp_path / "weights.json", at=NOW)
    again = load_weights(path)
    assert [c.weight for c in again.objects[ObjectType.STREET].components] == [20, 20, 30, 30]
    assert again.extra["published_by"] == "admin-li"
    bad = with_component_weights(weights, ObjectType.STREET, [20, 20, 30, 20])
    with pytest.raises(ValueError, match="sum"):
        publish_weights(bad, "admin-li", tmp_path / "bad.json")
    assert not (tmp_path / "bad.json").exists()


def test_published_weights_go_to_the_config_dir_and_the_shipped_file_stays(tmp_path, monkeypatch):
    from commandcenter.services.kpi import current_weights, shipped_weights_path, weights_path

    monkeypatch.setenv("COMMANDCENTER_HOME", str(tmp_path / "home"))
    shipped = shipped_weights_path()
    shipped_before = shipped.read_bytes()
    default = load_weights(shipped)
    assert weights_path() == tmp_path / "home" / "config" / "assessment_weights.json"
    assert current_weights() == default  # nothing published yet: the shipped default
    edited = with_component_weights(default, ObjectType.STREET, [10, 20, 40, 30])
    written = publish_weights(edited, "admin-li", at=NOW)
    assert written == weights_path() and written.exists()
    assert shipped.read_bytes() == shipped_before  # the shipped default is never written
    now_in_force = current_weights()
    assert [c.weight for c in now_in_force.objects[ObjectType.STREET].components] == [10, 20, 40, 30]
    assert now_in_force.extra["published_by"] == "admin-li"
    # a garbled published file: the shipped default is used and the file is left as it was
    written.write_text("{ not json", encoding="utf-8")
    assert current_weights() == default
    assert written.read_text(encoding="utf-8") == "{ not json"


def test_trend_over_periods_equals_each_period_scored_alone(url):
    ctx = _open(url)
    try:
        service = AssessmentService(ctx)
        periods = [Period.week(datetime(2024, 5, 13).date()), Period.week(datetime(2024, 5, 20).date())]
        trend = service.trend(periods, ObjectType.STREET)
        assert list(trend.columns) == [p.start for p in periods]
        for p in periods:
            alone = service.score(service.load(p, objects=(ObjectType.STREET,)))[ObjectType.STREET]
            got = trend[p.start].dropna().sort_index()
            assert np.allclose(got.to_numpy(), alone["composite"].reindex(got.index).to_numpy())
            assert len(got) == alone["composite"].notna().sum()
    finally:
        ctx.close()
