"""The shared vocabulary of the domain: states, channels, roles, actions and area classes.

Every enum value is the stable string stored in the database and in exports; labels for the UI
live in the ui layer's translations, never here.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Lifecycle states of a case (DOMAIN.md §3)."""

    REPORTED = "reported"  # 已上报
    PENDING_ACCEPT = "pending_accept"  # 待受理
    VERIFYING = "verifying"  # 核实中
    PENDING_REGISTER = "pending_register"  # 待立案
    PENDING_DISPATCH = "pending_dispatch"  # 待派遣
    WHISTLED = "whistled"  # 吹哨中
    DISPATCHED = "dispatched"  # 待签收
    IN_PROGRESS = "in_progress"  # 处置中
    PENDING_CHECK = "pending_check"  # 待核查
    PENDING_CLOSE = "pending_close"  # 待结案
    PENDING_VISIT = "pending_visit"  # 待回访
    CLOSED = "closed"  # 已结案
    HUNG = "hung"  # 挂账/缓办
    VOID = "void"  # 作废
    MERGED = "merged"  # 已合并

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES

    @property
    def is_open(self) -> bool:
        return self not in TERMINAL_STATES


TERMINAL_STATES = frozenset({State.CLOSED, State.VOID, State.MERGED})
OPEN_STATES = frozenset(s for s in State if s not in TERMINAL_STATES)


class Channel(StrEnum):
    """Where a case came from."""

    GRID_WORKER = "grid_worker"  # 网格员上报
    HOTLINE_12345 = "hotline_12345"  # 12345 热线
    SERVICE_WINDOW = "service_window"  # 便民服务窗口
    DEPARTMENT_TRANSFER = "department_transfer"  # 部门转办
    SENSOR = "sensor"  # 感知/视频告警
    LEADER_INSTRUCTION = "leader_instruction"  # 领导交办
    DISTRICT_SYNC = "district_sync"  # 区平台同步

    @property
    def needs_callback(self) -> bool:
        """Public-facing channels get a callback visit before closing (回访)."""
        return self in (Channel.HOTLINE_12345, Channel.SERVICE_WINDOW)


class Role(StrEnum):
    """Roles of people acting on cases. A user may hold several; an action is taken in one."""

    SYSTEM = "system"
    INTAKE_OPERATOR = "intake_operator"  # 受理员
    SHIFT_LEADER = "shift_leader"  # 值班长
    DISPATCHER = "dispatcher"  # 派遣员
    HANDLING_UNIT = "handling_unit"  # 处置单位
    GRID_WORKER = "grid_worker"  # 网格员
    CALLBACK_OPERATOR = "callback_operator"  # 回访员
    SUPERVISOR = "supervisor"  # 督查考核
    ADMIN = "admin"  # 管理员
    VIEWER = "viewer"  # 只读


class AreaClass(StrEnum):
    """Area classes of the filing/closing standard: core areas (A) have the strictest limits."""

    A = "A"
    B = "B"
    C = "C"


class GridLayer(StrEnum):
    COMPREHENSIVE = "comprehensive"  # 综合网格
    DEDICATED = "dedicated"  # 专属/专业网格


class UnitKind(StrEnum):
    DISTRICT_CENTRE = "district_centre"  # 区指挥中心
    STREET_CENTRE = "street_centre"  # 街道指挥中心
    STREET_TEAM = "street_team"  # 街道科室/队伍
    ENFORCEMENT_TEAM = "enforcement_team"  # 街道综合执法队
    COMMUNITY = "community"  # 社区
    DEPARTMENT = "department"  # 区级职能部门
    ENTERPRISE = "enterprise"  # 公共事业单位 (water, power, gas, telecom)

    @property
    def is_centre(self) -> bool:
        return self in (UnitKind.DISTRICT_CENTRE, UnitKind.STREET_CENTRE)


class Level(StrEnum):
    """Command level that owns the current dispatch of a case (三级指挥)."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


class WhistleReason(StrEnum):
    PRESSING_PROBLEM = "pressing_problem"  # 群众急难愁盼、街道无力解决
    LACKS_ENFORCEMENT = "lacks_enforcement"  # 街道缺乏执法权
    EMERGENCY = "emergency"  # 突发事件


class CallbackResult(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    UNREACHABLE = "unreachable"


class ReturnVerdict(StrEnum):
    """The centre's ruling on a unit's return. Upheld returns do not count against the unit."""

    UPHELD = "upheld"
    OVERRULED = "overruled"


class Stage(StrEnum):
    """Per-stage clocks (DOMAIN.md §4). The handling clock starts at dispatch."""

    ACCEPT = "accept"
    VERIFY = "verify"
    REGISTER = "register"
    DISPATCH = "dispatch"
    CHECK_IN = "check_in"
    SIGN = "sign"
    HANDLE = "handle"
    CHECK = "check"
    CLOSE = "close"
    VISIT = "visit"


# Which stage clock runs in each state; HANDLE runs through DISPATCHED (unsigned) and IN_PROGRESS.
STAGE_OF_STATE: dict[State, Stage] = {
    State.PENDING_ACCEPT: Stage.ACCEPT,
    State.VERIFYING: Stage.VERIFY,
    State.PENDING_REGISTER: Stage.REGISTER,
    State.PENDING_DISPATCH: Stage.DISPATCH,
    State.WHISTLED: Stage.CHECK_IN,
    State.DISPATCHED: Stage.SIGN,
    State.IN_PROGRESS: Stage.HANDLE,
    State.PENDING_CHECK: Stage.CHECK,
    State.PENDING_CLOSE: Stage.CLOSE,
    State.PENDING_VISIT: Stage.VISIT,
}
