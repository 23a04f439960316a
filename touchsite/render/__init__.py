"""Render stage: the report's models as HTML pages and chart figures."""
