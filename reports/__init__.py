"""Static HTML reports: pure-data report model, plotly chart builders and the HTML renderer."""

from reports.model import Card, Chart, IndexEntry, Report, Section, Table

__all__ = ["Card", "Chart", "IndexEntry", "Report", "Section", "Table"]
