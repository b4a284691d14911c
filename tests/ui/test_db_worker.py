"""The serial DB worker: order, GUI-thread delivery, progress, cancellation, errors, shutdown."""

from __future__ import annotations

import threading
import time

import pytest

from commandcenter.ui.db_worker import Cancelled, DbWorker, live_workers


@pytest.fixture
def worker(qapp):
    w = DbWorker()
    yield w
    w.shutdown()


def test_results_arrive_on_the_gui_thread_in_submission_order(qtbot, worker):
    ran_on: list[str] = []
    delivered: list[tuple[int, str]] = []

    def job(n: int) -> int:
        ran_on.append(threading.current_thread().name)
        time.sleep(0.01)
        return n

    for n in range(5):
        worker.submit(job, n, on_result=lambda r: delivered.append(
            (r, threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(delivered) == 5, timeout=5000)
    assert [r for r, _ in delivered] == [0, 1, 2, 3, 4]
    assert {name for _, name in delivered} == {threading.main_thread().name}
    assert threading.main_thread().name not in ran_on  # the work itself ran off the GUI thread
    assert len(set(ran_on)) == 1  # one serial thread


def test_only_one_task_runs_at_a_time(qtbot, worker):
    running = 0
    peak = 0
    lock = threading.Lock()
    done: list[int] = []

    def job() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1

    for _ in range(6):
        worker.submit(job, on_result=lambda _: done.append(1))
    qtbot.waitUntil(lambda: len(done) == 6, timeout=5000)
    assert peak == 1


def test_errors_go_to_on_error_and_the_worker_keeps_going(qtbot, worker):
    errors: list[BaseException] = []
    results: list[int] = []

    def boom() -> None:
        raise KeyError("missing")

    worker.submit(boom, on_error=errors.append, on_result=results.append)
    worker.submit(lambda: 7, on_result=results.append)
    qtbot.waitUntil(lambda: results == [7], timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], KeyError)


def test_progress_is_reported_and_cancel_stops_the_task(qtbot, worker):
    seen: list[tuple[int, int, str]] = []
    results: list[object] = []
    started = threading.Event()
    release = threading.Event()

    def long_job(progress) -> str:
        progress(0, 3, "start")
        started.set()
        release.wait(5)
        progress(1, 3, "middle")  # raises Cancelled once the task was cancelled
        return "finished"

    task = worker.submit(long_job, with_progress=True, on_progress=lambda *a: seen.append(a),
                         on_result=results.append)
    assert started.wait(5)
    qtbot.waitUntil(lambda: seen == [(0, 3, "start")], timeout=5000)
    task.cancel()
    release.set()
    worker.wait_idle(5000)
    qtbot.wait(50)
    assert results == [] and seen == [(0, 3, "start")]
    assert worker.pending_count == 0


def test_progress_function_raises_cancelled_after_cancel(worker):
    task = worker.submit(lambda: None)
    progress = worker._progress_fn(task)
    task.cancel()
    with pytest.raises(Cancelled):
        progress(1, 2, "x")
    worker.wait_idle(5000)


def test_shutdown_drops_queued_tasks_and_refuses_new_ones(qtbot, qapp):
    w = DbWorker()
    gate = threading.Event()
    ran: list[int] = []
    delivered: list[int] = []
    w.submit(lambda: gate.wait(0.3), on_result=lambda _: delivered.append(0))  # holds the thread
    for n in range(1, 4):
        w.submit(ran.append, n, on_result=lambda _: delivered.append(1))
    assert w.shutdown(5000)
    qtbot.wait(50)
    assert w not in live_workers()
    assert delivered == []  # nothing is delivered after shutdown
    assert ran == []  # the queued tasks were dropped, not run
    with pytest.raises(RuntimeError):
        w.submit(lambda: None)


def test_busy_signal_brackets_the_work(qtbot, worker):
    states: list[bool] = []
    worker.sig_busy_changed.connect(states.append)
    done: list[int] = []
    worker.submit(lambda: 1, on_result=done.append)
    worker.submit(lambda: 2, on_result=done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert states == [True, False]
