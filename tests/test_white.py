"""White space as Python reads it, in the patterns and SQL that run elsewhere."""

from __future__ import annotations

import sys
import unicodedata

import duckdb

from touchsite.load.white import WHITE, WHITE_SPACE


def test_the_querys_white_space_is_pythons():
    """WHITE_SPACE (SQL's TRIM) and WHITE (the patterns) are the characters Python's
    str.split, \\s and Arrow's trim take for white space, no more: DuckDB's patterns match
    them, and no other control or separator character."""
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert "".join(spaces) == WHITE_SPACE
    near = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zs", "Zl", "Zp")
    ]
    with duckdb.connect() as connection:
        matched = connection.execute(
            f"SELECT c FROM (SELECT UNNEST(?) AS c) WHERE regexp_full_match(c, '{WHITE}')",
            [near],
        ).fetchall()
    assert sorted(c for (c,) in matched) == sorted(spaces)
