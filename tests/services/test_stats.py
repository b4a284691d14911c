"""store_stats: counts by state and channel, events, sequence and size on both databases."""

from __future__ import annotations

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.services.cases import CaseService
from commandcenter.services.stats import store_stats
from commandcenter.store import migrate

from .conftest import INTAKE
from .test_cases import hotline


def test_empty_store(ctx):
    stats = store_stats(ctx)
    assert stats["cases"] == 0 and stats["events"] == 0 and stats["change_seq"] == 0
    assert set(stats["by_state"]) == {s.value for s in State}
    assert set(stats["by_channel"]) == {c.value for c in Channel}
    assert stats["dialect"] == ctx.dialect_name
    assert stats["schema_revision"] == migrate.head_revision()
    assert stats["db_bytes"] > 0


def test_counts_follow_the_cases(service, ctx):
    empty_size = store_stats(ctx)["db_bytes"]
    a = service.report(hotline(), INTAKE)
    service.report(hotline(channel=Channel.SENSOR, title="x" * 150), INTAKE)
    service.transition(a.id, "accept", {}, INTAKE)
    for i in range(40):  # enough rows to grow the file by at least a page
        CaseService(ctx).report(hotline(description="描述" * 200 + str(i)), INTAKE)
    stats = store_stats(ctx)
    assert stats["cases"] == 42
    assert stats["by_state"]["pending_register"] == 1 and stats["by_state"]["pending_accept"] == 41
    assert stats["by_channel"]["sensor"] == 1 and stats["by_channel"]["hotline_12345"] == 41
    assert stats["events"] == 42 * 2 + 1
    assert stats["change_seq"] == 43
    assert stats["db_bytes"] > empty_size
