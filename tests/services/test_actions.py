"""services.actions: available actions, register preview, routing advice, bulk, category search."""

from __future__ import annotations

from datetime import datetime

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import AreaClass, State
from commandcenter.services import actions
from commandcenter.services.dto import NewCase, ReporterInfo
from commandcenter.services.errors import TransitionError

from .conftest import DEPT, DISPATCHER, GRID, HANDLER, INTAKE, LEADER, STREET

GARBAGE = {"minor_code": "0102", "condition_id": "01"}  # 暴露垃圾: A 4 working hours


def new_case(service, title="暴露垃圾堆放", **kw):
    fields = {"channel": "hotline_12345", "title": title, "address": "夫子庙贡院街",
              "grid_code": GRID, "reporter": ReporterInfo("张三", "13812341234")}
    return service.report(NewCase(**{**fields, **kw}), INTAKE)


def registered(service):
    ref = new_case(service)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", GARBAGE, LEADER)
    return ref


def test_available_actions_follow_state_role_and_context(service, ctx):
    ref = new_case(service)
    assert set(actions.available_actions(ctx, ref.id, INTAKE)) >= {
        "accept", "send_to_verify", "invalidate", "handle_on_spot", "merge"}
    assert "screen" not in actions.available_actions(ctx, ref.id, INTAKE)
    assert actions.available_actions(ctx, ref.id, HANDLER) == []
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", GARBAGE, LEADER)
    mine = actions.available_actions(ctx, ref.id, DISPATCHER)
    assert {"dispatch", "whistle"} <= set(mine)
    # no return waits for a ruling, and a district case cannot be handed further up
    assert "judge_return" not in mine and "return" not in mine
    service.transition(ref.id, "dispatch", {"unit": DEPT}, DISPATCHER)
    service.transition(ref.id, "return", {"reason": "不属于本单位职责"}, HANDLER)
    assert "judge_return" in actions.available_actions(ctx, ref.id, DISPATCHER)
    service.transition(ref.id, "dispatch", {"unit": DEPT}, DISPATCHER)
    service.transition(ref.id, "sign", {}, HANDLER)
    handler = actions.available_actions(ctx, ref.id, HANDLER)
    assert "report_done" in handler and "request_extension" in handler
    assert "approve_extension" not in actions.available_actions(ctx, ref.id, LEADER)
    service.transition(ref.id, "request_extension", {"extra": "1 working_days", "reason": "材料"},
                       HANDLER)
    assert "report_done" not in actions.available_actions(ctx, ref.id, HANDLER)
    assert "approve_extension" in actions.available_actions(ctx, ref.id, LEADER)


def test_register_preview_gives_limit_and_deadline_before_confirming(service, ctx, clock):
    ref = new_case(service)
    at = datetime(2024, 3, 4, 16, 0)  # Monday 16:00: 4 working hours run into Tuesday
    p = actions.register_preview(ctx, ref.id, "0102", "01", None, at)
    assert p.area_class is AreaClass.A  # from the case's grid
    assert p.limit == TimeLimit(4, TimeUnit.WORKING_HOURS) and p.limit_text == "4个工作时"
    assert p.deadline == ctx.calendar.add(at, p.limit) and p.deadline.date() == datetime(
        2024, 3, 5).date()
    assert p.minor_name == "暴露垃圾" and p.legal_basis
    c = actions.register_preview(ctx, ref.id, "0102", "01", "C", at)
    assert c.limit == TimeLimit(8, TimeUnit.WORKING_HOURS) and c.deadline > p.deadline
    try:
        actions.register_preview(ctx, ref.id, "0102", "99", None, at)
    except TransitionError as exc:
        assert exc.code == "bad_input"
    else:
        raise AssertionError("an unknown filing condition must be refused")


def test_routing_suggestion_names_rule_unit_and_legal_basis(service, ctx):
    ref = new_case(service)
    assert actions.routing_suggestion(ctx, ref.id, ctx.now()) is None  # not registered yet
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", GARBAGE, LEADER)
    advice = actions.routing_suggestion(ctx, ref.id, ctx.now())
    # R0102 wants a sanitation team this street lacks; R01 (市容环境) sends it to the urban team
    assert advice.unit_code == f"{STREET}-CGB" and advice.unit_name == "城管办"
    assert advice.rule_id == "R01" and not advice.is_fallback
    assert "R0102" in advice.reason_text and "依据权责清单规则 R01" in advice.reason_text
    assert "法律依据" in advice.reason_text and advice.legal_basis in advice.reason_text
    units = [u.code for u in actions.dispatch_candidates(ctx, ref.id)]
    assert units[0].startswith(STREET) and DEPT in units
    assert [u.code for u in actions.whistle_candidates(ctx)] == [DEPT]


def test_bulk_transition_reports_each_case_one_refusal_one_conflict(service, ctx):
    ok1, refused, stale, ok2 = (registered(service) for _ in range(4))
    service.transition(refused.id, "dispatch", {"unit": DEPT}, DISPATCHER)  # no longer pending
    versions = {ok1.id: 3, refused.id: 4, stale.id: 3, ok2.id: 3}
    service.transition(stale.id, "supervise", {"level": 1}, LEADER)  # someone else, meanwhile
    results = actions.bulk_transition(ctx, [ok1.id, refused.id, stale.id, ok2.id], "dispatch",
                                      {"unit": DEPT}, DISPATCHER, versions)
    assert [r.case_id for r in results] == [ok1.id, refused.id, stale.id, ok2.id]
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[0].to_state is State.DISPATCHED and results[0].version == 4
    assert results[1].error == "wrong_state" and results[1].code == refused.code
    assert results[2].error == "conflict" and results[2].changes[0][:2] == ("supervise", "u-leader")
    assert service.detail(stale.id).state is State.PENDING_DISPATCH  # nothing written
    assert service.detail(ok2.id).lead_unit == DEPT


def test_category_search_by_pinyin_initials_chinese_and_code(ctx):
    assert [h.code for h in actions.category_search(ctx, "bllj")][0] == "0102"
    assert actions.category_search(ctx, "BLLJ")[0].name == "暴露垃圾"
    assert "0102" in [h.code for h in actions.category_search(ctx, "垃圾")]
    assert actions.category_search(ctx, "0101")[0].name == "违法建设"
    assert actions.category_search(ctx, "weifa")[0].name.startswith("违法")
    assert actions.category_search(ctx, "贡院街暴露垃圾无人清理")[0].code == "0102"
    assert actions.category_search(ctx, "  ") == []
    assert actions.category_search(ctx, "zzzzqqq") == []


def test_acting_people_lists_centre_roles_first(service, ctx):
    people = actions.acting_people(ctx)
    assert people[0].code == "u-dispatch" and people[0].actor().unit_code == "QZX"
    assert [p.code for p in people] == ["u-dispatch", "u-grid"]
