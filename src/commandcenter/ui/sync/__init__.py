"""The district sync panel (issue 6)."""

from .panel import SyncPanel

__all__ = ["SyncPanel"]
