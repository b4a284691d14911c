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
    # the single-instance guard needs QtNetwork; pyqtgraph needs QtSvg and QtOpenGL
    for needed in ("PySide6.QtNetwork", "PySide6.QtSvg", "PySide6.QtOpenGL"):
        assert needed not in kw["excludes"]
    assert kw["noarchive"] is True  # one copy of the byte code for the three programs
    names = {e["name"]: e["console"] for e in calls["EXE"]}
    assert names == {APP_NAME: False, f"{APP_NAME}-debug": True, f"{APP_NAME}-cli": True}
    assert calls["COLLECT"][0][1]["name"] == APP_NAME


def test_spec_trims_qt_files_the_workstation_never_loads(spec_run):
    keep = spec_run["ns"]["keep_file"]
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert keep("PySide6/Qt/translations/qt_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/plugins/platforms/libqeglfs.so")
    for needed in ("PySide6/Qt/plugins/platforms/libqxcb.so",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # the CI self-test
                   "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
                   "PySide6/Qt/plugins/imageformats/libqsvg.so",
                   "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                   "resources/translations/commandcenter_zh_CN.qm"):
        assert keep(needed), needed
    toc = [("PySide6/Qt/translations/qt_fr.qm", "/x", "DATA"), ("migrations", "/y", "DATA")]
    assert spec_run["ns"]["trimmed"](toc) == [toc[1]]


def test_licences_listed_in_about_are_shipped(spec_run):
    """build.spec reads the About dialog's list, so the bundle carries their metadata."""
    from commandcenter.ui.about_dialog import LICENSED_DISTRIBUTIONS

    assert spec_run["ns"]["package_constant"](
        "LICENSED_DISTRIBUTIONS", "ui/about_dialog.py") == LICENSED_DISTRIBUTIONS
