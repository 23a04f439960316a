"""Numbers, KPIs and dates formatted for the site's language."""

from __future__ import annotations

import datetime as dt
import gettext
import math
import types
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from touchsite.models import Comment, KpiEstimate
from touchsite.render import i18n
from touchsite.render.i18n import Locale, formatted_number

GERMAN, ENGLISH = Locale("de"), Locale("en")


def test_numbers_follow_the_locale():
    assert GERMAN.number(12345.678, 1) == "12.345,7"
    assert ENGLISH.number(12345.678, 1) == "12,345.7"
    assert GERMAN.number(-3) == "−3"


def test_kpi_values_in_their_usual_form():
    assert GERMAN.kpi_number("nps", 17.6) == "+18"
    assert GERMAN.kpi_number("nps", 0.2) == "0"
    assert GERMAN.kpi_number("csat", 42.5) == "43\u00a0%"  # half up, not to even
    assert GERMAN.kpi_number("nps", -0.4) == "0"
    assert GERMAN.kpi_number("nps", -17.5) == "−18"
    assert ENGLISH.kpi_number("csat", 76) == "76%"
    assert GERMAN.kpi_number("ces", 5.04) == "5,0"


def test_a_figure_shows_the_decimal_that_decides_its_target():
    # 74.6 % rounds to the target's "75 %", yet misses it: one more decimal tells them apart
    missed = KpiEstimate("csat", 500, 74.6, 70.5, 78.3, target=75.0)
    assert missed.status == "misses"
    assert ENGLISH.kpi_value(missed) == "74.6%" and GERMAN.kpi_value(missed) == "74,6\u00a0%"
    assert ENGLISH.kpi_value(KpiEstimate("nps", 500, 19.96, 12, 27, target=20.0)) == "+19.96"
    assert ENGLISH.kpi_value(KpiEstimate("ces", 500, 4.96, 4.9, 5.0, target=5.0)) == "4.96"
    # where the usual form already differs, or the figure is the target, nothing is added
    assert ENGLISH.kpi_value(KpiEstimate("csat", 500, 73.6, 70, 77, target=75.0)) == "74%"
    assert ENGLISH.kpi_value(KpiEstimate("csat", 500, 75.0, 70, 79, target=75.0)) == "75%"
    assert ENGLISH.kpi_value(KpiEstimate("csat", 500, 75.4, 70, 79)) == "75%"  # no target
    # at most three more: 74.9999 shows as "75.000%" beside its miss
    assert ENGLISH.kpi_value(KpiEstimate("csat", 500, 74.9999, 70, 79, target=75.0)) == "75.000%"


def test_a_figure_and_its_interval_are_written_at_one_precision():
    # a CSAT of 64.8 % on 5,000 answers, 95 % CI 64.6 % to 65.04 %: the interval needs a
    # decimal to tell its ends apart, so the figure has it too ("65 %" read as another figure)
    csat = KpiEstimate("csat", 5000, 64.8, 64.6, 65.04)
    assert (GERMAN.kpi_value(csat), GERMAN.kpi_interval(csat)) == (
        "64,8\u00a0%",
        "64,6\u00a0% bis 65,0\u00a0%",
    )
    # a mean of 4.96, 95 % CI 4.90 to 4.99: "5.0" beside "4.90 to 4.99" read outside it, and
    # "5.0" beside "4.9 to 5.0" as the interval's top: two decimals tell all three apart
    ces = KpiEstimate("ces", 900, 4.96, 4.90, 4.99)
    assert (ENGLISH.kpi_value(ces), ENGLISH.kpi_interval(ces)) == ("4.96", "4.90 to 4.99")
    # a figure that needs a decimal to tell it from its target gives its interval that decimal
    missed = KpiEstimate("csat", 968, 74.7, 71.8, 77.4, target=75.0)
    assert (GERMAN.kpi_value(missed), GERMAN.kpi_interval(missed)) == (
        "74,7\u00a0%",
        "71,8\u00a0% bis 77,4\u00a0%",
    )
    estimate = KpiEstimate("ces", 4301, 5.004, 4.962, 5.046)
    assert (GERMAN.kpi_value(estimate), GERMAN.kpi_interval(estimate)) == (
        "5,00",
        "4,96 bis 5,05",
    )
    assert ENGLISH.kpi_interval(KpiEstimate("nps", 40, -25, -47.9, 1.4)) == "−48 to +1"


def _read(text: str) -> Decimal:
    """A written English KPI figure as the number it says ("+12.5" -> 12.5, "64.6%" -> 64.6)."""
    return Decimal(text.replace("%", "").replace("−", "-").replace(",", ""))


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    ends=st.lists(
        st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3, max_size=3
    ),
    target=st.none() | st.floats(min_value=-100, max_value=100, allow_nan=False),
)
def test_a_written_figure_lies_within_its_written_interval_at_its_precision(kpi, ends, target):
    low, value, high = sorted(ends)
    estimate = KpiEstimate(kpi, 100, value, low, high, target=target)
    written = ENGLISH.kpi_value(estimate)
    start, _to, end = ENGLISH.kpi_interval(estimate).partition(" to ")
    decimals = {len(text.rstrip("%").partition(".")[2]) for text in (written, start, end)}
    assert len(decimals) == 1
    assert _read(start) <= _read(written) <= _read(end)


def test_an_interval_shows_the_decimal_that_tells_its_ends_apart():
    # 92,079 answers: CSAT 60.9 %, 95 % CI 60.55 % to 61.18 %; "61 % bis 61 %" claimed none
    csat = KpiEstimate("csat", 92079, 60.86, 60.5455, 61.176)
    assert GERMAN.kpi_interval(csat) == "60,5\u00a0% bis 61,2\u00a0%"
    assert ENGLISH.kpi_interval(csat) == "60.5% to 61.2%"
    nps = KpiEstimate("nps", 900_000, -15.31, -15.42, -15.2)
    assert ENGLISH.kpi_interval(nps) == "−15.4 to −15.2"
    # at most three more
    assert (
        ENGLISH.kpi_interval(KpiEstimate("ces", 10**8, 4.761, 4.7608, 4.7612)) == "4.7608 to 4.7612"
    )
    # ends that differ already, or an interval of no width, take nothing more
    assert ENGLISH.kpi_interval(KpiEstimate("nps", 98038, -15.3, -16.42, -14.19)) == "−16 to −14"
    assert ENGLISH.kpi_interval(KpiEstimate("csat", 50, 100.0, 100.0, 100.0)) == "100% to 100%"


def test_a_figure_never_reads_as_an_end_of_its_interval():
    """A share of 40.2 %, 95 % CI 39.9 % to 40.6 %, was written "40%" beside "40% to 41%":
    a figure that read as its interval's lowest value. A decimal more tells them apart."""
    share = KpiEstimate("csat", 40_000, 40.2, 39.9, 40.6)
    assert (ENGLISH.kpi_value(share), ENGLISH.kpi_interval(share)) == ("40.2%", "39.9% to 40.6%")
    assert (GERMAN.kpi_value(share), GERMAN.kpi_interval(share)) == (
        "40,2\u00a0%",
        "39,9\u00a0% bis 40,6\u00a0%",
    )
    # a mean of 5.44, 95 % CI 5.39 to 5.49 (the example's CES by channel): "5.4 [5.4 to 5.5]"
    ces = KpiEstimate("ces", 3000, 5.44, 5.39, 5.49)
    assert (ENGLISH.kpi_value(ces), ENGLISH.kpi_interval(ces)) == ("5.44", "5.39 to 5.49")
    # an NPS of −15.3, 95 % CI −15.82 to −14.79: "−15" beside "−16 to −15"
    nps = KpiEstimate("nps", 98038, -15.3, -15.82, -14.79)
    assert (ENGLISH.kpi_value(nps), ENGLISH.kpi_interval(nps)) == ("−15.3", "−15.8 to −14.8")
    # a figure that is an end (no answer below it) keeps its usual form; and so does one a
    # float's error from an end, which no precision tells apart
    assert ENGLISH.kpi_value(KpiEstimate("csat", 50, 100.0, 93.0, 100.0)) == "100%"
    near = KpiEstimate("csat", 50, 100.0, 93.0, 100.0 + 1e-12)
    assert (ENGLISH.kpi_value(near), ENGLISH.kpi_interval(near)) == ("100%", "93% to 100%")


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    ends=st.lists(
        st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3, max_size=3
    ),
)
def test_a_written_figure_reads_apart_from_each_end_it_differs_from(kpi, ends):
    """Written at the finest precision touchsite allows, a figure that differs from an end
    reads differently from it at the precision shown, unless that is the finest already."""
    low, value, high = sorted(ends)
    estimate = KpiEstimate(kpi, 100, value, low, high)
    written = ENGLISH.kpi_value(estimate)
    start, _to, end = ENGLISH.kpi_interval(estimate).partition(" to ")
    shown = len(written.rstrip("%").partition(".")[2])
    usual = {"nps": 0, "csat": 0, "ces": 1}[kpi]

    def finest(figure: float) -> Decimal:
        step = Decimal(1).scaleb(-(usual + i18n.MAX_DECIDING_DECIMALS))
        return Decimal(repr(figure)).quantize(step, ROUND_HALF_UP)

    for near, text in ((low, start), (high, end)):
        if finest(near) != finest(value) and shown < usual + i18n.MAX_DECIDING_DECIMALS:
            assert text != written


def _written_apart(write, pairs) -> int:
    """The rule of decimals_apart, worked out by writing every pair at every precision."""
    different = [(a, b) for a, b in pairs if a is not None and b is not None and a != b]
    for more in range(i18n.MAX_DECIDING_DECIMALS):
        if all(write(a, more) != write(b, more) for a, b in different):
            return more
    return i18n.MAX_DECIDING_DECIMALS


def test_figures_far_apart_are_not_written_to_be_compared():
    """A figure far from its target, an interval's ends far apart: no number is written to
    tell them apart (a page wrote ~120 numbers for that alone); close ones still are."""
    written = []

    def write(value, more):
        written.append((value, more))
        return i18n.kpi_text("nps", value, "en_GB", more)

    assert i18n.decimals_apart(write, [(45.2, 60.0), (38.0, 52.4)], 0) == 0
    assert written == []
    assert i18n.decimals_apart(write, [(45.2, 60.0), (19.96, 20.0)], 0) == 2
    assert {value for value, _ in written} == {19.96, 20.0}


figure = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False) | st.integers(-5, 5).map(
    lambda n: n / 100
)


@given(
    kpi=st.sampled_from(["nps", "csat", "ces", "binary"]),
    locale=st.sampled_from(["de_DE", "en_GB"]),
    pairs=st.lists(
        st.tuples(st.none() | figure, st.none() | figure).flatmap(
            # a figure and one close to it: a step or so apart, as figures that round alike
            lambda pair: st.sampled_from([0, 0.0005, 0.004, 0.01, 0.051, 0.6, 1.5, 2]).map(
                lambda gap: (pair[0], pair[0] + gap if gap and pair[0] is not None else pair[1])
            )
        ),
        max_size=3,
    ),
)
def test_decimals_apart_is_the_precision_at_which_each_pair_reads_apart(kpi, locale, pairs):
    def write(value, more):
        return i18n.kpi_text(kpi, value, locale, more)

    decimals = i18n._kpi_format(kpi)[1]
    assert i18n.decimals_apart(write, pairs, decimals) == _written_apart(write, pairs)


def test_dates_and_months():
    assert GERMAN.date(dt.date(2026, 11, 23)) == "23.11.2026"
    assert ENGLISH.date(dt.date(2026, 11, 23)) == "23 Nov 2026"
    assert GERMAN.period("2026-03") == "Mär 26"
    # British English abbreviates September as its dates do ("23 Sept 2026").
    assert ENGLISH.period("2026-09") == "Sept 26"
    assert ENGLISH.date(dt.date(2026, 9, 23)) == "23 Sept 2026"
    assert ENGLISH.period("2026-Q1") == "Q1 26"
    assert GERMAN.gettext("Journey map") == "Journey Map"
    assert ENGLISH.label("in-progress") == "in progress"


def test_a_sentence_about_the_data_is_said_in_the_sites_language():
    """A change in the data (load/quality.py) keeps its English for the command line and
    is said on the site through the catalogue, its KPI and months as the site writes them;
    it survives the pickling that brings the analysis back from its worker."""
    import pickle

    from touchsite.load.quality import _scale_problems

    # 100 CSAT answers of 1..5 in January, 100 of 1..10 in February: a scale switch
    months = [672, 673]  # 2026-01 and 2026-02, as months since 1970
    by_month = [{float(1 + i % 5): 20 for i in range(5)}, {float(1 + i): 10 for i in range(10)}]
    [(kind, message, _hint, month)] = [
        found for found in _scale_problems("csat", (1, 5), months, by_month, {}) if found[3]
    ]
    assert (kind, month) == ("scale", 673)
    said = pickle.loads(pickle.dumps(message))
    assert said == (
        "csat answers change scale in 2026-02: 1-5 before, 1-10 since (a scale switched in "
        "the survey?)"
    )
    assert ENGLISH.sentence(said) == (
        "CSAT answers change scale in Feb 26: 1-5 before, 1-10 since (a scale switched in "
        "the survey?)"
    )
    assert GERMAN.sentence(said) == (
        "CSAT-Antworten wechseln ab Feb 26 die Skala: vorher 1-5, seitdem 1-10 (wurde die "
        "Skala in der Umfrage umgestellt?)"
    )
    assert GERMAN.sentence("plain text") == "plain text"


def test_percentages_and_percentage_points_follow_the_locale():
    assert GERMAN.share(1, 8) == "13\u00a0%"
    assert ENGLISH.share(1, 8) == "13%"
    assert GERMAN.kpi_delta(4.6, "csat") == "+5 Pp."
    assert ENGLISH.kpi_delta(-4.6, "csat") == "−5 pp"


def test_a_german_percentage_keeps_its_sign_on_its_line():
    """German wrote "62 %" with a plain space, at which a phone's narrow table cell broke the
    line: "62 | %". DIN 5008 keeps them together: a no-break space (U+00A0). English "62%"."""
    assert i18n.percent_sign("de_DE") == "\u00a0%"
    assert i18n.percent_sign("en_GB") == "%"
    assert GERMAN.percent_sign == "\xa0%" and ENGLISH.percent_sign == "%"
    assert i18n.kpi_text("csat", 61.5, "de_DE", 0) == "62\u00a0%"
    assert i18n.kpi_text("csat", 61.5, "en_GB", 1) == "61.5%"
    assert i18n.kpi_text("nps", 12.0, "de_DE", 0) == "+12"  # points take no sign
    assert GERMAN.percent(3.456, 2) == "3,46\u00a0%"
    assert GERMAN.measured(3.5, "%") == "3,50\u00a0%"
    csat = KpiEstimate("csat", 200, 64.4, 61.6, 67.3)
    assert GERMAN.kpi_interval(csat) == "62\u00a0% bis 67\u00a0%"
    assert ENGLISH.kpi_interval(csat) == "62% to 67%"


def test_labels_are_translated_in_their_sense():
    assert GERMAN.label("service") == "Leistung"  # a touchpoint category, not customer service
    assert ENGLISH.label("service") == "service"
    assert GERMAN.label("in-progress") == "in Umsetzung"
    assert GERMAN.label("unknown-segment") == "unknown-segment"


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7),
        st.integers(-(10**6), 10**6).map(lambda n: n / 1000),  # ties such as 2.675, 42.5, -0.5
        st.integers(-(10**6), 10**6),
        st.integers(-(2**60), 2**60),  # counts beyond a float's exact integers stay exact
    ),
    st.integers(0, 3),
)
def test_numbers_round_half_up_as_written(value, decimals):
    """Against Decimal's half-up rounding of the number as Python writes it, worked out here."""
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    expected = f"{exact:,.{decimals}f}"
    if expected.startswith("-") and not expected.strip("-0.,"):
        expected = expected[1:]
    expected = expected.replace(",", " ").replace("-", "−")
    assert formatted_number(value, decimals, "en_GB").replace(",", " ") == expected
    # the same text, not kept, as a KPI's figure is written
    assert i18n._number_text(value, decimals, "en_GB").replace(",", " ") == expected


def test_a_message_reads_as_its_catalogue_translates_it_and_asks_it_once():
    """Locale.gettext is a look-up in C (templates call it without their context)."""
    asked = []

    class Catalogue(gettext.NullTranslations):
        def gettext(self, message):
            asked.append(message)
            return {"Overview": "Übersicht"}.get(message, message)

    locale = Locale("de")
    locale.gettext = i18n._Messages(Catalogue()).__getitem__
    assert isinstance(Locale("de").gettext, types.BuiltinMethodType)
    assert [locale.gettext(m) for m in ("Overview", "Overview", "no such message")] == [
        "Übersicht",
        "Übersicht",
        "no such message",
    ]
    assert asked == ["Overview", "no such message"]
    assert GERMAN.gettext("Overview") == "Übersicht"
    assert ENGLISH.gettext("Overview") == "Overview"


def test_a_text_is_quoted_as_its_language_quotes():
    """The data-quality page's values, the themes' terms, a test's variants: an English site
    quoted them with German quotes („11“)."""
    assert Locale("en").quoted("Lieferung <spät>") == "“Lieferung <spät>”"
    assert Locale("de").quoted("Lieferung") == "„Lieferung“"


def test_a_p_value_in_a_sentence_reads_p_below_a_thousandth_not_p_equals_below():
    """Before, the A/B table wrote "p = < 0,001"."""
    assert GERMAN.p_clause(0.0004) == "p < 0,001"
    assert ENGLISH.p_clause(0.13) == "p = 0.130"
    assert ENGLISH.p_clause(0.001) == "p = 0.001"


_COMMENT_KPIS = {None: "", "nps": "NPS", "csat": "CSAT", "ces": "CES"}


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 3)),
            st.sampled_from(["", "Online", "Filiale <B&C>"]),
            st.sampled_from(list(_COMMENT_KPIS)),
            st.one_of(st.none(), st.floats(0, 10), st.just(float("nan"))),
        ),
        max_size=30,
    )
)
def test_a_comments_line_names_its_date_segment_and_score(comments):
    # the same few dates, segments and scores again and again, as on a touchpoint page: each
    # line is its own comment's, however many came before it
    locale = Locale("de")
    for date, segment, kpi, score in comments:
        comment = Comment("tp", date, segment, score, kpi, "text")
        expected = f"{date.day:02d}.{date.month:02d}.{date.year}"
        if segment:
            expected += f" · {segment}"
        if kpi:
            # the score as the template's `| int` writes it: cut to a whole number, 0 for none
            whole = 0 if score is None or score != score else int(score)
            expected += f" · {_COMMENT_KPIS[kpi]} {whole}"
        assert locale.comment_meta(comment) == expected


def test_a_difference_and_its_interval_are_written_at_one_precision():
    """A difference's ends were written at the KPI's usual decimals whatever they were: on a
    large sample a CES 0.12 above the rest, 95 % CI 0.08 to 0.14, read "+0,1 (95-%-KI +0,1
    bis +0,1)", as if it were exact. Now, given the difference, its figure and both ends take
    the decimal that tells the ends apart, as a figure and its interval do."""
    from touchsite.analyze.basis import Difference

    ces = Difference("ces", 0.12, 0.08, 0.14, 0.001, 90_000, 80_000)
    written = [GERMAN.kpi_delta(x, "ces", ces) for x in (ces.difference, ces.low, ces.high)]
    assert written == ["+0,12", "+0,08", "+0,14"]
    # a difference of 0.38 pp, 95 % CI 0.31 to 0.44: "+0.4 pp (+0.3 pp to +0.4 pp)" read as
    # the interval's top; two decimals tell all three apart
    csat = Difference("csat", 0.38, 0.31, 0.44, 0.001, 900_000, 800_000)
    written = [ENGLISH.kpi_delta(x, "csat", csat) for x in (csat.difference, csat.low, csat.high)]
    assert written == ["+0.38 pp", "+0.31 pp", "+0.44 pp"]
    # the example's CES against the rest, −0.16 (−0.21 to −0.11): "−0,2 (−0,2 bis −0,1)"
    ces = Difference("ces", -0.16, -0.21, -0.11, 0.001, 3000, 9000)
    written = [GERMAN.kpi_delta(x, "ces", ces) for x in (ces.difference, ces.low, ces.high)]
    assert written == ["−0,16", "−0,21", "−0,11"]
    # ends that read apart already take nothing more; without the difference, as before
    nps = Difference("nps", -17.2, -25.4, -9.1, 0.001, 400, 8000)
    assert [ENGLISH.kpi_delta(x, "nps", nps) for x in (nps.difference, nps.low, nps.high)] == [
        "−17",
        "−25",
        "−9",
    ]
    assert GERMAN.kpi_delta(0.12, "ces") == "+0,1"


def test_an_interval_across_zero_reads_across_zero():
    """On a large sample a segment's CSAT 0.1 pp above the others, 95 % CI -0.4 to +0.6 pp
    (SurveyMonkey's 37,500 new customers against 112,500 regular ones), read "0 pp (95% CI
    0 pp to +1 pp)": an interval that seemed to rule out any difference below zero. Now its
    ends take the decimal that shows on which side of zero each lies."""
    from touchsite.analyze.basis import Difference

    csat = Difference("csat", 0.1, -0.4, 0.6, 0.7, 37_500, 112_500)
    written = [ENGLISH.kpi_delta(x, "csat", csat) for x in (csat.difference, csat.low, csat.high)]
    assert written == ["+0.1 pp", "−0.4 pp", "+0.6 pp"]
    nps = Difference("nps", -0.3, -0.8, 0.2, 0.5, 37_500, 112_500)
    written = [GERMAN.kpi_delta(x, "nps", nps) for x in (nps.difference, nps.low, nps.high)]
    assert written == ["−0,3", "−0,8", "+0,2"]
    # ends that read on their sides already take nothing more
    wide = Difference("nps", 5.2, -3.1, 12.4, 0.2, 400, 400)
    assert [ENGLISH.kpi_delta(x, "nps", wide) for x in (wide.low, wide.high)] == ["−3", "+12"]


def test_an_end_too_close_to_zero_to_show_its_sign_adds_no_decimals():
    """An interval's end a float's error below zero (-1e-12), or closer to it than the
    finest decimal a difference may take, reads "0" at any precision: it made the
    difference and both ends take the three decimals more that a sign may need, all for
    nothing ("+6.000 (0.000 to +12.000)"). Such an end now adds nothing, as before."""
    from touchsite.analyze.basis import Difference

    for kpi, low, high, expected in [
        ("nps", -1e-12, 12.0, ["+6", "0", "+12"]),
        ("nps", -0.0004, 12.0, ["+6", "0", "+12"]),
        ("ces", -0.00004, 0.8, ["+0.4", "0.0", "+0.8"]),
    ]:
        d = Difference(kpi, (low + high) / 2, low, high, 0.5, 100, 100)
        written = [ENGLISH.kpi_delta(x, kpi, d) for x in (high / 2, low, high)]
        assert written == expected, kpi
    # an end whose sign a decimal more shows still takes it
    d = Difference("nps", 6.0, -0.004, 12.0, 0.5, 100, 100)
    assert [ENGLISH.kpi_delta(x, "nps", d) for x in (d.low, d.high)] == ["−0.004", "+12.000"]


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    low=st.floats(min_value=-100, max_value=0, exclude_max=True),
    high=st.floats(min_value=0, max_value=100, exclude_min=True),
)
def test_the_ends_of_an_interval_across_zero_read_with_their_signs(kpi, low, high):
    from touchsite.analyze.basis import Difference

    finest = 10.0 ** -(i18n._kpi_format(kpi)[1] + i18n.MAX_DECIDING_DECIMALS)
    assume(-low >= finest and high >= finest)
    d = Difference(kpi, (low + high) / 2, low, high, 0.5, 100, 100)
    start, end = (ENGLISH.kpi_delta(x, kpi, d) for x in (low, high))
    assert start.startswith("−") and end.startswith("+"), (start, end)


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    ends=st.lists(
        st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3, max_size=3
    ),
)
def test_a_written_difference_lies_within_its_written_interval_at_its_precision(kpi, ends):
    from touchsite.analyze.basis import Difference

    low, value, high = sorted(ends)
    d = Difference(kpi, value, low, high, 0.5, 100, 100)
    texts = [ENGLISH.kpi_delta(x, kpi, d).removesuffix(" pp") for x in (low, value, high)]
    assert len({len(text.partition(".")[2]) for text in texts}) == 1
    start, written, end = (_read(text.replace("+", "")) for text in texts)
    assert start <= written <= end
    if low != high and (high - low) > 10 ** -(
        i18n._kpi_format(kpi)[1] + i18n.MAX_DECIDING_DECIMALS
    ):
        assert texts[0] != texts[2]


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    ends=st.lists(
        st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3, max_size=3
    ),
)
def test_a_written_difference_reads_apart_from_each_end_it_differs_from(kpi, ends):
    """As a figure does (test_a_written_figure_reads_apart_from_each_end_it_differs_from)."""
    from touchsite.analyze.basis import Difference

    low, value, high = sorted(ends)
    d = Difference(kpi, value, low, high, 0.5, 100, 100)
    texts = [ENGLISH.kpi_delta(x, kpi, d).removesuffix(" pp") for x in (low, value, high)]
    shown = len(texts[1].partition(".")[2])
    usual = i18n._kpi_format(kpi)[1]
    step = Decimal(1).scaleb(-(usual + i18n.MAX_DECIDING_DECIMALS))

    def finest(number: float) -> Decimal:
        return Decimal(repr(number)).quantize(step, ROUND_HALF_UP)

    for near, text in ((low, texts[0]), (high, texts[2])):
        if finest(near) != finest(value) and shown < usual + i18n.MAX_DECIDING_DECIMALS:
            assert text != texts[1]


@given(
    kpi=st.sampled_from(["nps", "csat", "ces"]),
    figures=st.lists(
        st.none() | st.floats(min_value=-100, max_value=100, allow_nan=False),
        min_size=4,
        max_size=4,
    ),
    language=st.sampled_from(["de", "en"]),
)
def test_a_figure_and_its_interval_written_together_read_as_each_alone(kpi, figures, language):
    """A chart writes a point's figure and interval together (`value_and_interval`), the
    page each apart (`kpi_value`, `kpi_interval`): the same texts, whichever part is missing."""
    value, low, high, target = figures
    estimate = KpiEstimate(kpi, 100, value, low, high, target=target)
    locale = Locale(language)
    together = locale.value_and_interval(estimate)
    assert together == (locale.kpi_value(estimate), locale.kpi_interval(estimate))


def test_an_interval_reads_in_its_own_catalogues_words_whoever_wrote_its_figures_first():
    """An estimate's texts are kept by its numbers (`estimate_texts`): a site whose catalogue
    words an interval otherwise, in the same number format, still reads in its own words."""

    class Catalogue(gettext.NullTranslations):
        def gettext(self, message):
            return {"{low} to {high}": "{low}–{high}"}.get(message, message)

    dashed = Locale("en")
    dashed.gettext = i18n._Messages(Catalogue()).__getitem__
    estimate = KpiEstimate("csat", 500, 61.37, 57.02, 65.51)
    assert ENGLISH.kpi_interval(estimate) == "57% to 66%"
    assert dashed.kpi_interval(estimate) == "57%–66%"
    assert dashed.value_and_interval(estimate) == ("61%", "57%–66%")
    assert ENGLISH.value_and_interval(estimate) == ("61%", "57% to 66%")


@given(
    st.integers(0, 7).flatmap(
        lambda decimals: st.tuples(
            st.one_of(
                # ties at this precision (0.15, −2.675, 998.5) and their neighbours a float apart
                st.integers(-(10**9), 10**9)
                .map(lambda k, d=decimals: (10 * k + 5) / 10 ** (d + 1))
                .flatmap(
                    lambda v: st.sampled_from([v, math.nextafter(v, 0), math.nextafter(v, 2e3)])
                ),
                st.floats(min_value=-1000, max_value=1000, allow_nan=False),
            ),
            st.just(decimals),
        )
    ),
    st.sampled_from(["de_DE", "en_GB"]),
)
def test_a_figure_below_a_thousand_rounds_half_up_as_written(number, locale):
    """A figure below 1,000 in size is written without its repr where it cannot be a tie
    (`_no_tie`): ties at every precision, in both formats, against Decimal's half-up rounding
    of its repr, worked out here."""
    value, decimals = number
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    expected = f"{exact:,.{decimals}f}"
    if expected.startswith("-") and not expected.strip("-0.,"):
        expected = expected[1:]
    decimal, group = (",", ".") if locale == "de_DE" else (".", ",")
    expected = expected.replace(",", "G").replace(".", decimal).replace("G", group)
    assert i18n._number_text(value, decimals, locale) == expected.replace("-", "−")
