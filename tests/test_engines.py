"""Engines: the same project counted by pandas, DuckDB, Spark and PostgreSQL gives the same
reduced tables and the same site, byte for byte; Parquet datasets, DuckDB and PostgreSQL
tables as sources. PostgreSQL is a real server, started for the tests on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, postgres_schema, postgres_sql, postgres_table, tree
from touchsite.__main__ import cli
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.pipeline import check

# Rows the checks leave out or take apart, beside the mini project's good ones: a score off
# its scale, an unknown touchpoint, a date that is none, a repeated answer, a label.
EXTRA = [
    ("X001", "search", "2026-02-20", "11", "4", "", "", "loyal"),
    ("X002", "serach", "2026-02-21", "9", "", "", "", "new"),
    (
        "X003",
        "hotline",
        "2026-13-01",
        "7",
        "",
        "3",
        "Lange Wartezeit, rufen Sie 030 1234567 an",
        "new",
    ),
    ("S001", "search", "2026-02-22", "3", "2", "", "again", "new"),
    ("X004", "search", "2026-03-23", "10 - Äußerst wahrscheinlich", "5", "", "Sehr gut", ""),
    ("X005", "hotline", "2026-03-24", "", "", "n/a", "Wartezeit zu lang", "loyal"),
    ("", "hotline", "2026-03-25", "4", "", "5", "Wartezeit zu lang", "new"),
]
COLUMNS = ["response_id", "touchpoint", "date", "nps", "csat", "ces", "comment", "segment"]


def rows() -> list[dict[str, str]]:
    import csv

    with (MINI / "data" / "feedback.csv").open(encoding="utf-8") as file:
        good = list(csv.DictReader(file))
    return good + [dict(zip(COLUMNS, row, strict=True)) for row in EXTRA]


def typed_table(records: list[dict[str, str]]) -> pa.Table:
    """As a tool exports Parquet: numbers and dates typed, text as text."""
    import datetime as dt

    def number(value: str):
        return int(value) if value.isdigit() else None

    def day(value: str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None

    return pa.table(
        {
            "response_id": [r["response_id"] for r in records],
            "touchpoint": [r["touchpoint"] for r in records],
            "date": pa.array([day(r["date"]) for r in records], pa.date32()),
            "nps": pa.array([number(r["nps"]) for r in records], pa.int64()),
            "csat": pa.array([number(r["csat"]) for r in records], pa.int64()),
            "ces": pa.array([number(r["ces"]) for r in records], pa.int64()),
            "comment": pa.array([r["comment"] or None for r in records], pa.string()),
            "segment": [r["segment"] for r in records],
        }
    )


def text_table(records: list[dict[str, str]]) -> pa.Table:
    """Every column text, as the answers were given (labels, 'n/a', bad dates)."""
    return pa.table({name: [r[name] for r in records] for name in COLUMNS})


# Responses as survey tools mark them in their Status column, each (status, kept): Qualtrics'
# text export, its numeric export's codes, Alchemer's values (where 'Test' and 'Spam' mark
# nothing: any other export's Status may mean something else), EFS's tester flag (1 a test)
STATUSES = {
    "qualtrics_text": [
        ("IP Address", True),
        ("Survey Preview", False),
        ("Spam", False),
        ("Imported", True),
        ("survey TEST", False),
        ("\u00a0Preview Spam ", False),
        ("Offline", True),
        ("Prevİew", True),  # no ASCII 'preview': folded alike by every engine
        (None, True),
        # an account set to German: its preview in its own word, its test and spam not
        ("IP-Adresse", True),
        ("Umfragevorschau", False),
        ("Umfragetest", False),
        ("Vorschau-Spam", False),
    ],
    "qualtrics_codes": [
        (0, True),
        (1, False),
        (8, False),
        (4, True),
        (2, False),
        (16, True),
        (17, False),
        (None, True),
        (12, False),
    ],
    "alchemer": [
        ("Complete", True),
        ("Disqualified", False),
        ("Partial", True),
        ("Deleted", False),
        (" DELETED ", False),
        ("Test", True),
        ("Spam", True),
    ],
    "efs": [(0, True), (1, False), (0, True), (None, True), (1, False), (0, True)],
    # EFS's (Unipark's) disposition code: 31 and 32 completed, 22 suspended (its answers
    # count); 35 and 36 screened out, 37 and 38 over a full quota
    "unipark": [
        (31, True),
        (35, False),
        (22, True),
        (37, False),
        (32, True),
        (None, True),
        (36, False),
        (38, False),
    ],
    # Wootric's excluded_from_calculations, as its API writes it: a boolean
    "wootric": [(False, True), (True, False), (None, True), (False, True), (True, False)],
    # a Qualtrics table built without its Status: its DistributionChannel marks the previews
    # and tests (a spam response's is the customers' own: no channel tells it)
    "qualtrics_channel": [
        ("anonymous", True),
        ("preview", False),
        ("email", True),
        ("test", False),
        (" PREVIEW\u00a0", False),
        ("gl", True),
        (None, True),
        ("qr", True),
        ("testing", True),
    ],
}
# how each file names its columns (respondent, date, segment, status)
STATUS_COLUMNS = {
    "qualtrics": ("ResponseId", "RecordedDate", "customer_type", "Status"),
    "alchemer": ("Response ID", "Date Submitted", "segment", "Status"),
    "efs": ("lfdn", "datetime", "v_4", "tester"),
    "unipark": ("lfdn", "datetime", "v_4", "dispcode"),
    "wootric": ("id", "created_at", "plan", "excluded_from_calculations"),
    "qualtrics_channel": ("ResponseId", "RecordedDate", "customer_type", "DistributionChannel"),
}


def status_columns(name: str) -> tuple[str, str, str, str]:
    """The columns of status file `name`: its own, else its tool's."""
    return STATUS_COLUMNS.get(name) or STATUS_COLUMNS[name.split("_")[0]]


def status_entry(name: str) -> str:
    """The data entry of status file `name`, past its path: its columns mapped (its status
    column is found, not named)."""
    respondent, date, segment, _status = status_columns(name)
    return (
        f"    respondent: {respondent}\n    date: {date}\n    segment: {segment}\n"
        "    touchpoints:\n      overall: {nps: Q1}\n      hotline: {csat: Q2, comment: Q3}\n"
    )


def status_rows(name: str) -> list[dict]:
    """The answers of a status file `name`, dated December 2025 (before the mini project's):
    a response's comment says whether it is kept."""
    return [
        {
            "id": f"{name}-{number}",
            "day": f"2025-12-{1 + number:02d}",
            "segment": ("new", "loyal")[number % 2],
            "status": status,
            "nps": number % 11,
            "csat": 1 + number % 5,
            "comment": f"Kundenwort {name} {number}" if kept else f"Testantwort {name} {number}",
            "kept": kept,
        }
        for number, (status, kept) in enumerate(STATUSES[name])
    ]


def status_table(name: str) -> pa.Table:
    """A wide export with a Status column, as a tool's export made into Parquet: Qualtrics'
    dates as timestamps, Alchemer's as text."""
    import datetime as dt

    records = status_rows(name)
    respondent, date, segment, status = status_columns(name)
    days = [r["day"] for r in records]
    if name.startswith("qualtrics"):
        days = pa.array([dt.datetime.fromisoformat(f"{d} 10:15") for d in days], pa.timestamp("s"))
    kinds = {"qualtrics_codes": pa.int64(), "efs": pa.int64(), "unipark": pa.int64()}
    kind = (kinds | {"wootric": pa.bool_()}).get(name, pa.string())
    # EFS writes its own columns beside: the disposition code (31 completed) beside its
    # tester flag, and that flag (0: no tester) beside its disposition code
    own = {"dispcode": [31] * len(records)} if name == "efs" else {}
    own |= {"tester": [0] * len(records)} if name == "unipark" else {}
    return pa.table(
        {
            respondent: [r["id"] for r in records],
            date: days,
            status: pa.array([r["status"] for r in records], kind),
            **own,
            "Q1": [str(r["nps"]) for r in records],
            "Q2": pa.array([r["csat"] for r in records], pa.int64()),
            "Q3": [r["comment"] for r in records],
            segment: [r["segment"] for r in records],
        }
    )


def expected_status_nps() -> Counter:
    """The status files' NPS answers of the responses kept."""
    return Counter(
        ("overall", r["day"][:7], r["segment"], r["nps"])
        for name in STATUSES
        for r in status_rows(name)
        if r["kept"]
    )


# Qualtrics exports made into tables, read with Qualtrics' defaults (no date: given): each
# response (started, recorded, Finished). One left unfinished is recorded when its session
# expires, a week after its last page, in the next month here: dated by its start. Finished
# as the choice-text export writes it (and Excel, and in other spacing), as the numeric
# export's codes, and as a boolean; the dates as timestamps, as ISO days, as timestamps.
PARTIALS = {
    "partials_text": [
        ("2025-11-03", "2025-11-03", "True"),
        ("2025-11-26", "2025-12-03", "False"),
        ("2025-11-27", "2025-12-04", "FALSE"),
        ("2025-11-28", "2025-12-05", " false "),
        ("2025-11-29", "2025-11-29", "TRUE"),
        ("2025-11-30", "2025-12-01", "Falsch"),  # as German Excel saves False: unfinished
        ("2025-11-30", "2025-12-01", "Nein"),  # no Qualtrics value: dated as recorded
        ("2025-11-30", "2025-12-02", None),
    ],
    "partials_codes": [
        ("2025-11-10", "2025-11-10", 1),
        ("2025-11-24", "2025-12-01", 0),
        ("2025-11-29", "2025-12-06", 0),
        ("2025-11-30", "2025-12-07", None),
    ],
    "partials_boolean": [
        ("2025-11-12", "2025-11-12", True),
        ("2025-11-25", "2025-12-02", False),
        ("2025-11-30", "2025-12-07", None),
    ],
}
PARTIAL_ENTRY = (
    "    segment: customer_type\n"
    "    touchpoints:\n      overall: {nps: Q1}\n      hotline: {csat: Q2, comment: Q3}\n"
)


def partial_rows(name: str) -> list[dict]:
    """The answers of a partials table `name`, each with the month it is counted in, worked
    out here: its start's where Finished says False (or 0, or German Excel's FALSCH), else
    its record's."""
    rows = []
    for number, (started, recorded, finished) in enumerate(PARTIALS[name]):
        plain = str(finished).strip().lower() if finished is not None else ""
        unfinished = plain in ("false", "0", "falsch")
        rows.append(
            {
                "id": f"R_{name}_{number}",
                "started": started,
                "recorded": recorded,
                "finished": finished,
                "month": (started if unfinished else recorded)[:7],
                "segment": ("new", "loyal")[number % 2],
                "nps": (number * 3) % 11,
                "csat": 1 + number % 5,
                "comment": f"Teilantwort {name} {number}",
            }
        )
    return rows


def partial_table(name: str) -> pa.Table:
    """A Qualtrics export made into Parquet: its first header row's names, Finished and the
    dates typed as `name` says."""
    records = partial_rows(name)

    def dates(key: str, hour: int):
        if name == "partials_codes":
            return [r[key] for r in records]
        moments = [dt.datetime.fromisoformat(f"{r[key]} {hour:02d}:15") for r in records]
        return pa.array(moments, pa.timestamp("s"))

    finished = {"partials_text": pa.string(), "partials_codes": pa.int64()}
    return pa.table(
        {
            "StartDate": dates("started", 9),
            "EndDate": dates("recorded", 10),
            "Status": ["IP Address" if name != "partials_codes" else "0" for _ in records],
            "Progress": [100 if r["month"] == r["recorded"][:7] else 40 for r in records],
            "Finished": pa.array([r["finished"] for r in records], finished.get(name, pa.bool_())),
            "RecordedDate": dates("recorded", 10),
            "ResponseId": [r["id"] for r in records],
            "Q1": [str(r["nps"]) for r in records],
            "Q2": pa.array([r["csat"] for r in records], pa.int64()),
            "Q3": [r["comment"] for r in records],
            "customer_type": [r["segment"] for r in records],
        }
    )


# A feedback tool's export of all its surveys (HubSpot's feedback submissions): one Rating,
# each row's KPI named beside it. Each row: its type, its rating, the KPI it counts for.
SEVERAL_KPIS = [
    ("NPS", 9, "nps"),
    ("CSAT", 4, "csat"),
    ("\u00a0nps ", 3, "nps"),
    ("CES", 6, "ces"),
    ("Net  Promoter Score", 10, "nps"),
    ("CUSTOM", 7, None),
    ("", 8, None),
    (None, 2, None),
    ("CSAT", 5, "csat"),
    ("NPS", 0, "nps"),
    ("NPS", None, None),
    ("KNOWLEDGE", None, None),
]
SEVERAL_ENTRY = (
    "    respondent: Record ID\n    date: Submitted at\n    touchpoints:\n"
    '      overall: {nps: {column: Rating, where: {"Survey type": [NPS, net promoter score]}}}\n'
    "      hotline:\n"
    '        csat: {column: Rating, where: {"Survey type": CSAT}}\n'
    '        ces: {column: Rating, where: {"Survey type": ces}}\n'
    "        comment: Response\n"
)


def several_table() -> pa.Table:
    """The export of SEVERAL_KPIS, dated November 2025, its ratings whole numbers."""
    return pa.table(
        {
            "Record ID": [f"H{number}" for number in range(len(SEVERAL_KPIS))],
            "Submitted at": pa.array(
                [dt.datetime(2025, 11, 1 + number, 9) for number in range(len(SEVERAL_KPIS))],
                pa.timestamp("s"),
            ),
            "Survey type": [kind for kind, _, _ in SEVERAL_KPIS],
            "Rating": pa.array([rating for _, rating, _ in SEVERAL_KPIS], pa.int64()),
            "Response": [f"Antwort {number}" for number in range(len(SEVERAL_KPIS))],
        }
    )


def expected_partial_nps() -> Counter:
    """The partials tables' NPS answers, by the months worked out in partial_rows."""
    return Counter(
        ("overall", r["month"], r["segment"], r["nps"])
        for name in PARTIALS
        for r in partial_rows(name)
    )


def expected_several_nps() -> Counter:
    return Counter(
        ("overall", "2025-11", "", rating) for _, rating, kpi in SEVERAL_KPIS if kpi == "nps"
    )


def project(tmp_path: Path, engine: str, statuses: bool = False) -> Path:
    """The mini project with two Parquet exports, read by `engine`; with `statuses`, the
    wide exports with a Status column of STATUSES and the Qualtrics tables of PARTIALS
    too."""
    root = tmp_path / engine
    shutil.copytree(MINI, root)
    (root / "data" / "feedback.csv").unlink()
    records = rows()
    half = len(records) // 2
    pq.write_table(typed_table(records[:half]), root / "data" / "typed.parquet")
    pq.write_table(text_table(records[half:]), root / "data" / "text.parquet")
    key = f"\n    engine: {engine}" if engine != "pandas" else ""
    entries = (
        f"  - path: data/typed.parquet{key}\n"
        f"  - path: data/text.parquet{key}\n    not_used: [n/a]\n"
    )
    names = ["typed", "text"]
    for name in STATUSES if statuses else ():
        pq.write_table(status_table(name), root / "data" / f"{name}.parquet")
        entries += f"  - path: data/{name}.parquet{key}\n" + status_entry(name)
        names.append(name)
    for name in PARTIALS if statuses else ():
        pq.write_table(partial_table(name), root / "data" / f"{name}.parquet")
        entries += f"  - path: data/{name}.parquet{key}\n" + PARTIAL_ENTRY
        names.append(name)
    if statuses:  # and a rating column of several KPIs
        pq.write_table(several_table(), root / "data" / "several.parquet")
        entries += f"  - path: data/several.parquet{key}\n" + SEVERAL_ENTRY
        names.append("several")
    if engine == "postgres":  # the same rows as tables, stored in the files' order
        schema = postgres_schema(tmp_path)
        for name in names:
            postgres_table(f"{schema}.{name}", pq.read_table(root / "data" / f"{name}.parquet"))
            (root / "data" / f"{name}.parquet").unlink()
            entries = entries.replace(
                f"  - path: data/{name}.parquet\n    engine: postgres\n",
                f"  - engine: postgres\n    table: {schema}.{name}\n",
            )
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - path: data/feedback.csv\n", entries), "utf-8")
    return root


def reduced(root: Path) -> dict:
    result = CliRunner().invoke(
        cli, ["data", "reduce", str(root), "-o", str(root / "reduced.json")]
    )
    assert result.exit_code == 0, result.output
    return json.loads((root / "reduced.json").read_text(encoding="utf-8"))


def expected_nps(records: list[dict[str, str]]) -> Counter:
    """Worked out here: the NPS answers that pass every check, a respondent's first only."""
    seen, counts = set(), Counter()
    for row in records:
        key = (row["response_id"], row["touchpoint"])
        if row["touchpoint"] not in ("search", "hotline", "overall") or row["date"][5:7] > "12":
            continue
        if row["response_id"] and key in seen:
            continue
        seen.add(key)
        nps = row["nps"].split(" ")[0]
        if nps and 0 <= int(nps) <= 10:
            counts[(row["touchpoint"], row["date"][:7], row["segment"], int(nps))] += 1
    return counts


def nps_counts(data: dict) -> Counter:
    """The reduced file's NPS counts: [touchpoint, period, segment, variant, kpi, [[score, n]]]."""
    return Counter(
        {
            (touchpoint, period, segment, score): n
            for touchpoint, period, segment, _variant, kpi, scores in data["counts"]
            for score, n in scores
            if kpi == "nps"
        }
    )


def same_everywhere(tmp_path: Path, engines: list[str], monkeypatch) -> None:
    """The project read by each of `engines` gives the same reduced tables, problems and site.
    A PostgreSQL table is named as postgres:schema.table where a file is named by its path,
    and its type is shown; with both put back, its site is the same too, but for the search
    index (compressed, it holds them)."""
    from touchsite.load.engines import Scan

    counted = []
    counts = Scan.counts
    monkeypatch.setattr(
        Scan,
        "counts",
        lambda self, *args: (
            counted.append((self.engine.name, counts(self, *args))) or counted[-1][1]
        ),
    )
    results = {}
    for engine in engines:
        root = project(tmp_path, engine, statuses=True)
        site = build(root, tmp_path / f"site-{engine}")
        names = {}
        if engine == "postgres":
            schema = postgres_schema(tmp_path)
            tables = ("typed", "text", *STATUSES, *PARTIALS, "several")
            names = {f"postgres:{schema}.{n}": f"data/{n}.parquet" for n in tables}
            names["PostgreSQL"] = "Parquet"

        def named(text: str, names=names) -> str:
            for name, path in names.items():
                text = text.replace(name, path)
            return text

        problems = sorted((named(p.message), p.line) for p in site.warnings)
        data = json.loads(named(json.dumps(reduced(root), ensure_ascii=False)))
        data.pop("digest")  # of the whole file, names included
        files = {
            path: named(content.decode()).encode() if names else content
            for path, content in tree(tmp_path / f"site-{engine}").items()
            if not (names and path.startswith("pagefind/"))
        }
        results[engine] = (data, files, problems)
    # the SQL counted them, but PostgreSQL's, which Python counts
    by_sql = [result for name, result in counted if name != "postgres"]
    assert all(by_sql) and len(by_sql) >= 2 * len({"duckdb", "spark"} & set(engines))
    assert all(result is None for name, result in counted if name == "postgres")
    first, *others = engines
    data, site, problems = results[first]
    expected = (
        expected_nps(rows())
        + expected_status_nps()
        + expected_partial_nps()
        + expected_several_nps()
    )
    assert nps_counts(data) == expected
    # the responses the survey tool marks are left out, counted per file, their comments unused
    not_real = {f["path"]: f.get("not_real", 0) for f in data["files"]}
    assert not_real == {
        "data/typed.parquet": 0,
        "data/text.parquet": 0,
        **{f"data/{n}.parquet": sum(not kept for _, kept in STATUSES[n]) for n in STATUSES},
        **{f"data/{n}.parquet": 0 for n in PARTIALS},
        "data/several.parquet": 0,
    }
    # a rating whose type no where: names is left out, and named
    untyped = [m for m, _ in problems if "'Rating' answered, left out: no where:" in m]
    assert len(untyped) == 2 and "'CUSTOM'" in untyped[0] + untyped[1], untyped
    pages = b"".join(content for path, content in site.items() if path.endswith(".html"))
    assert b"Kundenwort qualtrics_codes 0" in pages and b"Testantwort" not in pages
    assert any("nps score outside 0..10" in message for message, _ in problems)
    assert any("unknown touchpoint id" in message for message, _ in problems)
    for engine in others:
        other_data, other_site, other_problems = results[engine]
        assert other_data == data, engine
        assert other_problems == problems, engine
        assert sorted(other_site) == sorted(name for name in site if name in other_site)
        assert [name for name in other_site if site[name] != other_site[name]] == [], engine


def test_duckdb_counts_and_builds_as_pandas_does(tmp_path: Path, monkeypatch):
    same_everywhere(tmp_path, ["pandas", "duckdb"], monkeypatch)


@pytest.mark.spark
def test_pandas_duckdb_and_spark_give_the_same_tables_and_site(tmp_path: Path, monkeypatch):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (scripts/test.sh installs it)")
    same_everywhere(tmp_path, ["pandas", "duckdb", "spark"], monkeypatch)


def test_postgres_reads_and_builds_as_pandas_does(tmp_path: Path, monkeypatch, postgres):
    same_everywhere(tmp_path, ["pandas", "postgres"], monkeypatch)


def test_a_comment_repeated_at_a_touchpoint_is_found_whichever_engine_reads_it(tmp_path):
    """The engines count the answers, but every row's comment comes back into the same
    Python: DuckDB's read finds the same repeated text, with the same rows, as pandas'. Its
    lines are the Parquet file's row numbers: the mini project's 52 rows, then the 12
    copies (rows 53 to 64), of the search's 13 comments."""
    bot = "Bitte diesen Test ignorieren, danke"
    records = rows()[:52] + [
        dict(
            zip(
                COLUMNS, (f"T{i:02d}", "search", "2026-03-02", "5", "", "", bot, "new"), strict=True
            )
        )
        for i in range(12)
    ]
    found = {}
    for engine in ("pandas", "duckdb"):
        root = tmp_path / engine
        shutil.copytree(MINI, root)
        pq.write_table(typed_table(records), root / "data" / "typed.parquet")
        config = root / "touchsite.yml"
        entry = f"  - path: data/typed.parquet\n    engine: {engine}\n"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - path: data/feedback.csv\n", entry), "utf-8")
        feedback = check(root).feedback
        found[engine] = [f for f in feedback.quality if f.kind == "repeated-comment"]
        assert feedback.rows == 64
    [finding] = found["pandas"]
    assert found["duckdb"] == found["pandas"]
    assert (finding.path, finding.touchpoint, finding.column_number, finding.rows) == (
        "data/typed.parquet",
        "search",
        7,
        12,
    )
    assert "(of its 13 comments in the file)" in finding.message
    assert [(v.value, v.rows, v.lines) for v in finding.values] == [(bot, 12, (53, 54, 55, 56, 57))]


def dataset_project(
    tmp_path: Path, engine: str, folder: str = "answers", segments: tuple[str, str] = ()
) -> tuple[Path, list]:
    """The mini project reading the good rows from a dataset folder, partitioned by segment as
    hive does, with what Spark writes or macOS leaves beside them and Spark skips (_SUCCESS, ._x,
    _temporary/):
    their rows must not count. Returns the project and the rows its data holds. `segments`
    renames the two segments (loyal, new)."""
    root = project(tmp_path, "pandas")
    records = rows()[:52]
    folders = segments or ("loyal", "new")
    names = dict(zip(("loyal", "new"), folders, strict=True))
    records = [{**r, "segment": names[r["segment"]]} for r in records]
    dataset = root / "data" / folder
    for segment in folders:
        part = typed_table([r for r in records if r["segment"] == segment]).drop(["segment"])
        (dataset / f"segment={segment}").mkdir(parents=True)
        pq.write_table(part, dataset / f"segment={segment}" / "part-0.parquet")
    stray = typed_table(rows()[:10])
    (dataset / "_SUCCESS").write_bytes(b"")
    # macOS leaves ._name beside each file it copies onto a USB stick or share
    (dataset / f"segment={folders[1]}" / "._part-0.parquet").write_bytes(
        b"\x00\x05\x16\x07AppleDouble"
    )
    for hidden in ("_temporary/0/segment=new", ".spark-staging"):
        (dataset / hidden).mkdir(parents=True)
        pq.write_table(stray, dataset / hidden / "part-1.parquet")
    # what the folder's name read as a glob would match beside it: 'Umfrage [2024]' -> 'Umfrage 2'
    (root / "data" / "Umfrage 2" / "segment=new").mkdir(parents=True)
    pq.write_table(
        stray.drop(["segment"]), root / "data" / "Umfrage 2" / "segment=new" / "p.parquet"
    )
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("data:\n")
    end = text.index("\n", text.index("not_used: [n/a]"))
    entry = f"data:\n  - path: '{dataset.relative_to(root).as_posix()}'\n    engine: {engine}"
    config.write_text(text[:start] + entry + text[end:], "utf-8")
    return root, records


def test_a_parquet_dataset_folder_is_read_by_duckdb(tmp_path: Path):
    single = nps_counts(reduced(project(tmp_path / "single", "pandas")))
    root, records = dataset_project(tmp_path, "duckdb")
    from_dataset = nps_counts(reduced(root))
    assert from_dataset == expected_nps(records)
    assert sum(single.values()) > sum(from_dataset.values())  # the other file's rows too


def test_duckdb_is_closed_once_the_data_is_read_and_opens_again(tmp_path: Path):
    from touchsite.load import engines

    root, records = dataset_project(tmp_path, "duckdb")
    first = reduced(root)
    assert "duckdb" not in engines._ENGINES  # its buffers are given back before the moments
    assert reduced(root) == first  # the next read connects anew
    assert nps_counts(first) == expected_nps(records)


def test_a_key_value_folder_above_a_partitioned_dataset_is_a_message(tmp_path: Path):
    # DuckDB reads every key=value folder of a file's path as a partition: this one would
    # overwrite each row's own date
    root, _records = dataset_project(tmp_path / "date=2020-01-01", "duckdb")
    result = CliRunner().invoke(cli, ["build", str(root), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "folder 'date=2020-01-01' above the dataset" in result.output
    assert "engine: spark" in result.output and "Traceback" not in result.output


FOLDERS = ["Umfrage [2024]", "Welle * 3?", "{a,b} [x]", "Q1]"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_dataset_folder_named_with_glob_characters_is_read_as_named(tmp_path: Path, folder):
    root, records = dataset_project(tmp_path, "duckdb", folder)
    assert nps_counts(reduced(root)) == expected_nps(records)


def test_the_files_of_a_dataset_are_those_spark_reads(tmp_path: Path):
    from touchsite.load.engines import dataset_files

    root, _ = dataset_project(tmp_path, "duckdb", "Umfrage [2024]")
    dataset = root / "data" / "Umfrage [2024]"
    (dataset / "_year=2024").mkdir()  # a partition's folder, though its name starts with _
    pq.write_table(pa.table({"a": [1]}), dataset / "_year=2024" / "b.parquet")
    assert [f.relative_to(dataset).as_posix() for f in dataset_files(dataset)] == [
        "_year=2024/b.parquet",
        "segment=loyal/part-0.parquet",
        "segment=new/part-0.parquet",
    ]
    assert dataset_files(dataset / "segment=new" / "part-0.parquet") == [
        dataset / "segment=new" / "part-0.parquet"
    ]


@pytest.mark.spark
@pytest.mark.parametrize("folder", FOLDERS[:2])
def test_spark_reads_a_dataset_folder_as_duckdb_does(tmp_path: Path, folder):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (scripts/test.sh installs it)")
    found = {}
    for engine in ("duckdb", "spark"):
        root, records = dataset_project(tmp_path / engine, engine, folder)
        found[engine] = reduced(root)
    assert nps_counts(found["spark"]) == expected_nps(records)
    assert found["spark"] == found["duckdb"]


# Partition values an engine would read as numbers or dates (where all of a column's values
# can be read so): '-0' (DuckDB: 0), '2026-5-1' (DuckDB: the date 2026-05-01), '01' (Spark: 1)
PARTITION_VALUES = [("-0", "10"), ("2026-5-1", "2026-05-02"), ("01", "02")]


@pytest.mark.parametrize("segments", PARTITION_VALUES[:2])
def test_a_partition_value_is_the_text_of_its_folder_name(tmp_path: Path, segments):
    root, records = dataset_project(tmp_path, "duckdb", segments=segments)
    assert nps_counts(reduced(root)) == expected_nps(records)


@pytest.mark.spark
def test_spark_reads_partition_values_as_duckdb_does(tmp_path: Path):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (scripts/test.sh installs it)")
    found = {}
    for engine in ("duckdb", "spark"):
        root, records = dataset_project(tmp_path / engine, engine, segments=PARTITION_VALUES[2])
        found[engine] = reduced(root)
    assert nps_counts(found["spark"]) == expected_nps(records)
    assert found["spark"] == found["duckdb"]


# When answers were given, around midnight at the turn of a month: in Berlin (CET, then CEST)
# and at +05:30 (a fixed offset, as some tools write a zone) they fall in another month than
# in UTC; on a machine in Los Angeles, some in another again.
ZONED = [
    ("Z001", "search", "2026-01-31T23:30:00+00:00", "9"),  # Berlin: 1 February, 00:30
    ("Z002", "search", "2026-02-28T22:59:00+00:00", "3"),  # Berlin: 28 February, 23:59
    ("Z003", "hotline", "2026-02-28T23:00:00+00:00", "7"),  # Berlin: 1 March, 00:00
    ("Z004", "hotline", "2026-03-31T22:30:00+00:00", "10"),  # Berlin (summer): 1 April, 00:30
    ("Z005", "search", "2026-03-31T20:00:00+00:00", "6"),  # +05:30: 1 April, 01:30
    ("Z006", "overall", "2026-02-15T12:00:00+00:00", "8"),
    ("Z007", "search", "2026-03-01T03:00:00+00:00", "5"),  # Los Angeles: 28 February, 19:00
]


def zoned_project(tmp_path: Path, engine: str, zone: str) -> Path:
    """The mini project whose answers are a Parquet export with zoned timestamps, as pandas
    writes a column of them (the zone in the file's schema)."""
    import datetime as dt

    root = tmp_path / engine
    shutil.copytree(MINI, root)
    (root / "data" / "feedback.csv").unlink()
    instants = [dt.datetime.fromisoformat(when) for _, _, when, _ in ZONED]
    table = pa.table(
        {
            "response_id": [row[0] for row in ZONED],
            "touchpoint": [row[1] for row in ZONED],
            "submitted": pa.array(instants, pa.timestamp("us", tz="UTC")).cast(
                pa.timestamp("us", tz=zone)
            ),
            "nps": pa.array([int(row[3]) for row in ZONED], pa.int64()),
            "segment": ["new"] * len(ZONED),
        }
    )
    pq.write_table(table, root / "data" / "zoned.parquet")
    key = f"\n    engine: {engine}" if engine != "pandas" else ""
    entry = f"  - path: data/zoned.parquet{key}\n    date: submitted\n"
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - path: data/feedback.csv\n", entry), "utf-8")
    return root


def zoned_nps(zone: str) -> Counter:
    """Worked out here: each answer in the month of its day in `zone`."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    if zone.startswith("+"):
        hours, minutes = zone[1:].split(":")
        there = dt.timezone(dt.timedelta(hours=int(hours), minutes=int(minutes)))
    else:
        there = ZoneInfo(zone)
    return Counter(
        (
            touchpoint,
            dt.datetime.fromisoformat(when).astimezone(there).strftime("%Y-%m"),
            "new",
            int(nps),
        )
        for _, touchpoint, when, nps in ZONED
    )


def dated_alike(tmp_path: Path, engines: list[str], zone: str, monkeypatch) -> None:
    """Each engine dates the zoned answers in the zone the file declares, whatever the
    machine's zone: the same counts, worked out here, and the same site. A named zone is
    dated by the engine's SQL, a fixed offset by Python."""
    import time

    from touchsite.load.engines import Scan

    by_sql = []
    counts = Scan.counts
    monkeypatch.setattr(
        Scan, "counts", lambda self, *a: by_sql.append(counts(self, *a)) or by_sql[-1]
    )

    # a machine in another zone than UTC and the file's, which dates some answers in other
    # months again: DuckDB and Spark date in their session's zone, the machine's unless told
    machine = "America/Los_Angeles"
    assert len({frozenset(zoned_nps(z).items()) for z in (zone, "UTC", machine)}) == 3
    monkeypatch.setenv("TZ", machine)
    time.tzset()
    sites = {}
    try:
        for engine in engines:
            root = zoned_project(tmp_path, engine, zone)
            assert nps_counts(reduced(root)) == zoned_nps(zone), engine
            build(root, tmp_path / f"site-{engine}")
            sites[engine] = tree(tmp_path / f"site-{engine}")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert by_sql and all((found is not None) == ("/" in zone) for found in by_sql)
    first, *others = engines
    for engine in others:
        assert [n for n in sites[first] if sites[engine].get(n) != sites[first][n]] == [], engine


@pytest.mark.parametrize("zone", ["Europe/Berlin", "+05:30"])
def test_zoned_timestamps_count_on_their_day_in_the_files_zone(tmp_path, zone, monkeypatch):
    dated_alike(tmp_path, ["pandas", "duckdb"], zone, monkeypatch)


def test_a_file_whose_zones_pyarrow_cannot_read_is_a_message(tmp_path, monkeypatch):
    """The zones are read by pyarrow after the engine read the file: a file it cannot read
    there is the engine's message on the data entry, not a traceback."""
    root = zoned_project(tmp_path, "duckdb", "Europe/Berlin")

    def unreadable(path):
        raise pa.ArrowInvalid("Parquet magic bytes not found in footer")

    monkeypatch.setattr(pq, "read_schema", unreadable)
    with pytest.raises(UserError) as raised:
        check(root)
    assert [(p.path, p.line, p.message) for p in raised.value.problems] == [
        (
            "touchsite.yml",
            25,
            "data/zoned.parquet: duckdb cannot read it: Parquet magic bytes not found in footer",
        )
    ]


@pytest.mark.spark
def test_spark_dates_zoned_timestamps_as_duckdb_does(tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (scripts/test.sh installs it)")
    dated_alike(tmp_path, ["pandas", "duckdb", "spark"], "Europe/Berlin", monkeypatch)


def test_a_duckdb_table_is_a_source_and_a_missing_table_is_named(tmp_path: Path):
    import duckdb

    root = project(tmp_path, "pandas")
    database = root / "data" / "survey.duckdb"
    with duckdb.connect(str(database)) as connection:
        answers = typed_table(rows()[:52])  # noqa: F841 (read by name below)
        connection.execute("CREATE TABLE answers AS SELECT * FROM answers")
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("data:\n")
    end = text.index("\n", text.index("not_used: [n/a]"))
    entry = "data:\n  - path: data/survey.duckdb\n    table: answers"
    config.write_text(text[:start] + entry + text[end:], "utf-8")
    assert nps_counts(reduced(root)) == expected_nps(rows()[:52])
    config.write_text(text[:start] + entry.replace("answers", "answer") + text[end:], "utf-8")
    with pytest.raises(UserError) as raised:
        check(root)
    messages = [(p.message, p.hint) for p in raised.value.problems]
    assert any(
        "the database has no table 'answer'" in message and "answers" in hint
        for message, hint in messages
    ), messages


def test_an_engine_that_cannot_start_is_a_message(tmp_path: Path, monkeypatch):
    from touchsite.load import engines

    class NoJava:  # what pyspark raises where no Java runtime is installed
        def __init__(self) -> None:
            raise RuntimeError("[JAVA_GATEWAY_EXITED] Java gateway process exited.\nmore")

    root = project(tmp_path, "spark")
    monkeypatch.setattr(engines, "_Spark", NoJava)
    monkeypatch.setattr(engines, "_ENGINES", {})
    with pytest.raises(UserError) as raised:
        check(root)
    assert [(p.path, p.line, p.message, p.hint) for p in raised.value.problems] == [
        (
            "touchsite.yml",
            line,
            f"data/{name}.parquet: engine: spark cannot start: [JAVA_GATEWAY_EXITED]"
            " Java gateway process exited.",
            "install a Java runtime (set JAVA_HOME) and check Spark's configuration",
        )
        for line, name in ((25, "typed"), (27, "text"))
    ]


# the property tests that run DuckDB's query against pandas' checks (a project each example)
QUERIES = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ANSWERS = st.sampled_from(
    [
        "",
        "0",
        "7",
        " 10 ",
        "11",
        "-1",
        "7.5",
        "4,0",
        "+3",
        "1e1",
        "5f1a",
        "7 b",
        "5 ½",
        "10 - Äußerst",
        "5 (sehr)",
        "n/a",
        "N/A ",
        "weiß  nicht",
        "Sehr gut",
        "sehr   GUT",
        "it's",
        "a\\b",
        "'; DROP",
        "x",
        "\u00a07\u00a0",
        "10\u00a0-\u00a0Äußerst",
        "sehr\u00a0gut",
        "n/a\u2009",
        "8\u202f(gut)",
        "\u3000 5",
        "WEISS NICHT",
        "Weiß\u00a0nicht",
        "\uff15",
        "ÄUSSERST GUT",
        "äußerst\u00a0gut",
        "4/5",  # Jotform's star rating
        " 10 / 10\u00a0",
        "3/12/2026",
        "4/5 Sterne",
        "4/",
        "03/2026",  # a month and its year
        "12/26",
        "10/10",
    ]
)


@QUERIES
@given(answers=st.lists(ANSWERS, min_size=1, max_size=30))
def test_the_query_reads_any_answer_as_the_checks_do(tmp_path_factory, answers):
    """Whatever the answers, DuckDB's query keeps and counts what pandas keeps and counts;
    labels and 'not used' words with quotes and backslashes stay text in the SQL."""
    read_alike(
        tmp_path_factory.mktemp("answers"),
        {"date": ["2026-01-05"] * len(answers), "nps": answers},
        '    not_used: [n/a, weiß nicht, "a\\\\b"]\n'
        '    labels: {sehr gut: 9, "it\'s": 3, "\'; DROP": 1, Äußerst gut: 10}\n',
    )


# the types a feedback tool writes beside a rating of several KPIs, as a file may hold them
KPI_TYPES = st.sampled_from(
    ["NPS", " nps ", "N P S", "Nps\u00a0", "CSAT", "csat", "CES", "", "CUSTOM", "WEISS NICHT"]
    + [
        "weiß\u00a0nicht",
        "Net  Promoter Score",
        "nps\u3000",
        "'; DROP",
        "a\\b",
        "\uff2e\uff30\uff33",
    ]
)


@QUERIES
@given(rows=st.lists(st.tuples(KPI_TYPES, ANSWERS), min_size=1, max_size=30))
def test_the_query_reads_a_rating_where_its_type_names_the_kpi_as_the_checks_do(
    tmp_path_factory, rows
):
    """A rating column of several KPIs (HubSpot's Rating beside its Survey type): DuckDB's
    query reads each KPI's answers in the rows whose type its where: names, whatever their
    case and spaces, as the checks do."""
    read_alike(
        tmp_path_factory.mktemp("types"),
        {
            "date": ["2026-01-05"] * len(rows),
            "kind": [kind for kind, _ in rows],
            "rating": [answer for _, answer in rows],
        },
        "    scores:\n"
        '      nps: {column: rating, where: {kind: [NPS, net promoter score, "\'; DROP"]}}\n'
        '      csat: {column: rating, where: {kind: [csat, "a\\\\b", Weiß Nicht]}}\n'
        "    not_used: [n/a]\n",
        by_query=True,
    )


@QUERIES
@given(
    rows=st.lists(
        st.tuples(
            ANSWERS,
            ANSWERS,
            st.sampled_from(
                [
                    *["", " ", "zu spät", "gut\u00a0", "-", "k. A.", "Nein.", "\U0001f44d"],
                    *["N/A", "<p>-</p>", "&nbsp;", "k.&nbsp;A.", "&auml;", "<br>", "a<br>"],
                    *["&quot;nein&quot;", "\\n"],
                    # a signature or a device's footer alone, or after a placeholder
                    *["Gesendet von meinem iPhone", "n/a\n\nSent from my iPhone", "MfG Max"],
                    *["k.A.<br>Mit freundlichen Grüßen<br>Max Schneider", "zu spät. MfG M. Weber"],
                    *[
                        "n/a&lt;br&gt;Mit freundlichen Grüßen&lt;br&gt;Max",
                        "zu spät&lt;br /&gt;MfG",
                    ],
                ]
            ),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_score_not_read_leaves_its_row_in_the_query_as_in_the_checks(tmp_path_factory, rows):
    """A row's NPS not read leaves its CSAT and comment used, and the row out only where it
    holds nothing else (an answer that says there is no comment is none): DuckDB's query
    keeps the rows pandas' checks keep."""
    nps, csat, comment = (list(column) for column in zip(*rows, strict=True))
    read_alike(
        tmp_path_factory.mktemp("rows"),
        {"date": ["2026-01-05"] * len(rows), "nps": nps, "csat": csat, "comment": comment},
        "    not_used: [n/a]\n",
    )


@QUERIES
@given(
    answers=st.lists(
        st.one_of(ANSWERS, st.sampled_from(["11", "1", "12", "11 - top"])), max_size=30
    )
)
def test_the_query_reads_a_scale_numbered_from_one_as_the_checks_do(tmp_path_factory, answers):
    """An NPS coded 1-11 (scale: 1-11): DuckDB takes one off each number answered, as pandas
    does, and reads a label as the KPI's own number; as text and as numbers in the file."""
    entry = "    scores: {nps: {column: nps, scale: 1-11}}\n    labels: {sehr gut: 9}\n"
    answers = ["1", "11", *answers]
    read_alike(
        tmp_path_factory.mktemp("coded"),
        {"date": ["2026-01-05"] * len(answers), "nps": answers},
        entry,
    )
    numbers = [int(a) for a in answers if a.isdigit()]
    dates = ["2026-01-05"] * len(numbers)
    read_alike(tmp_path_factory.mktemp("numbers"), {"date": dates, "nps": numbers}, entry)


# Dates as exports write them, beside ISO days (the format found from the first ones): times,
# zones, other separators, days that are none
DATES = st.sampled_from(
    [
        "2026-01-05",
        "2026-1-5",
        " 2026-01-05\u00a0",
        "2026-01-05 10:00",
        "2026-01-05T10:00:00Z",
        "2026-01-05 10:00:00+01:00",
        "2026-01-05Z",
        "2026-01-05 UTC",
        "2026-01-05 GMT+1",
        "2026-01-05+01:00",
        "2026-01-05+0100",
        "2026-01-05 -0700",
        "2026-01-05 EDT",
        "05-01-2026",
        "2026/01/05",
        "20260105",
        "26-01-05",
        "+2026-01-05",
        "2026-02-30",
        "2026-13-01",
        "1970-01-01",
        "2999-01-01",
        "05.01.2026",
        # a day's time as Excel's General format and other tools write it beside days alone
        "2026-01-05 8:05:00",
        "2026-01-05T10:00:00",
        "2026-01-05 10:00:00.123456",
        "2026-01-05, 10:00",
        "2026-01-05 10:00 PM",
        "2026-01-05 1:05 pm AEST",
        "2026-01-05 10:00 Uhr",
        "2026-01-05 10:00  AEST",
        "2026-01-05 10:00 PMZ",
        "2026-01-05 10:00+01:00 Uhr",
        "2026-01-05+01:00 Uhr",
        "2026-01-05 13:00 PM",
        "2026-01-05 25:00",
        "2026-01-05 10",
        "",
    ]
)


@QUERIES
@given(dates=st.lists(DATES, min_size=1, max_size=20))
def test_the_query_reads_any_date_as_the_checks_do(tmp_path_factory, dates):
    """Whatever the dates after ISO days, DuckDB's query keeps the rows pandas keeps: a day
    with a time of day or a zone is its day for either, one written otherwise or with text
    that is no time after it no ISO day."""
    dates = ["2026-01-03", "2026-01-04", *dates]
    read_alike(tmp_path_factory.mktemp("dates"), {"date": dates, "nps": ["7"] * len(dates)})


def test_the_query_dates_date_times_among_days_as_the_checks_do(tmp_path: Path):
    """An export of ISO days with a time here and there ("2026-01-05 08:05:00" beside
    "2026-01-06", Excel's General format writing a midnight without its time): DuckDB's query
    dates every row by its day, as pandas does, and counts each month's answers."""
    dates = ["2026-01-05", "2026-01-05 08:05:00", "2026-01-31T23:59:59", "2026-02-01"]
    dates += ["2026-02-14 9:30", "2026-02-28", "2026-03-01 12:00:00 UTC", "2026-03-02"]
    counts, rows, _not_real = read_alike(
        tmp_path, {"date": dates, "nps": ["9"] * len(dates)}, by_query=True
    )
    assert rows == len(dates)
    months = {row["period"]: row["n"] for row in counts if row["kpi"] == "nps"}
    assert months == {"2026-01": 3, "2026-02": 3, "2026-03": 2}


@QUERIES
@given(dates=st.lists(st.tuples(DATES, DATES), min_size=1, max_size=20))
def test_the_query_dates_a_row_by_its_first_date_filled_as_the_checks_do(tmp_path_factory, dates):
    """date: [submitted, started]: a row without the first date (a partial response, never
    submitted) is dated by the second. DuckDB's query takes the first filled, read or not,
    as pandas does: the same rows kept, in the same months."""
    dates = [("2026-01-03", "2026-01-02"), ("", "2026-02-04"), *dates]
    submitted, started = (list(column) for column in zip(*dates, strict=True))
    read_alike(
        tmp_path_factory.mktemp("fallback"),
        {"submitted": submitted, "started": started, "nps": ["7"] * len(dates)},
        "    date: [submitted, started]\n",
    )


# Qualtrics' Finished as its exports write it (True/False, 1/0, Excel's TRUE), beside values
# that are none of them
FINISHED = st.one_of(
    st.sampled_from(["True", "False", "1", "0", "", "00", "0.0", "Falsch", "no", "f"]),
    st.sampled_from(["false\u00a0", "\u2009FALSE", "fa lse", "'false'", "ſalse", "0\n"]),
    st.text(max_size=6),
).flatmap(lambda value: st.sampled_from([value, f" {value.upper()} ", value.lower()]))


@QUERIES
@given(
    rows=st.lists(st.tuples(st.none() | FINISHED, DATES, DATES), min_size=1, max_size=20),
    numbers=st.lists(st.none() | st.integers(-1, 2), max_size=10),
)
def test_the_query_dates_an_unfinished_response_by_its_start_as_the_checks_do(
    tmp_path_factory, rows, numbers
):
    """A table made from a Qualtrics export, its dates Qualtrics' (no date: given): a row
    whose Finished says False (or 0) is dated by its StartDate where it has one. DuckDB's
    query reads Finished as the checks do, as text and as a numeric export's numbers."""
    rows = [("False", "2026-01-03", "2026-02-04"), ("True", "2026-01-05", "2026-02-06"), *rows]
    finished, started, recorded = (list(column) for column in zip(*rows, strict=True))
    entry = "    touchpoints:\n      search: {nps: nps}\n"

    def table(finished) -> dict:
        n = len(finished)
        return {
            "StartDate": started[:n],
            "Status": ["IP Address"] * n,
            "Finished": finished,
            "RecordedDate": recorded[:n],
            "ResponseId": [f"R_{number}" for number in range(n)],
            "nps": ["7"] * n,
        }

    read_alike(tmp_path_factory.mktemp("partial"), table(finished), entry, by_query=True, wide=True)
    numeric = pa.array([1, 0, *numbers][: len(rows)], pa.int64())
    read_alike(tmp_path_factory.mktemp("codes"), table(numeric), entry, by_query=True, wide=True)


@QUERIES
@given(
    days=st.lists(
        st.tuples(st.none() | st.integers(0, 90), st.none() | st.integers(0, 90)),
        min_size=1,
        max_size=20,
    )
)
def test_timestamps_date_a_row_by_the_first_filled_as_the_checks_do(tmp_path_factory, days):
    """A Parquet export's timestamps, null where a response was never submitted: DuckDB
    dates the row by the next column, as pandas does."""
    start = dt.datetime(2026, 1, 1, 23, 30)

    def moment(day):
        return None if day is None else start + dt.timedelta(days=day)

    read_alike(
        tmp_path_factory.mktemp("stamps"),
        {
            "submitted": [moment(a) for a, _ in days],
            "started": [moment(b) for _, b in days],
            "nps": ["7"] * len(days),
        },
        "    date: [submitted, started]\n",
    )


@QUERIES
@given(
    seconds=st.lists(st.integers(946_684_800, 4_102_444_799), min_size=1, max_size=10),
    as_numbers=st.booleans(),
)
def test_unix_times_are_read_by_python_whatever_the_engine(tmp_path_factory, seconds, as_numbers):
    """The query reads ISO days alone: Unix times (as text, or as the numbers an API's
    Parquet holds) are left to Python, which DuckDB's rows and counts then match."""
    dates = [*seconds, 1_767_571_200] if as_numbers else [str(s) for s in [*seconds, 1_767_571_200]]
    read_alike(
        tmp_path_factory.mktemp("unix"),
        {"date": dates, "nps": ["7"] * len(dates)},
        "    date_format: unix\n",
    )


# Status values as Qualtrics (text, and its numeric export's codes) and Alchemer write them,
# in other cases and spacing, beside text that holds none of their words or looks like SQL's
STATUS_VALUES = st.one_of(
    st.sampled_from(["IP Address", "Survey Preview", "Survey Test", "Spam", "Preview Spam"]),
    st.sampled_from(["Imported", "Offline", "Imported Spam", "0", "1", "2", "4", "8", "9", "12"]),
    st.sampled_from(["IP-Adresse", "Umfragevorschau", "Umfragetest", "Vorschau-Spam"]),
    st.sampled_from(["16", "17", "10", "21", "", "Complete", "Partial", "Disqualified", "Deleted"]),
    st.sampled_from(["Disqualified (test)", "Not deleted", "Testing", "Prevİew", "SPAM\u2009"]),
    st.sampled_from(["\u00a0deleted", "pre%view", "de_leted", "it's", "a\\b", "ſpam"]),
    # QuestionPro's Response Status
    st.sampled_from(["Completed", "Started", "Terminated", "Not terminated", "terminated\u00a0"]),
    # Qualtrics' DistributionChannel
    st.sampled_from(["preview", "test", "anonymous", "email", "gl", "qr", "offline", "tests"]),
    # EFS's disposition codes
    st.sampled_from(["31", "32", "22", "35", "36", "37", "38", "135", "3 5", "35.0"]),
    st.text(max_size=10),
).flatmap(lambda value: st.sampled_from([value, f" {value.upper()}  ", value.lower()]))


@QUERIES
@given(
    statuses=st.lists(st.one_of(st.none(), STATUS_VALUES), min_size=1, max_size=30),
    tool=st.sampled_from(
        ["qualtrics", "qualtrics-channel", "alchemer", "efs", "efs-dispcode", "questionpro"]
    ),
)
def test_the_query_leaves_out_what_a_status_marks_as_the_checks_do(
    tmp_path_factory, statuses, tool
):
    """Whatever a Status column holds, DuckDB's query leaves out the responses pandas leaves
    out: by Qualtrics' rule in a table with its columns (ResponseId, RecordedDate), by EFS's
    in one with its lfdn and tester (the status) or its dispcode, by QuestionPro's in its
    Response Status, by any other export's (Alchemer's) elsewhere, by Qualtrics'
    DistributionChannel in its table without a Status; and counts them alike."""
    rows = len(statuses)
    names = {"efs": "tester", "efs-dispcode": "dispcode", "questionpro": "Response Status"}
    status = (names | {"qualtrics-channel": "DistributionChannel"}).get(tool, "Status")
    columns = {
        status: pa.array(statuses, pa.string()),
        "nps": ["7"] * rows,
        "comment": [f"Antwort {number}" for number in range(rows)],
    }
    if tool.startswith("efs"):
        columns |= {"lfdn": [str(n) for n in range(1, rows + 1)], "date": ["2026-01-05"] * rows}
        entry = "    respondent: lfdn\n    date: date\n"
    elif tool.startswith("qualtrics"):
        columns |= {
            "ResponseId": [f"R_{n}" for n in range(rows)],
            "RecordedDate": ["2026-01-05"] * rows,
        }
        entry = "    respondent: ResponseId\n    date: RecordedDate\n"
    else:
        columns["date"] = ["2026-01-05"] * rows
        entry = "    date: date\n"
    wide = tool == "questionpro"  # its export: one row per respondent
    if wide:
        entry += "    touchpoints:\n      search: {nps: nps, comment: comment}\n"
    read_alike(tmp_path_factory.mktemp("status"), columns, entry, by_query=True, wide=wide)


# a stacked export's rows: the question asked (its text, as a warehouse's column holds it)
# and the answer given, a score or an open question's text
QUESTIONS = st.sampled_from(
    ["Wie wahrscheinlich ...?", "wie  wahrscheinlich ...?", "Wie zufrieden ...?", "Was ...?", ""]
)
STACKED_ANSWERS = st.one_of(ANSWERS, st.sampled_from(["zu spät", "k. A.", "-", "Alles gut"]))


@QUERIES
@given(rows=st.lists(st.tuples(QUESTIONS, STACKED_ANSWERS), min_size=1, max_size=30))
def test_the_query_reads_a_stacked_exports_questions_as_the_checks_do(tmp_path_factory, rows):
    """A stacked export (one row per question answered): each KPI reads the answer column in
    its question's rows, the comment in the open question's rows alone. DuckDB's query keeps
    and counts the rows pandas' checks keep, and both publish the same comments."""
    from touchsite.errors import Problems
    from touchsite.load.config import load_config
    from touchsite.load.feedback import load_feedback

    columns = {
        "id": [f"R{number // 3}" for number in range(len(rows))],
        "date": ["2026-01-05"] * len(rows),
        "question": [question for question, _ in rows],
        "answer": [answer for _, answer in rows],
    }
    entry = (
        "    respondent: id\n    date: date\n    touchpoints:\n      search:\n"
        '        nps: {column: answer, where: {question: "Wie wahrscheinlich ...?"}}\n'
        '        csat: {column: answer, where: {question: "Wie zufrieden ...?"}}\n'
        '        comment: {column: answer, where: {question: "Was ...?"}}\n'
    )
    root = tmp_path_factory.mktemp("stacked")
    read_alike(root, columns, entry, by_query=True, wide=True)
    comments = {}
    for engine in ("pandas", "duckdb"):
        problems = Problems(root / engine)
        loaded = load_feedback(
            root / engine, load_config(root / engine, problems), {"search", "hotline"}, problems
        )
        comments[engine] = sorted(c.text for tp in loaded.comments.values() for c in tp)
    assert comments["duckdb"] == comments["pandas"]
    # the comments are the open question's answers, none another question's
    said = {" ".join(answer.split()) for question, answer in rows if question == "Was ...?"}
    assert {" ".join(text.split()) for text in comments["pandas"]} <= said
    if any(
        question == "Was ...?" and answer in ("zu spät", "Alles gut") for question, answer in rows
    ):
        assert comments["pandas"]  # a comment written there is published


def test_the_query_reads_a_rating_out_of_its_points_as_the_checks_do(tmp_path):
    """Jotform's "4/5" is 4 to DuckDB's query as to pandas; a month and its year ("03/2026")
    and a date are no rating for either: their rows are not counted."""
    answers = ["4/5", " 10 / 10\u00a0", "7/10", "03/2026", "3/12/2026", "12/26"]
    counts, rows, _ = read_alike(tmp_path, {"date": ["2026-01-05"] * 6, "nps": answers}, "", True)
    assert sorted(row["score"] for row in counts) == [4, 7, 10]
    assert rows == 3


def test_the_query_leaves_out_questionpros_terminated_responses(tmp_path):
    """QuestionPro's Response Status marks the respondents its survey terminated (screened
    out, or over a full quota): DuckDB's query leaves them out as pandas does, and keeps
    the one started and left; a Status of another export keeps its "Terminated" (a
    contract's)."""
    statuses = ["Completed", "Terminated", "Started", " TERMINATED ", "Completed"]
    entry = "    date: date\n    touchpoints:\n      search: {nps: nps}\n"
    for name, left_out in (("Response Status", 2), ("Status", 0)):
        columns = {
            name: statuses,
            "nps": ["7"] * len(statuses),
            "date": ["2026-01-05"] * len(statuses),
        }
        _, rows, not_real = read_alike(tmp_path / name, columns, entry, True, wide=True)
        assert (rows, not_real) == (len(statuses) - left_out, [left_out])


def test_the_query_leaves_out_zoho_surveys_disqualified_responses(tmp_path):
    """Zoho Survey's Response Status marks the respondents its survey's logic screened out
    (Disqualified): DuckDB's query leaves them out as pandas does, and keeps the partial
    ones (answered in part, then left)."""
    statuses = ["Completed", "Disqualified", "Partial", " DISQUALIFIED", "Completed", "Partial"]
    columns = {
        "Response Status": statuses,
        "nps": ["7"] * len(statuses),
        "date": ["2026-01-05"] * len(statuses),
    }
    entry = "    date: date\n    touchpoints:\n      search: {nps: nps}\n"
    _, rows, not_real = read_alike(tmp_path, columns, entry, True, wide=True)
    assert (rows, not_real) == (4, [2])


@QUERIES
@given(codes=st.lists(st.one_of(st.none(), st.integers(-1, 20)), min_size=1, max_size=30))
def test_the_query_reads_a_numeric_exports_status_codes_as_the_checks_do(tmp_path_factory, codes):
    """Qualtrics' numeric export writes its Status as codes (1 preview, 8 spam ...): as
    numbers in a Parquet file, DuckDB's query leaves out the rows pandas leaves out."""
    rows = len(codes)
    columns = {
        "ResponseId": [f"R_{n}" for n in range(rows)],
        "RecordedDate": ["2026-01-05"] * rows,
        "Status": pa.array(codes, pa.int64()),
        "nps": ["7"] * rows,
    }
    entry = "    respondent: ResponseId\n    date: RecordedDate\n"
    read_alike(tmp_path_factory.mktemp("codes"), columns, entry, by_query=True)


def read_alike(
    tmp_path: Path,
    columns: dict[str, list],
    entry: str = "",
    by_query: bool = False,
    wide: bool = False,
) -> tuple[list[dict], int, list[int]]:
    """A Parquet file of these `columns` (answers at the search touchpoint), read with the
    data entry's `entry` lines by pandas and by DuckDB: the same counts, rows kept and
    responses left out as not real (returned, each file's). `by_query`: DuckDB's query
    counted them, not Python. `wide`: the columns alone, a wide export's (`entry` maps
    them), no long table's."""
    from touchsite.errors import Problems
    from touchsite.load.config import load_config
    from touchsite.load.engines import Scan
    from touchsite.load.feedback import load_feedback

    rows = len(next(iter(columns.values())))
    found = {}
    counted = []
    counts = Scan.counts
    for engine in ("pandas", "duckdb"):
        root = tmp_path / engine
        shutil.copytree(MINI, root)
        table = {
            "response_id": [f"R{i}" for i in range(rows)],
            "touchpoint": ["search"] * rows,
            **columns,
        }
        if wide:
            table = columns
        pq.write_table(pa.table(table), root / "data" / "answers.parquet")
        config = root / "touchsite.yml"
        lines = "  - path: data/answers.parquet\n" + (
            f"    engine: {engine}\n" if engine != "pandas" else ""
        )
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - path: data/feedback.csv\n", lines + entry), "utf-8")
        problems = Problems(root)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                Scan, "counts", lambda self, *a: counted.append(counts(self, *a)) or counted[-1]
            )
            loaded = load_feedback(
                root, load_config(root, problems), {"search", "hotline"}, problems
            )
        assert not list(problems), [str(p) for p in problems]
        not_real = [f.not_real for f in loaded.files]
        found[engine] = (loaded.counts.to_dict("records"), loaded.rows, not_real)
    assert found["duckdb"] == found["pandas"]
    if by_query:
        assert counted and all(result is not None for result in counted)
    return found["duckdb"]


RECOMMENDATIONS = st.sampled_from(
    ["Würde weiterempfehlen", "WÜRDE NICHT WEITEREMPFEHLEN", "Weiterempfehlung: ja"]
    + ["weiterempfehlung:  Nein", "Would recommend", "would not recommend", "Ja", "", "k. A."]
)


@QUERIES
@given(said=st.lists(RECOMMENDATIONS, min_size=1, max_size=30))
def test_the_query_reads_a_review_sites_recommendation_as_the_checks_do(tmp_path_factory, said):
    """A review site's yes/no words ("Würde weiterempfehlen", "Weiterempfehlung: nein"),
    mapped from one column without kpis.binary: DuckDB's query counts the yes and no that
    pandas counts, named by the column alike."""
    read_alike(
        tmp_path_factory.mktemp("recommended"),
        {"Datum": ["2026-01-05"] * len(said), "Weiterempfehlung": said},
        "    date: Datum\n    touchpoints:\n      search: {binary: Weiterempfehlung}\n",
        wide=True,
    )


# Letters SQL's LOWER cannot fold as Python's casefold does: a dotted capital I, letters that
# fold to two, Greek symbol forms. An answer holding one does not match its label in the
# engine's query; the build then stops with the engine's message.
NOT_FOLDED = "İŉǰΐΰϐϑϕϖϰϱϵẖẗẘẙẚẛ"


SIGNED_ANSWERS = [
    "Gesendet von meinem iPhone",
    "n/a\n\nSent from my iPhone",
    "-<br><br>Von meinem Samsung Galaxy Smartphone gesendet",
    "Mit freundlichen Grüßen\nMax Schneider",
    "k. A.\r\nMit freundlichen Grüßen\r\nMax Schneider",
    "nein<br>MfG<br>M. Schneider",
    "Kind regards\nJane",
    "Cheers, Tom",
    "Zu spät. Cheers, Tom",
    "Danke,\nTom",  # thanks and a name alone: the thanks are a comment
    "Thanks,\nAyşe",
    # a name in lower case after a closing: "n/a" before it is no comment either
    "n/a\nlg anna",
    "mfg thomas müller",
    "n/a lg anna",  # ... after a word and a space
    "k. A. liebe grüße anna schmidt",
    "lg aus kiel",  # whom or where from it greets, a brand: the customer's
    "n/a mein lg handy",
    "n/a\n\ngesendet von meinem lg handy",  # ... but a footer so typed is none
    "k. A.\nGruß\nAnna\n\nvon meinem lg handy gesendet",
    "grüßen nie",  # the verb: the customer's
    "n/a Gruß Heike",  # a name in capitals after a closing after a word: no comment
    "k. A. LG Thomas Müller",
    "nein Danke schön Kerstin",
    "n/a LG Fernseher",  # ... but a brand's product, whom it greets: the customer's
    "n/a Gruß Team",
    "n/a LG Backofen",  # a product's compound and a verdict: the customer's
    "k. A. LG Katastrophe",
    "n/a Regards Thomas O'Neill",  # a name of other Latin letters: no comment
    "k. A. lg Ngọc Nguyễn",
    "Danke Schön",
    "Danke!",
    # thanks and a name alone: the thanks are a comment (the name is cut from what is
    # published), whatever the word after them is
    "Danke, Tom",
    "Danke Tom",
    "Danke Telekom",
    "Many thanks, Tom",
    # ... after a symbol or markup too
    "<p>Danke Tom</p>",
    "👍 Danke Tom",
    "- Danke, Tom",
    "-\nThanks,\nAyşe",
    "👍 MfG Max",  # ... but a signature after a symbol, thanks after a number: none
    "1. Danke Tom",
    "n/a Danke Telekom",  # a company thanked: a comment
    "Lieferung kam an. Danke DHL",
    "n/a LG Anna und Tom",  # two names: what counts is as before (the names cut later)
    "Danke sehr Liebe Grüße",
    "n/a Danke sehr Kerstin",  # ... but after a placeholder, thanks said so and a name: none
    "Danke Lieferteam",  # a team, a service, who thanks are said to: the customer's
    "Thanks Customer Service",
    "Danke, Bis Bald",
    "Danke, Super!",  # praise: the customer's
    "Danke\nPrima",
    "Danke, Prima\nSent from my iPhone",  # praise before a footer: the customer's
    "Danke\nGernot Schmidt",  # a name that starts as praise does ("gern")
    "Danke, Sehr Professionell",
    "Vielen Dank, Tolle Beratung",
    # a name after a product, a particle or thanks said again: cut, its words before it
    # kept, so a comment all the same
    "n/a LG Fernseher Gruß Heike",
    "k. A. kam an Gruß Heike",
    "danke vielmals, Frau Weber",
    "Danke nochmals Dr. Weber",
    "n/a danke nochmal\nHr. Lang\n\nSent from my iPhone",
    "freundliche Grüße an das Team, super Beratung!",
    "Mit freundlichen Gr&uuml;&szlig;en<br>Max",
    "Alles gut. LGBT friendly",
    # a sentence that reads on after "gesendet", a parcel's carrier: the customer's
    "Gesendet über die App hat es nicht funktioniert",
    "Versendet mit Hermes",
    "x" + "." * 300 + " Sent from my iPhone",  # long: a comment, as the query reads it
    "keine Anmerkungen" + "!" * 20 + "\nSent from my iPhone",
    # a wish after where from a greeting greets: the customer's
    "Grüße aus Köln, Schönes Wochenende",
    "LG aus Kiel Frohe Weihnachten",
    "k. A. Grüße aus Köln, Tom Weber",  # ... a name there: none after a placeholder
    # names in sign-offs of other forms: cut later, the sign-off's words left, so a comment
    "Danke Anna und Tom",
    "LG A, B und C",
    "Danke!! Tom",
    "MfG\nMax Weber\n12345 Köln",
    "Danke H.M.",
    "Gruß Tom aus Köln",
    "lg aus köln tom",
    "n/a MfG Prof. Dr. Weber",  # ... a signature after a placeholder: none, as before
]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_the_query_reads_a_signature_as_python_does(engine):
    """A footer or a signature alone, or after a placeholder, is no comment: the query reads
    an answer as comment_text does (before, neither cut them, and "Gesendet von meinem
    iPhone" was a comment)."""
    from touchsite.load.comment_text import comments_only
    from touchsite.load.engines.reduction import DUCKDB, SPARK, _comment

    expected = [bool(text) for text in comments_only(pa.array(SIGNED_ANSWERS)).to_pylist()]
    assert expected.count(False) == 24
    table = pa.table({"value": SIGNED_ANSWERS, "row": range(len(SIGNED_ANSWERS))})
    if engine == "duckdb":
        import duckdb

        with duckdb.connect() as connection:
            connection.register("answers", table)
            said = _comment("COALESCE(value, '')", DUCKDB)
            found = connection.execute(f"SELECT {said} FROM answers ORDER BY row").fetchall()
    else:
        pytest.importorskip("pyspark")
        from touchsite.load.engines import _Spark

        spark = _Spark().spark
        spark.createDataFrame(table.to_pandas()).createOrReplaceTempView("answers")
        said = _comment("COALESCE(value, '')", SPARK)
        found = [tuple(r) for r in spark.sql(f"SELECT {said} FROM answers ORDER BY row").collect()]
    assert [c for (c,) in found] == expected


def test_the_query_folds_case_as_python_does():
    """Labels and 'not used' words match whatever their case, in Latin and Greek letters, as
    mapping.normal matches them: 'Weiß nicht' is 'WEISS NICHT' in both."""
    import duckdb

    from touchsite.load.engines.reduction import DUCKDB, _normal
    from touchsite.load.mapping.columns import normal

    ranges = [(0x20, 0x250), (0x370, 0x400), (0x1E00, 0x1F00)]  # Latin, Greek
    letters = [chr(c) for low, high in ranges for c in range(low, high) if not chr(c).isspace()]
    with duckdb.connect() as connection:
        folded = connection.execute(
            f"SELECT c, {_normal('c', DUCKDB)} FROM (SELECT UNNEST(?) AS c)", [letters]
        ).fetchall()
    assert "".join(c for c, fold in folded if fold != normal(c)) == NOT_FOLDED


def test_the_query_marks_a_status_as_arrow_does():
    """A Status value holding any character of the first scripts (and the Kelvin sign, whose
    lower case is an ASCII letter) around or within the rule's words and codes is marked by
    DuckDB's query as by Arrow's test, by either tool's rule: white space, case and letters
    that fold to ASCII ones alike."""
    import duckdb

    from touchsite.load.engines.reduction import DUCKDB, _marked
    from touchsite.load.mapping.status import (
        EFS,
        OTHER,
        QUALTRICS,
        QUALTRICS_CHANNEL,
        marked_not_real,
    )

    characters = [chr(c) for c in range(0x3100)] + ["\u212a", "\u212b", "\U0001f44d"]
    values = [
        value
        for c in characters
        for value in (f"{c}SPAM{c}", f"PREV{c}EW", f"{c}1{c}", f"1{c}", f"DELETE{c}", c)
        for value in (value, f"{c}{value.lower()}{c}")
    ]
    table = pa.table({"value": pa.array(values, pa.string()), "row": range(len(values))})
    for rule in (QUALTRICS, OTHER, EFS, QUALTRICS_CHANNEL):
        with duckdb.connect() as connection:
            connection.register("answers", table)
            marked = _marked("COALESCE(value, '')", rule, DUCKDB)
            found = connection.execute(f"SELECT {marked} FROM answers ORDER BY row").fetchall()
        expected = marked_not_real(table["value"].combine_chunks(), rule).tolist()
        assert [m for (m,) in found] == expected
        assert 0 < sum(expected) < len(values)


def test_an_engine_that_keeps_other_rows_is_a_message_beside_the_rows_left_out(
    tmp_path: Path, monkeypatch
):
    """Where the engine's count of the rows kept is not the checks', the build stops with a
    message on the data entry; the rows the file's checks had left out so far (their lines
    never read) do not end it with a KeyError."""
    from touchsite.load.engines import Scan

    counts = Scan.counts
    monkeypatch.setattr(Scan, "counts", lambda self, *a: (counts(self, *a)[0], 10**6))
    root = project(tmp_path, "duckdb")
    with pytest.raises(UserError) as raised:
        check(root)
    import re

    problems = raised.value.problems
    assert [(p.path, p.line) for p in problems] == [("touchsite.yml", 25), ("touchsite.yml", 27)]
    for problem, name in zip(problems, ("typed", "text"), strict=True):
        assert re.fullmatch(
            rf"data/{name}\.parquet: duckdb kept 1000000 rows, touchsite's checks \d+: "
            "they read some answers differently",
            problem.message,
        ), problem.message


def test_duckdb_left_open_by_a_failed_build_is_closed_by_the_exit_handlers():
    """The command line leaves through the exit handlers without the interpreter's teardown,
    which closed DuckDB (and so removed its spill files)."""
    code = (
        "import atexit, os, pathlib\n"
        "from touchsite.load import engines\n"
        "connection = engines._engine('duckdb', pathlib.Path('x')).connection\n"
        "atexit._run_exitfuncs()\n"
        "try:\n"
        "    connection.execute('SELECT 1')\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ConnectionException"


def postgres_project(tmp_path: Path, records: list[dict[str, str]], entry: str) -> Path:
    """The mini project reading `records`, stored as the table typed in a schema of its own,
    through the data entry `entry` (its lines under data:)."""
    root = project(tmp_path, "pandas")
    schema = postgres_schema(tmp_path)
    postgres_table(f"{schema}.typed", typed_table(records))
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("data:\n")
    end = text.index("\n", text.index("not_used: [n/a]"))
    config.write_text(text[:start] + "data:\n" + entry.format(schema=schema) + text[end:], "utf-8")
    return root


def test_a_postgres_view_is_read_sorted_and_numeric_answers_are_numbers(tmp_path, postgres):
    """A view's rows have no stored order: they are read sorted, so the same view gives the
    same build. Its numeric column (ADBC gives it as text) is read as numbers."""
    seen, records = set(), []
    for row in rows()[:52]:  # no repeated answers: which one comes first would not matter
        if (row["response_id"], row["touchpoint"]) not in seen:
            seen.add((row["response_id"], row["touchpoint"]))
            records.append(row)
    root = postgres_project(tmp_path, records, "  - engine: postgres\n    table: {schema}.answers")
    schema = postgres_schema(tmp_path)
    postgres_sql(
        f'CREATE VIEW "{schema}".answers AS SELECT response_id, touchpoint, date,'
        " CAST(nps AS numeric) AS nps, CAST(csat AS numeric(3, 1)) AS csat, ces, comment,"
        f' segment FROM "{schema}".typed'
    )
    assert nps_counts(reduced(root)) == expected_nps(records)
    first = build(root, tmp_path / "first")
    build(root, tmp_path / "second")
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert not [p for p in first.warnings if "no column" in p.message]


def test_a_missing_postgres_table_is_named_with_those_there(tmp_path, postgres):
    root = postgres_project(tmp_path, rows()[:52], "  - engine: postgres\n    table: {schema}.typd")
    with pytest.raises(UserError) as raised:
        check(root)
    schema = postgres_schema(tmp_path)
    assert [(p.path, p.line, p.message, p.hint) for p in raised.value.problems] == [
        (
            "touchsite.yml",
            25,
            f"postgres:{schema}.typd: the database has no table '{schema}.typd'",
            f"did you mean '{schema}.typed'?",
        )
    ]


def test_a_postgres_table_named_with_capitals_is_found_as_written(tmp_path, postgres):
    """pandas' to_sql("SurveyAnswers") makes a table whose name keeps its capitals: written
    as it is, unquoted, it is found; a table of the lower-case name would come first, as in
    PostgreSQL."""
    records = rows()[:52]
    root = postgres_project(tmp_path, [], "  - engine: postgres\n    table: {schema}.SurveyAnswers")
    schema = postgres_schema(tmp_path)
    postgres_table(f"{schema}.SurveyAnswers", typed_table(records))
    assert nps_counts(reduced(root)) == expected_nps(records)
    postgres_table(f"{schema}.surveyanswers", typed_table(records[:20]))
    assert nps_counts(reduced(root)) == expected_nps(records[:20])


def test_a_postgres_database_not_reached_is_a_message(tmp_path, postgres, monkeypatch):
    root = postgres_project(
        tmp_path, rows()[:52], "  - engine: postgres\n    table: {schema}.typed"
    )
    with socket.socket() as probe:  # a port no server listens on
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setenv("PGPORT", str(probe.getsockname()[1]))
    with pytest.raises(UserError) as raised:
        check(root)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("touchsite.yml", 25)
    assert problem.message.startswith(
        f"postgres:{postgres_schema(tmp_path)}.typed: engine: postgres cannot start: "
    )
    assert "PGHOST, PGPORT, PGDATABASE, PGUSER" in problem.hint


@pytest.mark.parametrize(
    ("entry", "message", "hint"),
    [
        (
            "  - engine: postgres\n    path: data/x.csv\n    table: answers",
            "data[1]: engine: postgres reads a table of a database, not the file 'data/x.csv'",
            "leave path out",
        ),
        (
            "  - engine: postgres\n    respondent: id",
            "data[1]: engine: postgres needs the table",
            "add table:",
        ),
        ("  - respondent: id", "data[1] is missing the required key 'path'", "add 'path:'"),
        ("  - path: ''", "data[1] is missing the required key 'path'", "add 'path:'"),
    ],
)
def test_a_postgres_entry_names_a_table_and_no_file(tmp_path, entry, message, hint):
    root = project(tmp_path, "pandas")
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("data:\n")
    end = text.index("\n", text.index("not_used: [n/a]"))
    config.write_text(text[:start] + "data:\n" + entry + text[end:], "utf-8")
    with pytest.raises(UserError) as raised:
        check(root)
    found = [(p.message, p.hint) for p in raised.value.problems]
    assert any(m.startswith(message) and h.startswith(hint) for m, h in found), found


def test_a_preview_reads_a_postgres_table_again_each_rebuild(tmp_path, postgres):
    """A table's changes cannot be seen from here, so its feedback is never taken from the
    preview's cache; a dataset folder's files are digested, so a changed file is read again."""
    from touchsite.cache import Cache

    root = postgres_project(
        tmp_path, rows()[:52], "  - engine: postgres\n    table: {schema}.typed"
    )
    cache = Cache()
    before = check(root, cache).feedback.rows
    postgres_sql(f"DELETE FROM \"{postgres_schema(tmp_path)}\".typed WHERE touchpoint = 'search'")
    after = check(root, cache).feedback.rows
    assert 0 < after < before


def test_postgres_numeric_comes_as_the_text_of_its_number(postgres):
    """ADBC gives numeric as an extension type (text inside): read as a CSV's number."""
    from touchsite.load.engines import _Postgres

    engine = _Postgres()
    try:
        sql = "SELECT CAST('3.25' AS numeric) AS m, CAST(NULL AS numeric(3, 1)) AS n, 7 AS i"
        [batch] = list(engine.batches(sql, 100))
        assert batch.schema.types == [pa.string(), pa.string(), pa.int32()]
        assert batch.to_pylist() == [{"m": "3.25", "n": None, "i": 7}]
        assert engine.schema(f"({sql}) AS q").types == batch.schema.types
    finally:
        engine.close()


def test_postgres_batches_are_at_most_the_rows_asked_for(postgres):
    """ADBC hands out batches by their bytes (about 16 MB: 364,722 rows of two columns),
    whatever the rows asked for: a wide table's chunk was not capped at CHUNK_CELLS cells,
    as the other engines' and files' are. Now each batch holds at most the rows asked for,
    every row once and in order."""
    from touchsite.load.engines import _Postgres

    engine = _Postgres()
    try:
        sql = "SELECT g, g * 2 AS twice FROM generate_series(1, 1000) AS g ORDER BY g"
        batches = list(engine.batches(sql, 64))
    finally:
        engine.close()
    assert [batch.num_rows for batch in batches] == [64] * 15 + [40]
    rows = [row for batch in batches for row in batch.to_pylist()]
    assert rows == [{"g": g, "twice": 2 * g} for g in range(1, 1001)]


@pytest.mark.parametrize(("ours", "users", "waits"), [(2, None, 2), (60, "1", 1)])
def test_a_postgres_server_that_never_answers_is_a_message_not_a_hang(
    tmp_path, postgres, monkeypatch, ours, users, waits
):
    """libpq would wait for ever on a server that takes the connection and says nothing (a
    firewall, a wrong port forwarded): touchsite gives it CONNECT_TIMEOUT seconds, unless the
    user's environment says how long. The silent server hangs up after 10 s, so that without
    a timeout the test fails (the message is another) instead of hanging."""
    import threading
    import time

    from touchsite.load import engines

    root = postgres_project(
        tmp_path, rows()[:52], "  - engine: postgres\n    table: {schema}.typed"
    )
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", ours, raising=False)
    if users is not None:
        monkeypatch.setenv("PGCONNECT_TIMEOUT", users)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setenv("PGPORT", str(silent.getsockname()[1]))
        hang_up = threading.Timer(10, silent.close)
        hang_up.start()
        started = time.monotonic()
        try:
            with pytest.raises(UserError) as raised:
                check(root)
        finally:
            hang_up.cancel()
        waited = time.monotonic() - started
    [problem] = raised.value.problems
    assert "engine: postgres cannot start" in problem.message
    assert "timeout" in problem.message, problem.message
    assert waits - 0.5 < waited < waits + 5


@pytest.mark.parametrize(
    ("columns", "entry"),
    [
        (  # the overall aspect named "Gesamt", skipped by a customer
            {"touchpoint": ["Gesamt", "Gesamt", "hotline"], "nps": ["", "7", "8"]},
            "    touchpoint_values: {Gesamt: search}\n",
        ),
        (  # a customer of the segment "Gesamt" who answered nothing
            {"segment": ["Gesamt", "Gesamt", "Basis"], "nps": ["", "7", ""]},
            "",
        ),
        (  # ... at a touchpoint named by its id beside an aspect mapped
            {
                "touchpoint": ["hotline", "Gesamt", "hotline"],
                "segment": ["Gesamt", "Basis", "Basis"],
                "nps": ["", "7", "8"],
            },
            "    touchpoint_values: {Gesamt: search}\n",
        ),
    ],
    ids=["aspect", "segment", "segment-beside-aspects"],
)
def test_a_long_tables_row_without_answers_is_no_totals_row_without_dates(tmp_path, columns, entry):
    """A long table dated by the day the survey ran (date: 2026-01-05): a customer's row at a
    touchpoint without an answer. Before, a cell "Gesamt" made it a totals row in Python
    (a warning, --strict failed) while DuckDB's query kept it: the build stopped with 'duckdb
    kept 3 rows, touchsite's checks 2'. Both keep it now."""
    read_alike(tmp_path, columns, "    date: 2026-01-05\n" + entry)
