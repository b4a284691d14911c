"""The KPI area (live operator picture, supervisors' assessment, reports): see `page.KpiPage`."""

from commandcenter.ui.kpi.page import KpiPage

__all__ = ["KpiPage"]
