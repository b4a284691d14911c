"""The path templates of generated cases: which actions, in which order, and how often.

Each template is a function applying `case_paths.Walker` actions to a group of cases; `TEMPLATES`
gives each its share of all cases and who may take it (see :class:`Template`). The first,
``normal``, takes whatever the others leave. Shares follow the district's usual figures: returns
about 5%, rework 4%, whistles 1-2%, extensions 2.5%, voided 5.5%, merged duplicates 3%, handled
on the spot 8% (grid workers), redo after a dissatisfied callback about 1%.

Paths ending in an open state on purpose (hung, stuck overdue, and the ``open_*`` queues) are
reported recently (`Template.recent_days`); the ``open_*`` queues take ``wait_days`` / span of
the cases, so each queue holds about that many days of intake whatever the case count.
"""

from __future__ import annotations

from dataclasses import dataclass

from commandcenter.demo.case_paths import Walker
from commandcenter.demo.case_steps import ON_TIME_REWORK


def _normal(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.report_done()
    w.check()
    w.close_and_visit()


def _return(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment(wrong_first=True)
    w.sign()
    w.report_done()
    w.check()
    w.close_and_visit()


def _return_overruled(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment(overruled=True)
    w.sign()
    w.report_done()
    w.check()
    w.close_and_visit()


def _whistle(k: int):
    def path(w: Walker) -> None:
        w.intake()
        w.register()
        w.whistle_segment(k)
        w.sign()
        w.report_done()
        w.check()
        w.close_and_visit()
        w.rate_check_ins()

    return path


def _rework(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.report_done()
    w.check(passed=False)
    w.report_done(ON_TIME_REWORK)
    w.check()
    w.close_and_visit()


def _extension(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.request_extension()
    w.report_done()
    w.check()
    w.close_and_visit()


def _hung_resumed(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.hang(resume=True)
    w.report_done(0.6)
    w.check()
    w.close_and_visit()


def _hung_open(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.hang(resume=False)


def _stuck(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()


def _void_accept(w: Walker) -> None:
    w.screen()
    w.invalidate()


def _void_verify(w: Walker) -> None:
    w.screen()
    w.send_to_verify()
    w.verify_false()


def _void_register(w: Walker) -> None:
    w.intake()
    w.refuse_register()


def _merged(w: Walker) -> None:
    w.screen()
    w.merge()


def _on_spot(w: Walker) -> None:
    w.screen()
    w.handle_on_spot()
    w.close()


def _redo(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.report_done()
    w.check()
    w.close()
    w.visit("redo")
    w.dispatch(w.lead.copy())
    w.sign()
    w.report_done()
    w.check()
    w.close()
    w.visit()


def _forced(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.force_close()


def _unreachable(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.report_done()
    w.check()
    w.close()
    w.visit("unreachable")


def _open_accept(w: Walker) -> None:
    w.screen()


def _open_verify(w: Walker) -> None:
    w.screen()
    w.send_to_verify()


def _open_register(w: Walker) -> None:
    w.intake()


def _open_dispatch(w: Walker) -> None:
    w.intake()
    w.register()


def _open_whistled(w: Walker) -> None:
    w.intake()
    w.register()
    w.whistle_segment(3, checked=1)


def _open_close(w: Walker) -> None:
    w.intake()
    w.register()
    w.dispatch_segment()
    w.sign()
    w.report_done()
    w.check()


@dataclass(frozen=True)
class Template:
    """A path and who may take it. ``weight`` is a share of all cases (before eligibility)."""

    name: str
    path: object
    weight: float
    channels: str = "all"  # all | callback | grid | not_grid | street_owned
    needs_unit: bool = True  # the path dispatches, so the case needs a target
    recent_days: tuple[float, float] | None = None  # open by design: reported this long ago
    duty_limit_only: bool = False  # only for handling limits in working time
    # Open by design in a waiting state: the share is wait_days / the demo's span in days, so
    # the queue holds about wait_days of the district's daily intake whatever the case count.
    wait_days: float = 0.0


TEMPLATES: tuple[Template, ...] = (
    Template("normal", _normal, 0.0),  # takes what the others leave
    Template("return", _return, 0.040),
    Template("return_overruled", _return_overruled, 0.010),
    Template("whistle2", _whistle(2), 0.012, channels="street_owned"),
    Template("whistle3", _whistle(3), 0.006, channels="street_owned"),
    Template("rework", _rework, 0.044),
    Template("extension", _extension, 0.025, duty_limit_only=True),
    Template("hung_resumed", _hung_resumed, 0.006, duty_limit_only=True),
    Template("hung_open", _hung_open, 0.0005, duty_limit_only=True, recent_days=(3, 120)),
    Template("stuck", _stuck, 0.0003, recent_days=(2, 30)),
    Template("void_accept", _void_accept, 0.030, needs_unit=False),
    Template("void_verify", _void_verify, 0.015, channels="not_grid", needs_unit=False),
    Template("void_register", _void_register, 0.010, needs_unit=False),
    Template("merged", _merged, 0.030, needs_unit=False),
    Template("on_spot", _on_spot, 0.080, channels="grid", needs_unit=False),
    Template("redo", _redo, 0.012, channels="callback"),
    Template("forced", _forced, 0.004),
    Template("unreachable", _unreachable, 0.010, channels="callback"),
    Template("open_accept", _open_accept, 0.0, recent_days=(0.001, 0.02), wait_days=0.015),
    Template(
        "open_verify",
        _open_verify,
        0.0,
        channels="not_grid",
        recent_days=(0.01, 0.25),
        wait_days=0.05,
    ),
    Template("open_register", _open_register, 0.0, recent_days=(0.01, 0.1), wait_days=0.03),
    Template("open_dispatch", _open_dispatch, 0.0, recent_days=(0.02, 0.15), wait_days=0.03),
    Template(
        "open_whistled",
        _open_whistled,
        0.0,
        channels="street_owned",
        recent_days=(0.03, 0.3),
        wait_days=0.006,
    ),
    Template(
        "open_close", _open_close, 0.0, duty_limit_only=True, recent_days=(0.5, 3), wait_days=0.03
    ),
)
TEMPLATE_INDEX = {t.name: i for i, t in enumerate(TEMPLATES)}
