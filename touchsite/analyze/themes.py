"""Comment themes: terms that set one side's comments (critical or positive) apart.

The data stage counts the terms of every comment (touchsite.terms: stemmed words, two-word
phrases, negated terms) per touchpoint x period x polarity; a theme is found from these
counts, so it rests on every comment, not on the published sample.

The unit is the comment: a term's share is the share of comments that use it. What is tested,
for one side's comments at one touchpoint, by the two-proportion z-test (pooled, with Yates'
continuity correction): whether they use the term more often than the other side's comments
here (the stakeholder's question: what do this touchpoint's unhappy customers say that its
happy ones do not), or than all comments of the other touchpoints ("said here more than
elsewhere"). The second contrast finds the complaints of a touchpoint where nearly everyone
complains; it counts only for a term the other side here does not use more than the other
touchpoints do, so a word that merely names the touchpoint ("Lieferung" at the delivery) is
no theme. Neither contrast asks how common the term is elsewhere beyond that share, so a
complaint only one touchpoint has is found however many touchpoints a project has, and a word
all comments use alike (the company's name, "Service") differs in neither.

A term is a theme of its side where either z >= 1.96 (one-sided 2.5 % each, so the pair is
somewhat less strict than one test; nor is there a correction for the many terms tested: a
theme is where to read, its share and interval are the finding). Checked against Fisher's
exact test (one-sided 2.5 %) on a grid of 671,354 tables (6 to 60 comments of the side, 1 to
200 of the other), the z-test decides the same for 99.3 % of them; it is the stricter for
3,106 and the laxer for 1,760, whose Fisher's p is at most 0.055 (0.042 where the other side
has more than three comments). Themes are ranked by how much larger a share of the side's
comments than of the other side's use them, not by z, which against the rest grows with the
other touchpoints' comments. Terms that share a word and mostly the same comments are one
theme. Everything is deterministic.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.analyze import batch
from touchsite.terms import (
    COMMENTS,
    POLARITIES,
    Language,
    comment_terms,
    expand,
    in_capitals,
    language_of,
    written_forms,
)

SIDES = ("negative", "positive")
SIGNIFICANT_Z = 1.96
# Two terms sharing a word are one theme when at least this share of the rarer one's
# comments (on the theme's side) can be the other's too.
OVERLAP = 0.5
CANDIDATES = 40  # per touchpoint and side, ranked, before merging


@dataclass(frozen=True)
class Theme:
    """A term over-represented on one side, with how many comments of each side use it.

    `count` of the side's `comments` here use the term (`low`..`high`: the Wilson 95 %
    interval of that share); `other_count` of the other side's `other_comments`; `elsewhere`
    is the share of all other touchpoints' comments that use it. `z` is the larger of the two
    contrasts that count; `examples` are the shortest published comments of the side that
    use it or a merged term.
    """

    term: str
    key: str
    z: float
    count: int
    comments: int
    other_count: int
    other_comments: int
    elsewhere: float
    low: float
    high: float
    members: tuple[str, ...] = ()  # the keys of the terms merged into this one
    variants: tuple[str, ...] = ()  # ... and their written forms
    examples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.count / self.comments if self.comments else 0.0


def share_z(y_i, n_i, y_j, n_j):
    """z of the two-proportion test that y_i of n_i and y_j of n_j use a term equally often:
    pooled, with Yates' continuity correction (toward 0, never past it); NaN where a side has
    no comments or the pooled share is 0 or 1. Element-wise over numpy arrays."""
    n_i, n_j = np.asarray(n_i, np.float64), np.asarray(n_j, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = y_i / n_i - y_j / n_j
        pooled = (y_i + y_j) / (n_i + n_j)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_i + 1 / n_j))
        corrected = np.maximum(np.abs(difference) - (1 / n_i + 1 / n_j) / 2, 0)
        z = np.sign(difference) * corrected / se
    return np.where((n_i > 0) & (n_j > 0) & (se > 0), z, np.nan)


def scored_terms(counts: pd.DataFrame, min_count: int = 0) -> pd.DataFrame:
    """Every touchpoint x term with both contrasts for both sides.

    `counts`: columns touchpoint, polarity, term, n (periods summed or not). Returns one row
    per touchpoint x term with the counts per polarity ("" = comments), the share elsewhere,
    and z_negative / z_positive (NaN where no contrast counts). A touchpoint's term that
    fewer than `min_count` comments of either side use has no row: it can be no theme (most
    terms are rare, so their rows are most of the memory). A row's scores rest on its own
    counts and the comment counts only, so they are the same whatever `min_count`.
    """
    # a row without a touchpoint, term or polarity counts nowhere (a reduced file's unknown
    # polarity is read as missing)
    counts = counts.dropna(subset=["touchpoint", "term", "polarity"])
    touchpoint, touchpoints = _sorted_codes(counts["touchpoint"])
    term, names = _sorted_codes(counts["term"])
    polarity, polarities = _sorted_codes(counts["polarity"])
    column = np.array([POLARITIES.index(p) for p in polarities] or [0])[polarity]
    width = max(len(names), 1)
    pair, row = _numbered(touchpoint * width + term, len(touchpoints) * width)
    summed = np.bincount(
        row * 3 + column, weights=counts["n"].to_numpy(np.float64), minlength=3 * len(pair)
    ).reshape(-1, 3)
    touchpoint, term = np.divmod(pair, width)
    # COMMENTS, "", sorts before every other term: where it is there, it is term 0 (compared
    # as numbers, not as the names: at the benchmark's 477,000 pairs, 18 ms against 0.5)
    is_count = term == (0 if len(names) and names[0] == COMMENTS else -1)
    # A touchpoint's comments by polarity; NaN where it has no count of them.
    comments = np.full((len(touchpoints), 3), np.nan)
    comments[touchpoint[is_count]] = summed[is_count]
    counted = ~np.isnan(comments[:, 0])
    touchpoint, term, summed = touchpoint[~is_count], term[~is_count], summed[~is_count]
    del pair, row
    everything = summed.sum(axis=1)
    everywhere = np.bincount(term, everything, len(names))
    if min_count > 0:
        sides = [POLARITIES.index(side) for side in SIDES]
        kept = (summed[:, sides] >= min_count).any(axis=1)
        touchpoint, term, summed, everything = (
            touchpoint[kept],
            term[kept],
            summed[kept],
            everything[kept],
        )
    terms = pd.DataFrame(
        {
            "touchpoint": pd.Categorical.from_codes(touchpoint, touchpoints),
            "term": pd.Categorical.from_codes(term, names),
            **{p: summed[:, i] for i, p in enumerate(POLARITIES)},
            "all": everything,
        }
    )
    all_comments = comments.sum(axis=1)
    elsewhere = everywhere[term] - everything
    elsewhere_comments = all_comments[counted].sum() - all_comments[touchpoint]
    terms["elsewhere"] = np.where(
        elsewhere_comments > 0, elsewhere / np.maximum(elsewhere_comments, 1), 0.0
    )
    comments = pd.DataFrame(comments, columns=POLARITIES)
    for side in SIDES:
        terms[f"{side}_comments"] = comments[side].to_numpy()[touchpoint]
    for side, other in (SIDES, SIDES[::-1]):
        n_side = terms[f"{side}_comments"].to_numpy()
        n_other = terms[f"{other}_comments"].to_numpy()
        here = share_z(terms[side].to_numpy(), n_side, terms[other].to_numpy(), n_other)
        versus_rest = share_z(terms[side].to_numpy(), n_side, elsewhere, elsewhere_comments)
        # The other side here uses the term no more than the rest do: it is not just the
        # touchpoint's subject.
        other_share = terms[other].to_numpy() / np.maximum(n_other, 1)
        specific = (other_share <= terms["elsewhere"].to_numpy()) & (elsewhere_comments > 0)
        terms[f"z_{side}"] = np.fmax(here, np.where(specific, versus_rest, np.nan))
    return terms


# Distinct values below this many are numbered through a table as long, not by sorting.
DENSE_UP_TO = 1 << 23


def _numbered(values: np.ndarray, below: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (from 0, less than `below`), sorted, and each value's number
    among them: what np.unique(values, return_inverse=True) returns."""
    if below > max(DENSE_UP_TO, 4 * len(values)):
        return np.unique(values, return_inverse=True)
    present = np.zeros(below, dtype=bool)
    present[values] = True
    distinct = np.flatnonzero(present)
    number = np.empty(below, dtype=np.int32 if below < 2**31 else np.int64)
    number[distinct] = np.arange(len(distinct))
    return distinct, number[values].astype(np.int64)


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's number among the distinct values sorted, and those values."""
    categorical = values.astype("category").cat
    names = np.asarray(categorical.categories, dtype=object)
    order = np.argsort(names, kind="stable")
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(len(order))
    return number[categorical.codes.to_numpy()], names[order]


def touchpoint_themes(
    scored: pd.DataFrame,
    forms: Mapping[str, str],
    side: str,
    min_count: int = 2,
    min_z: float = SIGNIFICANT_Z,
) -> dict[str, list[Theme]]:
    """The candidate themes of `side` per touchpoint, from `scored_terms`: terms that at
    least `min_count` comments of the side use, with z >= min_z, ranked by their lift (the
    share of the side's comments that use them less the share of the other side's), then by
    z, a phrase before a word, then by the term, at most CANDIDATES; `merged_themes` makes
    the themes of them.

    The lift, not z, ranks: z against the other touchpoints grows with their comments, and
    would put a term said in a few comments here and nowhere else before one most say. Where
    that contrast counts, the other side here uses the term no more than the rest, so the
    lift here is the larger of the two contrasts' differences."""
    if side not in SIDES:
        raise ValueError(f"side must be 'negative' or 'positive', not {side!r}")
    other = SIDES[1 - SIDES.index(side)]
    z = f"z_{side}"
    found = scored[(scored[side] >= min_count) & (scored[z] >= min_z)]
    other_share = (found[other] / found[f"{other}_comments"]).where(found[f"{other}_comments"] > 0)
    lift = found[side] / found[f"{side}_comments"] - other_share.fillna(0.0)
    # On equal lift and z a phrase first: it says more than its words.
    found = found.assign(lift=lift, words=found["term"].str.count(" ")).sort_values(
        ["touchpoint", "lift", z, "words", "term"], ascending=[True, False, False, False, True]
    )
    found = found.groupby("touchpoint", sort=False).head(CANDIDATES)
    result: dict[str, list[Theme]] = {}
    # Every row's Wilson interval at once, each the figures kpis.wilson gives one (a row has
    # comments on both sides: z needs them).
    used = found[side].to_numpy()
    low, high = batch.wilson(used, np.maximum(found[f"{side}_comments"].to_numpy(), used))
    columns = zip(
        found["touchpoint"].tolist(),
        found["term"].tolist(),
        found[z].tolist(),
        found[side].tolist(),
        found[f"{side}_comments"].tolist(),
        found[other].tolist(),
        found[f"{other}_comments"].tolist(),
        found["elsewhere"].tolist(),
        low.tolist(),
        high.tolist(),
        strict=True,
    )
    for tp, term, z_value, count, total, other_count, other_total, elsewhere, low, high in columns:
        result.setdefault(tp, []).append(
            Theme(
                term=forms.get(term, term),
                key=term,
                z=z_value,
                count=int(count),
                comments=int(total),
                other_count=int(other_count),
                other_comments=int(other_total),
                elsewhere=elsewhere,
                low=low,
                high=high,
            )
        )
    return result


def _merged(ranked: list[Theme], quotes: Mapping[str, dict[int, int]]) -> list[list[Theme]]:
    """Themes in rank order, grouped: a theme joins the first group whose leading theme it
    overlaps (not any member: chains would tie unrelated sentences together)."""
    groups: list[list[Theme]] = []
    for theme in ranked:
        for group in groups:
            if _overlap(theme, group[0], quotes):
                group.append(theme)
                break
        else:
            groups.append([theme])
    return groups


def _overlap(a: Theme, b: Theme, quotes: Mapping[str, dict[int, int]]) -> bool:
    """Whether two terms mostly stand in the same comments: a word and a phrase holding it
    where the phrase has at least OVERLAP of the word's comments (counted in every comment),
    or two terms of which OVERLAP of either one's published quotes hold the other too (one
    sentence read as several terms)."""
    words_a, words_b = set(a.key.split(" ")), set(b.key.split(" "))
    if (words_a <= words_b or words_b <= words_a) and min(a.count, b.count) >= OVERLAP * max(
        a.count, b.count
    ):
        return True
    in_a, in_b = quotes.get(a.key, {}), quotes.get(b.key, {})
    both = sum(in_a[text] for text in in_a.keys() & in_b.keys())
    return both > 0 and both >= OVERLAP * max(sum(in_a.values()), sum(in_b.values()))


def merged_themes(
    candidates: Mapping[tuple[str, str], list[Theme]],
    quotes: Iterable[tuple[str, str, str]],
    language: Language,
    k: int = 6,
    limit: int = 3,
) -> dict[tuple[str, str], list[Theme]]:
    """The top k themes per touchpoint and side from ranked `candidates`, terms that stand
    in the same comments merged into the higher-ranked one (shown as the longest phrase
    holding its words that as many comments use), each with up to `limit` of the shortest
    quotes of its touchpoint and side that use it (those in capitals only where no other is
    left, ties alphabetically; those using the leading term, whose comments the figures
    count, where it has any, else those using a merged term), a quote under one theme only
    where the theme has others (_quote_order).

    `quotes` are the published comments as (touchpoint, side, text), read in `language`
    (touchsite.terms.language_of), as the data stage read every comment.
    """
    texts, by_key = _quotes_by_key(candidates, quotes, language)
    result = {}
    for (tp, side), ranked in candidates.items():
        found = by_key.get((tp, side), {})
        taken: set[int] = set()
        chosen = []
        for group in _merged(ranked, found)[:k]:
            leader = group[0]
            # Named by the longest phrase holding the leader's words that its comments all
            # say: the figures are the leader's, and a name says what they count.
            shown = max(
                (
                    t
                    for t in group
                    if set(leader.key.split(" ")) <= set(t.key.split(" "))
                    and t.count == leader.count
                ),
                key=lambda t: len(t.key.split(" ")),
            )
            own = sorted(found.get(leader.key, {}).keys())
            merged = set().union(*(found.get(t.key, {}).keys() for t in group[1:]))
            picked = _worded_apart(
                _quote_order(own, sorted(merged.difference(own)), taken), texts, limit
            )
            taken.update(picked)
            chosen.append(
                dataclasses.replace(
                    leader,
                    term=shown.term,
                    members=tuple(t.key for t in group[1:]),
                    variants=tuple(t.term for t in group if t is not shown),
                    examples=tuple(texts[i] for i in picked),
                )
            )
        result[tp, side] = chosen
    return result


def _quote_order(own: list[int], merged: list[int], taken: set[int]) -> list[int]:
    """A theme's quotes in the order they are picked: those using its leading term, whose
    comments its figures count, first, one no other theme shows before one another shows;
    then those using a merged term only, which say nothing of what the theme is named by
    ("First time: too long" under "slot"), one no other theme shows first, and only where
    the theme has no quote of its own term left (else they would fill its place)."""
    if own:
        return [n for n in own if n not in taken] + [n for n in own if n in taken]
    return [n for n in merged if n not in taken] + [n for n in merged if n in taken]


def _worded_apart(numbers: list[int], texts: list[str], limit: int) -> list[int]:
    """Up to `limit` of the quotes `numbers` (in their order), each worded otherwise than
    those before it: customers write the same short sentence again and again ("Lieferung
    kam zu spät!", "Lieferung kam zu spät."), and three copies of it say less than one."""
    picked, seen = [], set()
    for number in numbers:
        wording = " ".join(re.findall(r"\w+", texts[number].casefold()))
        if wording not in seen:
            seen.add(wording)
            picked.append(number)
            if len(picked) == limit:
                break
    return picked


def _quotes_by_key(candidates, quotes, language) -> tuple[list[str], dict]:
    """The quotes of the touchpoints and sides with candidates, stripped, those in capitals
    last, each part shortest first (then alphabetically), and (touchpoint, side) -> term key
    -> the numbers of those quotes that use the term, each with how many comments of the
    touchpoint and side read so."""
    groups = {group: number for number, group in enumerate(candidates) if candidates[group]}
    quotes = list(quotes)
    # Only the quotes of a touchpoint and side with candidates are read (never a neutral one).
    owned = map(groups.get, map(itemgetter(0, 1), quotes), repeat(-1))
    owners = np.fromiter(owned, np.int64, len(quotes))
    kept = owners >= 0
    if not kept.any():
        return [], {}
    owners = owners[kept]
    texts = pa.array(list(map(itemgetter(2), quotes)), pa.string())
    stripped = pc.utf8_trim_whitespace(texts.filter(kept))
    encoded = pc.dictionary_encode(stripped, null_encoding="encode")
    distinct = encoded.dictionary
    # A quote in capitals shouts, and a few customers do: it came first wherever its words
    # were as short as a calm one's ("KEIN RÜCKRUF" sorts before "kein Rückruf"), and stood
    # for both, as they are worded alike. Shortest first, then as Python sorts text: UTF-8's
    # bytes sort as its code points do.
    by = pa.table(
        {"shouted": in_capitals(distinct), "length": pc.utf8_length(distinct), "text": distinct}
    )
    order = pc.sort_indices(
        by, [("shouted", "ascending"), ("length", "ascending"), ("text", "ascending")]
    )
    ordered = distinct.take(order)
    texts = ordered.to_pylist()
    rank = np.empty(len(texts), dtype=np.int64)
    rank[order.to_numpy()] = np.arange(len(texts))
    # How often each (touchpoint and side, quote) is published, in the order first met.
    numbers = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    pairs, first, times = np.unique(
        owners * len(texts) + numbers, return_index=True, return_counts=True
    )
    met = np.argsort(first, kind="stable")
    group, text = np.divmod(pairs[met], len(texts))
    times = times[met]
    keys = sorted({theme.key for group in groups for theme in candidates[group]})
    key_number = {key: number for number, key in enumerate(keys)}
    used_text, used_term = _terms_used(ordered, key_number, language)
    # Each published quote's terms, kept where its touchpoint and side has the term among
    # its candidates.
    row, term = expand(used_text, used_term, text, len(texts))
    wanted = np.unique(
        [groups[g] * len(keys) + key_number[t.key] for g in groups for t in candidates[g]]
    )
    owner = group[row] * len(keys) + term
    hit = np.isin(owner, wanted)
    row, owner = row[hit], owner[hit]
    # One dict per touchpoint and side and term, of its run of rows (in their order).
    runs = np.argsort(owner, kind="stable")
    owner, quote, times = owner[runs], text[row][runs].tolist(), times[row][runs].tolist()
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else owner
    names = list(candidates)
    result: dict = {}
    for start, end, (g, t) in zip(
        starts.tolist(),
        [*starts[1:].tolist(), len(owner)],
        zip(*np.divmod(owner[starts], len(keys)), strict=True),
        strict=True,
    ):
        result.setdefault(names[g], {})[keys[t]] = dict(
            zip(quote[start:end], times[start:end], strict=True)
        )
    return texts, result


QUOTES_READ_AT_ONCE = 50_000  # bounds the tokeniser's memory on large samples


def _terms_used(
    texts: pa.Array, key_number: Mapping[str, int], language: Language
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the terms `key_number` numbers each text uses: pairs of text (its index) and
    term, in the texts' order."""
    found_texts, found_terms = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for start in range(0, len(texts), QUOTES_READ_AT_ONCE):
        places = np.arange(start, min(start + QUOTES_READ_AT_ONCE, len(texts)))
        found = comment_terms(
            texts.slice(start, QUOTES_READ_AT_ONCE), language, forms=False, distinct=True
        )
        wanted = np.array([key_number.get(key, -1) for key in found.keys] or [-1])
        term = wanted[found.term]
        asked = term >= 0
        found_texts.append(places[found.text[asked]])
        found_terms.append(term[asked])
    return np.concatenate(found_texts), np.concatenate(found_terms)


def find_themes(
    comments: Iterable[tuple[str, ...]], language: str | None = None, k: int = 6
) -> dict[tuple[str, str], list[Theme]]:
    """The themes of comments given as (text, polarity) or (text, polarity, touchpoint)
    (polarity "negative", "neutral" or "positive"), each comment published: what the data
    stage and the analysis make of them, in one step. Every touchpoint and side is a key."""
    rows = [(text, polarity, rest[0] if rest else "") for text, polarity, *rest in comments]
    for _, polarity, _ in rows:
        if polarity not in POLARITIES:
            raise ValueError(f"polarity must be negative, neutral or positive, not {polarity!r}")
    quotes = pd.DataFrame(rows, columns=["text", "side", "touchpoint"])
    read_as = language_of(language)
    found = comment_terms(quotes["text"].tolist(), read_as)
    keys = np.array(found.keys, dtype=object)
    counts = (
        pd.DataFrame(
            {
                "touchpoint": quotes["touchpoint"].to_numpy()[found.text],
                "polarity": quotes["side"].to_numpy()[found.text],
                "term": keys[found.term],
                "n": 1,
            }
        )
        .groupby(["touchpoint", "polarity", "term"], as_index=False)["n"]
        .sum()
    )
    scored = scored_terms(counts)
    forms = written_forms(found.forms)
    candidates = {(tp, side): [] for tp in sorted(set(quotes["touchpoint"])) for side in SIDES}
    for side in SIDES:
        for tp, ranked in touchpoint_themes(scored, forms, side).items():
            candidates[tp, side] = ranked
    published = [(tp, side, text) for text, side, tp in rows]
    return merged_themes(candidates, published, read_as, k)
