"""Chart figures as plain plotly JSON (data + layout), one function per chart kind.

Figures are built as dicts rather than through plotly's figure objects: ids come from page
and chart names (so output is reproducible), and one shared script draws them all. The
modules are named for what they draw: KPIs (trend, distribution, comparison), emotion
curves, priorities (impact/effort, key drivers) and business figures; `figure` holds the
Chart and Table types, the shared layout and the colours.
"""
