from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Compiled templates go to this checkout's own folder (the tests' processes inherit it), not
# to the user's cache folder: what another checkout compiled there is never what is tested.
os.environ["XDG_CACHE_HOME"] = str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "xdg")

# The tests' processes run their native libraries as a user's build does (touchsite.native).
from touchsite import native  # noqa: E402

native.configure()

from touchsite.models import Channel, Config, Phase, Targets  # noqa: E402

# Property-based tests: a fixed, bounded set of examples by default (CI); a long random search
# with HYPOTHESIS_PROFILE=long. Minimal failing examples found are kept as explicit tests.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def half_asked_csat(mini: Path, widened_ces: bool = False) -> None:
    """The project's feedback: 200 rows a month at touchpoint "quiet" from January to June
    2026; csat asked of 40 (all 5s) until March, then of everyone (1..5 alike): a change in
    the data, not in the customers. `widened_ces`: a CES answered 1-5 until March, 1-7
    since (the answers' scale changes)."""
    rows = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for month in range(1, 7):
        for i in range(200):
            csat = ("5" if i < 40 else "") if month < 4 else str(1 + i % 5)
            ces = (str(1 + i % 5) if month < 4 else str(1 + i % 7)) if widened_ces else ""
            day = f"2026-0{month}-{1 + i % 28:02d}"
            rows.append(f"C{month}-{i},quiet,{day},{i % 11},{csat},{ces},,")
    (mini / "data" / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def mini_with_answers(root: Path, header: list[str], rows) -> Path:
    """A copy of the small fixture project at `root` whose data/feedback.csv holds `rows`
    under `header` (a long table's columns)."""
    shutil.copytree(MINI, root)
    with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return root


def small_chunks(patch: pytest.MonkeyPatch, rows: int, block_bytes: int = 4096) -> None:
    """Every reader hands out chunks of at most `rows` records (a CSV file's, a workbook's, a
    Parquet file's, an engine's), pyarrow reads a CSV file in blocks of `block_bytes`: where
    a large file's chunks fall, in a small one."""
    from touchsite.load.formats import csv_file, shape

    patch.setattr(shape, "CHUNK_ROWS", rows)
    patch.setattr(csv_file, "CHUNK_ROWS", rows)
    patch.setattr(csv_file, "CSV_BLOCK_BYTES", block_bytes)


# A Qualtrics export's columns before the questions, each as its three header rows write it
QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Berlin"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Berlin"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Berlin"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]
QUALTRICS_CSAT = [
    "Extremely dissatisfied",
    "Somewhat dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Somewhat satisfied",
    "Extremely satisfied",
]
QUALTRICS_COMMENTS = [
    "Schnell geholfen, danke",
    "Zu lange Wartezeit in der Hotline",
    "Rückruf kam nie, bitte an max.mustermann@example.org schreiben",
    "Die Suche findet nichts\nZweite Zeile: auch nicht mit Filtern",
    "k. A.",
    "Freundlich, aber teuer; Tel. 030 1234567",
    'Preis "fair", Lieferung <b>langsam</b>',
]

QUALTRICS_ENDINGS = ["im Mai", "wie immer", "leider", "zum zweiten Mal", "trotz Termin", "ok"]


def qualtrics_export(path: Path, respondents: int, touchpoints: list[str]) -> str:
    """A wide export as Qualtrics writes it (three header rows: export tags, question texts,
    ImportIds; a byte-order mark; ISO times; previews marked in Status; unfinished responses
    recorded a week after their start), a CSAT question and a comment per touchpoint and an
    NPS question, `respondents` rows in the order they were recorded: the file's data
    entry for touchsite.yml, which maps them to `touchpoints`."""
    names, texts, imports = (list(column) for column in zip(*QUALTRICS_META, strict=True))
    for number, touchpoint in enumerate(touchpoints, 1):
        names += [f"Q2_{number}", f"Q{number + 2}_TEXT"]
        texts += [f"How satisfied were you with... - {touchpoint}", f"Tell us about {touchpoint}"]
        imports += [f'{{"ImportId":"QID2_{number}"}}', f'{{"ImportId":"QID{number + 2}_TEXT"}}']
    names += ["Q1", "customer_type"]
    texts += ["How likely are you to recommend us to a friend or colleague?", "customer_type"]
    imports += ['{"ImportId":"QID1"}', '{"ImportId":"customer_type"}']
    start = dt.datetime(2025, 9, 1, 8)
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerows([names, texts, imports])
        for number in range(respondents):
            started = start + dt.timedelta(minutes=number * 263_000 // max(respondents, 1))
            finished = number % 31 != 7
            recorded = started + (dt.timedelta(minutes=3) if finished else dt.timedelta(days=7))
            status = "Survey Preview" if number % 97 == 5 else "IP Address"
            row = [
                started.strftime("%Y-%m-%d %H:%M:%S"),
                recorded.strftime("%Y-%m-%d %H:%M:%S"),
                status,
                f"203.0.113.{number % 250}",
                "100" if finished else "40",
                "180" if finished else "604800",
                str(finished),
                recorded.strftime("%Y-%m-%d %H:%M:%S"),
                f"R_{number:08X}x{number * 7919 % 100_003:05d}",
                "",
                "anonymous",
                "DE",
            ]
            for place in range(len(touchpoints)):
                turn = (number * 2_654_435_761 + place * 97) % 1_000_003  # spread, not random
                answered = turn % 5 != 0 and (finished or place == 0)
                row.append(QUALTRICS_CSAT[turn // 5 % 5] if answered else "")
                said = QUALTRICS_COMMENTS[turn // 25 % 7]
                if said != "k. A.":
                    said += f" ({QUALTRICS_ENDINGS[turn // 175 % len(QUALTRICS_ENDINGS)]})"
                row.append(said if answered and turn // 1225 % 3 == 0 else "")
            row += [str(number * 5 % 11), "neu" if number % 3 else "treu"]
            writer.writerow(row)
    mapped = "".join(
        f"      {touchpoint}: {{csat: Q2_{number}, comment: Q{number + 2}_TEXT}}\n"
        for number, touchpoint in enumerate(touchpoints, 1)
    )
    labels = ", ".join(f'"{label}": {score}' for score, label in enumerate(QUALTRICS_CSAT, 1))
    return (
        f"  - path: data/{path.name}\n    segment: customer_type\n    touchpoints:\n"
        f"      overall: {{nps: Q1}}\n{mapped}    labels: {{{labels}}}\n"
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


BASE_CONFIG = Config(
    title="Journey",
    client="Client",
    language="en",
    base_url="",
    phases=(Phase("before", "Before"),),
    channels=(Channel("web", "Website"),),
    personas=(),
    primary_kpi="nps",
    targets=Targets(),
    data=(),
)


def make_config(**changes) -> Config:
    """A small config for analysis tests; keyword arguments replace its fields."""
    return dataclasses.replace(BASE_CONFIG, **changes)


def forks(monkeypatch) -> list[str]:
    """The names of the works forked beside (touchsite.beside) from here on, in order."""
    from touchsite import beside

    forked = []
    start = beside._Forked.__init__

    def counted(self, compute, name, **options):
        forked.append(name)
        start(self, compute, name, **options)

    monkeypatch.setattr(beside._Forked, "__init__", counted)
    return forked


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (Linux): a zombie has ended, but is not yet reaped by
    its parent (or, an orphan's, by the one it was given to)."""
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (ProcessLookupError, FileNotFoundError):  # reaped, maybe between the two looks
        return False


# PostgreSQL: a server of the tests' own, on 127.0.0.1 and a free port, in a temporary folder.
# initdb and the server refuse to run as root: as root they run as Debian's postgres user.


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found and shutil.which("initdb"):
        found = [Path(shutil.which("initdb"))]
    if not found:
        pytest.fail("PostgreSQL's server is not installed (scripts/test.sh installs postgresql)")
    return found[-1].parent


@pytest.fixture(scope="session")
def postgres_server():
    """The libpq environment that names the test server's database."""
    binary = _postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="touchsite-postgres-"))
    as_user = []
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"

    def run(*command: str) -> None:
        done = subprocess.run([*as_user, *command], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr

    run(str(binary / "initdb"), "-D", str(data), "-A", "trust", "-U", "touchsite", "-E", "UTF8")
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run(
        str(binary / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "start",
    )
    try:
        yield {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(port),
            "PGUSER": "touchsite",
            "PGDATABASE": "postgres",
        }
    finally:
        run(str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres(postgres_server, monkeypatch):
    """The test server named in this test's environment, as a user's libpq variables would."""
    for name in ("PGSERVICE", "PGPASSWORD", "PGSSLMODE", "PGOPTIONS", "PGCONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in postgres_server.items():
        monkeypatch.setenv(name, value)
    return postgres_server


def postgres_schema(tmp_path: Path) -> str:
    """A schema of the test's own (tests share the server)."""
    return "t" + str(abs(hash(tmp_path.as_posix())) % 10**12)


def postgres_sql(*statements: str) -> None:
    from adbc_driver_postgresql import dbapi

    with dbapi.connect("postgresql://") as connection, connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        connection.commit()


def postgres_table(name: str, table) -> None:
    """`table` (a pyarrow Table) as a PostgreSQL table, its rows stored in their order."""
    from adbc_driver_postgresql import dbapi

    schema, _, table_name = name.rpartition(".")
    with dbapi.connect("postgresql://") as connection, connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        cursor.adbc_ingest(table_name, table, mode="create", db_schema_name=schema)
        connection.commit()
