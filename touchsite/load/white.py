"""White space as Python reads it (str.split, str.strip, re's \\s), for what runs elsewhere:
SQL's TRIM, and the patterns of Arrow (RE2), DuckDB and Spark (Java), whose \\s and TRIM read
ASCII's only. Exports made in Excel or Word hold no-break and thin spaces too
("10\\u00a0–\\u00a0Äußerst")."""

WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
WHITE_CHARACTERS = r"\t-\r\x1c-\x1f\x85\p{Z}"  # the same, inside a pattern's [...]
WHITE = rf"[{WHITE_CHARACTERS}]"
