"""services.intake: validation messages, duplicate suggestions ranking, create and merge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.services import intake
from commandcenter.services.dto import NewCase
from commandcenter.services.intake import IntakeError, IntakeForm

from .conftest import GRID, INTAKE, LEADER

LON, LAT = 118.7880, 32.0200


def form(**kw) -> IntakeForm:
    base = {"channel": Channel.HOTLINE_12345, "title": "暴露垃圾", "address": "贡院街1号"}
    return IntakeForm(**{**base, **kw})


def codes(f: IntakeForm) -> dict[str, str]:
    return {p.field: p.code for p in intake.validate(f)}


def test_validation_accepts_a_good_form_and_anonymous_reporters():
    assert intake.validate(form()) == []
    assert intake.validate(form(reporter_name="张三", reporter_phone="138 1234 1234",
                                reporter_id="11010519491231002X")) == []
    assert intake.validate(form(reporter_phone="025-84561234")) == []


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"title": "", "description": " "}, "description", "content_missing"),
    ({"address": ""}, "address", "address_missing"),
    ({"lon": 118.78}, "location", "location_half"),
    ({"lon": 10.0, "lat": 10.0}, "location", "location_outside"),
    ({"reporter_phone": "12345"}, "reporter_phone", "phone_invalid"),
    ({"reporter_phone": "23812341234"}, "reporter_phone", "phone_invalid"),
    ({"reporter_id": "110105194912310021"}, "reporter_id", "id_invalid"),  # bad check digit
    ({"reporter_id": "1101051949"}, "reporter_id", "id_invalid"),
    ({"reporter_name": "张三3"}, "reporter_name", "name_invalid"),
])
def test_validation_names_field_and_problem(changes, field, code):
    problems = intake.validate(form(**changes))
    assert codes(form(**changes)) == {field: code}
    assert problems[0].message  # an English explanation for the CLI and logs


def test_text_similarity_is_bigram_jaccard():
    assert intake.text_similarity("暴露垃圾", "暴露垃圾") == 1.0
    assert intake.text_similarity("暴露垃圾", "垃圾暴露") == pytest.approx(2 / 4)
    assert intake.text_similarity("暴露垃圾", "违法建设") == 0.0
    assert intake.text_similarity("", "违法建设") == 0.0


def test_duplicate_suggestions_rank_near_recent_similar_first(service, ctx, clock):
    def report(title, dlon, hours_ago, **kw):
        at = clock.at - timedelta(hours=hours_ago)
        return service.report(NewCase(channel=Channel.HOTLINE_12345, title=title, address="贡院街",
                                      lon=LON + dlon, lat=LAT, grid_code=GRID, received_at=at,
                                      **kw), INTAKE)
    best = report("贡院街暴露垃圾无人清理", 0.0002, 2)   # ~19 m, 2 h ago, same words
    far_text = report("噪音扰民", 0.0003, 3)            # near but unrelated text
    older = report("贡院街暴露垃圾", 0.0010, 100)       # ~94 m, 4 days old
    report("贡院街暴露垃圾", 0.0050, 1)                 # ~470 m: outside the radius
    report("贡院街暴露垃圾", 0.0, 24 * 8)               # 8 days: outside the window
    closed = report("贡院街暴露垃圾", 0.0, 1)
    service.transition(closed.id, "invalidate", {"reason": "重复"}, INTAKE)
    hits = intake.duplicate_suggestions(ctx, LON, LAT, None, "贡院街暴露垃圾", clock.at)
    assert [h.case_id for h in hits] == [best.id, older.id, far_text.id]
    assert hits[0].distance_m == pytest.approx(18.9, abs=1.0) and hits[0].text_similarity > 0.5
    assert all(0 < h.score <= 1 for h in hits) and hits[0].score > hits[1].score
    # without a location only clearly similar texts are offered
    by_text = intake.duplicate_suggestions(ctx, None, None, None, "贡院街暴露垃圾", clock.at)
    assert far_text.id not in [h.case_id for h in by_text] and best.id in [h.case_id for h in by_text]


def test_duplicate_suggestions_keep_related_categories(service, ctx, clock):
    ref = service.report(NewCase(channel=Channel.HOTLINE_12345, title="违法建设", address="贡院街",
                                 lon=LON, lat=LAT, grid_code=GRID), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", {"minor_code": "0101", "condition_id": "01"}, LEADER)
    assert [h.case_id for h in intake.duplicate_suggestions(ctx, LON, LAT, "0102", "x", clock.at)
            ] == [ref.id]  # same major class 01
    assert intake.duplicate_suggestions(ctx, LON, LAT, "2401", "x", clock.at) == []


def test_create_case_validates_and_merge_into_links_the_duplicate(service, ctx):
    with pytest.raises(IntakeError) as err:
        intake.create_case(ctx, form(address=""), INTAKE)
    assert [p.code for p in err.value.problems] == ["address_missing"]
    parent = intake.create_case(ctx, form(minor_code="0102", title="", description="有垃圾"),
                                INTAKE)
    child = intake.create_case(ctx, form(reporter_name="李四", reporter_phone="13912345678"),
                               INTAKE)
    assert service.detail(parent.id).title == "暴露垃圾"  # from the category when untitled
    assert service.detail(child.id).reporter.phone == "139****5678"
    result = intake.merge_into(ctx, child.id, parent.id, INTAKE, "同一地点同一问题")
    assert result.to_state is State.MERGED
    assert [d.id for d in service.detail(parent.id).duplicates] == [child.id]
