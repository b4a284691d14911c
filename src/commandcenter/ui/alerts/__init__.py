"""The early-warning (预警监测) panel: open alerts, the about-to-go-red queue, acknowledgement."""

from commandcenter.ui.alerts.alerts_panel import AlertsPanel

__all__ = ["AlertsPanel"]
