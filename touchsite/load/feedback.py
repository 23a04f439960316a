"""Read feedback data (long format: one row per answer) and reduce it to answer counts.

Raw rows never leave this module: the result is a table of counts per touchpoint x month x
segment x variant x KPI x score, the moments key-driver analysis needs, and a redacted sample
of comments per touchpoint.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from touchsite.errors import Problems
from touchsite.load.config import CONFIG_FILE
from touchsite.models import KPIS, OVERALL, Comment, Config, DriverMoments, Feedback
from touchsite.privacy import Redactor

COLUMNS = ("response_id", "touchpoint", "date", *KPIS, "comment", "segment", "variant")
REQUIRED = ("touchpoint", "date")
# The newest comments per touchpoint kept (redacted) for the page and the theme analysis.
COMMENTS_PER_TOUCHPOINT = 500
# Shapley regression weighs all subsets of the predictors: 2^15 models is the practical limit.
MAX_DRIVERS = 15
EXAMPLE_LINES = 5
COUNT_COLUMNS = ["touchpoint", "period", "segment", "variant", "kpi", "score", "n"]


def empty_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series(dtype="int64" if name in ("score", "n") else "object")
            for name in COUNT_COLUMNS
        }
    )


def load_feedback(
    root: Path, config: Config, touchpoint_ids: set[str], problems: Problems
) -> Feedback:
    frames = []
    for source in config.data:
        path = root / source.path
        if not path.is_file():
            problems.add(
                root / CONFIG_FILE,
                source.line,
                f"data file '{source.path}' not found",
                "check the path; it is relative to the project folder",
            )
            continue
        frame = _read_long(path, touchpoint_ids | {OVERALL}, _scales(config), problems)
        if frame is not None:
            frames.append(frame)
    if not frames:
        return Feedback(empty_counts(), {}, 0, {}, None, None)
    if config.ces_scale is None and any(frame["ces"].notna().any() for frame in frames):
        problems.add(
            root / CONFIG_FILE,
            None,
            "the data holds CES answers, but touchsite.yml does not say the CES scale",
            "add kpis: ces_scale: {min: 1, max: 7, higher_is_better: true} (or the scale asked)",
        )
    rows = pd.concat(frames, ignore_index=True)
    redactor = Redactor(config.language)
    comments = _sample_comments(rows, redactor)
    return Feedback(
        counts=_count_answers(rows),
        comments=comments,
        rows=len(rows),
        responses={str(k): int(v) for k, v in rows.groupby("touchpoint").size().items()},
        first_date=rows["date"].min().date() if len(rows) else None,
        last_date=rows["date"].max().date() if len(rows) else None,
        redactions=dict(sorted(redactor.counts.items())),
        drivers=_driver_moments(rows, config),
    )


def _scales(config: Config) -> dict[str, tuple[int, int]]:
    """Each KPI's valid answers; an unstated CES scale accepts 1-7 and is reported above."""
    ces = config.ces_scale
    return {"nps": (0, 10), "csat": (1, 5), "ces": (ces.low, ces.high) if ces else (1, 7)}


def _read_long(
    path: Path, touchpoint_ids: set[str], scales: dict[str, tuple[int, int]], problems: Problems
) -> pd.DataFrame | None:
    try:
        with warnings.catch_warnings():
            # pandas only warns when the first rows are longer than the header; make it fail.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8-sig", index_col=False
            )
    except UnicodeDecodeError:
        problems.add(path, None, "is not UTF-8 text", "save the export as UTF-8 (CSV UTF-8)")
        return None
    except pd.errors.EmptyDataError:
        problems.add(path, 1, "the file is empty", "export the survey again, with a header row")
        return None
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        _report_ragged_rows(path, problems)
        return None
    frame.columns = [str(name).strip().lower() for name in frame.columns]
    header = list(frame.columns)
    ok = True
    for name in REQUIRED:
        if name not in header:
            problems.add(
                path, 1, f"missing column '{name}'", "the header needs: " + ", ".join(COLUMNS)
            )
            ok = False
    if not any(kpi in header for kpi in KPIS):
        problems.add(path, 1, "no score column", "add at least one of the columns nps, csat, ces")
        ok = False
    unknown = [name for name in header if name not in COLUMNS]
    for name in unknown:
        problems.add(
            path,
            1,
            f"unknown column '{name}'",
            "known columns: " + ", ".join(COLUMNS),
            column=header.index(name) + 1,
        )
        ok = False
    if not ok:
        return None
    for name in COLUMNS:
        if name not in frame:
            frame[name] = ""
    frame = frame.apply(lambda column: _by_distinct(column, lambda values: values.str.strip()))

    checks: list[tuple[str, pd.Series, str, str]] = []
    unknown_tp = ~frame["touchpoint"].isin(touchpoint_ids)
    checks.append(
        (
            "touchpoint",
            unknown_tp,
            "unknown touchpoint id",
            "use the id of a file in content/touchpoints/ (its name without .md)",
        )
    )
    dates = _by_distinct(
        frame["date"], lambda values: pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    )
    checks.append(("date", dates.isna(), "unreadable date", "write dates as YYYY-MM-DD"))
    scores = {}
    for kpi, (low, high) in scales.items():
        given = frame[kpi] != ""
        values = _by_distinct(frame[kpi], lambda v: pd.to_numeric(v, errors="coerce"))
        bad = given & (values.isna() | (values < low) | (values > high) | (values % 1 != 0))
        checks.append(
            (
                kpi,
                bad,
                f"{kpi} score outside {low}..{high}",
                f"{kpi} takes whole numbers {low} to {high}; leave it empty if not asked",
            )
        )
        scores[kpi] = values.where(given & ~bad).astype("Int64")
    failing = [check for check in checks if check[1].any()]
    if failing:
        lines = _record_lines(path)
        for column, mask, message, hint in failing:
            _report_rows(path, header, frame, column, mask, message, hint, lines, problems)
        return None
    result = pd.DataFrame(
        {
            "response_id": frame["response_id"],
            "touchpoint": frame["touchpoint"],
            "date": dates,
            "segment": frame["segment"],
            "variant": frame["variant"],
            "comment": frame["comment"],
            **scores,
        }
    )
    return result


def _by_distinct(column: pd.Series, convert) -> pd.Series:
    """Convert each distinct value once: survey columns repeat a few values many times."""
    codes, distinct = pd.factorize(column)
    converted = convert(pd.Series(distinct, dtype=column.dtype))
    return pd.Series(converted.to_numpy()[codes], index=column.index)


def _report_rows(path, header, frame, column, mask, message, hint, lines, problems) -> None:
    """One message per distinct bad value, naming its first lines and how many there are."""
    bad = frame.loc[mask, column]
    for value, rows in bad.groupby(bad, sort=True).groups.items():
        positions = [lines[index] for index in rows[:EXAMPLE_LINES]]
        more = len(rows) - len(positions)
        text = f"{message} '{value}'" if value else f"{message}: empty"
        if len(rows) > 1:
            others = ", ".join(str(line) for line in positions[1:])
            text += f" ({len(rows)} rows; also lines {others}" + (
                f" and {more} more" if more else ""
            )
            text += ")"
        problems.add(path, positions[0], text, hint, column=header.index(column) + 1)


def _report_ragged_rows(path: Path, problems: Problems) -> None:
    """Name every record whose field count differs from the header's."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        start = reader.line_num + 1
        ragged = []
        for record in reader:
            if len(record) != len(header) and record:
                ragged.append((start, len(record)))
            start = reader.line_num + 1
    hint = 'quote fields that contain commas ("..."), or fix the row\'s number of fields'
    for line, count in ragged[:EXAMPLE_LINES]:
        problems.add(path, line, f"row has {count} fields, the header has {len(header)}", hint)
    if len(ragged) > EXAMPLE_LINES:
        problems.add(
            path,
            ragged[EXAMPLE_LINES][0],
            f"{len(ragged) - EXAMPLE_LINES} more rows have the wrong number of fields",
            hint,
        )


def _record_lines(path: Path) -> list[int]:
    """The file line each data record starts on (quoted comments may span lines)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        starts = []
        previous = reader.line_num
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    return starts


def _count_answers(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.assign(period=rows["date"].dt.to_period("M").astype(str))
    parts = []
    for kpi in KPIS:
        answered = rows[rows[kpi].notna()]
        if answered.empty:
            continue
        counted = (
            answered.groupby(["touchpoint", "period", "segment", "variant", kpi], observed=True)
            .size()
            .reset_index(name="n")
            .rename(columns={kpi: "score"})
        )
        counted.insert(4, "kpi", kpi)
        parts.append(counted)
    if not parts:
        return empty_counts()
    counts = pd.concat(parts, ignore_index=True)
    counts["score"] = counts["score"].astype("int64")
    return counts.sort_values(COUNT_COLUMNS[:6], ignore_index=True)[COUNT_COLUMNS]


def _sample_comments(rows: pd.DataFrame, redact: Redactor) -> dict[str, list[Comment]]:
    with_text = rows[rows["comment"] != ""].sort_values(
        ["touchpoint", "date", "response_id"], ascending=[True, False, True]
    )
    sample = with_text.groupby("touchpoint", sort=True).head(COMMENTS_PER_TOUCHPOINT)
    result: dict[str, list[Comment]] = {}
    for record in sample.itertuples(index=False):
        kpi = next((k for k in KPIS if not pd.isna(getattr(record, k))), None)
        result.setdefault(record.touchpoint, []).append(
            Comment(
                touchpoint=record.touchpoint,
                date=record.date.date(),
                segment=record.segment,
                score=float(getattr(record, kpi)) if kpi else None,
                kpi=kpi,
                text=redact(record.comment),
            )
        )
    return result


def _driver_moments(rows: pd.DataFrame, config: Config) -> DriverMoments | None:
    """Pairwise moments of the overall NPS and touchpoint scores, over respondents.

    A respondent is a response_id; their overall (relationship) NPS is the outcome, and each
    touchpoint contributes the score of its most answered KPI (the primary KPI on a tie). Only
    touchpoints that enough respondents rated alongside the outcome take part, at most
    MAX_DRIVERS of them, those with the most such respondents.
    """
    linked = rows[rows["response_id"] != ""]
    outcome = linked.loc[(linked["touchpoint"] == OVERALL) & linked["nps"].notna()]
    if outcome.empty:
        return None
    respondents = pd.Index(outcome["response_id"].unique())
    answers = linked[linked["response_id"].isin(respondents) & (linked["touchpoint"] != OVERALL)]
    columns: dict[str, pd.Series] = {}
    support = []
    for touchpoint, group in answers.groupby("touchpoint", sort=True):
        kpi = max(KPIS, key=lambda k: (group[k].notna().sum(), k == config.primary_kpi))
        scores = group.loc[group[kpi].notna()].drop_duplicates("response_id")
        if len(scores) >= config.rules.min_n_confident:
            support.append((-len(scores), str(touchpoint)))
            columns[f"{touchpoint}:{kpi}"] = scores.set_index("response_id")[kpi]
    chosen = {
        name
        for _, tp in sorted(support)[:MAX_DRIVERS]
        for name in columns
        if name.startswith(tp + ":")
    }
    if not chosen:
        return None
    names = [f"{OVERALL}:nps", *sorted(chosen)]
    table = pd.DataFrame(
        {f"{OVERALL}:nps": outcome.drop_duplicates("response_id").set_index("response_id")["nps"]}
        | {name: columns[name] for name in names[1:]}
    ).reindex(respondents)
    values = table.to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    weights = present.astype("float64")
    return DriverMoments(
        variables=tuple(names),
        n=weights.T @ weights,
        sx=filled.T @ weights,
        sxx=(filled**2).T @ weights,
        sxy=filled.T @ filled,
    )
