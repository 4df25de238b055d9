"""Reports for the owner: charts rendered to PNG bytes, with no Telegram or pyplot here."""

from alignment.reporting.chart import HistoryPoint, ProfilePoint, render_chart

__all__ = ["HistoryPoint", "ProfilePoint", "render_chart"]
