"""Every comment's terms counted per touchpoint x month x polarity, after redaction."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tests.conftest import make_config
from touchsite.load.term_counts import TermCounter
from touchsite.models import KPIS


def test_terms_are_counted_per_cell_after_redaction():
    counter = TermCounter(make_config(language="en"), {})
    texts = ["Mail jane.doe@example.org now!", "mail jane.doe@example.org today", "Slow delay."]
    texts += ["Slow delay.", "Once only", "Okay."]
    nps = KPIS.index("nps")
    counter.add(
        pa.array(texts),
        np.array([0, 0, 0, 1, 1, 1]),
        np.array([600, 600, 600, 601, 601, 601]),  # months since 1970: 2020-01, 2020-02
        np.array([nps, nps, nps, nps, -1, nps]),
        np.array([2, 3, 10, 10, -1, 8]),
    )
    found = counter.result(["a", "b"])
    rows = {
        (tp, period, polarity, term): n
        for tp, period, polarity, term, n in found.counts.astype(str).itertuples(
            index=False, name=None
        )
    }
    assert rows == {
        ("a", "2020-01", "negative", ""): "2",
        ("a", "2020-01", "negative", "mail"): "2",
        ("a", "2020-01", "positive", ""): "1",
        ("a", "2020-01", "positive", "delay"): "1",
        ("a", "2020-01", "positive", "slow"): "1",
        ("a", "2020-01", "positive", "slow delay"): "1",
        ("b", "2020-02", "positive", ""): "1",
        ("b", "2020-02", "positive", "delay"): "1",
        ("b", "2020-02", "positive", "slow"): "1",
        ("b", "2020-02", "positive", "slow delay"): "1",
        ("b", "2020-02", "neutral", ""): "2",  # no score, and an NPS of 8
    }
    # the address, in two comments, is redacted before it is read; "once" is in one comment
    assert set(found.forms) == {"mail", "delay", "slow", "slow delay"}
    assert found.forms["mail"] == "Mail"
