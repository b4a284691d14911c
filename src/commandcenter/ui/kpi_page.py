"""The KPI area's page for the shell; the implementation lives in `commandcenter.ui.kpi`."""

from commandcenter.ui.kpi.page import KpiPage

__all__ = ["KpiPage"]
