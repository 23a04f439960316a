"""A `data:` entry to paste into touchsite.yml, guessed from an inspection.

Score columns go to the touchpoint whose words their question uses; what cannot be matched is
written as a comment to edit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pyarrow as pa

from touchsite.kpi import Scale
from touchsite.load.formats.layouts import HEADER_ROWS
from touchsite.load.formats.shape import FileShape
from touchsite.load.inspect.profiles import (
    NPS_WORDS,
    SATISFACTION_WORDS,
    WORDS_TOGETHER,
    ColumnProfile,
    Inspection,
    averaged,
    fraud_flagged,
    hidden_field,
    importance,
    kpi_of,
    nps_coded_from_one,
    own_date,
    rating_not_nps,
    six_points,
    stray_answers,
    tool_column,
)
from touchsite.load.mapping.columns import (
    SUBMISSION_IDS,
    TOOL_COLUMNS,
    default_column,
    default_columns,
    find_column,
    normal,
    submission_column,
    tool_of,
)
from touchsite.load.mapping.scores import leading_number
from touchsite.load.mapping.status import unfinished
from touchsite.load.sources import UNIX, database_table
from touchsite.models import OVERALL

WORDS = re.compile(r"[a-zäöüß]+")
COMMENT_WORDS = ("kommentar", "comment", "anmerk", "sagen", "tell us", "warum", "why", "feedback")
COMMENT_WORDS += ("verbesser", "improve", "anything", "möchten sie uns")
COMMENT_WORDS += ("better", "besser")  # "What could we do better?", "Was können wir besser machen?"
# a review's text by its name (idealo's and Check24's "Bewertungstext"), however short its
# texts ("Top Händler")
COMMENT_WORDS += ("bewertungstext", "rezensionstext", "freitext", "review text")
# A closing question asks about anything at all, whatever it follows: "Anything else?",
# "Möchten Sie uns sonst noch etwas sagen?", "Was möchten Sie uns noch mitteilen?", "Haben
# Sie noch Anregungen?" (one that names a touchpoint is that touchpoint's all the same).
# Not "uns noch" alone: "Wo können wir uns noch verbessern?" after one touchpoint's rating
# is a wish about it (WISH_WORDS).
GENERAL_WORDS = ("anything else", "else", "additional", "further", "general", "other comment")
GENERAL_WORDS += ("sonst", "weitere", "noch etwas", "allgemein", "abschließend")
GENERAL_WORDS += ("noch sagen", "noch mitteilen", "mit auf den weg", "noch anmerk", "noch anreg")
GENERAL_WORDS += ("noch wünsch",)
# A wish for the better that names nothing ("Was können wir besser machen?", "What could we
# improve?"): after a single touchpoint's rating (a survey sent after a delivery, or one that
# asks it after each rating) it is about that touchpoint; after several touchpoints' (a
# journey's survey, a matrix of them) about the company as a whole, not about the
# touchpoint that happens to be rated last.
WISH_WORDS = ("besser", "verbesser", "better", "improve")
SEGMENT_WORDS = ("segment", "kundentyp", "kundengruppe", "customer type", "describes you")
SEGMENT_WORDS += ("customer_type", "kundenart")


def _words(text: str) -> set[str]:
    return {word for word in WORDS.findall(text.casefold()) if len(word) >= 4}


# The wording of the standard recommendation question itself ("How likely are you to recommend
# us to a friend or colleague?"): it names no touchpoint, so these words must not match one
# (a "Freunde werben" programme, say), and the question falls to the overall touchpoint.
QUESTION_WORDS = frozenset(
    {
        *("wahrscheinlich", "empfehlen", "weiterempfehlen", "freund", "freunde", "freundin"),
        *("bekannten", "kollegen", "likely", "recommend", "friend", "friends", "colleague"),
        "colleagues",
    }
)


# Words of four letters or more that name nothing: a matrix question's "How satisfied were
# you with the following?" gave "with" to a touchpoint titled "... with Time Slot ...".
FUNCTION_WORDS = frozenset(
    {
        *("with", "were", "your", "from", "this", "that", "these", "have", "what", "when"),
        *("which", "about", "following", "would", "very", "much", "into", "over", "their"),
        *("satisfied", "zufrieden", "folgenden", "einer", "einem", "eine", "ihre", "ihrer"),
        *("ihrem", "ihren", "sind", "waren", "wurde", "wurden", "sehr", "über", "durch"),
        *("nach", "oder", "auch", "nicht", "dass", "sich", "haben", "unser", "unsere"),
        *("unserer", "unserem", "unseren", "beim", "zum", "vom"),
    }
)


def match_touchpoint(question: str, touchpoints: dict[str, str]) -> str | None:
    """The touchpoint whose title or id words the question uses most: a whole word counts
    two, a shared five-letter prefix one ("Produktsuche" is the search, not the advice).
    None where another touchpoint's names hold every word the best one holds whole: only
    prefixes put it first ("der Lieferung" is "Lieferung & Aufbau" as well as "Terminwahl
    für die Lieferung", whose "Liefertermin" shares "Liefe"), and the consultant decides."""
    best, undecided = _best_touchpoint(question, touchpoints)
    return None if undecided else best


def _best_touchpoint(question: str, touchpoints: dict[str, str]) -> tuple[str | None, bool]:
    """match_touchpoint's choice, and whether it is left to the consultant: a question that
    names a touchpoint, if not which one ("der Lieferung"), still names one."""
    words = {w for w in _words(question) if w not in QUESTION_WORDS | FUNCTION_WORDS}
    best, score, whole = None, 0, set()
    found = []
    for touchpoint_id, title in sorted(touchpoints.items()):
        names = (_words(title) | _words(touchpoint_id.replace("-", " "))) - FUNCTION_WORDS
        hits = sum(
            2 if n in words else int(any(w[:5] == n[:5] for w in words if len(w) >= 4))
            for n in names
        )
        found.append((touchpoint_id, words & names))
        if hits > score:
            best, score, whole = touchpoint_id, hits, words & names
    undecided = bool(whole) and any(other != best and whole <= named for other, named in found)
    return best, undecided


def names_touchpoint(question: str, touchpoints: dict[str, str]) -> bool:
    """Whether the question names a touchpoint, decided or not (match_touchpoint)."""
    return _best_touchpoint(question, touchpoints)[0] is not None


def proposed_layout(inspection: Inspection, touchpoints: dict[str, str]) -> str:
    """The layout detected, or a long table where a column's values name touchpoints. A
    long table has one column for each KPI: two of one KPI (a CSAT question for the
    delivery and one for the checkout) are a wide export's, whatever a column of short
    answers names ("Was können wir besser machen?" answered "Lieferung").

    A survey tool's export may be one transactional survey for every touchpoint, each
    response's touchpoint in a column of its own: Qualtrics' embedded data ("Touchpoint"),
    a SurveyMonkey custom variable (written before the questions, nothing under its name),
    a Typeform hidden field (after the answers, under a name of the link's): the questions'
    columns hold answers, never where the customer answered."""
    shape = inspection.shape
    if any(c.stacked for c in inspection.columns):
        return "wide"  # one row per question: each question mapped with its where:
    # Only these tools' exports tell their questions' columns from the others (Qualtrics by
    # its ImportIds, SurveyMonkey by its second header row, Typeform by where and how it
    # names its hidden fields): in Google Forms', a question asked as a request ("Welche
    # Filiale ...") reads as a column naming where.
    detected = shape.layout in ("qualtrics", "surveymonkey", "typeform") or (
        shape.layout == "wide" and "format" in shape.detected
    )
    naming = [c for c in inspection.columns if _may_name_rows(shape, c.index)]
    # a Typeform question whose title is one lower-case word, written last before the tool's
    # own columns, reads as a hidden field by its name: its answers, a value or two each
    # ("Zu langsam, die Hotline"), not a link's few repeated ones, tell it apart; a field
    # each of whose values is a touchpoint's id or title is a link's, however few the rows
    # (a pilot's first responses, one per touchpoint)
    if shape.layout == "typeform":
        naming = [c for c in naming if 2 * len(c.distinct) <= c.filled or _ids(c, touchpoints)]
    kpis = Counter(kpi for c in inspection.columns if (kpi := kpi_of(c)))
    one_each = max(kpis.values(), default=0) <= 1
    if detected and one_each and _aspect_column(naming, touchpoints):
        return "long"  # a column names the touchpoint ("Kasse"): one row per answer
    return shape.layout


def _may_name_rows(shape: FileShape, index: int) -> bool:
    """Whether a column may name each row's touchpoint: none of a question's answers, where
    the export tells them from its other columns (proposed_layout)."""
    return (
        (shape.layout != "surveymonkey" or tool_column(shape, index))
        and (shape.layout != "typeform" or hidden_field(shape, index))
        and not _qualtrics_question(shape, index)
    )


def _qualtrics_question(shape: FileShape, index: int) -> bool:
    """Whether a Qualtrics export's column holds a question's answers (its ImportId is a
    question's, QID...): what the customer said, worded as a request as often as not ("Bitte
    wählen Sie ..."), never where the response was given, as embedded data says."""
    if shape.layout != "qualtrics":
        return False
    # the legacy exporter writes no ImportIds: a question's column is named Q1, Q3_2, 2_Q5
    # (loop and merge), Q4_TEXT unless renamed
    aliases = shape.aliases[index]
    return any(a.startswith("QID") for a in aliases) or bool(
        QUALTRICS_QUESTION_TAG.fullmatch(shape.columns[index])
    )


QUALTRICS_QUESTION_TAG = re.compile(r"(?:\d+_)?Q\d+(?:_\d+)*(?:_TEXT)?")


def mapped_format(shape: FileShape, layout: str) -> str:
    """The `format:` a mapping in `layout` names: a tool's export read one answer per row
    (proposed_layout) stays the tool's, for its header rows, its column names, its dates."""
    return shape.layout if layout == "long" and shape.layout not in ("wide", "long") else layout


def mapping_snippet(
    inspection: Inspection,
    data_path: str,
    touchpoints: dict[str, str],
    ces_scale: Scale | bool | None,
    privacy_given: bool = False,
    binary: bool = False,
) -> str:
    """A `data:` entry for touchsite.yml, ready to paste; unmatched columns as comments.
    `ces_scale`: the project's kpis.ces_scale (True where it has one of no known range).

    With comment columns, the privacy settings that publish them follow (commented out where
    the project has its own already)."""
    shape = inspection.shape
    columns = inspection.columns
    q = _quote
    layout = proposed_layout(inspection, touchpoints)
    own = mapped_format(shape, layout)
    table = database_table(data_path)
    entry = [f"  - engine: {table[0]}", f"    table: {q(table[1])}"] if table else []
    lines = ["data:", *(entry or [f"  - path: {q(data_path)}"]), f"    format: {own}"]
    if shape.kind in ("csv", "xlsx") and shape.header_rows != HEADER_ROWS.get(shape.layout, 1):
        lines.append(f"    header_rows: {shape.header_rows}")
    if shape.kind == "csv" and shape.encoding != "utf-8":
        lines.append(f"    encoding: {shape.encoding}")
    if shape.kind == "csv" and shape.separator != ",":
        lines.append(f"    separator: {q(shape.separator)}")
    if shape.kind == "xlsx":
        lines.append(f"    sheet: {q(shape.sheet)}")
    used: set[int] = set()
    respondent = default_column(shape, "respondent")
    if respondent is None:
        # a person's id before a submission's: Tally's Respondent ID after its Submission ID
        ids = sorted(
            (c for c in columns if c.kind == "id"), key=lambda c: normal(c.name) in SUBMISSION_IDS
        )
        respondent = ids[0].index if ids else None
        if respondent is not None:
            lines.append(f"    respondent: {q(columns[respondent].name)}")
    if respondent is not None:
        used.add(respondent)
        submission = submission_column(shape, respondent)
        if submission is not None:
            note = _per_person(columns[respondent], columns[submission])
            if lines[-1].startswith("    respondent:"):
                lines[-1] += f"  # {note}"
            else:
                lines.append(f"    # {q(columns[respondent].name)}: {note}")
    tool_dates = default_columns(shape, "date")
    date = tool_dates[0] if tool_dates else None
    # the response's own date before a reply's, an update's or the start's; the last of
    # equals in a wide export (an end date after the start), the first in a long table
    dated = [c for c in columns if c.kind == "date"]
    dated = [c for c in dated if own_date(c, columns) == max(own_date(d, columns) for d in dated)]
    # a moment written as a date before the same as Unix time (Google Play's "Review Submit
    # Date and Time" beside its "Review Submit Millis Since Epoch"): the one a person reads
    dated = [c for c in dated if c.date_format != UNIX] or dated
    named = date is None and bool(dated)
    if named:
        date = dated[-1].index if own != "long" else dated[0].index
    if date is not None:
        fallbacks, note = _date_fallbacks(columns, date, tool_dates[1:])
        after = f"  # {note}" if note else ""
        if fallbacks:
            listed = ", ".join(q(columns[index].name) for index in (date, *fallbacks))
            lines.append(f"    date: [{listed}]{after}")
        elif named:
            lines.append(f"    date: {q(columns[date].name)}{after}")
        elif note:
            lines.append(f"    # {note}")
        if not named:
            lines += _unfinished_note(inspection)
        used |= {date, *fallbacks}
        read = columns[date]
        if not read.date_format:  # an export of partial responses alone: no submit date
            read = next((columns[i] for i in fallbacks if columns[i].date_format), read)
        if read.either_date_order:  # a format given would hold for a later day after the 12th
            lines.append(
                "    # no date_format: every date read is the same day with day and month either "
                f"way round ({q(read.date_format)} or {q(read.either_date_order)}); the build "
                "finds the order from all of the file's dates"
            )
        elif read.date_format:
            lines.append(f"    date_format: {q(read.date_format)}")
        if read.other_date_order:
            lines[-1] += (
                "  # EDIT: no day after the 12th says which comes first, day or month: "
                f"the other order is {q(read.other_date_order)}"
            )
    else:
        day = dt.date.today() if table else dt.date.fromtimestamp(shape.path.stat().st_mtime)
        lines.append(
            f"    date: {day.isoformat()}  # EDIT: no date column; the day of the survey (this "
            + ("is today's date" if table else "is the file's")
            + ")"
        )
    lines += _fraud_note(inspection)
    segments = [
        c
        for c in columns
        if c.index not in used and any(word in normal(c.question) for word in SEGMENT_WORDS)
    ]
    if segments:
        lines.append("    segment: " + ", ".join(q(c.name) for c in segments[:1]))
        used.add(segments[0].index)
    comments: list[ColumnProfile] = []
    if layout == "long":
        # a custom variable left empty: the survey's link opened without it
        linked = inspection.responses if own != layout else 0
        lines += _long_mapping(shape, columns, used, touchpoints, comments, linked)
    else:
        lines += _wide_mapping(columns, used, touchpoints, bool(ces_scale), comments)
    if own == layout:
        lines += _custom_variable_notes(inspection, used)
    lines += _scale_notes(columns, binary)
    if isinstance(ces_scale, Scale):
        lines += _ces_scale_mismatch(columns, lines, ces_scale)
    if shape.layout == "surveymonkey":
        lines += _choice_order_notes(columns, used)
    if layout == "long" and not ces_scale:
        lines += _ces_scale_note(columns, lines)
    # the labels of a column numbered against its words are its own (_score_spec): at the
    # entry, "2": 4 would read every other column's 2 as 4; so are a Good/Bad rating's and
    # those of an NPS coded 1-11, which name the KPI's points, one lower than their codes
    # a stacked export's answers are profiled for each question (ColumnProfile.stacked)
    profiled = [*columns, *(part for c in columns for part in c.stacked.values())]
    labels = {
        label: number for c in profiled if not _own_labels(c) for label, number in c.labels.items()
    }
    if labels:
        lines.append("    labels:")
        for label, number in _by_number(labels):
            lines.append(f"      {q(label)}: {int(number)}")
    not_used = sorted({value for c in profiled for value in c.not_used if c.kind != "comment"})
    if not_used:
        lines.append("    not_used: [" + ", ".join(q(value) for value in not_used) + "]")
    if comments:
        lines += _privacy(comments, privacy_given)
    return "\n".join(lines) + "\n"


def _per_person(respondent: ColumnProfile, submission: ColumnProfile) -> str:
    """What a respondent's id that a person keeps across submissions means for the counts,
    and how to count each submission instead."""
    counts = Counter(respondent.sequence)
    again = [n for n in counts.values() if n > 1]
    here = (
        f"here {len(again)} sent more than one, {sum(again)} in all"
        if again
        else "none here sent more than one"
    )
    return (
        "the same on each submission of a person (a browser): a touchpoint rated again in a "
        f"later submission is left out as repeated ({here}); to count each submission, "
        f"write respondent: {_quote(submission.name)}"
    )


def _date_fallbacks(
    columns: list[ColumnProfile], date: int, tool_dates: list[int]
) -> tuple[list[int], str]:
    """The date columns that date the rows with answers the `date` column leaves empty (a
    response never submitted: answered in part, then left, has a start date only), the
    tool's own first; and a comment on those rows ("" where there are none)."""
    answers = ("number", "labels", "binary", "comment")
    answered = {row for c in columns if c.kind in answers for row in c.positions}
    undated = answered - set(columns[date].positions)
    if not undated:
        return [], ""
    others = [c for c in columns if c.kind == "date" and c.index != date]
    others.sort(key=lambda c: (c.index not in tool_dates, -len(undated & set(c.positions))))
    # one date_format reads them all
    written = columns[date].date_format
    fallbacks, left = [], set(undated)
    for column in others:
        if left & set(column.positions) and column.date_format == (written or column.date_format):
            fallbacks.append(column.index)
            left -= set(column.positions)
            written = column.date_format
    said = (
        f"{len(undated)} of {len(answered)} rows with answers have no {_quote(columns[date].name)}"
    )
    if not fallbacks:
        return [], f"{said}: left out as having no date (responses never submitted? totals?)"
    by = " or ".join(_quote(columns[index].name) for index in fallbacks)
    return fallbacks, (
        f"{said} (a response never submitted: answered in part, then left): dated by their "
        f"{by}, not left out" + (f"; {len(left)} by none, left out" if left else "")
    )


def _unfinished_note(inspection: Inspection) -> list[str]:
    """How the tool's dates date a Qualtrics response left unfinished (mapping.columns'
    TOOL_COLUMNS), with the count of those sampled: a comment line, none for other tools."""
    shape, columns = inspection.shape, inspection.columns
    finished, started = default_column(shape, "finished"), default_column(shape, "started")
    if finished is None or started is None:
        return []
    values = columns[finished].distinct
    marked = unfinished(pa.array(list(values), pa.string()))
    left = sum(n for (value, n), late in zip(values.items(), marked, strict=True) if late)

    def named(index: int, key: str) -> str:
        """A column by its name, and the tool's where that is another (legacy's V9)."""
        own = next(n for n in TOOL_COLUMNS[tool_of(shape)][key] if find_column(shape, n) == index)
        name = shape.columns[index]
        return _quote(name) + (f" ({own})" if own != name else "")

    here = f": {left} here" if left else ""
    return [
        f"    # dated by {named(default_columns(shape, 'date')[0], 'date')}; a response left "
        f"unfinished ({named(finished, 'finished')} False or 0{here}) by its "
        f"{named(started, 'started')}: Qualtrics records it only when its session expires, "
        "a week after its last page by default (a date column named in the mapping dates "
        "every response)"
    ]


def _fraud_note(inspection: Inspection) -> list[str]:
    """What Qualtrics' fraud checks in the file flag (profiles.FRAUD_CHECKS), and that they
    are counted: a comment line, none where the export holds no such check."""
    flagged = [(name, flag, rows) for name, flag, rows in fraud_flagged(inspection.columns) if rows]
    if not flagged:
        return []
    either = len(set().union(*(rows for _, _, rows in flagged)))
    said = "; ".join(f"{_quote(name)} {flag}: {len(rows):,}" for name, flag, rows in flagged)
    return [
        f"    # Qualtrics' fraud checks flag {either:,} of the {inspection.responses:,} responses "
        f"here as a bot's or a duplicate ({said}): they are counted as any other; to leave "
        "them out, filter them out in Qualtrics (or have its bot detection mark them as spam) "
        "and export again"
    ]


def _privacy(comments: list[ColumnProfile], given: bool) -> list[str]:
    """The settings that publish the comment columns: e-mails, phones, IBANs are redacted."""
    names = ", ".join(_quote(c.name) for c in comments)
    lines = [
        "privacy:  # comments are published with e-mail addresses, phone numbers, IBANs and "
        "addresses removed",
        "  comments: true  # false keeps every comment out of the site",
        f"  comment_columns: [{names}]  # only these are published",
    ]
    if given:
        return ["# touchsite.yml has privacy: already; merge these settings into it:"] + [
            "# " + line for line in lines
        ]
    return lines


def _long_mapping(
    shape: FileShape,
    columns: list[ColumnProfile],
    used: set[int],
    touchpoints: dict[str, str],
    mapped_comments,
    linked: int = 0,
) -> list[str]:
    """`linked`: the rows of a tool's export whose custom variable names the touchpoint."""
    lines = []
    names = {normal(c.name): c for c in columns}
    typed = [c for c in columns if c.index not in used and c.kpis_by]
    used |= {c.index for c in columns if c.name in {t.kpis_by for t in typed}}
    # the column whose values name the most touchpoints (an aspect, a service), else the
    # one with the fewest values; never a question's answers, where the export tells them
    touchpoint = names.get("touchpoint") or min(
        (
            c
            for c in columns
            if c.kind == "text"
            and c.index not in used
            and not c.more_distinct
            and not c.personal
            and _may_name_rows(shape, c.index)
        ),
        key=lambda c: (-_named(c, touchpoints), len(c.distinct), c.index),
        default=None,
    )
    if touchpoint is not None:
        lines.append(f"    touchpoint: {_quote(touchpoint.name)}")
        used.add(touchpoint.index)
        lines += _touchpoint_values(touchpoint, touchpoints)
        if linked > touchpoint.filled:  # answered where the link named no touchpoint
            if not lines[-1].startswith("      "):
                lines.append("    touchpoint_values:")
            lines.append(
                f'      "": {OVERALL}  # {linked - touchpoint.filled} of {linked} rows name '
                "none (the survey's link opened without it): the company as a whole"
            )
    scores = [(kpi_of(c), c) for c in columns if c.index not in used and kpi_of(c)]
    if scores or typed:
        lines.append("    scores:")
        for kpi, column in scores:
            spec, note = _score_spec(kpi, column)
            lines.append(f"      {kpi}: {spec}" + (f"  # {note}" if note else ""))
            used.add(column.index)
        # a rating column of several KPIs: each read where the column beside it names it
        done = {kpi for kpi, _ in scores}
        for column in typed:
            lines += [
                f"      {kpi}: {spec}" for kpi, spec in _typed_specs(column) if kpi not in done
            ]
            done |= set(column.kpis)
            used.add(column.index)
    comments = [c for c in columns if c.index not in used and _is_comment(c)]
    if comments:
        lines.append(f"    comment: {_quote(comments[0].name)}")
        mapped_comments.append(comments[0])
    return lines


# A column named for why the customer got in touch: a call centre's or a help desk's
# "Anliegen" (Lieferstatus, Beratung, Rechnung), "Kontaktgrund", "Thema", "Call reason". The
# rating beside it is of the call or the ticket, whatever the call was about.
CONTACT_REASON = re.compile(
    r"(ihr |das )?(anliegen|kontaktgrund|anrufgrund|anlass|thema|betreff|grund"
    r"( des (anrufs|kontakts)| der kontaktaufnahme| ihres anrufs)?)( des kunden)?|"
    r"((contact|call|ticket) )?(reason|topic|subject)( for (the )?(call|contact))?"
)


def _aspect_column(columns: list[ColumnProfile], touchpoints: dict[str, str]) -> bool:
    """Whether a column's values name each row's touchpoint: "Lieferung", "Kasse", ... A
    question's answers do not, whatever they name: they are what customers said ("Was können
    wir besser machen?" answered "Lieferung"), not where they answered; nor does why they
    called (CONTACT_REASON): a call about the delivery rates the call. Nor does a column
    whose every value stands once and names no touchpoint of its own (_names_rows): a link
    to each review (Google Play's "Review Link", play.google.com/...) names
    "Google-Bewertungen" in every row."""
    return any(
        c.kind == "text"
        and not c.more_distinct
        and not c.personal  # who answered (t-online.de's addresses name no "Online-Shop")
        and not any(_asked(text) for text in (c.name, c.question))
        and not CONTACT_REASON.fullmatch(" ".join(re.sub(r"[^\w ]", " ", normal(c.name)).split()))
        and not _record_type(c)
        and _names_rows(c, touchpoints)
        for c in columns
    )


# A program's constant: upper-case words joined by underscores (SERVICE_REVIEW)
CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _record_type(column: ColumnProfile) -> bool:
    """Whether a column is an API's type of record, its schema's constants (Trusted Shops'
    reviews: `type` SERVICE_REVIEW or PRODUCT_REVIEW): what kind of record a row is, never
    where the customer was. Its words named touchpoints ("Servicetechniker vor Ort", "Product
    search"), and a shop's reviews were proposed as theirs."""
    key = normal(column.name).rpartition(".")[2]
    return (
        key == "type"
        and bool(column.distinct)
        and all(CONSTANT.fullmatch(value) for value in column.distinct)
    )


def _names_rows(column: ColumnProfile, touchpoints: dict[str, str]) -> bool:
    """Whether a column's values name its rows' touchpoints. Where values repeat, two or
    more that name one: a store's branches ("Filiale Bonn", "Filiale Köln") name the one
    touchpoint "Filiale" of a file about it, as Qualtrics' embedded data or a SurveyMonkey
    custom variable passes them. Where each stands once, two touchpoints or more, each value
    a touchpoint's id or title or one of its own (_one_each): a link to each review names
    the same touchpoint in every row, a text what it happens to."""
    if len(column.distinct) < column.filled:
        return _named(column, touchpoints) >= 2
    many = len(_touchpoints_named(column, touchpoints)) >= 2
    return many and (_ids(column, touchpoints) or _one_each(column, touchpoints))


def _one_each(column: ColumnProfile, touchpoints: dict[str, str]) -> bool:
    """Whether each of a column's values names a touchpoint no other value names: a pilot's
    first responses, one per touchpoint, as the survey's link wrote it ("Lieferung" for
    "Lieferung & Aufbau"). A link to each review names the same one in every row."""
    named = _touchpoints_named(column, touchpoints)
    return _named(column, touchpoints) == len(column.distinct) == len(named)


# what Qualtrics writes after a question's text in the column of its answer where the
# question has a choice with a text field ("Wie haben Sie uns kontaktiert? - Selected Choice")
SELECTED_CHOICE = re.compile(r"\s+-\s+(selected choice|ausgewählte auswahlmöglichkeit)\s*$", re.I)


def _asked(text: str) -> bool:
    """Whether a column's name or text is a question (ends with its question mark)."""
    return SELECTED_CHOICE.sub("", text).rstrip().endswith("?")


def _ids(column: ColumnProfile, touchpoints: dict[str, str]) -> bool:
    """Whether each of a column's values is a touchpoint's id or title, as a link writes it."""
    titles = {title.strip().casefold() for title in touchpoints.values()}
    return bool(column.distinct) and all(
        value in touchpoints or value == OVERALL or value.strip().casefold() in titles
        for value in column.distinct
    )


def _named(column: ColumnProfile, touchpoints: dict[str, str]) -> int:
    return sum(
        value in touchpoints or value == OVERALL or names_touchpoint(value, touchpoints)
        for value in column.distinct
    )


def _touchpoints_named(column: ColumnProfile, touchpoints: dict[str, str]) -> set[str]:
    """The touchpoints a column's values name, each once, decided or not (match_touchpoint)."""
    named = set()
    for value in column.distinct:
        best = value if value in touchpoints or value == OVERALL else None
        named.add(best or _best_touchpoint(value, touchpoints)[0])
    return named - {None}


def _touchpoint_values(column: ColumnProfile, touchpoints: dict[str, str]) -> list[str]:
    """Values that name an aspect or service ("Lieferung", "Kasse") mapped to touchpoint ids."""
    values = sorted(v for v in column.distinct if v not in touchpoints and v != OVERALL)
    if not values or not touchpoints:
        return []
    # A value that is a touchpoint's title is that touchpoint, however short ("App") and
    # whatever other titles share its words ("Delivery" beside "Express delivery").
    titled: dict[str, list[str]] = {}
    for touchpoint_id, title in touchpoints.items():
        titled.setdefault(title.strip().casefold(), []).append(touchpoint_id)
    lines = ["    touchpoint_values:"]
    for value in values:
        same = titled.get(value.strip().casefold(), [])
        touchpoint = same[0] if len(same) == 1 else match_touchpoint(value, touchpoints)
        if touchpoint is None:
            lines.append(f"      {_quote(value)}: ???  # EDIT: which touchpoint?")
        else:
            lines.append(f"      {_quote(value)}: {touchpoint}")
    return lines


def _is_comment(column: ColumnProfile) -> bool:
    question = normal(column.question)
    if column.added or column.headline:  # a review's title: its text beside it is the comment
        return False
    if column.kind == "comment":
        return True
    return column.kind == "text" and any(word in question for word in COMMENT_WORDS)


# What _wide_mapping's rates holds for a rating no touchpoint's words name: several such
# count as one touchpoint, as they may rate the same one (a delivery's CSAT and its CES).
UNNAMED = "?"


def _rated_since(column: ColumnProfile, columns, placed: dict, rates: dict) -> set[str]:
    """The touchpoints rated between the open question before `column` (or the start) and
    it: a survey that asks its wish after each rating asks it about that rating alone. A
    rating no touchpoint's words name rates one all the same (UNNAMED): "Wie zufrieden
    waren Sie mit der Lieferung?" before the advice's rating made a wish after both the
    advice's, and the delivery's complaints were published on its page."""
    since = max(
        (
            c.index
            for c in columns
            if c.index < column.index and _is_comment(c) and c.index not in placed
        ),
        default=-1,
    )
    return {tp for index, tp in rates.items() if since < index < column.index and tp != OVERALL}


def _wide_mapping(
    columns, used, touchpoints: dict[str, str], ces_scale: bool, mapped_comments: list
) -> list[str]:
    assigned: dict[str, dict[str, str]] = {}
    # scores no touchpoint's words name, each with the comment that asks about it after it
    unmatched: list[tuple[ColumnProfile, dict[str, str]]] = []
    placed: dict[int, str | dict[str, str]] = {}  # a score column's index: where it went
    rates: dict[int, str] = {}  # a score column's index: the touchpoint it rates, or UNNAMED
    commented: dict[str, list[ColumnProfile]] = {}  # a touchpoint's comment columns
    _stacked_mapping(columns, used, touchpoints, ces_scale, assigned, unmatched, mapped_comments)
    scored = [c for c in columns if c.index not in used and kpi_of(c)]
    # a file of one score (a review site's stars): its comments are about what it rated,
    # before it (Trustpilot's "Review Content") or after it (Google Play's "Review Text")
    only = scored[0].index if len(scored) == 1 else None
    # a rating that names nothing it rates rates the company, its text right after it or not
    # (Google's reviews: starRating, then comment); so does a file's one rating beside yes/no
    # questions (Amazon's feedback report: "Rating" beside "Arrived on Time", "Item as
    # Described"), which are about what they name
    rated = [c for c in scored if kpi_of(c) != "binary"]
    # ... and so does a file's one rating in a tool's codes (Freshdesk's API names its
    # ticket's rating ratings.default_question)
    bare = (
        rated[0].index
        if len(rated) == 1 and (_bare_rating(rated[0].question) or rated[0].coded)
        else None
    )
    # ... unless a comment follows it, which is its own: one apart from it is then about the
    # company as a whole, as in a survey's ("Warum?" after the score, "Was können wir besser
    # machen?" elsewhere)
    follows = [c for c in columns if only is not None and c.index == only + 1]
    if follows and follows[0].index not in used and _is_comment(follows[0]):
        only = None
    # ratings that name nothing they rate, left to place (a call centre's "Zufriedenheit mit
    # dem Gespräch"): a yes/no question beside them that names nothing either ("Anliegen
    # gelöst?") is about what they rate, not the company's overall question
    unplaced = any(
        kpi_of(c) in ("csat", "ces")
        and c.index != bare
        and not names_touchpoint(c.question, touchpoints)
        for c in scored
    )
    for column in columns:
        kpi = kpi_of(column) if column.index not in used else None
        if kpi is None:
            continue
        # a rating that names nothing rates the company, whatever touchpoint a rating word
        # of its name is part of the title of (eKomi's "Bewertung", "Google-Bewertungen")
        touchpoint = (
            None if column.index == bare else match_touchpoint(column.question, touchpoints)
        )
        note = ""
        recommends = any(word in normal(column.question) for word in NPS_WORDS)
        beside = kpi == "binary" and unplaced and not recommends
        # a review site's recommendation (ProvenExpert's "Weiterempfehlung") beside its stars
        # is the company's, as the stars are
        recommended = kpi == "binary" and recommends and kpi not in assigned.get(OVERALL, {})
        if (
            touchpoint is None
            and kpi in ("nps", "binary")
            and (OVERALL not in assigned or recommended)
            and not beside
        ):
            touchpoint = OVERALL
        elif touchpoint is None and column.index == bare:
            touchpoint, note = OVERALL, RATING_NOTE
        if kpi == "ces" and not ces_scale:
            unmatched.append((column, {"ces": _score_spec("ces", column)[0]}))
            unmatched[-1][1]["!"] = "add kpis: ces_scale first"
        elif touchpoint is None or kpi in assigned.get(touchpoint, {}):
            unmatched.append((column, {kpi: _score_spec(kpi, column)[0]}))
            placed[column.index] = unmatched[-1][1]
            rates[column.index] = touchpoint or UNNAMED
        else:
            spec, scale = _score_spec(kpi, column)
            about = _about(column, "; ".join(part for part in (scale, note) if part))
            assigned.setdefault(touchpoint, {})[kpi] = spec + about
            placed[column.index] = rates[column.index] = touchpoint
        used.add(column.index)
    # a rating column of several KPIs, each read where the column beside it names it: the
    # company's, as a feedback tool's NPS is (its CSAT may rate a ticket: write the help
    # desk's id in place of overall)
    for column in columns:
        if column.index in used or not column.kpis_by:
            continue
        for kpi, spec in _typed_specs(column):
            if kpi == "ces" and not ces_scale:
                unmatched.append((column, {kpi: spec, "!": "add kpis: ces_scale first"}))
            elif kpi in assigned.get(OVERALL, {}):
                unmatched.append((column, {kpi: spec}))
            else:
                assigned.setdefault(OVERALL, {})[kpi] = spec
        placed[column.index] = OVERALL
        used.add(column.index)
    for column in columns:
        if column.index in used or not _is_comment(column):
            continue
        touchpoint = match_touchpoint(column.question, touchpoints)
        if touchpoint not in assigned or touchpoint in commented:
            # the open question after a score asks about what the score rated ("What can
            # we do better at ...?"); one that follows none is about the company as a whole
            question = normal(column.question)
            wish = len(_rated_since(column, columns, placed, rates)) > 1
            wish = wish and any(word in question for word in WISH_WORDS)
            general = wish or any(word in question for word in GENERAL_WORDS)
            after = placed.get(column.index - 1)
            if after is None:  # a second comment apart from the one score: the company's
                after = placed.get(only, OVERALL)
                if isinstance(after, str) and after in commented:
                    after = OVERALL
            touchpoint = OVERALL if general else after
        if isinstance(touchpoint, dict):  # with a score no touchpoint's words name
            if "comment" not in touchpoint:
                touchpoint["comment"] = _quote(column.name)
                used.add(column.index)
                if only is not None and placed.get(only) is touchpoint:
                    # the file's one score and its text: pasted before the edit, the check
                    # fails (comment_columns names a column not mapped) rather than leaving
                    # the file out unnoticed
                    mapped_comments.append(column)
                else:
                    # published once mapped: comment_columns may name mapped columns only
                    touchpoint["#"] = f"then add {_quote(column.name)} to comment_columns"
                continue
            touchpoint = OVERALL
        # a touchpoint's second open question ("Why?" after the score, "Anything else?" at
        # the end, both the company's) is read beside its first
        commented.setdefault(touchpoint, []).append(column)
        mapped_comments.append(column)
        used.add(column.index)
    for touchpoint, asked in commented.items():
        if "comment" in assigned.get(touchpoint, {}):
            # a stacked export's open question is the touchpoint's comment (its where: reads
            # the answer column in its rows alone): a comment column beside the questions
            # belongs to no question the file names, so it is left to place
            for column in asked:
                unmatched.append((column, {"comment": _quote(column.name)}))
                mapped_comments.remove(column)
            continue
        names = [_quote(column.name) for column in asked]
        spec = names[0] if len(names) == 1 else f"[{', '.join(names)}]"
        about = _cut("; ".join(" ".join(column.text.split()) for column in asked if column.text))
        assigned.setdefault(touchpoint, {})["comment"] = spec + (f"  # {about}" if about else "")
    lines = ["    touchpoints:"]
    for touchpoint in sorted(assigned, key=lambda tp: (tp != OVERALL, tp)):
        lines.append(f"      {touchpoint}:")
        for key, spec in assigned[touchpoint].items():
            lines.append(f"        {key}: {spec}")
    if not assigned and not unmatched:
        lines.append("      {}  # no question matched a touchpoint: map them below")
    for column, specs in unmatched:
        before, after = specs.pop("!", ""), specs.pop("#", "")
        spec = ", ".join(f"{key}: {value}" for key, value in specs.items())
        about = "; ".join(part for part in (_about(column, before)[4:], after) if part)
        # marked EDIT: the README's consultant makes those edits only, and a review site's
        # stars left in a comment line would leave the file's only KPI out unnoticed
        lines.append(f"      # ???: {{{spec}}}  # EDIT: which touchpoint? {about}".rstrip())
    return lines


# The words of a rating that names nothing rated: a review site's "Review Stars", Google
# Play's "Star Rating", kununu's "Gesamtbewertung", ProvenExpert's "Note", a survey's "Wie
# zufrieden sind Sie insgesamt?"
RATING_NAMES = frozenset(
    {
        *("review", "reviews", "star", "stars", "rating", "ratings", "score", "overall"),
        *("sterne", "stern", "bewertung", "bewertungen", "gesamtbewertung", "gesamtnote"),
        *("note", "gesamt", "insgesamt", "wertung", "punkte", "points", "total"),
        "mark",  # Trusted Shops' reviews API: a review's "mark", 1.00 to 5.00
    }
)
# A nested JSON key's column name: the objects' keys and its own, joined by dots
JSON_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
RATING_NOTE = (
    "a review's stars with its text rate the company as a whole; where they rate one "
    "touchpoint (an app store's app, a store), write its id in place of overall"
)


def _bare_rating(question: str) -> bool:
    """Whether a score's question says it is a rating and names nothing it rates; its words
    may be written together, as JSON's keys are (Google's reviews' starRating). A JSON
    record's key is named by its own name: the objects it lies in (the App Store's
    `attributes.rating`) hold the record's fields, they name nothing rated."""
    if JSON_PATH.fullmatch(question):
        question = question.rsplit(".", 1)[1]
    words = _words(WORDS_TOGETHER.sub(" ", question))
    return words <= RATING_NAMES | FUNCTION_WORDS | QUESTION_WORDS


def _stacked_mapping(
    columns: list[ColumnProfile],
    used: set[int],
    touchpoints: dict[str, str],
    ces_scale: bool,
    assigned: dict[str, dict[str, str]],
    unmatched: list,
    mapped_comments: list[ColumnProfile],
) -> None:
    """A stacked export's questions (ColumnProfile.stacked), each read in the rows its text
    names (where:): its KPI and its touchpoint by its text, as a wide export's question's;
    an open question's answers as its touchpoint's comment, the company's where its text
    names none. A question whose answers fit no scale is left to map, with why."""
    stacked = [c for c in columns if c.stacked and c.index not in used]
    names = {normal(c.name): c for c in columns}
    # a touchpoint's open questions, by column (None: which touchpoint, left to decide)
    opened: dict[tuple[str | None, int], list[str]] = {}
    for column in stacked:
        naming = names[normal(column.kpis_by)]
        used |= {column.index, naming.index}
        numbered = _question_ids(columns, naming)
        for question, part in column.stacked.items():
            where = f"where: {{{_quote(column.kpis_by)}: {_quote(question)}}}"
            number = numbered.get(question, "")
            kpi = kpi_of(part)
            if kpi is None and part.kind in ("comment", "text") and not part.scale:
                # one that names a touchpoint, if not which, is left to decide: the
                # company's, its comments would not be the touchpoint's
                touchpoint, undecided = _best_touchpoint(question, touchpoints)
                touchpoint = None if undecided else touchpoint or OVERALL
                opened.setdefault((touchpoint, column.index), []).append(question)
                continue
            if kpi is None:
                spec = f"{{column: {_quote(column.name)}, {where}}}"
                unmatched.append((part, {"kpi?": spec, "!": _unmapped_reason(part), "#": number}))
                continue
            spec, scale = _score_spec(kpi, part)
            spec = (
                f"{{{spec[1:-1]}, {where}}}"
                if spec.startswith("{")
                else (f"{{column: {spec}, {where}}}")
            )
            touchpoint = match_touchpoint(question, touchpoints)
            if touchpoint is None and kpi in ("nps", "binary"):
                touchpoint = OVERALL
            notes = "; ".join(part for part in (scale, number) if part)
            if kpi == "ces" and not ces_scale:
                unmatched.append((part, {kpi: spec, "!": "add kpis: ces_scale first", "#": number}))
            elif touchpoint is None or kpi in assigned.get(touchpoint, {}):
                unmatched.append((part, {kpi: spec, "#": number}))
            else:
                assigned.setdefault(touchpoint, {})[kpi] = spec + (f"  # {notes}" if notes else "")
    # those left to decide last: their column is published already, or they say to
    for (touchpoint, index), questions in sorted(opened.items(), key=lambda o: o[0][0] is None):
        column = columns[index]
        asked = [_quote(q) for q in questions]
        named = asked[0] if len(asked) == 1 else "[" + ", ".join(asked) + "]"
        where = f"where: {{{_quote(column.kpis_by)}: {named}}}"
        spec = f"{{column: {_quote(column.name)}, {where}}}"
        if touchpoint is None or "comment" in assigned.get(touchpoint, {}):
            then = "" if column in mapped_comments else f"then add {_quote(column.name)} to "
            about = "; ".join([*questions, *([then + "comment_columns"] if then else [])])
            unmatched.append((column, {"comment": spec, "#": about}))
            continue
        assigned.setdefault(touchpoint, {})["comment"] = spec
        if column not in mapped_comments:
            mapped_comments.append(column)


def _question_ids(columns: list[ColumnProfile], naming: ColumnProfile) -> dict[str, str]:
    """Each question's id, where a column beside its text numbers the questions (a
    warehouse's question_id beside its question_text), as "question_id Q1"; else none."""
    by_row = dict(zip(naming.positions, naming.sequence, strict=True))
    for column in columns:
        if column is naming or column.kind not in ("text", "id") or column.more_distinct:
            continue
        pairs = {
            (by_row.get(row), value)
            for row, value in zip(column.positions, column.sequence, strict=True)
        }
        texts = {text for text, _ in pairs}
        if len(pairs) == len(texts) == len({v for _, v in pairs}) == len(naming.distinct):
            return {text: f"{column.name} {value}" for text, value in pairs if text}
    return {}


def _unmapped_reason(part: ColumnProfile) -> str:
    """Why a stacked question's answers are mapped to no KPI."""
    examples = ", ".join(_quote(v) for v in part.examples())
    if rating_not_nps(part):
        top = max(part.numbers + list(part.labels.values()))
        return (
            f"a rating up to {top:g} that asks no recommendation is no NPS, and CSAT is asked "
            "1-5: map it as nps only if it asks how likely one would recommend"
        )
    if six_points(part):
        return "a rating up to 6 that asks no effort is no CES: map it as ces only if it does"
    if part.mixed:
        return f"its scale changes ({part.mixed})"
    return f"its answers fit no one scale (e.g. {examples}): which KPI, which scale?"


def _ces_scale_note(columns: list[ColumnProfile], lines: list[str]) -> list[str]:
    """A long table's CES column is mapped as it stands (no touchpoint's words to match, as
    a wide export's are): the build needs the project's CES scale, which only its author
    knows the direction of, so the note asks for it where the mapping is pasted."""
    mapped = next((line for line in lines if line.startswith("      ces: ")), None)
    if mapped is None:
        return []
    # a rating column of several KPIs (read where its type column names CES) has no scale
    # of its CES rows alone: the usual one, 1-7, to edit
    ces = next((c for c in columns if kpi_of(c) == "ces" and _quote(c.name) in mapped), None)
    low, _, high = (ces.scale if ces is not None and ces.scale else "1-7").partition("-")
    return [
        "    # EDIT: CES answers: add to touchsite.yml kpis: ces_scale: "
        f"{{min: {low}, max: {high}, higher_is_better: true}}  (false where {high} is the most "
        "effort)"
    ]


def _custom_variable_notes(inspection: Inspection, used: set[int]) -> list[str]:
    """A SurveyMonkey export's custom data (a variable of the survey's link, a contact's
    Custom Data 1) of a few values that name fewer than two touchpoints (a code, `tp` = `F01`;
    a project without a touchpoint for each of its values):
    where it says where the customer answered, each answer is that touchpoint's, which no
    mapping of the questions can say. Not where a KPI is asked twice (a matrix of
    touchpoints): its questions name them."""
    kpis = Counter(kpi for c in inspection.columns if (kpi := kpi_of(c)))
    if max(kpis.values(), default=0) != 1:
        return []
    return [
        f"    # {_quote(c.name)} (SurveyMonkey's custom data: "
        + ", ".join(_quote(v) for v in sorted(c.distinct)[:5])
        + ") is not mapped: if it says where the customer answered, map it in place of "
        "touchpoints:, with touchpoint: "
        + _quote(c.name)
        + ", touchpoint_values: (each value's touchpoint id) and scores:"
        for c in inspection.columns
        if tool_column(inspection.shape, c.index)
        and c.index not in used
        and c.kind == "text"
        and not c.personal
        and not c.more_distinct
        and 2 <= len(c.distinct) <= 30
        and c.filled >= 2 * len(c.distinct)
    ]


# an answer that is a number and nothing else, as a number cell or a CSV's text writes it
BARE_NUMBER = re.compile(r"\s*[0-9]+(?:[.,]0+)?\s*")


def _choice_order_notes(columns: list[ColumnProfile], used: set[int]) -> list[str]:
    """SurveyMonkey's export of numerical values numbers a question's choices in the order
    the survey shows them, and nothing in the file says which came first: a CSAT or CES
    column of numbers alone reads the wrong way round where the best came first. The
    columns mapped so get a comment (one for each scale's length): what to check, and the
    labels that read them reversed.

    Numbered from 1, an NPS question's 0..10 are 1..11: an 11 says so (_nps_from_one); where
    no one answered 10, nothing does, and the answers read one point too high. An NPS of
    numbers alone, none of them 0, in a file with no closed question answered in words (an
    export of Actual Answer Text writes them), gets a comment: the scale to write if so."""
    checked: dict[int, list[ColumnProfile]] = {}
    in_words = any(column.labels for column in columns if kpi_of(column))
    unsure_nps = []
    for column in columns:
        kpi = kpi_of(column)
        if column.index not in used or kpi not in ("csat", "ces", "nps") or column.labels:
            continue
        if not column.distinct or not all(BARE_NUMBER.fullmatch(v) for v in column.distinct):
            continue
        if kpi == "nps":
            if not in_words and not _nps_from_one(column) and min(column.numbers) >= 1:
                unsure_nps.append(column)
            continue
        top = 5 if kpi == "csat" else int(max(column.numbers))
        checked.setdefault(top, []).append(column)
    lines = [
        f"    # check {_quote(column.name)}: none of its {column.filled} answers is 0, read "
        "as 0-10. SurveyMonkey's export of numerical values numbers a question's choices "
        "from 1, so an NPS question's 0..10 may be 1..11 (no one answered 10, written 11). "
        "If this file holds numerical values (the survey's other closed questions are "
        "numbers too), map the column as {column: ..., scale: 1-11}; an export of Actual "
        "Answer Text writes 0..10 as asked"
        for column in unsure_nps
    ]
    for top, listed in checked.items():
        names = ", ".join(_quote(c.name) for c in listed)
        reversed_labels = ", ".join(f"{n}: {top + 1 - n}" for n in range(1, top + 1))
        lines.append(
            f"    # check {names}: SurveyMonkey's export of numerical values numbers a "
            "question's choices in the order the survey shows them, and the file does not "
            "say which came first; if the best did (Very satisfied, Sehr zufrieden, Very "
            "easy), 1 is the best and the answers read the wrong way round. Look at the "
            "question in SurveyMonkey (or export the answers as Actual Answer Text: their "
            "words say it); where the best came first, map the column as {column: ..., "
            f"labels: {{{reversed_labels}}}}}"
        )
    return lines


def _ces_scale_mismatch(columns: list[ColumnProfile], lines: list[str], scale: Scale) -> list[str]:
    """A CES column mapped whose answers lie on another scale than the project's
    kpis.ces_scale (five effort words, 1-5, on a project's 1-7): its mean would be read, and
    the site would say it is, on a scale it was not asked on."""
    project = f"{scale.low}-{scale.high}"
    mapped = "\n".join(line for line in lines if "ces:" in line)
    return [
        f"    # EDIT: {_quote(c.name)} is answered on {c.scale}, kpis.ces_scale in touchsite.yml "
        f"on {project}: its mean would read on {project}; where every CES question asks "
        f"{c.scale}, set ces_scale: {{min: {c.scale.partition('-')[0]}, max: "
        f"{c.scale.partition('-')[2]}, higher_is_better: ...}}"
        for c in columns
        if kpi_of(c) == "ces" and c.scale and c.scale != project and _quote(c.name) in mapped
    ]


def _scale_notes(columns: list[ColumnProfile], binary: bool) -> list[str]:
    """Comments on what the mapping cannot say: a yes/no column needs kpis.binary, a column
    numbered against its words is read by its labels, and a column whose scale changed
    within the file is left out."""
    lines = []
    yes_no = [c for c in columns if kpi_of(c) == "binary"]
    if not binary and len({c.name for c in yes_no}) == 1:
        # touchsite.yml's kpis.binary defaults to the one column mapped as binary
        lines.append(
            f"    # yes/no answers: shown as {_quote(' '.join(yes_no[0].name.split()))}; "
            "kpis: binary: {label: ...} in touchsite.yml names them otherwise"
        )
    elif not binary and yes_no:
        label = " ".join(yes_no[0].question.split())[:40]
        lines.append(
            "    # EDIT: yes/no answers of several questions: add to touchsite.yml kpis: "
            f"binary: {{label: {_quote(label)}}}"
        )
    for column in columns:
        if column.kind == "nested":
            lines.append(
                f"    # {_quote(column.name)} is not mapped: it holds nested answers (a list of "
                "objects, each a question and its answer), which touchsite does not read; "
                "export them as columns (the tool's CSV export) to map them"
            )
        if column.added and column.kind == "comment":
            lines.append(
                f"    # {_quote(column.name)} is not mapped: "
                + (
                    "nothing stands under its name in the export's other header rows, so the "
                    "survey did not ask it (a column added to the export, an analyst's notes?)"
                    if column.added == "header rows"
                    else "its name says it holds the company's replies, not customers' words"
                    if column.added == "reply"
                    else "its name says it holds notes of the client's own, not customers'"
                )
                + "; map it as a comment only if customers wrote it"
            )
        if column.headline and column.kind == "comment":
            lines.append(
                f"    # {_quote(column.name)} is not mapped: a review's title, a headline over "
                "the text, which is the comment; to publish both, list the title first in comment:"
            )
        if column.reversed:
            best, number = column.reversed
            then = (
                "it is not mapped: its answers have more points than its words' scale; map it "
                "with a label for each answer"
                if column.unlabelled
                else "its labels read them by their words"
            )
            lines.append(
                f"    # {_quote(column.name)} numbers its answers against their words "
                f"({_quote(best)} is {number:g}): {then}"
            )
        if (strays := stray_answers(column)) and not column.stacked:
            lines.append(
                f"    # {_quote(column.name)} is not mapped: its numbers come with "
                + ", ".join(_quote(value) for value in strays)
                + "; if that means no answer, list it under not_used: and map the column"
            )
        if rating_not_nps(column) and column.kind in ("number", "labels") and not column.kpis_by:
            top = max(column.numbers + list(column.labels.values()))
            lines.append(
                f"    # {_quote(column.name)} is not mapped: a rating up to {top:g} that asks "
                "no recommendation is no NPS, and CSAT is asked 1-5; map it as nps only if it "
                "asks how likely one would recommend"
            )
        # a respondent's id numbered from 1 (Microsoft Forms' ID) is no rating, however few
        # the responses
        if (
            six_points(column)
            and column.kind in ("number", "labels")
            and kpi_of(column) is None
            and not column.kpis_by
        ):
            lines.append(
                f"    # {_quote(column.name)} is not mapped: a rating up to 6 that asks no effort"
                " (HolidayCheck's suns, a school grade) is no CES, and CSAT is asked 1-5; map "
                "it as ces only if it asks how easy something was" + _beside_the_scale(column)
            )
        if importance(column) and column.kind in ("number", "labels") and not column.kpis_by:
            lines.append(
                f"    # {_quote(column.name)} is not mapped: it asks how important something "
                "is, not how well it went (no satisfaction, recommendation or effort); the "
                "drivers of the overall question show what matters, from the answers"
            )
        if column.kpis_by and not column.stacked:
            named = ", ".join(kpi.upper() for kpi in column.kpis)
            others = ", ".join(_quote(value) for value in column.kpi_others)
            lines.append(
                f"    # {_quote(column.name)} holds the answers of several KPIs ({named}), each"
                f" on its own scale: each KPI reads the rows {_quote(column.kpis_by)} names"
                " as its (where:)"
                + (f"; those of {others} are left out, and named by a build" if others else "")
            )
        if averaged(column):
            # one whose decimals show: "5,0" among them reads as a scale's 5
            example = next(v for v in column.examples(len(column.distinct)) if _decimal(v))
            lines.append(
                f"    # {_quote(column.name)} is not mapped: its ratings have decimals "
                f"({_quote(example)}), a mean (the average of the reviewer's ratings of the "
                "aspects, as kununu, HolidayCheck and ProvenExpert compute a review's overall "
                "one), no answer on a scale; the aspects' ratings are the answers"
            )
        if column.doubted_points and kpi_of(column):
            points = column.doubted_points
            top, best = max((number, label) for label, number in column.labels.items())
            lines.append(
                f"    # EDIT: {_quote(column.name)}'s answers are words a "
                + " and a ".join(f"{n}-point" for n in points)
                + f" scale share, read on {points[0]} points ({_quote(best)}: {top:g}); if the "
                f"question had {' or '.join(str(n) for n in points[1:])}, give its words their "
                "points under labels:"
            )
        if column.mixed:
            lines.append(
                f"    # {_quote(column.name)} is not mapped: its scale changes ({column.mixed});"
                " export the periods apart or leave it out"
            )
        if kpi_of(column) == "csat" and (note := _other_points(column)):
            lines.append(note)
    return lines


def _other_points(column: ColumnProfile) -> str:
    """For a CSAT read by its words from a scale of other than five points (a help desk's
    three or seven): how its answers lie on CSAT's 1-5, and what its CSAT then counts."""
    points = sorted(set(column.labels.values()))
    if not column.labels or column.numbers or len(column.labels) == 5 == len(points):
        return ""
    shared = [
        " and ".join(_quote(label) for label, n in column.labels.items() if n == number)
        + f" are {number:g}"
        for number in points
        if sum(n == number for n in column.labels.values()) > 1
    ]
    top = [_quote(label) for label, number in column.labels.items() if number >= 4]
    empty = [f"{n}" for n in range(1, 6) if n not in points]
    return (
        f"    # {_quote(column.name)} answers on {len(column.labels)} points, read on CSAT's "
        "1-5" + (f" ({'; '.join(shared)})" if shared else "") + ": its CSAT (the share of 4 "
        f"and 5) is the share of {', '.join(top)} answers"
        + (f"; no answer is {' or '.join(empty)}" if empty else "")
    )


def _beside_the_scale(column: ColumnProfile) -> str:
    """For a satisfaction question answered 1-6: the answer a survey tool numbers after the
    scale's points (Qualtrics' numeric export codes a matrix's "N/A" or "Weiß nicht" 6 after
    1-5, unless its recode values were set), and how to map the column without it."""
    if not any(word in normal(column.question) for word in SATISFACTION_WORDS):
        return ""
    return (
        '; if its 6 is an answer beside the scale (a survey tool numbers a "Not applicable" '
        'or "Weiß nicht" after the points, 6 after 1-5, as Qualtrics\' numeric export does), '
        f'map it as csat: {{column: {_quote(column.name)}, not_used: ["6"]}}'
    )


def _decimal(value: str) -> bool:
    number = leading_number(value)
    return number is not None and number % 1 != 0


def _score_spec(kpi: str, column: ColumnProfile) -> tuple[str, str]:
    """A score column as the mapping names it, with its scale where that is not the KPI's,
    and a note on that scale ("" if none)."""
    name = _quote(column.name)
    own = _labels_written(column)
    if kpi == "csat" and 0 in column.numbers:
        # its words' labels too, where they are its own (_own_labels): the entry's leave them out
        labels = f", labels: {{{own}}}" if own and _own_labels(column) else ""
        return f"{{column: {name}, scale: 0-5{labels}}}", "0 = not used"
    if kpi == "csat" and _school_grade(column):
        reversed_labels = ", ".join(f'"{n}": {6 - n}' for n in range(1, 6))
        return f"{{column: {name}, labels: {{{reversed_labels}}}}}", (
            "EDIT: a grade (Note), 1 the best, as German school grades are, read reversed; "
            "if its 5 is the best (stars), map the column alone"
        )
    if kpi == "nps" and _nps_from_one(column):
        # an SPSS file's value labels at the scale's ends (SoSci Survey's 1 and 11) name
        # codes; with scale: 1-11 a label names the KPI's own point, one lower
        own = _labels_written(column, lower=1)
        labels = f", labels: {{{own}}}" if own else ""
        return f"{{column: {name}, scale: 1-11{labels}}}", "coded 1-11: read as 0-10"
    # the labels it is read by, and why: its words reversed, good and bad, a tool's codes, or
    # words another column reads otherwise
    read_by = [
        (column.reversed, "read by the answers' words"),
        (column.good_bad, "a rating of good (yes) and bad (no)"),
        (column.coded, column.coded),
        (column.labels_differ, ""),
    ]
    for own_labels, note in read_by:
        if own_labels:
            return f"{{column: {name}, labels: {{{own}}}}}", note
    return name, ""


# A column named a grade ("Note", "Gesamtnote", "Schulnote": a shop's rating on idealo or a
# portal that grades as German schools do, 1 the best)
GRADE_NAMES = {"note", "noten", "gesamtnote", "schulnote", "durchschnittsnote", "gesamturteil"}
GRADE = re.compile(r"\s*[1-5]\s*")


def _school_grade(column: ColumnProfile) -> bool:
    """Whether a CSAT column is a grade of whole numbers 1 to 5: read as it stands, its 1
    ("sehr gut") counted as very dissatisfied and its 5 ("mangelhaft") as very satisfied.
    One of 1 to 6 is named and not mapped (six_points); one with decimals is a mean."""
    words = _words(WORDS_TOGETHER.sub(" ", column.name))
    numbers = set(column.numbers)
    return (
        column.kind == "number"
        and bool(words & GRADE_NAMES)
        and numbers <= {1.0, 2.0, 3.0, 4.0, 5.0}
        and len(numbers) > 1
        # written as whole grades: ProvenExpert's "Gesamtnote" (5,00, 4,67) is a mean of stars
        and all(GRADE.fullmatch(value) for value in column.distinct)
    )


def _labels_written(column: ColumnProfile, lower: int = 0) -> str:
    """A column's labels as its mapping writes them, by number ('"Gut": 4, "Sehr gut": 5'),
    each number `lower` less."""
    return ", ".join(f"{_quote(label)}: {int(n) - lower}" for label, n in _by_number(column.labels))


def _nps_from_one(column: ColumnProfile) -> bool:
    """Whether an NPS column's answers, its numbers and its labels' codes, run 1-11."""
    return nps_coded_from_one(column.numbers + list(column.labels.values()))


def _own_labels(column: ColumnProfile) -> bool:
    """Whether a column's labels are mapped on the column (_score_spec), not the entry."""
    nps_from_one = kpi_of(column) == "nps" and _nps_from_one(column)
    own = column.reversed or column.good_bad or column.coded or column.labels_differ
    return bool(own or nps_from_one)


def _typed_specs(column: ColumnProfile) -> list[tuple[str, str]]:
    """A rating column of several KPIs (HubSpot's "Rating" beside its "Survey type") as one
    score per KPI, each read in the rows whose type names that KPI."""
    specs = []
    for kpi in column.kpis:
        values = [_quote(value) for value in column.kpi_values[kpi]]
        named = values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"
        where = f"{{{_quote(column.kpis_by)}: {named}}}"
        specs.append((kpi, f"{{column: {_quote(column.name)}, where: {where}}}"))
    return specs


def _by_number(labels: dict[str, float]) -> list[tuple[str, float]]:
    """Labels from the highest number down, as a scale is read."""
    return sorted(labels.items(), key=lambda item: (-item[1], item[0]))


def _about(column: ColumnProfile, note: str = "") -> str:
    """The question, as a comment, where the column's name is an export tag; after `note`."""
    text = _cut(" ".join(column.text.split()))
    said = "; ".join(part for part in (note, text) if part)
    return "  # " + said if said else ""


def _cut(text: str, most: int = 60) -> str:
    """`text`, cut to `most` characters with an ellipsis where it is longer."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _quote(text: str) -> str:
    """A YAML string: JSON's double-quoted strings are YAML too."""
    return json.dumps(text, ensure_ascii=False)
