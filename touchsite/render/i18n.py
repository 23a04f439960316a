"""Interface text and number formats for the site's language (German and English).

Text goes through gettext (touchsite.translation holds the catalogues); month names, dates,
numbers and percentages follow Babel's data for the locale ("42,5\u00a0%", "23.11.2026", "Mär 26"
in German).
"""

from __future__ import annotations

import datetime as dt
import gettext
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from babel import Locale as BabelLocale
from babel.dates import format_date, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol
from jinja2.filters import do_int

from touchsite.analyze.basis import Difference
from touchsite.kpi import PERCENT, POINTS, SCORE, kpi_definitions
from touchsite.models import Comment, KpiEstimate, Sentence
from touchsite.translation import N_, NP_, translations

# What each value of an enumerated field is called on the site, translated where it is shown.
# Bare category words get a context: a touchpoint of category "service" is a "Leistung" in
# German, which "service" elsewhere (customer service) would not be.
LABELS: dict[str, str | tuple[str, str]] = {
    "digital": N_("digital"),
    "analog": N_("analog"),
    "personal": NP_("touchpoint type", "personal"),
    "place": NP_("touchpoint category", "place"),
    "person": NP_("touchpoint category", "person"),
    "marketing": NP_("touchpoint category", "marketing"),
    "service": NP_("touchpoint category", "service"),
    "product": NP_("touchpoint category", "product"),
    "direct": N_("direct"),
    "indirect": N_("indirect"),
    "one-way": N_("one-way"),
    "two-way": N_("two-way"),
    "price": N_("price"),
    "personalization": N_("personalization"),
    "proximity": N_("proximity"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "idea": N_("idea"),
    "planned": N_("planned"),
    "in-progress": N_("in progress"),
    "done": NP_("recommendation status", "done"),
    "rejected": N_("rejected"),
    "meets": N_("meets target"),
    "misses": N_("below target"),
    # grades: a figure against its target, allowing for its interval (KpiEstimate.grade)
    "clearly-below": N_("clearly below target"),
    "below": N_("below target"),
    "on-target": N_("on target"),
    "above": N_("above target"),
    "clearly-above": N_("clearly above target"),
    "c2c": N_("customer-to-customer"),
    "low-n": N_("small sample"),
    "withheld": N_("too few answers"),
    "no-data": N_("no data"),
    "no-target": N_("no target"),
    "neukunde": N_("new customer"),
    "stammkunde": N_("regular customer"),
    "physical_evidence": N_("Physical evidence"),
    "actions": N_("Customer actions"),
    "touchpoints": N_("Touchpoints"),
    "channels": N_("Channels"),
    "thoughts": N_("Thoughts & feelings"),
    "emotion": N_("Emotion"),
    "pain_points": N_("Pain points"),
    "needs": N_("Needs"),
    "opportunities": N_("Opportunities"),
    "frontstage": N_("Frontstage"),
    "backstage": N_("Backstage"),
    "support": N_("Support processes"),
    "interaction": N_("Line of interaction"),
    "visibility": N_("Line of visibility"),
    "internal": N_("Line of internal interaction"),
    "strong": N_("strong evidence"),
    "moderate": N_("moderate evidence"),
    "weak": N_("weak evidence"),
    "none": N_("no evidence"),
    "new": N_("new"),
    "changed": N_("changed"),
    "same": N_("unchanged"),
    "as-is": N_("as-is"),
    "to-be": N_("to-be"),
    "empty": N_("no touchpoint"),
    "unmeasured": N_("no feedback"),
    "partial": N_("partly without feedback"),
    "measured": N_("with feedback"),
}

GRADES = ("clearly-below", "below", "on-target", "above", "clearly-above")

# Labels, units and decimals do not depend on the configured CES scale; the binary KPI's
# label is the project's (`Locale.kpi_label`).
KPI_LABELS = {kpi.id: kpi.label for kpi in kpi_definitions().values()}


@cache
def _kpi_format(kpi: str) -> tuple[str, int]:
    """The unit and decimals a KPI's figure is shown with; any other figure reads as a mean."""
    definition = kpi_definitions().get(kpi)
    return (definition.unit, definition.decimals) if definition else (SCORE, 1)


BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}
MAX_DECIDING_DECIMALS = 3  # more decimals a figure takes to differ visibly from its target
EXACT_INT = 1 << 53  # ints below this in size format as floats to the same digits


@cache
def separators(locale: str) -> tuple[str, str]:
    """The locale's decimal and grouping symbols from Babel's data (',' and '.' in German).

    Read once: formatting each of thousands of figures through Babel costs 60 µs apiece."""
    return get_decimal_symbol(locale), get_group_symbol(locale)


@lru_cache(maxsize=1 << 16)
def formatted_number(value: float, decimals: int, locale: str) -> str:
    """A number as the locale writes it, rounded half up (as people round; Python's own
    formatting rounds 42.5 to 42), with a real minus sign and never "−0". Kept: a site
    writes the same counts and figures tens of thousands of times."""
    return _number_text(value, decimals, locale)


def _number_text(value: float, decimals: int, locale: str) -> str:
    """`formatted_number`'s text, not kept (see `kpi_text`).

    A float between 1e-4 and 1e16, as most figures are, is `_half_up`'s case written out here:
    its repr has no exponent, so only a tie needs the Decimal (a touchpoint page writes ~130
    numbers no cache holds yet; the general path took a fifth longer). One below UNGROUPED in
    size, as nearly all figures are, is written without its repr where it cannot be a tie
    (`_no_tie`: its repr, ~1 µs for a float of 17 digits, took half the time) and without
    a group to separate, only its decimal point replaced."""
    grouped = True
    if type(value) is float and 1e-4 <= (size := abs(value)) < 1e16:
        if size >= UNGROUPED or not _no_tie(value, decimals):
            written = repr(value)
            if written[-1] == "5" and len(written) - written.index(".") == decimals + 2:
                value = Decimal(written).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        grouped = size >= UNGROUPED
    else:
        value = _half_up(value, decimals)
    specs = _GROUPED if grouped else _PLAIN
    text = format(value, specs.get(decimals) or f"{',' if grouped else ''}.{decimals}f")
    if text[0] == "-":  # a real minus sign, and none before a figure read as 0
        text = "−" + text[1:] if text.strip("-0.,") else text[1:]
    decimal, group = separators(locale)
    if grouped:
        return text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text if decimal == "." else text.replace(".", decimal)


def _no_tie(value: float, decimals: int) -> bool:
    """Whether `value` (below UNGROUPED in size) surely is no tie at `decimals`: a tie's repr
    ends in a 5 just past the last decimal kept, so the value is, to a float's error (2^-52
    of it, far below the 1e-9 allowed here), a whole number of tenths of that decimal ending
    in 5 (the remainder of 10 an odd multiple of 5 leaves is 5, whatever its sign). Checked
    with a product and a remainder instead of the repr."""
    scaled = value * (_TENS[decimals + 1] if decimals < 8 else 10.0 ** (decimals + 1))
    return abs(scaled % 10.0 - 5.0) > 1e-9 * abs(scaled)


# format specs, made once
_GROUPED = {decimals: f",.{decimals}f" for decimals in range(8)}
_PLAIN = {decimals: f".{decimals}f" for decimals in range(8)}
_TENS = [10.0**power for power in range(9)]
UNGROUPED = 999  # a figure smaller in size reads below 1,000 at any precision: no group


def _half_up(value: float, decimals: int) -> float | int | Decimal:
    """The value rounded half up as written (its shortest repr), as a number to format.

    Only a repr ending in 5 just past the last decimal kept is a tie: any other float formats
    to the same digits as its repr rounded half up (a tie between the float and its repr
    would be a shorter repr), so the costly Decimal is needed for those alone. An int (a
    count) a float holds exactly has no tie either."""
    if isinstance(value, float) and math.isfinite(value):
        written = repr(float(value))
        digits = written.partition(".")[2]
        if "e" not in written and not (len(digits) == decimals + 1 and digits[-1] == "5"):
            return float(value)
    elif type(value) is int and -EXACT_INT < value < EXACT_INT:
        return value
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


@cache
def babel_locale(locale: str) -> BabelLocale:
    """Babel's locale object, parsed once (Babel parses a locale name on every call)."""
    return BabelLocale.parse(locale)


@lru_cache(maxsize=1 << 12)
def formatted_date(value: dt.date, locale: str) -> str:
    """A date in the locale's medium form ("23.11.2026", "23 Nov 2026"); a site writes few
    distinct dates many times (every comment carries one)."""
    return format_date(value, format="medium", locale=babel_locale(locale))


@cache
def percent_sign(locale: str) -> str:
    """What follows a percentage in the locale, as Babel's pattern has it: a no-break space
    and "%" in German ("62\u00a0%": DIN 5008 keeps a number and its sign on one line, where a
    plain space let a phone's narrow table cell break "62 | %"), "%" in English. Every
    percentage on the site, its charts, the filtered cards (app.js) and the printed report
    takes its sign from here."""
    return babel_locale(locale).percent_formats[None].suffix[0]


@cache
def month_names(locale: str) -> tuple[str, ...]:
    """Abbreviated month names as they stand alone ("Mär", not "März"), from Babel's data."""
    names = get_month_names("abbreviated", "stand-alone", locale)
    return tuple(names[month] for month in range(1, 13))


def _kpi_text(kpi: str, value: float, locale: str, more: int) -> str:
    """`kpi_text`'s text, not kept: an estimate's figure and interval ends, which
    `estimate_texts` keeps together, are mostly written once (a touchpoint page's ~40
    estimates' ~120 figures), and would only push the figures written again out of that
    cache, each kept at a cost of its own."""
    unit, decimals = _kpi_format(kpi)
    decimals += more
    if unit == POINTS:
        text = _number_text(value, decimals, locale)
        return text if text.startswith(("−", "0")) else "+" + text
    if unit == PERCENT:
        return _number_text(value, decimals, locale) + percent_sign(locale)
    return _number_text(value, decimals, locale)


# Locale.kpi_number's text, kept: a site writes the same figures (targets) many times over.
# The number's text is not kept apart: a figure not kept here (an interval's end, a period's
# value) is mostly written once, and would only push counts out of that cache.
kpi_text = lru_cache(maxsize=1 << 16)(_kpi_text)


def shown_decimals(kpi: str, estimate: tuple, locale: str) -> int:
    """How many decimals beyond the KPI's usual (up to MAX_DECIDING_DECIMALS) a figure and its
    interval are written with, the three together: as many as it takes for the figure to read
    differently from a target it misses ("74.6%", never "75%"), the interval's ends from each
    other ("60.5% to 61.2%", never "61% to 61%", which claims no uncertainty) and the figure
    from either end ("40.2% [39.9% to 40.6%]", never "40% [40% to 41%]", which reads as if
    the figure were the interval's lowest value). An end the figure reads as even at the
    finest precision (a float's error away) asks for none. One precision for all three, so
    the figure never reads at another precision than its interval, nor outside it ("65%"
    beside "64.6% to 65.0%").
    `estimate`: (value, target, low, high), None where there is none.
    templates/assets/app.js's `telling` is its twin, for a card a filter recomputes."""
    value, target, low, high = estimate
    decimals = _kpi_format(kpi)[1]
    # The figures the rule below compares: it asks for no decimal more where no two of them
    # may read alike at the KPI's usual decimals (nearly every estimate: a touchpoint page's
    # ~30 new ones took 4 µs each to find so through the rule's texts and pairs).
    for a, b in ((value, target), (low, high), (value, low), (value, high)):
        if a is not None and b is not None and a != b and not _surely_apart(a, b, decimals):
            break
    else:
        return 0

    def write(figure: float, more: int) -> str:
        return kpi_text(kpi, figure, locale, more)

    pairs = [estimate[:2], estimate[2:]]
    if value is not None:
        pairs += _close_ends(
            value, (low, high), decimals, lambda f: write(f, MAX_DECIDING_DECIMALS)
        )
    return decimals_apart(write, pairs, decimals)


@lru_cache(maxsize=1 << 16)
def estimate_texts(
    kpi: str,
    value: float | None,
    target: float | None,
    low: float | None,
    high: float | None,
    locale: str,
    between: str,
) -> tuple[str, str]:
    """An estimate's figure and its interval ("–" for either it has not), written at the
    precision they share (`shown_decimals`); `between` joins the interval's ends ("{low} to
    {high}" in the site's language). Kept by the numbers alone: a touchpoint page writes ~47
    estimates' texts, a third of them twice (a card's figure and interval, a chart's table
    and hover), and each took a look-up of its precision and its every text anew."""
    if value is None and (low is None or high is None):
        return "–", "–"
    figure, more = figure_text(kpi, value, target, low, high, locale)
    if low is None or high is None:
        return figure, "–"
    return figure, between.format(
        low=_kpi_text(kpi, low, locale, more), high=_kpi_text(kpi, high, locale, more)
    )


@lru_cache(maxsize=1 << 16)
def figure_text(
    kpi: str,
    value: float | None,
    target: float | None,
    low: float | None,
    high: float | None,
    locale: str,
) -> tuple[str, int]:
    """An estimate's figure ("–" without one) and the decimals beyond its KPI's usual that
    it and its interval are written with (`shown_decimals`). Kept apart from the interval's
    text (`estimate_texts`): the overview's map writes ~39,000 figures without their
    intervals, two thirds of the numbers written when each came with its interval; each
    touchpoint's tile of the map (`MapTile`), made where its page was rendered, finds here
    the figures the page has just written with their intervals."""
    more = shown_decimals(kpi, (value, target, low, high), locale)
    return ("–" if value is None else _kpi_text(kpi, value, locale, more)), more


def _close_ends(
    figure: float, ends: Iterable[float | None], decimals: int, finest: Callable[[float], str]
) -> list[tuple[float, float]]:
    """`figure` paired with each of `ends` that may read as it at `decimals` (not
    `_surely_apart`) and reads apart from it at the finest precision (`finest`, a figure's
    text MAX_DECIDING_DECIMALS finer): an end a float's error away reads as the figure at
    any precision, and asks for no decimal more. An end far from the figure is not written
    finer at all (most are: a touchpoint page's ~190 intervals took 70,000 texts more)."""
    close = [
        end
        for end in ends
        if end is not None and end != figure and not _surely_apart(figure, end, decimals)
    ]
    if not close:
        return []
    text = finest(figure)
    return [(figure, end) for end in close if finest(end) != text]


@lru_cache(maxsize=1 << 14)
def difference_decimals(
    decimals: int, difference: float, low: float | None, high: float | None, locale: str
) -> int:
    """How many decimals beyond `decimals` a difference and its interval's ends are written
    with (`Locale.kpi_delta` has the rule). Kept: a page writes each difference three times,
    its figure and its two ends, and each worked the precision out anew."""
    span = (low, high)
    ends = [span]

    def finest(value: float) -> str:
        return formatted_number(value, decimals + MAX_DECIDING_DECIMALS, locale)

    ends += _close_ends(difference, span, decimals, finest)
    if low is not None and high is not None and low < 0 < high:
        # an end that reads "0" even at the finest precision (a float's error below
        # zero) shows no sign with more decimals: it asks for none
        ends += _close_ends(0.0, span, decimals, finest)
    return decimals_apart(
        lambda value, more: formatted_number(value, decimals + more, locale), ends, decimals
    )


def decimals_apart(
    write: Callable[[float, int], str],
    pairs: Iterable[tuple[float | None, float | None]],
    decimals: int,
) -> int:
    """The fewest more decimals (up to MAX_DECIDING_DECIMALS) `write` (a figure, more decimals
    -> its text, rounded to `decimals` + more) needs for each pair of different figures to
    read differently: the one rule for a figure and its interval (`shown_decimals`), and for
    a difference and its interval (`Locale.kpi_delta`). Only figures close to each other are
    written to be compared (see `_surely_apart`)."""
    different = [(a, b) for a, b in pairs if a is not None and b is not None and a != b]
    more = 0
    while more < MAX_DECIDING_DECIMALS and any(
        not _surely_apart(a, b, decimals + more) and write(a, more) == write(b, more)
        for a, b in different
    ):
        more += 1
    return more


def _surely_apart(a: float, b: float, decimals: int) -> bool:
    """Whether `a` and `b`, each rounded to `decimals`, must read differently: each written
    figure lies within half a step of its own, so two more than a step apart never round to
    one. Half a step more allows for a float's error, small below APART_CHECKED; beyond, and
    for NaN, the texts are compared. Most pairs (a figure and its target, an interval's ends)
    are far apart: a touchpoint page wrote ~120 numbers only to compare them."""
    return abs(a) < APART_CHECKED and abs(b) < APART_CHECKED and abs(a - b) > 1.5 / 10**decimals


APART_CHECKED = 1e9  # a float's error here is below 1e-6, far below any step compared


class _Messages(dict):
    """A catalogue's translations, by message, each asked of the catalogue once."""

    def __init__(self, catalogue: gettext.NullTranslations) -> None:
        super().__init__()
        self.catalogue = catalogue

    def __missing__(self, message: str) -> str:
        text = self[message] = self.catalogue.gettext(message)
        return text


class Locale:
    """Text and number formats for one language."""

    def __init__(self, language: str, kpi_labels: Mapping[str, str] | None = None) -> None:
        self.language = language
        self.babel_locale = BABEL_LOCALES.get(language, "en_GB")
        self.catalogue: gettext.NullTranslations = translations(language)
        # A message's translation: a look-up written in C (a touchpoint page asks ~150 times)
        self.gettext: Callable[[str], str] = _Messages(self.catalogue).__getitem__
        self.kpi_labels = {**KPI_LABELS, **(kpi_labels or {})}
        # translated once: a site shows these labels tens of thousands of times
        self.labels = {
            value: self.pgettext(*message) if isinstance(message, tuple) else self.gettext(message)
            for value, message in LABELS.items()
        }
        self._comment_meta: dict[tuple, str] = {}

    def kpi_label(self, kpi: str) -> str:
        """A KPI's name on the site: NPS, CSAT, CES, or the binary KPI's configured label."""
        return self.kpi_labels.get(kpi, kpi)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.catalogue.npgettext(context, singular, plural, n)

    def sentence(self, text: str) -> str:
        """A sentence about the data (a Sentence) in the site's language, its KPIs and months
        written as the site writes them; any other text as it is."""
        if not isinstance(text, Sentence):
            return text
        values = {
            key: self.kpi_label(value)
            if key == "kpi"
            else self.period(value)
            if key.endswith("month")
            else value
            for key, value in text.values.items()
        }
        return self.gettext(text.template) % values

    def label(self, value: str) -> str:
        """What a field's value is called; a value without a label (a segment) shows as is."""
        return self.labels.get(value, value)

    def comment_meta(self, comment: Comment) -> str:
        """The line under a comment: "12.03.2026 · Online · NPS 9" (its segment and its score
        where it has them). Kept by what it is made of: a touchpoint page shows 60 comments,
        and a site's comments share few dates, segments and scores. The key holds the score
        as it is, its whole number (as the template's `| int`) made on a miss only."""
        key = (comment.date, comment.segment, comment.kpi, comment.score)
        text = self._comment_meta.get(key)
        if text is None:
            text = self.date(comment.date)
            if comment.segment:
                text += " · " + self.label(comment.segment)
            if comment.kpi:
                text += f" · {self.kpi_label(comment.kpi)} {do_int(comment.score)}"
            self._comment_meta[key] = text
        return text

    def quoted(self, text: str) -> str:
        """A text quoted as the language quotes: “Lieferung” in English, „Lieferung“ in German."""
        return self.gettext("“{text}”").format(text=text)

    @property
    def percent_sign(self) -> str:
        return percent_sign(self.babel_locale)

    def number(self, value: float | int | None, decimals: int = 0) -> str:
        if value is None:
            return "–"
        return formatted_number(value, decimals, self.babel_locale)

    def kpi_number(self, kpi: str, value: float | None, more: int = 0) -> str:
        """A KPI value in its usual form: NPS signed points, CSAT percent, means one decimal
        (`more` decimals beyond that)."""
        if value is None:
            return "–"
        return kpi_text(kpi, value, self.babel_locale, more)

    def kpi_delta(self, delta: float | None, kpi: str, within: Difference | None = None) -> str:
        """A KPI's change, always signed: NPS points, CSAT percentage points, means 1 decimal.
        A difference's figure and its interval's ends, each given the difference (`within`),
        take one precision: a decimal more where the ends would read alike ("+0,1 to +0,1"),
        where the difference would read as one of its ends ("+0.4 pp (+0.3 pp to +0.4 pp)"
        for 0.38, 0.31 to 0.44; as `shown_decimals` has it for a figure), or where an
        interval across zero would read as ending at it ("0 to +1" for -0.4 to +0.6, as if
        no difference below zero were possible) and a decimal more shows it."""
        if delta is None:
            return "–"
        unit, decimals = _kpi_format(kpi)
        if within is not None:
            decimals += difference_decimals(
                decimals, within.difference, within.low, within.high, self.babel_locale
            )
        # not kept (`formatted_number`): a difference's figure and ends are written once
        text = _number_text(delta, decimals, self.babel_locale)
        if not text.startswith("−") and text.strip("0.,"):
            text = "+" + text
        if unit == PERCENT:
            # TRANSLATORS: a change in percentage points, "+5 pp"
            text = self.gettext("{points} pp").format(points=text)
        return text

    def percent(self, value: float | None, decimals: int = 0) -> str:
        """A value already in percent, with the locale's sign: "42,5 %", "42.5%"."""
        if value is None:
            return "–"
        return self.number(value, decimals) + self.percent_sign

    def measured(self, value: float | None, unit: str = "", decimals: int = 2) -> str:
        """A business figure with its unit: "3.48%" / "3,48 %" (the language's percent sign),
        "8,00 €"."""
        if unit == "%":
            return self.percent(value, decimals)
        text = self.number(value, decimals)
        return f"{text} {unit}" if unit and value is not None else text

    def share(self, count: int, total: int) -> str:
        """count as a percentage of total; '–' when there is nothing to divide by."""
        if not total:
            return "–"
        return self.percent(100 * count / total)

    def pvalue(self, p: float) -> str:
        """A p-value as people read it: '< 0,001' below a thousandth, else three decimals."""
        if p < 0.001:
            return "< " + self.number(0.001, 3)
        return self.number(p, 3)

    def p_clause(self, p: float) -> str:
        """A p-value in a sentence: 'p < 0,001' or 'p = 0,130' (never 'p = < 0,001')."""
        shown = self.pvalue(p)
        return "p " + shown if shown.startswith("<") else "p = " + shown

    def signed(self, value: float | None, decimals: int = 0) -> str:
        """A number with its sign, as on the -3..+3 emotion axis: +1,5 / 0 / -2."""
        text = self.number(value, decimals)
        return "+" + text if value is not None and text.strip("0,.") and value > 0 else text

    def kpi_value(self, estimate: KpiEstimate) -> str:
        """The figure, at the precision it shares with its interval (`shown_decimals`)."""
        if estimate.value is None:
            return "–"
        return figure_text(
            estimate.kpi,
            estimate.value,
            estimate.target,
            estimate.low,
            estimate.high,
            self.babel_locale,
        )[0]

    def grade(self, estimate: KpiEstimate) -> str:
        """Where a figure stands, with the target it is graded against: "below target +20"."""
        text = self.label(estimate.grade)
        if estimate.grade in GRADES and estimate.target is not None:
            return f"{text} {self.kpi_number(estimate.kpi, estimate.target)}"
        return text

    def respondents(self, estimate: KpiEstimate) -> str:
        """After a pooled figure's n (its answers): how many respondents gave them; nothing
        where each answer is a respondent of its own."""
        if not estimate.pooled or not estimate.n:
            return ""
        if estimate.respondents is None:
            return " · " + self.gettext("several answers per respondent")
        count = self.number(estimate.respondents)
        return " · " + self.ngettext(
            "from {count} respondent", "from {count} respondents", estimate.respondents
        ).format(count=count)

    def kpi_interval(self, estimate: KpiEstimate) -> str:
        """The 95 % interval, at the precision it shares with its figure (`shown_decimals`)."""
        if estimate.low is None or estimate.high is None:
            return "–"
        return self.value_and_interval(estimate)[1]

    def value_and_interval(self, estimate: KpiEstimate) -> tuple[str, str]:
        """`kpi_value` and `kpi_interval` of `estimate`, worked out together and kept
        (`estimate_texts`): a page writes an estimate's figure, its interval and a chart's
        hover of them, each through a filter of its own."""
        return estimate_texts(
            estimate.kpi,
            estimate.value,
            estimate.target,
            estimate.low,
            estimate.high,
            self.babel_locale,
            # TRANSLATORS: a confidence interval, "−48 to +1"
            self.gettext("{low} to {high}"),
        )

    def figure_text(self, estimate: KpiEstimate, written: tuple[str, str] | None = None) -> str:
        """A figure with its interval and n in plain text, as a chart's hover reads it: "−29
        (95% CI −35 to −22; n = 630)"; the words partials/figure.html writes in a page.
        `written`: its `value_and_interval`, where the caller has them already."""
        value, interval = written or self.value_and_interval(estimate)
        ci = ""
        if estimate.value is not None and estimate.low is not None:
            ci = f"{self.gettext('95% CI')} {interval}; "
        n = self.number(estimate.n)
        return f"{value} ({ci}n = {n}{self.respondents(estimate)})"

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "–"
        return formatted_date(value, self.babel_locale)

    def period(self, period: str) -> str:
        """A short label for a month ('Nov 25', 'Mär 26') or a quarter ('Q1 26')."""
        return period_label(period, self.babel_locale)

    def period_text(self, period: str, partial: bool) -> str:
        """A period's label, "Q4 26, partial" where the data covers it in part: with a comma,
        not in brackets, as the label mostly stands in brackets already ("(latest period,
        Q4 26, partial)", never "(latest period, Q4 26 (partial))")."""
        label = period_label(period, self.babel_locale)
        return self.gettext("{period}, partial").format(period=label) if partial else label


@lru_cache(maxsize=1 << 12)
def period_label(period: str, locale: str) -> str:
    """Locale.period's label, kept: every trend chart and table labels the same periods."""
    year, part = period.split("-")
    if part.startswith("Q"):
        return f"{part} {year[2:]}"
    return f"{month_names(locale)[int(part) - 1]} {year[2:]}"
