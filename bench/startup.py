"""Start-to-usable-window time at district scale, from source and from the bundle.

Two moments, both printed by `commandcenter --measure-startup`, seconds counted from the
process's own start (/proc: its start tick against /proc/uptime), so interpreter start and
imports count:
- `window <seconds> rss_mb=<MB>`: the main window is on screen and usable (menus: settings,
  language, help, about, quit; the status bar; a panel saying what the start is doing with a
  busy bar) while the store opens and loads behind it (issue 9: "the main window is usable
  quickly ... data loaded off the UI thread with visible progress");
- `usable <seconds> rss_mb=<MB>`: the case board has painted its first page of cases in that
  window (the open cases' lane; the closed ones may still be loading behind it). (Until 2026-11-28 both programs took the boot time from
/proc/stat's whole-second ``btime``, which added the same 0-1 s to both figures of a boot, 0.19 s
on the bench machine then: earlier ratios are too kind by that much.)

Floor (same run, same machine): a bare PySide6 program that shows an empty QMainWindow and
reports once it has painted, measured the same way. Figures: `startup_window_<program>` and
`startup_first_page_<program>` against it (program = source, bundle), `cpu_to_window_*` and
`cpu_to_first_page_*` against the floor's CPU, `rss_after_start_*` at the first page, and
`startup_longest_stall_*`: the longest the window's event loop did not come round between the
two moments (how long a click on the shell could have waited; no floor). Each program runs offscreen in its own
process with a throwaway COMMANDCENTER_HOME on a COPY of the demo store (never written to the
shared one), and is killed once it reported (a 1M board keeps loading closed cases behind the
first page). Prints one JSON object per line: {"name","value","unit","n"} plus "floor" and
"ratio" for the start-up times. Never asserts.

Other programs running on the machine stretch wall-clock times a lot (the two threads of the
application wait for a core): each run also gives the machine's load average and the CPU time
each program had used when it reported (`cpu_to_usable_*`, Linux), which moves far less.

    .venv/bin/python bench/startup.py --cases 1000000 [--bundle dist/commandcenter] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "bench" / ".stores"

FLOOR_PROGRAM = r"""
import os, sys, time
def started():  # as commandcenter.app.process_started_at
    with open(f"/proc/{os.getpid()}/stat") as f:
        ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 800)
w.show()
def done():
    w.repaint()
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    print(f"usable {time.time() - started():.2f} rss_mb={rss:.0f}", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def emit(name: str, value: float, unit: str, n: int, floor: float | None = None) -> None:
    row = {"name": name, "value": round(value, 3), "unit": unit, "n": n}
    if floor:
        row.update(floor=round(floor, 3), ratio=round(value / floor, 2))
    print(json.dumps(row), flush=True)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far (Linux /proc), else None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure(cmd: list[str], env: dict[str, str], timeout_s: float
            ) -> dict[str, tuple[float, float, float | None]]:
    """Run `cmd` until it prints its `usable` line; returns {"window"?, "usable"} ->
    (seconds, rss MB, CPU seconds used by then)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=tempfile.gettempdir())
    # Killed at the deadline even when it prints nothing: reading its output blocks until then.
    watchdog = threading.Timer(timeout_s, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        seen: dict[str, tuple[float, float, float | None]] = {}
        for line in proc.stdout:
            parts = line.split()
            if parts[:1] == ["stall"]:
                seen["stall"] = (float(parts[1]), 0.0, None)
            if len(parts) == 3 and parts[0] in ("window", "usable"):
                cpu = cpu_seconds(proc.pid)
                seen[parts[0]] = (float(parts[1]), float(parts[2].split("=", 1)[1]), cpu)
                if parts[0] == "usable":
                    return seen
        raise RuntimeError(f"{cmd[0]} did not report a usable window (exit {proc.poll()})")
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()


def store_copy(cases: int, workdir: Path, source: Path | None = None) -> Path:
    source = source or STORES / f"demo-{cases}.sqlite3"
    target = workdir / source.name
    if not source.exists():
        raise SystemExit(f"no demo store {source}: build it with bench/demo.py --cases {cases}")
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "commandcenter")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "cc-bench")
    parser.add_argument("--store", type=Path, help="a demo store (default bench/.stores/demo-N)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = store_copy(args.cases, args.workdir, args.store)
    url = f"sqlite:///{db.resolve().as_posix()}"
    home = Path(tempfile.mkdtemp(prefix="cc-bench-home-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COMMANDCENTER_HOME=str(home))
    env.pop("COMMANDCENTER_DB", None)
    app_args = ["--db", url, "--no-demo", "--measure-startup"]
    programs = {"source": [sys.executable, "-m", "commandcenter", *app_args]}
    frozen = args.bundle / "commandcenter-debug"
    if frozen.exists():
        programs["bundle"] = [str(frozen), *app_args]
    else:
        print(f"# no bundle at {args.bundle}: build it with `make bundle`", file=sys.stderr)
    # An installed program runs from compiled bytecode (pip compiles it on install, the bundle
    # ships it); a machine with PYTHONDONTWRITEBYTECODE set (this one) would otherwise compile
    # every module of ours from source at each start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    # Bring the copy to the newest schema first: a pending migration is not start-up time.
    subprocess.run([sys.executable, "-m", "commandcenter.cli", "--db", url, "migrate"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    try:
        for _ in range(args.runs):
            if hasattr(os, "getloadavg"):
                emit("load_average_1min", os.getloadavg()[0], f"tasks/{os.cpu_count()} cpus",
                     args.cases)
            floor, floor_rss, floor_cpu = measure([sys.executable, "-c", FLOOR_PROGRAM], env,
                                                  120)["usable"]
            emit("startup_floor_empty_window", floor, "s", args.cases)
            emit("rss_floor_empty_window", floor_rss, "MB", args.cases)
            if floor_cpu is not None:
                emit("cpu_to_usable_floor", floor_cpu, "s", args.cases)
            for label, cmd in programs.items():
                seen = measure(cmd, env, args.timeout)
                for moment, name in (("window", "window"), ("usable", "first_page")):
                    if moment not in seen:
                        continue
                    seconds, rss, cpu = seen[moment]
                    emit(f"startup_{name}_{label}", seconds, "s", args.cases, floor)
                    if cpu is not None:
                        emit(f"cpu_to_{name}_{label}", cpu, "s", args.cases, floor_cpu)
                emit(f"rss_after_start_{label}", seen["usable"][1], "MB", args.cases)
                if "stall" in seen:
                    emit(f"startup_longest_stall_{label}", seen["stall"][0], "s", args.cases)
        if frozen.exists():
            size = sum(p.lstat().st_size for p in args.bundle.rglob("*")
                       if p.is_file() and not p.is_symlink())
            emit("bundle_size", size / 1e6, "MB", args.cases)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
