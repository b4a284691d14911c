"""Hand-built event logs for the indicator tests, written through the real lifecycle.

`LogBook` keeps the event rows and case rows of several cases, exactly as the store would hand
them to the services layer (tuples in `EVENT_COLUMNS` order, dicts for cases). A `Story` is one
case: each step names the command, the actor and the absolute time, so expected figures can be
worked out by hand. Handling limits are natural hours unless a test says otherwise, so a
dispatch at 10:00 with a 4-hour limit has its deadline at 14:00.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from commandcenter.analytics import build_case_frame, build_event_frame
from commandcenter.domain import commands as c
from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.case import Actor
from commandcenter.domain.lifecycle import Lifecycle
from commandcenter.domain.vocabulary import (
    CallbackResult,
    Channel,
    ReturnVerdict,
    Role,
    Stage,
    WhistleReason,
)

DISTRICT = "320104-ZX"
ST1, ST2 = "320104001", "320104002"
ST1_CENTRE = "320104001-ZX"
COM1, COM2 = "320104001001", "320104002001"
GRID1, GRID2, GRID3 = "G1", "G2", "G3"
UA, UB, UC = "QCG", "QJT", "QSW"  # district departments
ST1_TEAM = "320104001-CG"  # a street team of street 1

SYSTEM = Actor.system()
INTAKE = Actor("intake1", Role.INTAKE_OPERATOR, DISTRICT)
INTAKE2 = Actor("intake2", Role.INTAKE_OPERATOR, DISTRICT)
LEADER = Actor("leader1", Role.SHIFT_LEADER, DISTRICT)
DISPATCHER = Actor("disp1", Role.DISPATCHER, DISTRICT)
DISPATCHER2 = Actor("disp2", Role.DISPATCHER, DISTRICT)
CALLBACK = Actor("cb1", Role.CALLBACK_OPERATOR, DISTRICT)
GW1 = Actor("gw1", Role.GRID_WORKER, None)
GW2 = Actor("gw2", Role.GRID_WORKER, None)
H_A = Actor("ha", Role.HANDLING_UNIT, UA)
H_B = Actor("hb", Role.HANDLING_UNIT, UB)
H_C = Actor("hc", Role.HANDLING_UNIT, UC)
H_TEAM = Actor("ht", Role.HANDLING_UNIT, ST1_TEAM)

# Natural-time stage limits keep hand arithmetic simple (tests of the calendar path say so).
NATURAL_LIMITS = {
    Stage.ACCEPT: TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
    Stage.VERIFY: TimeLimit(2, TimeUnit.NATURAL_HOURS),
    Stage.REGISTER: TimeLimit(1, TimeUnit.NATURAL_HOURS),
    Stage.DISPATCH: TimeLimit(1, TimeUnit.NATURAL_HOURS),
    Stage.CHECK_IN: TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
    Stage.SIGN: TimeLimit(1, TimeUnit.NATURAL_HOURS),
    Stage.HANDLE: TimeLimit(4, TimeUnit.NATURAL_HOURS),
    Stage.CHECK: TimeLimit(2, TimeUnit.NATURAL_HOURS),
    Stage.CLOSE: TimeLimit(1, TimeUnit.NATURAL_HOURS),
    Stage.VISIT: TimeLimit(48, TimeUnit.NATURAL_HOURS),
}
FOUR_H = TimeLimit(4, TimeUnit.NATURAL_HOURS)


def t(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in May 2024 (1 May is a holiday, 6 May a Monday; natural limits ignore that)."""
    return datetime(2024, 5, day, hour, minute)


class Story:
    """One case told step by step at absolute times."""

    def __init__(self, book: LogBook, case_id: int, channel: Channel, at: datetime, reporter: Actor,
                 street: str, community: str, grid: str) -> None:
        self.book, self.id = book, case_id
        tr = book.lc.report(channel, DISTRICT, reporter, at)
        self.case = tr.case
        self.place = {"street_code": street, "community_code": community, "grid_code": grid}
        book.add(self, tr.events)

    def do(self, cmd: c.Command, actor: Actor, at: datetime) -> Story:
        tr = self.book.lc.apply(self.case, cmd, actor, at)
        self.case = tr.case
        self.book.add(self, tr.events)
        return self

    # common prefixes ------------------------------------------------------------
    def registered(self, at: datetime, *, minor: str = "0101", emergency: bool = False,
                   limit: TimeLimit = FOUR_H, leader: Actor = LEADER) -> Story:
        self.do(c.Screen(), SYSTEM, at)
        self.do(c.Accept(), INTAKE, at)
        return self.do(c.Register(minor_code=minor, condition_id="c1", handle_limit=limit, emergency=emergency),
                       leader, at)

    def dispatched(self, unit_actor: Actor, at: datetime, *, dispatcher: Actor = DISPATCHER) -> Story:
        return self.do(c.Dispatch(unit=unit_actor.unit_code), dispatcher, at)

    def handled(self, unit_actor: Actor, sign_at: datetime, done_at: datetime) -> Story:
        self.do(c.Sign(), unit_actor, sign_at)
        return self.do(c.ReportDone(), unit_actor, done_at)

    def closed(self, check_at: datetime, close_at: datetime, worker: Actor = GW1) -> Story:
        self.do(c.CheckPass(), worker, check_at)
        return self.do(c.Close(), LEADER, close_at)


class LogBook:
    def __init__(self, stage_limits=None) -> None:
        self.lc = Lifecycle(stage_limits=stage_limits or NATURAL_LIMITS)
        self.rows: list[tuple] = []
        self.stories: dict[int, Story] = {}

    def new(self, at: datetime, *, channel: Channel = Channel.GRID_WORKER, reporter: Actor = GW1,
            street: str = ST1, community: str = COM1, grid: str = GRID1) -> Story:
        story = Story(self, len(self.stories) + 1, channel, at, reporter, street, community, grid)
        self.stories[story.id] = story
        return story

    def add(self, story: Story, events) -> None:
        for e in events:
            self.rows.append((story.id, e.action, e.from_state.value if e.from_state else None, e.to_state.value,
                              e.actor_id, e.role.value, e.unit_code, e.at, e.reason, dict(e.payload)))

    def case_rows(self) -> list[dict]:
        out = []
        for s in self.stories.values():
            k = s.case
            out.append({"id": s.id, "channel": k.channel.value, **s.place, "minor_code": k.minor_code,
                        "state": k.state.value, "emergency": k.emergency, "lead_unit": k.lead_unit,
                        "reported_at": k.reported_at, "registered_at": k.registered_at,
                        "closed_at": k.closed_at, "forced": k.forced})
        return out

    def frames(self):
        return build_event_frame(self.rows), build_case_frame(self.case_rows())


# ====================================================================== shared scenarios
def unit_month(book: LogBook) -> LogBook:
    """Eleven cases around May 2024 for units UA, UB, UC (see test_units.py for the answers)."""
    # 1: on time everywhere
    book.new(t(6, 9)).registered(t(6, 9)).dispatched(H_A, t(6, 10)).handled(H_A, t(6, 10, 30), t(6, 13)).closed(t(6, 13, 30), t(6, 14, 30))
    # 2: signed late, done late (deadline 14:00)
    book.new(t(6, 9)).registered(t(6, 9)).dispatched(H_A, t(6, 10)).handled(H_A, t(6, 11, 30), t(6, 15)).closed(t(6, 15, 30), t(6, 16))
    # 3: hung while in progress
    s = book.new(t(7, 9)).registered(t(7, 9)).dispatched(H_A, t(7, 10))
    s.do(c.Sign(), H_A, t(7, 10, 10)).do(c.Hang(reason="awaiting court ruling"), LEADER, t(7, 11))
    # 4: UB returns (upheld), UA handles; rework moves the deadline by the 30 min waiting for the check
    s = book.new(t(7, 9)).registered(t(7, 9)).dispatched(H_B, t(7, 10))
    s.do(c.Return(reason="not ours"), H_B, t(7, 10, 20)).do(c.JudgeReturn(verdict=ReturnVerdict.UPHELD), DISPATCHER, t(7, 10, 30))
    s.dispatched(H_A, t(7, 10, 40)).handled(H_A, t(7, 10, 50), t(7, 12))
    s.do(c.CheckFail(reason="still dirty"), GW1, t(7, 12, 30)).do(c.ReportDone(), H_A, t(7, 14))
    s.closed(t(7, 14, 30), t(7, 15))
    # 5: UB returns (overruled), gets it back, finishes late (deadline 14:40)
    s = book.new(t(8, 9)).registered(t(8, 9)).dispatched(H_B, t(8, 10))
    s.do(c.Return(reason="not ours"), H_B, t(8, 10, 20)).do(c.JudgeReturn(verdict=ReturnVerdict.OVERRULED), DISPATCHER, t(8, 10, 30))
    s.dispatched(H_B, t(8, 10, 40)).handled(H_B, t(8, 10, 45), t(8, 16)).closed(t(8, 16, 30), t(8, 17))
    # 6: extension approved (deadline 14:00 -> 16:30), never done: due, not closed
    s = book.new(t(8, 9)).registered(t(8, 9)).dispatched(H_A, t(8, 10)).do(c.Sign(), H_A, t(8, 10, 20))
    s.do(c.RequestExtension(reason="parts", extra=TimeLimit(2, TimeUnit.NATURAL_HOURS)), H_A, t(8, 11))
    s.do(c.ApproveExtension(), LEADER, t(8, 11, 30))
    # 7: emergency, on time
    book.new(t(9, 9)).registered(t(9, 9), emergency=True).dispatched(H_A, t(9, 10)).handled(H_A, t(9, 10, 5), t(9, 11)).closed(t(9, 11, 30), t(9, 12))
    # 8: registered in April, done in May (late): counts as handled in May, not in May's cohort
    book.new(t(6, 9).replace(month=4, day=30)).registered(t(30, 9).replace(month=4)).dispatched(H_A, t(30, 10).replace(month=4)).handled(
        H_A, t(30, 10, 30).replace(month=4), t(2, 10)).closed(t(2, 11), t(2, 12))
    # 9: whistle: UA checks in on time, UC late; street rates UA 5, UC 2
    s = book.new(t(10, 9)).registered(t(10, 9))
    s.do(c.WhistleCall(reason="road collapse", whistle_reason=WhistleReason.EMERGENCY, departments=(UA, UC), lead_unit=UA), DISPATCHER, t(10, 10))
    s.do(c.CheckIn(), H_A, t(10, 10, 20)).do(c.CheckIn(), H_C, t(10, 10, 45))
    s.do(c.RateCheckIn(unit=UA, rating=5), DISPATCHER, t(10, 10, 50)).do(c.RateCheckIn(unit=UC, rating=2), DISPATCHER, t(10, 10, 50))
    s.handled(H_A, t(10, 11), t(10, 12)).closed(t(10, 12, 30), t(10, 13))
    # 10: hotline: unreachable, then satisfied
    s = book.new(t(13, 9), channel=Channel.HOTLINE_12345).registered(t(13, 9)).dispatched(H_A, t(13, 10))
    s.handled(H_A, t(13, 10, 10), t(13, 12)).closed(t(13, 12, 30), t(13, 13))
    s.do(c.Callback(result=CallbackResult.UNREACHABLE), CALLBACK, t(13, 13, 30))
    s.do(c.Callback(result=CallbackResult.SATISFIED), CALLBACK, t(13, 14))
    # 11: hotline: dissatisfied through the unit's fault -> redo; then basically satisfied
    s = book.new(t(14, 9), channel=Channel.HOTLINE_12345).registered(t(14, 9)).dispatched(H_A, t(14, 10))
    s.handled(H_A, t(14, 10, 10), t(14, 12)).closed(t(14, 12, 30), t(14, 13))
    s.do(c.Callback(result=CallbackResult.DISSATISFIED, unit_fault=True, reason="still broken"), CALLBACK, t(14, 14))
    s.dispatched(H_A, t(14, 14, 30)).handled(H_A, t(14, 14, 40), t(14, 17)).closed(t(14, 17, 30), t(14, 18))
    s.do(c.Callback(result=CallbackResult.BASICALLY_SATISFIED), CALLBACK, t(14, 19))
    return book


def area_month(book: LogBook) -> LogBook:
    """Ten cases in two streets, May 2024 (see test_areas.py for the answers)."""
    g1 = {"street": ST1, "community": COM1, "grid": GRID1}
    g2 = {"street": ST1, "community": COM1, "grid": GRID2}
    g3 = {"street": ST2, "community": COM2, "grid": GRID3}
    # A1: G1, found by patrol, handled by the street's own team on time
    s = book.new(t(6, 9), **g1).registered(t(6, 9))
    s.do(c.Dispatch(unit=ST1_TEAM), DISPATCHER, t(6, 10)).handled(H_TEAM, t(6, 10, 10), t(6, 12)).closed(t(6, 12, 30), t(6, 13))
    # A2: G1, 12345 hotline, same minor class as A1 the same day (a repeat), handled late by UA
    s = book.new(t(6, 9), channel=Channel.HOTLINE_12345, reporter=INTAKE, **g1).registered(t(6, 9))
    s.dispatched(H_A, t(6, 10)).handled(H_A, t(6, 10, 10), t(6, 15)).closed(t(6, 15, 30), t(6, 16))
    s.do(c.Callback(result=CallbackResult.SATISFIED), CALLBACK, t(6, 17))
    # A3: G2, hung
    s = book.new(t(7, 9), **g2).registered(t(7, 9)).dispatched(H_A, t(7, 10)).do(c.Sign(), H_A, t(7, 10, 10))
    s.do(c.Hang(reason="waiting for the owner"), LEADER, t(7, 11))
    # A4: G2, service window, class 0202, whistled (UA leads, UB summoned), on time
    s = book.new(t(7, 9), channel=Channel.SERVICE_WINDOW, reporter=INTAKE, **g2).registered(t(7, 9), minor="0202")
    s.do(c.WhistleCall(reason="needs enforcement", whistle_reason=WhistleReason.LACKS_ENFORCEMENT,
                       departments=(UA, UB), lead_unit=UA), DISPATCHER, t(7, 10))
    s.do(c.CheckIn(), H_A, t(7, 10, 10)).do(c.CheckIn(), H_B, t(7, 10, 20))
    s.handled(H_A, t(7, 10, 30), t(7, 12)).closed(t(7, 12, 30), t(7, 13))
    s.do(c.Callback(result=CallbackResult.SATISFIED), CALLBACK, t(7, 14))
    # A5: G1, handled on the spot by the grid worker
    s = book.new(t(8, 9), **g1).do(c.Screen(), SYSTEM, t(8, 9)).do(c.HandleOnSpot(), GW1, t(8, 9, 10))
    s.do(c.Close(), LEADER, t(8, 9, 30))
    # A6: G1, invalid report
    book.new(t(8, 9), **g1).do(c.Screen(), SYSTEM, t(8, 9)).do(c.Invalidate(reason="not a problem"), INTAKE, t(8, 9, 5))
    # A7: G3 in street 2, dispatched to UB, never done (due)
    book.new(t(9, 9), reporter=GW2, **g3).registered(t(9, 9)).dispatched(H_B, t(9, 10))
    # A8: G3, a duplicate of A7, merged
    book.new(t(9, 9, 30), reporter=GW2, **g3).do(c.Merge(parent_id=7), SYSTEM, t(9, 9, 30))
    # A9: G3, reported late on 31 May, not yet accepted
    book.new(t(31, 23), reporter=GW2, **g3).do(c.Screen(), SYSTEM, t(31, 23))
    # A10: G1, April, same class as A1 16 days before it
    s = book.new(datetime(2024, 4, 20, 9), **g1).registered(datetime(2024, 4, 20, 9))
    s.dispatched(H_A, datetime(2024, 4, 20, 10)).handled(H_A, datetime(2024, 4, 20, 10, 10), datetime(2024, 4, 20, 12))
    s.closed(datetime(2024, 4, 20, 12, 30), datetime(2024, 4, 20, 13))
    return book


UNIT_STREET = {ST1_TEAM: ST1, ST1_CENTRE: ST1}
GRID_WORKERS = {GRID1: "gw1", GRID2: "gw1", GRID3: "gw2"}


def people_month(book: LogBook) -> LogBook:
    """Seven cases exercising every operator stage (see test_people.py for the answers)."""
    g1 = {"street": ST1, "community": COM1, "grid": GRID1}
    g2 = {"street": ST1, "community": COM1, "grid": GRID2}
    g3 = {"street": ST2, "community": COM2, "grid": GRID3}
    # P1: every stage on time
    s = book.new(t(6, 9), **g1).do(c.Screen(), SYSTEM, t(6, 9)).do(c.Accept(), INTAKE, t(6, 9, 10))
    s.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_H), LEADER, t(6, 9, 40))
    s.dispatched(H_A, t(6, 10)).handled(H_A, t(6, 10, 10), t(6, 12)).closed(t(6, 12, 30), t(6, 13))
    # P2: verified late, registered late, reworked (first check late), closed late
    s = book.new(t(6, 10), **g1).do(c.Screen(), SYSTEM, t(6, 10))
    s.do(c.SendToVerify(grid_worker="gw1"), INTAKE, t(6, 10, 20)).do(c.VerifyTrue(), GW1, t(6, 13))
    s.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_H), LEADER, t(6, 15))
    s.dispatched(H_A, t(6, 15, 10), dispatcher=DISPATCHER2).handled(H_A, t(6, 15, 20), t(6, 16))
    s.do(c.CheckFail(reason="not done"), GW1, t(6, 19)).do(c.ReportDone(), H_A, t(6, 20))
    s.closed(t(6, 20, 30), t(6, 22))
    # P3: invalidated an hour after screening
    book.new(t(7, 9), reporter=GW2, **g3).do(c.Screen(), SYSTEM, t(7, 9)).do(c.Invalidate(reason="duplicate photo"), INTAKE2, t(7, 10))
    # P4: 12345 case, returned by UB (upheld), re-dispatched to UA
    s = book.new(t(7, 9), channel=Channel.HOTLINE_12345, reporter=INTAKE, **g1).do(c.Screen(), SYSTEM, t(7, 9))
    s.do(c.Accept(), INTAKE, t(7, 9, 5)).do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_H), LEADER, t(7, 9, 30))
    s.dispatched(H_B, t(7, 9, 40)).do(c.Return(reason="not ours"), H_B, t(7, 9, 50))
    s.do(c.JudgeReturn(verdict=ReturnVerdict.UPHELD), DISPATCHER, t(7, 10)).dispatched(H_A, t(7, 10, 30))
    s.handled(H_A, t(7, 10, 40), t(7, 12)).closed(t(7, 12, 10), t(7, 12, 30))
    # P5: sent to verify, never verified
    book.new(t(8, 9), **g2).do(c.Screen(), SYSTEM, t(8, 9)).do(c.SendToVerify(grid_worker="gw1"), INTAKE, t(8, 9, 10))
    # P6: street 2, done, never checked
    s = book.new(t(8, 9), reporter=GW2, **g3).do(c.Screen(), SYSTEM, t(8, 9)).do(c.Accept(), INTAKE2, t(8, 9, 20))
    s.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_H), LEADER, t(8, 9, 50))
    s.dispatched(H_B, t(8, 10)).handled(H_B, t(8, 10, 10), t(8, 11))
    # P7: registered then force-closed (a wrong registration)
    s = book.new(t(9, 9), **g1).do(c.Screen(), SYSTEM, t(9, 9)).do(c.Accept(), INTAKE, t(9, 9, 10))
    s.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_H), LEADER, t(9, 9, 30))
    s.dispatched(H_A, t(9, 9, 40)).do(c.ForceClose(reason="wrongly registered"), LEADER, t(9, 10))
    return book


@pytest.fixture
def book() -> LogBook:
    return LogBook()


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above for test modules (which cannot import conftest): actors, codes, t()."""
    return SimpleNamespace(**{k: v for k, v in globals().items() if not k.startswith("_")})
