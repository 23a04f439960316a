"""Journeys in and out: Mermaid `journey` blocks and CSV, and new projects started from them.

Export turns an analysed journey into a Mermaid user journey (for READMEs and wikis: lossy,
for people) or a CSV with one row per step (for spreadsheets: lossless, its columns are
`CSV_COLUMNS`). Import reads a Mermaid journey, a simple CSV of steps or an exported CSV into an
`ImportedJourney`, reporting every mistake with its line, and `write_project` turns that into a
project that builds; an exported CSV read back and exported again gives the same bytes.

One module per idea: `mermaid` and `table` (CSV) read and write the two formats,
`project` reads a file into a new project, and `model` holds what they share: the
imported journey, readable ids, and the mapping between scores and emotions.
"""

from touchsite.interop.mermaid import fenced, mermaid_journey, parse_mermaid
from touchsite.interop.model import ImportedJourney, emotion_to_score, score_to_emotion, slug
from touchsite.interop.project import read_import, write_project
from touchsite.interop.table import CSV_COLUMNS, journey_csv, journeys_csv, parse_steps_csv

__all__ = [
    "CSV_COLUMNS",
    "ImportedJourney",
    "emotion_to_score",
    "fenced",
    "journey_csv",
    "journeys_csv",
    "mermaid_journey",
    "parse_mermaid",
    "parse_steps_csv",
    "read_import",
    "score_to_emotion",
    "slug",
    "write_project",
]
