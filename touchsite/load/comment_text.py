"""What of a comment column's answer is a comment: an answer that says there is none ("-",
"k. A.", "keine Anmerkungen", "n/a", "nothing") is no comment.

Survey tools make the free-text field compulsory, and customers fill it with whatever gets
them to the next page. Counted as comments, such answers would be quoted on the pages, thin
out every theme's share of comments and count as evidence. An answer without a letter ("-",
"?", "...", "👍", "0") is none either: it holds no word to read. A comment column answers an
open question ("Was können wir besser machen?", "Anything else?"), so a bare "nein" or "no"
says there is nothing to add, as "nichts" does.

The engines' query reads the same answers as none (engines/reduction.py), so both count the
same rows.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

# Answers that say there is no comment, as no_comment_key() writes them: lower case, one
# space between words, without the punctuation and symbols they start or end with
NO_COMMENT = frozenset(
    {
        # German
        "k.a", "k. a", "ka", "keine angabe", "keine angaben", "keine", "nichts", "nix",
        "nein", "nö", "ne", "nee", "keine anmerkung", "keine anmerkungen",
        "keine anmerkungen mehr", "keine weiteren anmerkungen", "kein kommentar",
        "keine kommentare", "nichts weiter", "sonst nichts", "nichts mehr",
        "nichts hinzuzufügen", "nichts zu sagen", "keine antwort", "keine meinung",
        "weiß nicht", "weiss nicht", "entfällt", "nicht zutreffend", "trifft nicht zu",
        # English
        "n/a", "n.a", "na", "none", "nothing", "no", "nope", "nil", "null", "no comment",
        "no comments", "nothing to add", "nothing else", "nothing more", "nothing further",
        "not applicable", "no answer", "don't know", "don’t know", "dont know", "idk",
    }
)  # fmt: skip
# Placeholders are short: longer answers are comments without a look at their words
LONGEST = max(map(len, NO_COMMENT))
# white space as Python reads it (engines/reduction.WHITE's characters)
WHITE = r"\t-\r\x1c-\x1f\x85\p{Z}"
# what a placeholder may start or end with: punctuation, symbols, white space
AROUND = rf"^[\p{{P}}\p{{S}}{WHITE}]+|[\p{{P}}\p{{S}}{WHITE}]+$"
LETTER = r"\p{L}"


def comments_only(texts: pa.Array) -> pa.Array:
    """`texts` (trimmed answers of a comment column) with each that is no comment made
    empty."""
    if not len(texts):
        return texts
    texts = pc.fill_null(texts, "")
    short = pc.less_equal(pc.utf8_length(texts), LONGEST + 8)
    if not pc.any(short).as_py():
        return texts
    key = no_comment_key(pc.if_else(short, texts, ""))
    none = pc.or_(
        pc.invert(pc.match_substring_regex(texts, LETTER)),
        pc.is_in(key, pa.array(sorted(NO_COMMENT), key.type)),
    )
    return pc.if_else(pc.and_(pc.not_equal(texts, ""), none), "", texts)


def no_comment_key(texts: pa.Array) -> pa.Array:
    """Each text as NO_COMMENT writes answers."""
    key = pc.replace_substring_regex(pc.utf8_lower(texts), AROUND, "")
    return pc.replace_substring_regex(key, f"[{WHITE}]+", " ")


def is_comment(text: str) -> bool:
    """Whether one answer is a comment (comments_only for a single text)."""
    return bool(comments_only(pa.array([text.strip()], pa.string()))[0].as_py())
