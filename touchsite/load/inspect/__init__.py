"""Look at an export before mapping it: its format, its columns, and a mapping to start from.

The mapping is a guess made to be edited, but one that builds: score columns are matched to
the project's touchpoints by the words of their question, answer labels get numbers from the
scales survey tools use, and whatever cannot be matched is written as a comment.
"""

from touchsite.load.inspect.profiles import ColumnProfile, Inspection, inspect_file
from touchsite.load.inspect.snippet import mapped_format, mapping_snippet, proposed_layout

__all__ = [
    "ColumnProfile",
    "Inspection",
    "inspect_file",
    "mapped_format",
    "mapping_snippet",
    "proposed_layout",
]
