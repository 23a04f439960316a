"""touchsite.analyze.touchpoints: the parts of the touchpoint reports."""

from __future__ import annotations

from touchsite.analyze.batch import Answers
from touchsite.analyze.touchpoints import _rests


def test_each_touchpoints_rest_is_the_totals_less_its_own_answers():
    # all touchpoints' answers 9: 5, 10: 7, 7: 4, 0: 2 (in the order first counted);
    # one touchpoint gave 10: 3 and 0: 2, one 7: 4, one none
    totals = {9: 5, 10: 7, 7: 4, 0: 2}
    owns = Answers.of([{10: 3, 0: 2}, {7: 4}, {}])
    found = _rests(totals, owns)
    assert found.scores.tolist() == [[9.0, 10.0, 7.0, 0.0]] * 3
    assert found.counts.tolist() == [[5, 4, 4, 0], [5, 7, 0, 2], [5, 7, 4, 2]]
    assert found.sizes.tolist() == [4, 4, 4]
