"""Run-time language switching with Qt's translation system.

Contracts
- Source strings in the code are English; `resources/translations/<catalogue>_<lang>.ts` hold
  the translations (one catalogue per area: `commandcenter` for the shell, `board`, `map`, `kpi`,
  ...) and `make translations` compiles them to `.qm` beside them (pyside6-lrelease). Every
  catalogue found for a language is installed.
- `Translations.install(lang)` removes the translators it installed before, then installs Qt's
  own `qtbase_<lang>.qm` (standard dialog buttons, context menus) and ours. Qt then sends every
  widget a `QEvent.LanguageChange`; our widgets answer it by calling their `retranslate_ui()`.
- A source checkout without compiled `.qm` files still shows Chinese: when the shipped `.qm` is
  missing, `qm_file` compiles the `.ts` once into a cache folder if pyside6-lrelease is present.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from commandcenter.resources import resource_path

log = logging.getLogger(__name__)

CATALOGUE = "commandcenter"
SOURCE_LANGUAGE = "en"
# Endonyms: a language is offered in its own name, so a user who cannot read the current
# language still finds theirs (the usual convention; these are deliberately not translated).
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def translations_dir() -> Path:
    return resource_path("translations")


def _lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    return shutil.which("pyside6-lrelease")


def catalogue_names(lang: str, qm_dir: Path | None = None) -> list[str]:
    """Catalogues available for `lang` (from the .ts sources and any compiled .qm), shell first."""
    found = set()
    for folder in {translations_dir(), qm_dir or translations_dir()}:
        for path in folder.glob(f"*_{lang}.[tq][sm]"):
            found.add(path.stem[: -len(lang) - 1])
    return sorted(found, key=lambda n: (n != CATALOGUE, n))


def qm_file(lang: str, qm_dir: Path | None = None, cache_dir: Path | None = None,
            catalogue: str = CATALOGUE) -> Path | None:
    """The compiled catalogue for `lang`, or None (source language, or nothing available)."""
    if lang == SOURCE_LANGUAGE:
        return None
    name = f"{catalogue}_{lang}"
    shipped = (qm_dir or translations_dir()) / f"{name}.qm"
    if shipped.exists():
        return shipped
    ts = translations_dir() / f"{name}.ts"
    tool = _lrelease()
    if cache_dir is None or not ts.exists() or tool is None:
        log.warning("no compiled translation %s; run `make translations`", shipped)
        return None
    cached = cache_dir / f"{name}.qm"
    if not cached.exists() or cached.stat().st_mtime < ts.stat().st_mtime:
        cache_dir.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([tool, "-silent", str(ts), "-qm", str(cached)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not cached.exists():
            log.warning("pyside6-lrelease failed on %s: %s", ts, done.stderr.strip())
            return None
    return cached


class Translations:
    """Owns the translators installed on the application; one instance per QApplication."""

    def __init__(self, qm_dir: Path | None = None, cache_dir: Path | None = None) -> None:
        self._qm_dir = qm_dir
        self._cache_dir = cache_dir
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def install(self, lang: str) -> bool:
        """Switch the whole application to `lang`; False if our catalogue could not be loaded
        (the UI then shows the English source strings)."""
        if lang not in LANGUAGE_NAMES:
            raise ValueError(f"unsupported language {lang!r}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        self.language = lang
        QLocale.setDefault(QLocale(lang))
        if lang == SOURCE_LANGUAGE:
            return True
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        self._load(f"qtbase_{lang}", qt_dir)
        loaded = True
        for catalogue in catalogue_names(lang, self._qm_dir) or [CATALOGUE]:
            ours = qm_file(lang, self._qm_dir, self._cache_dir, catalogue)
            loaded = ours is not None and self._load(ours.stem, str(ours.parent)) and loaded
        return loaded

    def _load(self, name: str, directory: str) -> bool:
        translator = QTranslator(QCoreApplication.instance())
        if not translator.load(name, directory):
            log.info("translation %s not found in %s", name, directory)
            return False
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
        return True
