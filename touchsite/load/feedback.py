"""Read feedback data and reduce it to answer counts while it is read.

Every file, whatever its format (formats.py), becomes rows of the long table (mapping.py),
which are checked (quality.py) and reduced a chunk at a time: raw rows never leave this
module, and never sit in memory all at once. What remains is a table of counts per
touchpoint x month x segment x variant x KPI x score, the moments key-driver analysis needs,
a redacted sample of comments per touchpoint, and an account of every row left out.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import Problems, UserError
from touchsite.kpi import RELATIONSHIP_KPI
from touchsite.load.config import CONFIG_FILE
from touchsite.load.formats import LAYOUT_TITLES, detect, open_reader
from touchsite.load.mapping import LONG_COLUMNS, LongChunk, normal, plan, to_long
from touchsite.load.privacy import Redactor
from touchsite.load.progress import Progress
from touchsite.load.quality import Checked, Findings, check_rows
from touchsite.models import (
    KPIS,
    OVERALL,
    Comment,
    Config,
    DataFile,
    DriverMoments,
    Feedback,
)

COLUMNS = LONG_COLUMNS
# The newest comments per touchpoint kept (redacted) for the page and the theme analysis.
COMMENTS_PER_TOUCHPOINT = 500
# Shapley regression weighs all subsets of the predictors: 2^15 models is the practical limit.
MAX_DRIVERS = 15
RESPONDENT_BLOCK = 65_536
COUNT_COLUMNS = ["touchpoint", "period", "segment", "variant", "kpi", "score", "n"]
NO_ANSWERS = "the file holds no answers"


def empty_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series(dtype="int64" if name in ("score", "n") else "object")
            for name in COUNT_COLUMNS
        }
    )


def load_feedback(
    root: Path,
    config: Config,
    touchpoint_ids: set[str],
    problems: Problems,
    progress: Progress | None = None,
) -> Feedback:
    scales = _scales(config)
    touchpoints = sorted(touchpoint_ids | {OVERALL})
    reducer = _Reducer(touchpoints, config)
    findings = Findings()
    lines: dict[str, dict[int, int]] = {}
    files = []
    comment_columns: set[str] = set()
    progress = progress or Progress()
    for number, source in enumerate(config.data):
        path = root / source.path
        if not path.is_file():
            problems.add(
                root / CONFIG_FILE,
                source.line,
                f"data file '{source.path}' not found",
                "check the path; it is relative to the project folder",
            )
            continue
        name = problems.relative(path)
        try:
            shape = detect(path, source)
        except UserError as error:
            _report(error, root / CONFIG_FILE, source.line, problems)
            continue
        if shape.empty:
            findings.file_problem(name, NO_ANSWERS, "export the survey again", 1)
            files.append(DataFile(name, "", "", 0, 0, 0))
            continue
        mapped = plan(
            source, shape, scales, config.privacy, touchpoint_ids, root / CONFIG_FILE, problems
        )
        if mapped is None:
            continue
        comment_columns |= {normal(column) for column in mapped.comment_columns}
        reader = open_reader(shape, progress)
        reducer.start_file(number, name)
        try:
            for raw in reader.chunks(mapped.needed()):
                chunk = to_long(raw, mapped)
                checked = check_rows(chunk, mapped, name, touchpoints, scales, findings)
                reducer.add(chunk, checked, mapped, findings)
        except UserError as error:
            _report(error, root / CONFIG_FILE, source.line, problems)
            continue
        ragged = sum(reader.ragged.values())
        if reader.records == 0 and not ragged:
            findings.file_problem(name, NO_ANSWERS, "export the survey again", shape.header_lines)
        lines[name], ragged_lines = reader.lines(findings.records_of(name), min(ragged, 50))
        findings.ragged(name, len(shape.columns), ragged_lines, reader.ragged)
        findings.bad_bytes(name, shape.bad_lines)
        files.append(
            DataFile(
                name,
                LAYOUT_TITLES[shape.layout],
                shape.file_type(),
                reader.records + ragged,
                reducer.file_answers,
                reducer.file_left_out + ragged,
            )
        )
    _check_privacy(config, comment_columns, root, problems)
    if config.ces_scale is None and reducer.has_ces:
        problems.add(
            root / CONFIG_FILE,
            config.kpis_line,
            "the data holds CES answers, but touchsite.yml gives no valid CES scale",
            "add kpis: ces_scale: {min: 1, max: 7, higher_is_better: true} (or the scale asked)",
        )
    feedback = reducer.feedback(Redactor(config.language))
    return dataclasses.replace(feedback, files=tuple(files), quality=findings.finish(lines))


def _report(error: UserError, config_path: Path, line: int, problems: Problems) -> None:
    """A file that cannot be read at all (a damaged XLSX has no lines) is named at its data
    entry, the line to change if the entry points at the wrong file or format."""
    for problem in error.problems:
        if problem.line is None and problem.path:
            name = problems.relative(problem.path)
            problems.add(config_path, line, f"{name}: {problem.message}", problem.hint)
        else:
            problems.extend(UserError.of([problem]))


def _scales(config: Config) -> dict[str, tuple[int, int]]:
    """Each KPI's valid answers; an unstated CES scale accepts 1-7 and is reported above."""
    return {kpi: (k.answer_scale.low, k.answer_scale.high) for kpi, k in config.kpis.items()}


def _check_privacy(config: Config, seen: set[str], root: Path, problems: Problems) -> None:
    allowed = config.privacy.comment_columns
    for name in allowed or ():
        if normal(name) not in seen:
            problems.add(
                root / CONFIG_FILE,
                config.privacy.line,
                f"privacy: comment_columns names '{name}', no data file's comment column",
                "name a column mapped as comment (a long table's is called comment)",
            )


class _Interned:
    """Text values numbered across chunks (segments, variants)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.codes: dict[str, int] = {}

    def codes_of(self, array: pa.Array) -> np.ndarray:
        encoded = pc.dictionary_encode(array)
        local = [
            self.codes.setdefault(value, len(self.codes))
            for value in encoded.dictionary.to_pylist()
        ]
        self.values = list(self.codes)
        return np.asarray(local, dtype=np.int32)[encoded.indices.to_numpy(zero_copy_only=False)]


class _Reducer:
    """Sufficient statistics, accumulated chunk by chunk."""

    def __init__(self, touchpoints: list[str], config: Config) -> None:
        self.touchpoints = touchpoints
        self.config = config
        self.segments, self.variants = _Interned(), _Interned()
        self.counts: list[pd.DataFrame] = []
        self.responses = np.zeros(len(touchpoints), dtype=np.int64)
        self.first: np.datetime64 | None = None
        self.last: np.datetime64 | None = None
        self.seen = np.zeros(0, dtype=np.uint64)  # (respondent, touchpoint) keys, sorted
        self.drivers: list[tuple] = []
        self.comments: pd.DataFrame | None = None
        self.has_ces = False
        self.rows = 0
        self.file = 0
        self.path = ""
        self.file_answers = self.file_left_out = 0

    def start_file(self, number: int, path: str) -> None:
        self.file, self.path = number, path
        self.file_answers = self.file_left_out = 0

    def add(self, chunk: LongChunk, checked: Checked, plan, findings: Findings) -> None:
        good = checked.good
        ids = chunk.columns["response_id"]
        keys = self._drop_repeated(chunk, checked, plan, findings)
        kept = int(good.sum())
        self.file_answers += kept
        self.file_left_out += len(good) - kept
        if not kept:
            return
        self.rows += kept
        touchpoint = checked.touchpoint[good]
        months = checked.day[good].astype("datetime64[M]").astype(np.int32)
        segment = self.segments.codes_of(chunk.columns["segment"])[good]
        variant = self.variants.codes_of(chunk.columns["variant"])[good]
        scores = {kpi: checked.scores[kpi][good] for kpi in KPIS}
        self.has_ces = self.has_ces or bool((scores["ces"] >= 0).any())
        self.responses += np.bincount(touchpoint, minlength=len(self.touchpoints))
        days = checked.day[good]
        low, high = days.min(), days.max()
        self.first = low if self.first is None else min(self.first, low)
        self.last = high if self.last is None else max(self.last, high)
        for kpi in KPIS:
            answered = scores[kpi] >= 0
            if not answered.any():
                continue
            frame = pd.DataFrame(
                {
                    "touchpoint": touchpoint[answered],
                    "period": months[answered],
                    "segment": segment[answered],
                    "variant": variant[answered],
                    "score": scores[kpi][answered],
                }
            )
            counted = frame.groupby(list(frame.columns), sort=False).size().reset_index(name="n")
            counted.insert(4, "kpi", kpi)
            self.counts.append(counted)
        if keys is not None:
            linked = keys[1][good[keys[0]]]
            with_id = keys[0][good[keys[0]]]
            self.drivers.append(
                (
                    linked,
                    checked.touchpoint[with_id],
                    *(checked.scores[kpi][with_id] for kpi in KPIS),
                )
            )
        self._keep_comments(chunk, checked, ids)

    def _drop_repeated(self, chunk, checked, plan, findings):
        """Leave out a respondent's second answer for the same touchpoint, in any file.

        Returns the positions of the chunk's rows with an id, and each one's respondent hash.
        """
        ids = chunk.columns["response_id"]
        has_id = pc.not_equal(ids, "").to_numpy(zero_copy_only=False)
        positions = np.flatnonzero(has_id & checked.good)
        if not len(positions):
            return None
        respondent = _hashes(ids.take(pa.array(positions)))
        keys = respondent * np.uint64(0x9E3779B97F4A7C15) + checked.touchpoint[positions].astype(
            np.uint64
        )
        again = pd.Series(keys).duplicated().to_numpy().copy()
        if len(self.seen):
            order = np.argsort(keys)  # sorted look-ups stay in cache
            at = np.minimum(np.searchsorted(self.seen, keys[order]), len(self.seen) - 1)
            again[order] |= self.seen[at] == keys[order]
        if again.any():
            bad = positions[again]
            checked.good[bad] = False
            labels = [
                f"{rid} ({self.touchpoints[tp]})"
                for rid, tp in zip(
                    ids.take(pa.array(bad)).to_pylist(), checked.touchpoint[bad], strict=True
                )
            ]
            index = plan.respondent
            findings.add(
                self.path,
                "repeated",
                "repeated answer: this respondent rated this touchpoint before",
                "each respondent rates a touchpoint once; remove the repeated row, or files "
                "that overlap",
                plan.shape.columns[index] if index is not None else "response_id",
                index + 1 if index is not None else None,
                labels,
                chunk.records[bad],
            )
        fresh = np.sort(keys[~again])
        self.seen = np.sort(np.concatenate([self.seen, fresh]), kind="stable")
        return positions, respondent

    def _keep_comments(self, chunk: LongChunk, checked: Checked, ids: pa.Array) -> None:
        text = chunk.columns["comment"]
        with_text = np.flatnonzero(
            checked.good & pc.not_equal(text, "").to_numpy(zero_copy_only=False)
        )
        if not len(with_text):
            return
        take = pa.array(with_text)
        first_kpi = np.full(len(with_text), -1, dtype=np.int8)
        score = np.full(len(with_text), -1, dtype=np.int16)
        for number, kpi in reversed(list(enumerate(KPIS))):
            value = checked.scores[kpi][with_text]
            first_kpi = np.where(value >= 0, number, first_kpi)
            score = np.where(value >= 0, value, score)
        candidates = pd.DataFrame(
            {
                "touchpoint": checked.touchpoint[with_text],  # sorted ids: codes sort alike
                "date": checked.day[with_text],
                "response_id": ids.take(take).to_pylist(),
                "order": (np.int64(self.file) << 44)
                + (chunk.records[with_text] << 12)
                + chunk.slots[with_text],
                "comment": text.take(take).to_pylist(),
                "segment": chunk.columns["segment"].take(take).to_pylist(),
                "kpi": first_kpi,
                "score": score,
            }
        )
        if self.comments is not None:
            candidates = pd.concat([self.comments, candidates], ignore_index=True)
        ordered = candidates.sort_values(
            ["touchpoint", "date", "response_id", "order"], ascending=[True, False, True, True]
        )
        self.comments = ordered.groupby("touchpoint", sort=False).head(COMMENTS_PER_TOUCHPOINT)

    def feedback(self, redact: Redactor) -> Feedback:
        if not self.rows:
            return Feedback(empty_counts(), {}, 0, {}, None, None)
        return Feedback(
            counts=self._count_table(),
            comments=self._comment_sample(redact),
            rows=self.rows,
            responses={
                tp: int(n) for tp, n in zip(self.touchpoints, self.responses, strict=True) if n
            },
            first_date=self.first.astype(object) if self.first is not None else None,
            last_date=self.last.astype(object) if self.last is not None else None,
            redactions=dict(sorted(redact.counts.items())),
            drivers=self._driver_moments(),
        )

    def _count_table(self) -> pd.DataFrame:
        if not self.counts:
            return empty_counts()
        keys = ["touchpoint", "period", "segment", "variant", "kpi", "score"]
        summed = pd.concat(self.counts, ignore_index=True).groupby(keys, sort=False)["n"].sum()
        counts = summed.reset_index()
        months = np.unique(counts["period"].to_numpy())
        month_text = dict(
            zip(months, np.datetime_as_string(months.astype("datetime64[M]")), strict=True)
        )
        counts["touchpoint"] = [self.touchpoints[i] for i in counts["touchpoint"]]
        counts["period"] = counts["period"].map(month_text)
        counts["segment"] = [self.segments.values[i] for i in counts["segment"]]
        counts["variant"] = [self.variants.values[i] for i in counts["variant"]]
        counts["score"] = counts["score"].astype("int64")
        counts["n"] = counts["n"].astype("int64")
        return counts.sort_values(COUNT_COLUMNS[:6], ignore_index=True)[COUNT_COLUMNS]

    def _comment_sample(self, redact: Redactor) -> dict[str, list]:
        if self.comments is None or not self.config.privacy.comments:
            return {}
        result: dict[str, list[Comment]] = {}
        sample = self.comments
        columns = zip(
            sample["touchpoint"].tolist(),
            sample["date"].dt.date.tolist(),
            sample["segment"].tolist(),
            sample["kpi"].tolist(),
            sample["score"].tolist(),
            sample["comment"].tolist(),
            strict=True,
        )
        for code, day, segment, kpi, score, text in columns:
            touchpoint = self.touchpoints[code]
            result.setdefault(touchpoint, []).append(
                Comment(
                    touchpoint=touchpoint,
                    date=day,
                    segment=segment,
                    score=float(score) if kpi >= 0 else None,
                    kpi=KPIS[kpi] if kpi >= 0 else None,
                    text=redact(text),
                )
            )
        return result

    def _driver_moments(self) -> DriverMoments | None:
        if not self.drivers:
            return None
        parts = list(zip(*self.drivers, strict=True))
        scores = {}
        for number, kpi in enumerate(KPIS):
            values = np.concatenate(parts[2 + number]).astype("float64")
            values[values < 0] = np.nan
            scores[kpi] = values
        respondent, touchpoint = np.concatenate(parts[0]), np.concatenate(parts[1])
        self.drivers = []
        return driver_moments(respondent, touchpoint, self.touchpoints, scores, self.config)


def _driver_moments(rows: pd.DataFrame, config: Config) -> DriverMoments | None:
    """Key-driver moments from long-table rows (response_id, touchpoint and the KPI columns)."""
    linked = rows[rows["response_id"] != ""]
    codes, names = pd.factorize(linked["touchpoint"], sort=True)
    return driver_moments(
        pd.factorize(linked["response_id"])[0],
        codes,
        [str(name) for name in names],
        {kpi: linked[kpi].to_numpy(dtype="float64", na_value=np.nan) for kpi in KPIS},
        config,
    )


def driver_moments(
    respondent: np.ndarray,
    touchpoint: np.ndarray,
    names: list[str],
    scores: dict[str, np.ndarray],
    config: Config,
) -> DriverMoments | None:
    """Pairwise moments of the overall NPS and touchpoint scores, over respondents.

    Rows are answers of respondents with an id: `touchpoint` indexes `names` (sorted), scores
    are NaN where not answered. A respondent's overall (relationship) NPS is the outcome, and
    each touchpoint contributes the score of its most answered KPI (the primary KPI on a
    tie), the first one a respondent gave. Only touchpoints that enough respondents rated
    alongside the outcome take part, at most MAX_DRIVERS of them, those with the most.
    """
    if OVERALL not in names:
        return None
    overall = names.index(OVERALL)
    is_outcome = (touchpoint == overall) & ~np.isnan(scores[RELATIONSHIP_KPI])
    if not is_outcome.any():
        return None
    outcome_rows = np.flatnonzero(is_outcome)
    ids, first = np.unique(respondent[outcome_rows], return_index=True)
    order = np.argsort(first)  # respondents in the order their outcome first appears
    respondents = pd.Index(ids[order])
    outcome = scores[RELATIONSHIP_KPI][outcome_rows[first[order]]]
    position = respondents.get_indexer(respondent)
    rated = np.flatnonzero((position >= 0) & (touchpoint != overall))
    rated = rated[np.argsort(touchpoint[rated], kind="stable")]
    bounds = np.flatnonzero(np.diff(touchpoint[rated])) + 1
    support = []
    candidates: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # respondents, their scores
    for group in np.split(rated, bounds) if len(rated) else []:
        name = names[touchpoint[group[0]]]
        kpi = max(
            KPIS,
            key=lambda k: (int((~np.isnan(scores[k][group])).sum()), k == config.primary_kpi),
        )
        answered = group[~np.isnan(scores[kpi][group])]
        who, first_answer = np.unique(position[answered], return_index=True)
        if len(who) >= config.rules.min_n_confident:
            support.append((-len(who), name))
            candidates[f"{name}:{kpi}"] = (who, scores[kpi][answered[first_answer]])
    chosen = {
        column
        for _, name in sorted(support)[:MAX_DRIVERS]
        for column in candidates
        if column.startswith(name + ":")
    }
    if not chosen:
        return None
    variables = [f"{OVERALL}:nps", *sorted(chosen)]
    size = len(variables)
    n, sx, sxx, sxy = (np.zeros((size, size)) for _ in range(4))
    # a block of respondents at a time: the full respondents x variables matrix can be large
    for start in range(0, len(respondents), RESPONDENT_BLOCK):
        stop = min(start + RESPONDENT_BLOCK, len(respondents))
        values = np.full((stop - start, size), np.nan)
        values[:, 0] = outcome[start:stop]
        for number, variable in enumerate(variables[1:], start=1):
            who, answers = candidates[variable]  # who is sorted
            low, high = np.searchsorted(who, [start, stop])
            values[who[low:high] - start, number] = answers[low:high]
        present = ~np.isnan(values)
        filled = np.where(present, values, 0.0)
        weights = present.astype("float64")
        n += weights.T @ weights
        sx += filled.T @ weights
        sxx += (filled**2).T @ weights
        sxy += filled.T @ filled
    return DriverMoments(variables=tuple(variables), n=n, sx=sx, sxx=sxx, sxy=sxy)


def _hashes(ids: pa.Array) -> np.ndarray:
    """64-bit hashes of respondent ids: their identity at eight bytes each."""
    series = pd.Series(ids.to_pandas(types_mapper=pd.ArrowDtype))
    return pd.util.hash_pandas_object(series, index=False).to_numpy(dtype=np.uint64)


def read_long_table(
    root: Path,
    config: Config,
    source,
    touchpoint_ids: set[str],
    problems: Problems,
) -> pd.DataFrame | None:
    """One file as the long table's text, before any check: what every format reads into."""
    path = root / source.path
    shape = detect(path, source)
    mapped = plan(
        source, shape, _scales(config), config.privacy, touchpoint_ids, root / CONFIG_FILE, problems
    )
    if mapped is None:
        return None
    reader = open_reader(shape)
    frames = []
    for raw in reader.chunks(mapped.needed()):
        chunk = to_long(raw, mapped)
        frame = pd.DataFrame({name: chunk.columns[name].to_pylist() for name in COLUMNS})
        frame.insert(0, "record", chunk.records)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["record", *COLUMNS])
    return pd.concat(frames, ignore_index=True)
