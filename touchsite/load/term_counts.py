"""Every comment's terms counted per touchpoint x month x polarity, a chunk at a time.

The theme analysis reads these counts, not the comments, so it rests on every comment while
the pages publish a small sample. Personal data is redacted before a comment is read: a
name in an e-mail address must not become a term.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.privacy import Redactor
from touchsite.models import KPIS, Config, TermCounts
from touchsite.terms import COMMENTS, comment_terms, language_of, written_forms

POLARITIES = ("negative", "neutral", "positive")
TERM_COLUMNS = ["touchpoint", "period", "polarity", "term", "n"]
# A wider net than Redactor's own first look (privacy.MAYBE_PERSONAL), in Arrow's regex syntax.
MAYBE_PERSONAL = r"(?i)\d|[@＠]|at|ät"
NEUTRAL = POLARITIES.index("neutral")
WORD_KINDS = ("email", "address")  # the personal data that is written in words


def polarity_table(config: Config) -> np.ndarray:
    """[kpi number, score] -> polarity code; scores outside a scale are neutral."""
    high = max(config.kpis[kpi].answer_scale.high for kpi in KPIS) + 1
    table = np.full((len(KPIS), int(high)), NEUTRAL, dtype=np.int8)
    for number, kpi in enumerate(KPIS):
        definition = config.kpis[kpi]
        for score in definition.scores:
            table[number, score] = POLARITIES.index(definition.polarity(score))
    return table


class TermCounter:
    """Term counts of every comment read so far."""

    def __init__(self, config: Config) -> None:
        self.language = language_of(config.language)
        self.polarity = polarity_table(config)
        # The tokeniser reads letters only, so phone, card and IBAN numbers (digits) never
        # become terms: only e-mail and street addresses hold words to take out first. That
        # spares the phone-number library on every comment; the published sample is
        # redacted in full on its own. Its counts are not the site's.
        self.redact = Redactor(config.language, kinds=WORD_KINDS)
        self.codes: dict[str, int] = {}
        self.counts: list[pd.DataFrame] = []
        self.forms: list[pd.DataFrame] = []

    def add(
        self,
        texts: pa.Array,
        touchpoint: np.ndarray,
        month: np.ndarray,
        kpi: np.ndarray,
        score: np.ndarray,
    ) -> None:
        """Count the terms of comments `texts`, given with `score` of KPI number `kpi` (-1:
        none) at `touchpoint` (code) in `month` (months since 1970)."""
        polarity = np.where(
            kpi >= 0, self.polarity[np.maximum(kpi, 0), np.maximum(score, 0)], NEUTRAL
        )
        found = comment_terms(self._redacted(texts), self.language)
        codes = np.array(
            [self.codes.setdefault(key, len(self.codes)) for key in found.keys] or [0],
            dtype=np.int64,
        )
        frame = pd.DataFrame(
            {
                "touchpoint": touchpoint[found.text],
                "period": month[found.text],
                "polarity": polarity[found.text],
                "term": codes[found.term],
            }
        )
        self.counts.append(frame.groupby(list(frame.columns), sort=False).size().reset_index())
        self.forms.append(found.forms)

    def _redacted(self, texts: pa.Array) -> pa.Array:
        """The texts redacted, each distinct one that may hold personal data once."""
        encoded = pc.dictionary_encode(texts)
        distinct = encoded.dictionary
        personal = pc.match_substring_regex(distinct, MAYBE_PERSONAL)
        if not pc.any(personal).as_py():
            return texts
        values = distinct.to_pylist()
        for position in np.flatnonzero(personal.to_numpy(zero_copy_only=False)).tolist():
            redacted = self.redact(values[position])
            for label in self.redact.labels.values():  # "[email removed]" is no term
                redacted = redacted.replace(label, " . ")
            values[position] = redacted
        return pa.array(values, pa.large_string()).take(encoded.indices)

    def result(self, touchpoints: list[str]) -> TermCounts | None:
        if not self.counts:
            return None
        keys = sorted(self.codes)
        rank = np.zeros(len(keys), dtype=np.int64)
        rank[[self.codes[key] for key in keys]] = np.arange(len(keys))
        summed = (
            pd.concat(self.counts, ignore_index=True)
            .groupby(["touchpoint", "period", "polarity", "term"], sort=False)[0]
            .sum()
            .reset_index(name="n")
        )
        self.counts = []
        comments = self.codes[COMMENTS]
        used = summed.groupby("term", sort=False)["n"].transform("sum")
        summed = summed[(used >= 2) | (summed["term"] == comments)]
        months = np.sort(pd.unique(summed["period"].to_numpy()))
        month_text = np.datetime_as_string(months.astype("datetime64[M]"))
        table = pd.DataFrame(
            {
                "touchpoint": pd.Categorical.from_codes(summed["touchpoint"], touchpoints),
                "period": pd.Categorical(
                    month_text[np.searchsorted(months, summed["period"].to_numpy())]
                ),
                "polarity": pd.Categorical.from_codes(summed["polarity"], POLARITIES),
                "term": pd.Categorical.from_codes(rank[summed["term"].to_numpy()], keys),
                "n": summed["n"].to_numpy(dtype=np.int64),
            }
        )
        table = table.sort_values(TERM_COLUMNS[:4], ignore_index=True)
        table["term"] = table["term"].cat.remove_unused_categories()
        kept = set(table["term"].cat.categories)
        forms = written_forms(pd.concat(self.forms, ignore_index=True))
        self.forms = []
        return TermCounts(table, {key: form for key, form in forms.items() if key in kept})
