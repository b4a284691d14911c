"""Guards against Qt-binding regressions that crash the application rather than fail a feature.

PySide6 6.12.0's `SignalInstance.emit()` returns True without taking a reference, so every
Python-side emit (the DB worker's deliveries, every pyqtgraph range change) drops one reference
to `True`; on Python 3.11, where True is not immortal, the process aborts with
"bool_dealloc: deallocating True or False" after a few hundred emits. 6.11.3 is not affected.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    sig_value = Signal(object)


def test_signal_emit_keeps_reference_counts(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.sig_value.connect(received.append)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(50):
        emitter.sig_value.emit(None)
    lost_true = before_true - sys.getrefcount(True)
    lost_none = before_none - sys.getrefcount(None)
    assert len(received) == 50
    # A few references may come and go elsewhere; a leak loses one per emit.
    assert lost_true < 25 and lost_none < 25, (
        f"PySide6 {pyside_version}: {lost_true} references to True lost over 50 emits; this "
        "binding aborts the process after a few hundred signal emits (pin PySide6 6.11.3)")
