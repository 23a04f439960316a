"""Turn a file's records into touchsite's long table, as its data entry's mapping says.

Whatever the export's layout, the result is one row per answer with the long table's columns
(response_id, touchpoint, date, nps, csat, ces, comment, segment, variant) as text: dates as
YYYY-MM-DD, answer labels as their numbers. Each row keeps its record's index and its slot (the
touchpoint mapping it came from), so a problem found later names the file's line and column.
The checks themselves come later and are the same for every format.
"""

from touchsite.load.mapping.columns import LONG_COLUMNS, normal
from touchsite.load.mapping.long_table import LongChunk, to_long
from touchsite.load.mapping.resolve import Plan, plan

__all__ = ["LONG_COLUMNS", "LongChunk", "Plan", "normal", "plan", "to_long"]
