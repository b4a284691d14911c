"""The Chinese catalogue is complete, in step with the sources, compiles and translates."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from commandcenter.domain.commands import ALL_COMMANDS
from commandcenter.domain.vocabulary import Channel, Role, State
from commandcenter.ui import labels
from commandcenter.ui.i18n import LANGUAGE_NAMES, Translations, qm_file

from .conftest import TS_FILE

UI_SOURCES = Path(labels.__file__).parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    out = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


TS_FILES = sorted(TS_FILE.parent.glob("*_zh_CN.ts"))


def _all_messages() -> dict[tuple[str, str], ET.Element]:
    out: dict[tuple[str, str], ET.Element] = {}
    for ts in TS_FILES:
        out.update(_messages(ts))
    return out


def test_every_entry_is_translated():
    messages = _all_messages()
    assert len(messages) > 100 and TS_FILE in TS_FILES
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        if translation is None:
            problems.append(f"{context}: {source!r} has no translation element")
        elif translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
        elif not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} has an empty translation")
    assert not problems, "\n".join(problems)


def test_catalogue_covers_every_string_in_the_ui_sources(tmp_path):
    """lupdate over ui/ must find nothing the committed catalogue lacks (run it to update)."""
    fresh = tmp_path / "fresh.ts"
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(tool), "-silent", "-extensions", "py", str(UI_SOURCES), "-ts", str(fresh)],
                   check=True)
    missing = set(_messages(fresh)) - set(_all_messages())
    assert not missing, f"run pyside6-lupdate and translate: {sorted(missing)}"


def test_placeholders_survive_translation():
    for (context, source), message in _all_messages().items():
        text = message.findtext("translation") or ""
        for token in ("{total}", "{open}", "{days}", "{where}", "{role}", "{unit}", "{error}",
                      "{stage}"):
            assert (token in source) == (token in text), f"{context}: {source!r} -> {text!r}"


@pytest.mark.parametrize(("table", "values"), [
    (labels.STATE_LABELS, list(State)),
    (labels.CHANNEL_LABELS, list(Channel)),
    (labels.ROLE_LABELS, list(Role)),
    (labels.ACTION_LABELS, [*ALL_COMMANDS, "report"]),
])
def test_every_vocabulary_value_has_a_label(table, values):
    assert sorted(map(str, values)) == sorted(map(str, table))


def test_compiled_catalogue_translates_to_chinese(qapp, qm_dir):
    t = Translations(qm_dir=qm_dir)
    try:
        assert t.install("zh_CN")
        assert labels.state_label(State.PENDING_ACCEPT) == "待受理"
        assert labels.state_label("pending_register") == "待立案"
        assert labels.action_label("whistle") == "吹哨"
        assert labels.action_label("sign") == "签收"
        assert labels.role_label(Role.DISPATCHER) == "派遣员"
        assert labels.channel_label(Channel.HOTLINE_12345) == "12345热线"
        assert QCoreApplication.translate("MainWindow", "Command and Dispatch Centre") == "指挥调度一中心"
        # Qt's own catalogue is installed too (standard buttons in Chinese)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        t.install("en")
    assert labels.state_label(State.PENDING_ACCEPT) == "Pending acceptance"


def test_unknown_values_show_raw():
    assert labels.state_label("from_the_future") == "from_the_future"


def test_missing_qm_is_compiled_into_the_cache(tmp_path):
    empty = tmp_path / "no-qm-here"
    empty.mkdir()
    built = qm_file("zh_CN", qm_dir=empty, cache_dir=tmp_path / "cache")
    assert built is not None and built.parent == tmp_path / "cache" and built.stat().st_size > 0
    assert qm_file("zh_CN", qm_dir=empty, cache_dir=None) is None
    assert qm_file("en") is None  # the source language needs no catalogue


def test_language_names_are_endonyms():
    assert LANGUAGE_NAMES == {"zh_CN": "中文", "en": "English"}
