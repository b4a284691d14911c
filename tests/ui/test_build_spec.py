"""build.spec is valid Python and, run with stand-ins for PyInstaller's classes, bundles what the
frozen application reads: migrations/, every resources/ folder, compiled translations, and the
dynamically imported modules. (Building for real takes minutes: `make bundle`.)"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"


def test_spec_is_valid_python_naming_data_folders():
    source = SPEC.read_text(encoding="utf-8")
    ast.parse(source, filename=str(SPEC))
    assert '"migrations"' in source and '"resources"' in source


@pytest.fixture
def spec_run(tmp_path: Path, qm_dir: Path) -> dict:
    """Execute the spec in a mirror of the checkout (symlinks) that holds a compiled .qm."""
    root = tmp_path / "checkout"
    (root / "resources" / "translations").mkdir(parents=True)
    for name in ("src", "migrations"):
        (root / name).symlink_to(ROOT / name)
    for folder in (ROOT / "resources").iterdir():
        if folder.is_dir() and folder.name != "translations":
            (root / "resources" / folder.name).symlink_to(folder)
    shutil.copy(qm_dir / "commandcenter_zh_CN.qm", root / "resources" / "translations")
    calls: dict[str, list] = {"Analysis": [], "EXE": [], "COLLECT": []}

    def analysis(scripts, **kw):
        calls["Analysis"].append((scripts, kw))
        return SimpleNamespace(pure=[], scripts=[], binaries=[], datas=kw["datas"])

    def exe(*args, **kw):
        calls["EXE"].append(kw)
        return kw["name"]

    def collect(*args, **kw):
        calls["COLLECT"].append((args, kw))

    namespace = {"SPECPATH": str(root), "Analysis": analysis, "PYZ": lambda pure: "pyz",
                 "EXE": exe, "COLLECT": collect, "__name__": "__main__"}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return {"root": root, "calls": calls, "ns": namespace}


def test_spec_bundles_data_and_hidden_imports(spec_run):
    from commandcenter import APP_NAME, __version__

    root, calls = spec_run["root"], spec_run["calls"]
    assert spec_run["ns"]["APP_NAME"] == APP_NAME and spec_run["ns"]["VERSION"] == __version__
    scripts = [Path(a[0][0]).name for a in calls["Analysis"]]
    assert scripts == ["__main__.py", "cli.py"]
    _, kw = calls["Analysis"][0]
    dests = {dest for _, dest in kw["datas"]}
    assert "migrations" in dests
    for folder in (ROOT / "resources").iterdir():
        if folder.is_dir() and folder.name != "translations":
            assert f"resources/{folder.name}" in dests, folder.name
    sources = {Path(src).resolve() for src, _ in kw["datas"]}
    assert (root / "migrations").resolve() in sources
    assert any(Path(src).suffix == ".qm" for src, _ in kw["datas"])
    assert not any(Path(src).suffix == ".ts" for src, _ in kw["datas"])
    for module in ("alembic.runtime.migration", "sqlalchemy.dialects.sqlite",
                   "sqlalchemy.dialects.postgresql.psycopg", "logging.config"):
        assert module in kw["hiddenimports"]
    assert "PySide6.QtQml" in kw["excludes"] and "PySide6.QtWidgets" not in kw["excludes"]
    names = {e["name"]: e["console"] for e in calls["EXE"]}
    assert names == {APP_NAME: False, f"{APP_NAME}-debug": True, f"{APP_NAME}-cli": True}
    assert calls["COLLECT"][0][1]["name"] == APP_NAME
