#!/usr/bin/env python3
"""Benchmark `touchsite build` on synthetic projects of growing size.

For each size (touchpoints x feedback rows) this script

1. generates a synthetic project once into a cache folder (deterministic, fixed seed) and
   reuses it on later runs while its parameters are unchanged;
2. runs the build N times, each in a fresh Python process (`python -m touchsite build`),
   measuring wall time and the child's peak resident memory;
3. in the same loop, runs a baseline process that only does `pandas.read_csv(<same csv>)`,
   so the build can be reported as a ratio that is comparable across machines;
4. optionally (--stages) times the build's stages in one fresh process for the largest size.

Results are printed as a table and written to <cache>/results.json.
See bench/README.md.

Only the standard library, numpy and pandas are used here (touchsite itself is imported only
in the child processes).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_CACHE = BENCH_DIR / "out"
DEFAULT_SIZES = "100x100000,1000x100000,1000x1000000"
SEED = 20260101
# Bump when the generator changes, so cached projects are regenerated.
GENERATOR_VERSION = 6  # bump when the generated projects change
GNU_TIME = "/usr/bin/time"

PHASES = [
    ("inspiration", "Inspiration"),
    ("beratung-kauf", "Beratung & Kauf"),
    ("lieferung-montage", "Lieferung & Montage"),
    ("nutzung-service", "Nutzung & Service"),
]
CHANNELS = [
    ("website", "Website & Onlineshop"),
    ("social-media", "Social Media"),
    ("print", "Print"),
    ("filiale", "Einrichtungshaus"),
    ("telefon", "Telefon"),
    ("e-mail", "E-Mail"),
    ("lieferteam", "Liefer- & Montageteam"),
]
PERSONAS = [
    ("junge-familie", "Junge Familie", "Paar mit zwei kleinen Kindern, richtet neu ein."),
    ("berufseinsteigerin", "Berufseinsteigerin", "Erste eigene Wohnung, kauft meist online."),
]
SEGMENTS = np.array(["neukunde", "stammkunde"])
SEGMENT_SHIFT = np.array([-0.06, 0.12])
START_DATE = np.datetime64("2025-11-01")
DAYS = 365  # 12 months: 2025-11-01 .. 2026-10-31
RECOMMENDATIONS = 6

# A pool of comments; some contain commas/quotes (CSV quoting) and personal data (redaction).
COMMENTS = [
    "Alles bestens, gerne wieder.",
    "Im Großen und Ganzen in Ordnung.",
    "Die Beratung war kompetent, freundlich und ohne Druck.",
    "Ich habe dreimal angerufen und hing jedes Mal in der Warteschleife.",
    "Der Rückruf kam nie.",
    'Das Zeitfenster "8 bis 17 Uhr" ist viel zu ungenau.',
    "Lieferung pünktlich, Monteure sehr ordentlich.",
    "Die Versandkosten wurden erst im letzten Schritt angezeigt.",
    "Bitte rufen Sie mich an: 0171 2345678.",
    "Antwort bitte an max.mustermann@example.org, danke.",
    "Erstattung bitte auf DE89 3704 0044 0532 0130 00.",
    "Die Planung am Bildschirm mit unseren Raummaßen war klasse.",
    "Nur eine Kasse war besetzt, entsprechend lang war die Schlange.",
    "Zu viel Werbung im Briefkasten.",
    "Die Suche findet <b>nichts</b>, wenn man Tippfehler macht.",
    "Schneller als erwartet, top!",
    "Mein Ansprechpartner wechselte ständig; niemand fühlte sich zuständig.",
    "Die Sendungsverfolgung zeigt seit Tagen denselben Status.",
    "Freundliches Team, aber der Termin wurde zweimal verschoben.",
    "Preis-Leistung stimmt.",
]
# Real comments are nearly all different: each generated one is a pool comment followed by a
# few words drawn from this list, so tokenising and redaction see distinct texts.
COMMENT_SHARE = 0.30  # of the rows: 300,000 comments in a 1,000,000-row project
VARIETY = [
    "Lieferung",
    "Termin",
    "Anruf",
    "Beratung",
    "Kasse",
    "Wartezeit",
    "Monteur",
    "Rechnung",
    "Filiale",
    "Versand",
    "Paket",
    "Kundenservice",
    "Hotline",
    "Mitarbeiter",
    "Sofa",
    "Tisch",
    "Schrank",
    "Bett",
    "Küche",
    "Stuhl",
    "Regal",
    "Lampe",
    "Teppich",
    "Bestellung",
    "Rücksendung",
    "Reklamation",
    "Ersatzteil",
    "Montage",
    "Aufbau",
    "Abholung",
    "Parkplatz",
    "Preis",
    "Rabatt",
    "Gutschein",
    "Katalog",
    "Prospekt",
    "Website",
    "Suche",
    "Konfigurator",
    "Finanzierung",
    "Garantie",
    "schnell",
    "langsam",
    "freundlich",
    "unfreundlich",
    "pünktlich",
    "verspätet",
    "teuer",
    "günstig",
    "sauber",
    "kaputt",
    "leider",
    "wieder",
    "sehr",
    "wirklich",
    "nie",
    "immer",
    "gestern",
    "heute",
    "morgen",
    "endlich",
    "trotzdem",
    "insgesamt",
]


# --------------------------------------------------------------------------------------
# Sizes and the project generator
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    touchpoints: int
    rows: int
    answers: int = 1  # answers per respondent (--answers-per-respondent)

    @property
    def label(self) -> str:
        per = f"/{self.answers}" if self.answers > 1 else ""
        return f"{self.touchpoints}x{self.rows}{per}"

    @property
    def name(self) -> str:
        per = f"_a{self.answers}" if self.answers > 1 else ""
        return f"t{self.touchpoints}_r{self.rows}{per}"


def _count(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("k"):
        factor, text = 1_000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def parse_sizes(text: str) -> list[Size]:
    sizes = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            touchpoints, rows = part.lower().split("x")
            size = Size(_count(touchpoints), _count(rows))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"bad size {part!r}: write TOUCHPOINTSxROWS, e.g. 100x100000 or 1000x1m"
            ) from None
        if size.touchpoints < 1 or size.rows < 1:
            raise argparse.ArgumentTypeError(f"bad size {part!r}: both numbers must be >= 1")
        sizes.append(size)
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sizes


def _params(size: Size, seed: int) -> dict:
    return {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "touchpoints": size.touchpoints,
        "rows": size.rows,
        "answers_per_respondent": size.answers,
        "phases": len(PHASES),
        "channels": len(CHANNELS),
        "personas": len(PERSONAS),
        "recommendations": RECOMMENDATIONS,
    }


def ensure_project(cache: Path, size: Size, seed: int, force: bool = False) -> tuple[Path, float]:
    """Return (project folder, seconds spent generating; 0.0 if reused from the cache)."""
    root = cache / "projects" / size.name
    marker = root / "bench-params.json"
    params = _params(size, seed)
    if not force and _made_with(marker, params):
        return root, 0.0
    started = time.perf_counter()
    if root.exists():  # stale: another run may be removing it too
        shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{size.name}-", dir=root.parent))
    try:
        _write_project(staging, size, seed)
        # The marker is written last: a half-written project is never reused.
        (staging / "bench-params.json").write_text(json.dumps(params, indent=2), encoding="utf-8")
        staging.chmod(0o755)
        try:
            staging.rename(root)
        except OSError:
            # another run on this cache made the same project meanwhile (the generator is
            # deterministic): its files are these
            if not _made_with(marker, params):
                raise
            shutil.rmtree(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return root, time.perf_counter() - started


def _made_with(marker: Path, params: dict) -> bool:
    """Whether the project whose marker this is was generated with `params`."""
    try:
        return json.loads(marker.read_text(encoding="utf-8")) == params
    except (OSError, ValueError):
        return False


def _touchpoint_ids(n: int) -> list[str]:
    width = max(4, len(str(n)))
    return [f"tp-{i:0{width}d}" for i in range(1, n + 1)]


def _write_project(root: Path, size: Size, seed: int) -> None:
    rng = np.random.default_rng([seed, size.touchpoints, size.rows])
    ids = _touchpoint_ids(size.touchpoints)
    (root / "content" / "touchpoints").mkdir(parents=True)
    (root / "content" / "recommendations").mkdir(parents=True)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "data").mkdir()

    (root / "touchsite.yml").write_text(_config_yaml(size), encoding="utf-8")

    # Touchpoints: spread over phases and channels; each has a latent quality.
    quality = rng.normal(0.0, 0.6, size.touchpoints)
    emotions = np.clip(np.rint(quality * 2.5), -3, 3).astype(int)
    for index, tp_id in enumerate(ids):
        phase = PHASES[index * len(PHASES) // size.touchpoints][0]
        channel = CHANNELS[int(rng.integers(len(CHANNELS)))][0]
        personas = [p[0] for p in PERSONAS if rng.random() < 0.7] or [PERSONAS[0][0]]
        lines = [
            "---",
            f"title: Touchpoint {index + 1} ({channel})",
            f"phase: {phase}",
            f"channel: {channel}",
            f"type: {['digital', 'analog', 'personal'][index % 3]}",
            f"category: {['place', 'person', 'marketing', 'service', 'product'][index % 5]}",
            f"influence: {'direct' if index % 4 else 'indirect'}",
            f"direction: {'two-way' if index % 2 else 'one-way'}",
            f"c2c: {'true' if index % 11 == 0 else 'false'}",
            f"owner: Team {index % 9 + 1}",
            f"personas: [{', '.join(personas)}]",
            f"emotion: {emotions[index]}",
            "value: [service, price]" if index % 3 == 0 else "value: [service]",
            f"order: {index}",
        ]
        if index % 10 == 0:
            lines += ["targets:", "  nps: 30", "  csat: 80"]
        lines.append("---")
        body = (
            f"Beschreibung von **Touchpoint {index + 1}** im Kanal *{channel}*.\n\n"
            "- Was Kundinnen und Kunden hier erleben\n"
            "- Was gut läuft und was nicht\n\n"
            "Weitere Hinweise stehen unter [Datengrundlage](../pages/datengrundlage.html).\n"
        )
        text = "\n".join(lines) + "\n" + body
        (root / "content" / "touchpoints" / f"{tp_id}.md").write_text(text, encoding="utf-8")

    statuses = ["idea", "planned", "in-progress", "done", "rejected", "planned"]
    priorities = ["high", "medium", "low"]
    kpis = ["nps", "csat", "ces"]
    for index in range(RECOMMENDATIONS):
        chosen = sorted(rng.choice(len(ids), size=min(3, len(ids)), replace=False).tolist())
        text = "\n".join(
            [
                "---",
                f"title: Empfehlung {index + 1}",
                f"touchpoints: [{', '.join(ids[i] for i in chosen)}]",
                f"priority: {priorities[index % 3]}",
                f"impact: {index % 5 + 1}",
                f"effort: {(index * 2) % 5 + 1}",
                f"status: {statuses[index % len(statuses)]}",
                f"owner: Team {index + 1}",
                f"due: 2027-0{index % 9 + 1}-28",
                f"kpi: {kpis[index % 3]}",
                "---",
                "### Problem\n\nEin wiederkehrendes Problem.\n\n### Maßnahme\n\nEine Maßnahme.\n",
            ]
        )
        (root / "content" / "recommendations" / f"empfehlung-{index + 1}.md").write_text(
            text, encoding="utf-8"
        )
    # not "Methode": the navigation has the site's own "Methoden" already
    (root / "content" / "pages" / "datengrundlage.md").write_text(
        "---\ntitle: Datengrundlage\norder: 1\n---\nSynthetische Daten für den Benchmark.\n",
        encoding="utf-8",
    )
    _write_journeys(root, size, seed, ids)
    write_feedback_csv(root / "data" / "feedback.csv", rng, ids, quality, size.rows, size.answers)


JOURNEYS = 3
STEPS_PER_JOURNEY = 24
PAIN_QUOTES = (["Warteschleife"], ["Rückruf kam nie"], ["zweimal verschoben"], ["Schlange"])


def _write_journeys(root: Path, size: Size, seed: int, ids: list[str]) -> None:
    """Journeys of 24 steps over the touchpoints, one with the blueprint lanes and a target
    state, and opportunities spanning them; drawn from their own random stream, so the
    feedback data stays what earlier generator versions made."""
    rng = np.random.default_rng([seed, size.touchpoints, size.rows, 8])
    folder = root / "content" / "journeys"
    folder.mkdir(parents=True)
    (root / "content" / "opportunities").mkdir(parents=True)
    lanes = "lanes: [actions, touchpoints, channels, thoughts, emotion, pain_points, needs, " + (
        "opportunities"
    )
    for number in range(1, JOURNEYS + 1):
        lines = ["---", f"title: Journey {number}", f"order: {number}"]
        lines.append(lanes + (", frontstage, backstage, support]" if number == 1 else "]"))
        lines.append("steps:")
        for step in range(STEPS_PER_JOURNEY):
            # steps walk through the phases; each takes 1-3 touchpoints of its phase
            first = step * len(ids) // STEPS_PER_JOURNEY
            last = max(first + 1, (step + 1) * len(ids) // STEPS_PER_JOURNEY)
            chosen = sorted(set(rng.integers(first, last, int(rng.integers(1, 4))).tolist()))
            phase = PHASES[first * len(PHASES) // len(ids)][0]
            lines += [
                f"  - id: schritt-{step + 1}",
                f"    title: Schritt {step + 1}",
                f"    phase: {phase}",
                f"    touchpoints: [{', '.join(ids[i] for i in chosen)}]",
                f"    actions: Kundin tut Schritt {step + 1}",
                "    pain_points:",
                f"      - text: Problem in Schritt {step + 1}",
                f"        quotes: {PAIN_QUOTES[step % len(PAIN_QUOTES)]}",
                "    needs: [Ein verlässlicher Termin]",
            ]
            if number == 1:
                lines += ["    backstage: Disposition plant", "    support: Warenwirtschaft"]
        lines += ["---", f"Synthetische Journey {number}.", ""]
        (folder / f"journey-{number}.md").write_text("\n".join(lines), encoding="utf-8")
    target = ["---", "title: Journey 1, Ziel", "state: to-be", "as_is: journey-1", "steps:"]
    for step in range(STEPS_PER_JOURNEY):
        target.append(f"  - id: schritt-{step + 1}")
        if step % 4 == 0:
            target.append("    actions: Kundin bucht online")
    target += ["---", ""]
    (folder / "journey-1-ziel.md").write_text("\n".join(target), encoding="utf-8")
    for number in range(1, 3):
        steps = ", ".join(f"journey-{j}/schritt-{number * 5 + j}" for j in range(1, JOURNEYS + 1))
        text = (
            f"---\ntitle: Chance {number}\nsteps: [{steps}]\nrecommendations: [empfehlung-1]\n"
            f"impact: {number + 2}\neffort: {number + 1}\n---\nSynthetisch.\n"
        )
        (root / "content" / "opportunities" / f"chance-{number}.md").write_text(
            text, encoding="utf-8"
        )


def _config_yaml(size: Size) -> str:
    out = io.StringIO()
    out.write(f"title: Benchmark {size.label}\nclient: Benchmark GmbH\nlanguage: de\n")
    out.write('base_url: ""\nphases:\n')
    for phase_id, title in PHASES:
        out.write(f"  - id: {phase_id}\n    title: {title}\n")
    out.write("channels:\n")
    for channel_id, title in CHANNELS:
        out.write(f"  - id: {channel_id}\n    title: {title}\n")
    out.write("personas:\n")
    for persona_id, title, description in PERSONAS:
        out.write(f"  - id: {persona_id}\n    title: {title}\n    description: {description}\n")
    out.write(
        "kpis:\n  primary: nps\n  targets:\n    nps: 20\n    csat: 75\n    ces: 5.0\n"
        "  ces_scale: {min: 1, max: 7, higher_is_better: true}\n"
    )
    out.write("data:\n  - path: data/feedback.csv\n")
    return out.getvalue()


def _csv_field(text: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def _score_strings(scores: np.ndarray, answered: np.ndarray, low: int, high: int) -> np.ndarray:
    """Map integer scores to their text via a lookup table; unanswered -> ''."""
    table = np.array([str(v) for v in range(low, high + 1)] + [""], dtype=object)
    index = np.where(answered, scores - low, high - low + 1)
    return table[index]


def write_feedback_csv(
    path: Path,
    rng: np.random.Generator,
    ids: list[str],
    quality: np.ndarray,
    rows: int,
    answers: int = 1,
) -> None:
    """Long-format feedback, vectorised: every column is built with numpy lookups.

    `answers` > 1: each respondent gives that many rows on one day, in one segment: the
    overall NPS (touchpoint `overall`, the relationship question key-driver analysis reads)
    and answers for `answers - 1` different touchpoints, scored alike through a satisfaction
    of the respondent's own. 1: every row is a respondent of its own (the projects as they
    were before the option, row for row)."""
    n_tp = len(ids)
    # Uneven popularity of touchpoints (a few get many answers, most get fewer).
    weights = rng.pareto(1.5, n_tp) + 0.2
    tp = rng.choice(n_tp, size=rows, p=weights / weights.sum())
    # Dates over 12 months with a seasonal wave; sorted as a survey export would be.
    day_weights = 1.0 + 0.25 * np.cos(np.arange(DAYS) / DAYS * 4 * np.pi)
    day = np.sort(rng.choice(DAYS, size=rows, p=day_weights / day_weights.sum()))
    order = rng.permutation(rows)  # touchpoints in random order within the sorted dates
    tp = tp[order]
    segment = (rng.random(rows) < 0.37).astype(np.int8)
    # A latent satisfaction with a slow trend; every KPI derives from it with its own noise.
    trend = 0.3 * (day / DAYS - 0.5) * np.sign(quality[tp])
    latent = quality[tp] + SEGMENT_SHIFT[segment] + trend + rng.normal(0.0, 1.0, rows)

    def scale(mid: float, slope: float, noise: float, low: int, high: int) -> np.ndarray:
        raw = mid + slope * latent + rng.normal(0.0, noise, rows)
        return np.clip(np.rint(raw), low, high).astype(np.int64)

    nps = scale(7.2, 2.1, 0.9, 0, 10)
    csat = scale(3.95, 0.95, 0.6, 1, 5)
    ces = scale(4.95, 1.3, 0.8, 1, 7)
    asks_ces = rng.random(n_tp) < 0.55  # CES is asked at about half of the touchpoints
    has_nps = rng.random(rows) < 0.98
    has_csat = rng.random(rows) < 0.92
    has_ces = asks_ces[tp] & (rng.random(rows) < 0.95)
    has_comment = rng.random(rows) < COMMENT_SHARE

    respondent = np.arange(rows)
    if answers > 1:
        respondent = np.arange(rows) // answers
        first = np.r_[True, respondent[1:] != respondent[:-1]]
        day, segment = day[first][respondent], segment[first][respondent]
        place = np.arange(rows) - np.flatnonzero(first)[respondent]  # 0: the overall NPS
        for number in range(2, answers):  # no touchpoint twice: moved on to the next one
            at = np.flatnonzero(place == number)
            before = at[:, None] - np.arange(1, number)  # the respondent's touchpoints so far
            while (taken := (tp[at, None] == tp[before]).any(axis=1)).any():
                tp[at[taken]] = (tp[at[taken]] + 1) % n_tp
        overall = place == 0
        own = rng.normal(0.0, 0.8, respondent[-1] + 1)[respondent]
        trend = 0.3 * (day / DAYS - 0.5) * np.sign(quality[tp])
        mood = np.where(overall, 0.0, quality[tp] + trend)
        latent = mood + SEGMENT_SHIFT[segment] + own + rng.normal(0.0, 0.7, rows)
        nps = scale(7.2, 2.1, 0.9, 0, 10)
        csat = scale(3.95, 0.95, 0.6, 1, 5)
        ces = scale(4.95, 1.3, 0.8, 1, 7)
        has_nps |= overall
        has_csat &= ~overall
        has_ces = asks_ces[tp] & (rng.random(rows) < 0.95) & ~overall
        tp = np.where(overall, n_tp, tp)
        ids = [*ids, "overall"]
    comment_index = np.where(has_comment, rng.integers(0, len(COMMENTS), rows), len(COMMENTS))
    words = np.array(VARIETY, dtype=object)[rng.integers(0, len(VARIETY), (rows, 3))]
    pool = np.array(COMMENTS + [""], dtype=object)[comment_index]
    comments = np.where(
        has_comment, pool + " " + words[:, 0] + " " + words[:, 1] + " " + words[:, 2], ""
    )
    comments = np.array([_csv_field(c) if c else "" for c in comments], dtype=object)
    date_strings = np.array(
        [str(d) for d in START_DATE + np.arange(DAYS).astype("timedelta64[D]")], dtype=object
    )
    # Each answer's moment to the second, as a survey tool records it (Qualtrics'
    # "2025-11-01 14:03:27"): nearly every row's date is a text of its own
    seconds = rng.integers(0, 24 * 3600, rows)
    clock = np.array(
        [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(24 * 3600)],
        dtype=object,
    )
    moments = date_strings[day] + clock[seconds]
    width = max(7, len(str(rows)))
    columns = [
        [f"R{i:0{width}d}" for i in (respondent + 1).tolist()],
        np.array(ids, dtype=object)[tp],
        moments,
        _score_strings(nps, has_nps, 0, 10),
        _score_strings(csat, has_csat, 1, 5),
        _score_strings(ces, has_ces, 1, 7),
        comments,
        SEGMENTS.astype(object)[segment],
    ]
    header = "response_id,touchpoint,date,nps,csat,ces,comment,segment\n"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        chunk = 200_000
        for start in range(0, rows, chunk):
            parts = [column[start : start + chunk] for column in columns]
            handle.write("\n".join(map(",".join, zip(*parts, strict=True))))
            handle.write("\n")


# --------------------------------------------------------------------------------------
# Measuring child processes
# --------------------------------------------------------------------------------------

# Fallback when GNU time is missing: run the command in-process and report ru_maxrss.
RUNNER = r"""
import resource, runpy, sys
report, mode, target = sys.argv[1:4]
sys.argv = [target, *sys.argv[4:]]
code = 0
try:
    if mode == "-m":
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        exec(compile(target, "<bench>", "exec"), {"__name__": "__main__"})
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
finally:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        rss //= 1024
    with open(report, "w") as handle:
        handle.write(str(rss))
sys.exit(code)
"""


@dataclass
class Sample:
    wall_s: float
    peak_rss_mib: float | None
    returncode: int
    cpu_s: float = 0.0  # user and system time of the process and every process it waited for
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)


def gnu_time_works() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        result = subprocess.run(
            [GNU_TIME, "-v", sys.executable, "-c", "pass"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and "Maximum resident set size" in result.stderr


def _home(env: dict[str, str]) -> str | None:
    """The folder a child runs in: the checkout its PYTHONPATH names first. `python -m` and
    `python -c` put the working folder before PYTHONPATH on the module path, so a child run
    from another checkout's folder imports that one's touchsite (before 2026-12-05, --against
    run from a checkout measured that checkout twice)."""
    first = env.get("PYTHONPATH", "").split(os.pathsep)[0]
    return first or None


def measure(python_args: list[str], meter: str, env: dict[str, str]) -> Sample:
    """Run `python <python_args>` in a fresh process; wall time and peak RSS of that process.

    python_args is ["-m", module, *args] or ["-c", code, *args].
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as report:
        report_path = report.name
    try:
        if meter == "time":
            command = [GNU_TIME, "-v", "-o", report_path, sys.executable, *python_args]
        else:
            command = [sys.executable, "-c", RUNNER, report_path, *python_args]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=_home(env))
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
        text = Path(report_path).read_text(encoding="utf-8", errors="replace")
    finally:
        Path(report_path).unlink(missing_ok=True)
    rss_kib = None
    if meter == "time":
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss_kib = int(match.group(1)) if match else None
    elif text.strip().isdigit():
        rss_kib = int(text.strip())
    return Sample(
        wall_s=wall,
        peak_rss_mib=None if rss_kib is None else rss_kib / 1024,
        returncode=result.returncode,
        cpu_s=cpu,
        stdout=result.stdout,
        stderr=result.stderr,
    )


def _summary(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


BASELINE_CODE = "import sys, pandas; pandas.read_csv(sys.argv[1])"
INTERNAL_TIME = re.compile(r" in ([\d.]+) s\.")


def _baseline_args(floor: Path | None, project: Path, out: Path) -> list[str]:
    """The baseline process: `pandas.read_csv` of the project's CSV or, with `floor`, the
    floor script on the same project, writing as many pages as the build wrote."""
    if floor is None:
        return ["-c", BASELINE_CODE, str(project / "data" / "feedback.csv")]
    pages = sum(1 for _ in out.rglob("*.html"))
    return [str(floor), str(project), str(out.parent / "floor" / out.name), "--pages", str(pages)]


def bench_size(
    size: Size,
    project: Path,
    sites: Path,
    runs: int,
    warmup: int,
    meter: str,
    env: dict,
    floor: Path | None = None,
    against: dict | None = None,
) -> dict:
    """`against`: the environment of another checkout's build, run in turn with this one's
    (see `--against`). The sites are written into `sites`, this run's own folder."""
    csv_path = project / "data" / "feedback.csv"
    out = sites / size.name
    build_args = ["-m", "touchsite", "build", str(project), "-o", str(out)]
    other_args = ["-m", "touchsite", "build", str(project), "-o", str(out) + "-against"]
    for _ in range(warmup):
        measure(build_args, meter, env)
        if against is not None:
            measure(other_args, meter, against)
        measure(_baseline_args(floor, project, out), meter, env)
    builds: list[Sample] = []
    others: list[Sample] = []
    baselines: list[Sample] = []
    internal: list[float] = []
    for run in range(1, runs + 1):
        # Interleaved (build, baseline, build, ...), so slow drifts of the machine affect both
        # alike; the build first, since the floor writes as many pages as it did. The other
        # checkout's build goes before this one's every second run, so neither is always
        # the one that follows the baseline.
        if against is not None and run % 2 == 0:
            others.append(_built(other_args, meter, against, size))
        build = _built(build_args, meter, env, size)
        if against is not None and run % 2 == 1:
            others.append(_built(other_args, meter, against, size))
        baseline = measure(_baseline_args(floor, project, out), meter, env)
        if baseline.returncode != 0:
            raise SystemExit(f"baseline failed for {size.label}:\n{baseline.stderr}")
        baselines.append(baseline)
        builds.append(build)
        match = INTERNAL_TIME.search(build.stdout)
        if match:
            internal.append(float(match.group(1)))
        versus = (
            f"; against {others[-1].wall_s:.2f} s (CPU {others[-1].cpu_s:.1f} s),"
            f" this / against {build.wall_s / others[-1].wall_s:.3f}"
            if others
            else ""
        )
        print(
            f"  {size.label} run {run}/{runs}: build {build.wall_s:.2f} s (CPU {build.cpu_s:.1f}"
            f" s), {_mib(build.peak_rss_mib)} MiB; baseline {baseline.wall_s:.2f} s; "
            f"ratio {build.wall_s / baseline.wall_s:.1f}x{versus}",
            file=sys.stderr,
            flush=True,
        )
    wall = _summary([s.wall_s for s in builds])
    base = _summary([s.wall_s for s in baselines])
    compared = {}
    if others:
        compared = {
            "against_wall_s": _summary([s.wall_s for s in others]),
            "against_cpu_s_median": statistics.median(s.cpu_s for s in others),
            "ratio_to_against_per_pair": [
                b.wall_s / o.wall_s for b, o in zip(builds, others, strict=True)
            ],
        }
    rss = [s.peak_rss_mib for s in builds if s.peak_rss_mib is not None]
    base_rss = [s.peak_rss_mib for s in baselines if s.peak_rss_mib is not None]
    return {
        "size": size.label,
        "touchpoints": size.touchpoints,
        "rows": size.rows,
        "answers_per_respondent": size.answers,
        "csv_mib": csv_path.stat().st_size / 2**20,
        "runs": runs,
        "build_wall_s": wall,
        "build_wall_s_all": [s.wall_s for s in builds],
        "build_cpu_s_median": statistics.median(s.cpu_s for s in builds),
        "build_internal_s_median": statistics.median(internal) if internal else None,
        "build_peak_rss_mib": _summary(rss) if rss else None,
        "build_peak_rss_mib_all": rss,
        "baseline_s": base,
        "baseline_s_all": [s.wall_s for s in baselines],
        "baseline_peak_rss_mib_median": statistics.median(base_rss) if base_rss else None,
        "ratio_build_to_baseline": wall["median"] / base["median"],
        "ratio_per_pair": [b.wall_s / a.wall_s for b, a in zip(builds, baselines, strict=True)],
        "baseline": "floor" if floor else "read_csv",
        "build_output": builds[-1].stdout.strip(),
        **compared,
    }


def _built(build_args: list[str], meter: str, env: dict, size: Size) -> Sample:
    """A build measured; one that fails ends the benchmark with its error."""
    build = measure(build_args, meter, env)
    if build.returncode != 0:
        raise SystemExit(
            f"build failed for {size.label} (exit {build.returncode}):\n{build.stderr[-4000:]}"
        )
    return build


def format_against(results: list[dict]) -> str:
    """Per size: both checkouts' medians and this one's time over the other's, per pair."""
    lines = []
    for r in results:
        if "ratio_to_against_per_pair" not in r:
            continue
        ratios = r["ratio_to_against_per_pair"]
        lines.append(
            f"{r['size']}: this {r['build_wall_s']['median']:.2f} s (CPU"
            f" {r['build_cpu_s_median']:.1f} s), against {r['against_wall_s']['median']:.2f} s"
            f" (CPU {r['against_cpu_s_median']:.1f} s); this / against per pair: median"
            f" {statistics.median(ratios):.3f}, {min(ratios):.3f} to {max(ratios):.3f}"
        )
    return "\n".join(lines)


def _mib(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"


# --------------------------------------------------------------------------------------
# Stage timings (run in a fresh child process: `run.py --stages-child PROJECT OUT`, started
# with the native libraries' settings the touchsite command makes, before this script
# imports numpy)
STAGES_CHILD = (
    "import runpy, sys\n"
    "from touchsite import native\n"
    "native.configure()\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)
# --------------------------------------------------------------------------------------

# Internal functions wrapped to show where the stages spend their time: (module, name).
# Missing ones are skipped, so this keeps working while the package changes.
DETAIL_FUNCTIONS = [
    ("touchsite.load.feedback", "to_long"),
    ("touchsite.load.feedback", "check_rows"),
    ("touchsite.load.reducer", "Reducer.add"),
    ("touchsite.load.reducer", "Reducer._keep_comments"),
    ("touchsite.load.reducer", "Reducer._comment_sample"),
    ("touchsite.load.reducer", "Reducer._count_table"),
    ("touchsite.load.reducer", "Reducer._respondent_moments"),
    ("touchsite.load.term_counts", "TermCounter.add"),
    ("touchsite.load.term_counts", "TermCounter._redacted"),
    ("touchsite.load.term_counts", "TermCounter.result"),
    ("touchsite.load.term_counts", "comment_terms"),
    ("touchsite.analyze.themes_report", "theme_sets"),
    ("touchsite.analyze.themes", "_quotes_by_key"),
    ("touchsite.analyze.themes", "comment_terms"),
    ("touchsite.analyze.report", "_tables"),
    ("touchsite.analyze.report", "estimate"),
    ("touchsite.render.site", "Site"),
    ("touchsite.render.site", "trend_chart"),
    ("touchsite.render.site", "distribution_chart"),
    ("touchsite.render.site", "comparison_chart"),
    ("touchsite.render.site", "Site.render"),
]


def _wrap_details(details: dict[str, dict]) -> None:
    import functools
    import importlib

    for module_name, dotted in DETAIL_FUNCTIONS:
        try:
            owner = importlib.import_module(module_name)
            *path, name = dotted.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
        except (ImportError, AttributeError):
            continue
        key = f"{module_name.rsplit('.', 1)[-1]}.{dotted}"
        entry = details.setdefault(key, {"calls": 0, "s": 0.0})

        def timed(*args, __original=original, __entry=entry, **kwargs):
            started = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                __entry["calls"] += 1
                __entry["s"] += time.perf_counter() - started

        if isinstance(original, type):
            # A class: time its construction through a subclass with a timed __init__.
            timed_class = type(name, (original,), {})
            init = original.__init__

            def timed_init(self, *args, __init=init, __entry=entry, **kwargs):
                started = time.perf_counter()
                try:
                    __init(self, *args, **kwargs)
                finally:
                    __entry["calls"] += 1
                    __entry["s"] += time.perf_counter() - started

            timed_class.__init__ = timed_init
            setattr(owner, name, timed_class)
        else:
            setattr(owner, name, functools.wraps(original)(timed))


# The build's stages, as `touchsite.build.build` runs them, timed where the build calls them:
# (module, name, stage). A stage timed inside another is not counted in the other's time.
STAGE_FUNCTIONS = [
    ("touchsite.pipeline", "_load_feedback", "load feedback"),
    ("touchsite.pipeline", "load_business", "load business"),
    ("touchsite.pipeline", "analyze", "analyze"),
    ("touchsite.build", "Site", "render"),
    ("touchsite.build", "render", "render"),
    ("touchsite.render.site", "_other_pages", "render: other pages"),
    ("touchsite.render.site", "_links_read_run", "render: touchpoint pages left"),
    ("touchsite.render.site", "_overview", "render: overview"),
    ("touchsite.build", "links_checked", "link check"),
    ("touchsite.build", "write_site", "write"),
    ("touchsite.write.site", "_linked_ahead", "write: old index linked ahead"),
    ("touchsite.write.search", "Search.finish", "search index"),
]


class _Timeline:
    """When each process of a build starts and ends its part, on one clock (`perf_counter`,
    the system's monotonic clock, the same in a forked process), from the build's start: the
    build process's stages, each render worker's runs of touchpoint pages, Pagefind's; and
    what the build process waits for. The workers send theirs through a pipe."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.stages: list[dict] = []  # the build process's stages, in order
        self.open: list[list[float]] = []  # the stages running: their inner stages' time, CPU
        self.waits: dict[str, float] = {}
        self.search: dict[str, float] = {}
        self.comments: dict[str, float] = {}  # the data stage's comments' worker
        self.reading, self.writing = os.pipe()

    def at(self) -> float:
        return time.perf_counter() - self.start

    def timed(self, function, stage: str):
        def timed(*args, **kwargs):
            self.open.append([0.0, 0.0])
            began, cpu = self.at(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                took, used = self.at() - began, time.process_time() - cpu
                inner, inner_cpu = self.open.pop()
                if self.open:
                    self.open[-1][0] += took
                    self.open[-1][1] += used
                self.stages.append(
                    {
                        "stage": stage,
                        "start": began,
                        "end": began + took,
                        "s": took - inner,
                        "cpu": used - inner_cpu,
                    }
                )

        return timed

    def waiting(self, function, what: str):
        """`function`, its time counted as the build process's wait for `what` when its main
        thread calls it."""

        def waited(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                return function(*args, **kwargs)
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.waits[what] = self.waits.get(what, 0.0) + time.perf_counter() - began

        return waited

    def run_sent(self, function):
        """A render worker's run, its start, end and the worker's CPU at its end sent (by the
        original's name, which the pool sends the worker)."""

        @functools.wraps(function)
        def run(start, stop):
            began = self.at()
            try:
                return function(start, stop)
            finally:
                usage = resource.getrusage(resource.RUSAGE_SELF)
                line = json.dumps(
                    [os.getpid(), stop - start, began, self.at(), usage.ru_utime + usage.ru_stime]
                )
                os.write(self.writing, line.encode() + b"\n")

        return run

    def workers(self) -> list[dict]:
        os.close(self.writing)
        os.set_blocking(self.reading, False)
        received = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self.reading, 1 << 16):
                received += chunk
        os.close(self.reading)
        by_pid: dict[int, dict] = {}
        for pid, pages, began, ended, cpu in map(json.loads, received.splitlines()):
            worker = by_pid.setdefault(pid, {"runs": 0, "pages": 0, "start": began})
            worker["runs"] += 1
            worker["pages"] += pages
            worker["start"] = min(worker["start"], began)
            worker["end"] = max(worker.get("end", ended), ended)
            worker["cpu"] = max(worker.get("cpu", cpu), cpu)
        return [by_pid[pid] for pid in sorted(by_pid, key=lambda pid: by_pid[pid]["start"])]


def _wrap_stages(timeline: _Timeline) -> None:
    import concurrent.futures
    import importlib

    for module_name, dotted, stage in STAGE_FUNCTIONS:
        owner = importlib.import_module(module_name)
        *path, name = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timeline.timed(getattr(owner, name), stage))
    site = importlib.import_module("touchsite.render.site")
    site._forked_run = timeline.run_sent(site._forked_run)
    concurrent.futures.Future.result = timeline.waiting(
        concurrent.futures.Future.result, "the render workers' pages"
    )
    _wrap_comments_worker(timeline)
    search = importlib.import_module("touchsite.write.search")
    indexing = search.Indexing
    init, send_all, files = indexing.__init__, indexing._send_all, indexing.files

    def started(self, *args, **kwargs):
        timeline.search["start"] = timeline.at()
        init(self, *args, **kwargs)

    def sending(self, pages):
        try:
            send_all(self, pages)
        finally:
            timeline.search["sent"] = timeline.at()
            timeline.search["feeding thread cpu"] = time.thread_time()

    def indexed(self):
        result = files(self)
        timeline.search["index"] = timeline.at()
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = os.sysconf("SC_CLK_TCK")
            timeline.search["cpu"] = (int(fields[11]) + int(fields[12])) / ticks
        return result

    indexing.__init__, indexing._send_all, indexing.files = started, sending, indexed


def _wrap_comments_worker(timeline: _Timeline) -> None:
    """The data stage's comments' worker: when it started and ended, its CPU (its process is
    reaped in its `end`, so the children's CPU grows by its own there), and how long the
    build process waited for its reply."""
    import importlib

    work = importlib.import_module("touchsite.load.comment_work")
    worker = work._Worker
    init, end = worker.__init__, worker.end

    def started(self, *args, **kwargs):
        timeline.comments["start"] = timeline.at()
        init(self, *args, **kwargs)

    def ended(self):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return end(self)
        finally:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            timeline.comments["end"] = timeline.at()
            timeline.comments["cpu"] = timeline.comments.get("cpu", 0.0) + (
                after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            )

    worker.__init__, worker.end = started, ended
    worker.reply = timeline.waiting(worker.reply, "the comments' worker's reply")


def stages_child(project: Path, out: Path) -> None:
    """Time each stage of `touchsite build` in this (fresh) process, as the command runs
    them (the project read ahead in a forked process while the libraries are imported, the
    touchpoint pages rendered by workers, Pagefind fed during the render); print JSON on
    stdout."""
    timeline = _Timeline()
    from touchsite.commands.build import _build
    from touchsite.project import loaded_ahead

    root = project.resolve()
    with loaded_ahead(root) as loaded:
        build = _build()
        imported = timeline.at()
        details: dict[str, dict] = {}
        _wrap_details(details)
        _wrap_stages(timeline)
        reading = timeline.waiting(timeline.timed(loaded, "load project"), "the project's reading")
        result = build(root, out, loaded=reading)
    ended = timeline.at()
    timings = {"import": imported}
    for stage in timeline.stages:
        timings[stage["stage"]] = timings.get(stage["stage"], 0.0) + stage["s"]
    # the order the build runs them in
    timings = dict(sorted(timings.items(), key=lambda kv: _first_start(timeline, kv[0])))
    timings["other"] = ended - sum(timings.values())
    workers = timeline.workers()
    waits = {**timeline.waits, "the search index": timings.get("search index", 0.0)}
    pages = touchpoint_page_times(result.report, PAGE_SAMPLE)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        rss //= 1024
    json.dump(
        {
            "stages_s": timings,
            "total_s": ended,
            "timeline": {
                "main": [
                    {key: stage[key] for key in ("stage", "start", "end", "cpu")}
                    for stage in timeline.stages
                ],
                "workers": workers,
                "search": timeline.search,
                "comments": timeline.comments,
                "waits": waits,
            },
            "details": details,
            "peak_rss_mib": rss / 1024,
            "files": len(result.files),
            "touchpoint_pages": pages,
            "bytes": sum(len(content) for content in result.files.values()),
        },
        sys.stdout,
    )


def _first_start(timeline: _Timeline, stage: str) -> float:
    return min((s["start"] for s in timeline.stages if s["stage"] == stage), default=0.0)


PAGE_SAMPLE = 300  # touchpoint pages timed alone (the first of them renders untimed before)


def touchpoint_page_times(report, count: int) -> dict:
    """CPU and wall time per touchpoint page, rendered in this process (no workers) after the
    analysis, with the templates compiled by one page rendered before: the render's own cost,
    which the worker processes of a build divide among the cores."""
    from touchsite.collector import collect
    from touchsite.render.site import Site, touchpoint_pages

    collect()  # the build's objects settled: no full collection falls due while timed
    site = Site(report)
    paths = [site.urls.touchpoint(r.touchpoint.id) for r in report.touchpoints[: count + 1]]
    site.pages = frozenset(paths[:1])
    with touchpoint_pages(site, workers=1):
        pass
    site.pages = frozenset(paths[1:])
    cpu, wall = time.process_time(), time.perf_counter()
    with touchpoint_pages(site, workers=1):
        pass
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    shown = max(1, len(paths) - 1)
    return {"pages": len(paths) - 1, "cpu_ms": 1000 * cpu / shown, "wall_ms": 1000 * wall / shown}


def run_stages(size: Size, project: Path, sites: Path, env: dict) -> dict:
    out = sites / f"{size.name}-stages"
    command = [
        sys.executable,
        "-c",
        STAGES_CHILD,
        str(Path(__file__).resolve()),
        "--stages-child",
        str(project),
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=_home(env))
    if result.returncode != 0:
        # Keep the measured table: report the failure instead of aborting.
        print(f"stage timing failed for {size.label}:\n{result.stderr[-4000:]}", file=sys.stderr)
        return {"size": size.label, "error": result.stderr[-4000:]}
    data = json.loads(result.stdout)
    data["size"] = size.label
    return data


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def format_table(results: list[dict]) -> str:
    header = ["size", "runs", "median s", "min s", "max s", "peak RSS MiB", "baseline s", "ratio"]
    rows = []
    for r in results:
        rss = r["build_peak_rss_mib"]
        rows.append(
            [
                r["size"],
                str(r["runs"]),
                f"{r['build_wall_s']['median']:.2f}",
                f"{r['build_wall_s']['min']:.2f}",
                f"{r['build_wall_s']['max']:.2f}",
                _mib(rss["median"] if rss else None),
                f"{r['baseline_s']['median']:.2f}",
                f"{r['ratio_build_to_baseline']:.1f}x",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w)
            for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    ]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(lines)


def format_stages(stages: dict) -> str:
    if "error" in stages:
        return f"Stages for {stages['size']}: failed (see results.json)"
    total = stages["total_s"]
    lines = [f"Stages for {stages['size']} (one fresh process, in-process timings):"]
    for name, seconds in stages["stages_s"].items():
        lines.append(f"  {name:<30} {seconds:8.2f} s  {100 * seconds / total:5.1f} %")
    lines.append(f"  {'total':<30} {total:8.2f} s   peak RSS {stages['peak_rss_mib']:.0f} MiB")
    lines += _format_timeline(stages.get("timeline"))
    if pages := stages.get("touchpoint_pages"):
        lines.append(
            f"  touchpoint pages rendered alone ({pages['pages']}, no workers): "
            f"{pages['cpu_ms']:.2f} ms CPU, {pages['wall_ms']:.2f} ms wall per page"
        )
    if stages.get("details"):
        lines.append("  inside the stages (calls, cumulative s):")
        for name, entry in sorted(stages["details"].items(), key=lambda kv: -kv[1]["s"]):
            if entry["calls"]:
                lines.append(f"    {name:<34} {entry['calls']:>8}  {entry['s']:8.2f} s")
    return "\n".join(lines)


def _format_timeline(timeline: dict | None) -> list[str]:
    """When each process did its part (s from the build's start), its CPU, and what the
    build process waited for. A stage called again at once is one line."""
    if not timeline:
        return []
    spans: list[dict] = []
    for stage in sorted(timeline["main"], key=lambda stage: stage["start"]):
        if spans and spans[-1]["stage"] == stage["stage"]:
            last = spans[-1]
            last.update(end=stage["end"], cpu=last["cpu"] + stage["cpu"], calls=last["calls"] + 1)
        else:
            spans.append({**stage, "calls": 1})
    lines = ["  when, s from the start (CPU s):"]
    for span in spans:
        name = span["stage"] + (f" ({span['calls']} calls)" if span["calls"] > 1 else "")
        lines.append(
            f"    build     {name:<38} {span['start']:6.2f} - {span['end']:6.2f}"
            f"  ({span['cpu']:.2f})"
        )
    for number, worker in enumerate(timeline["workers"], start=1):
        part = f"{worker['pages']} touchpoint pages in {worker['runs']} runs"
        lines.append(
            f"    worker {number}  {part:<38} {worker['start']:6.2f} - {worker['end']:6.2f}"
            f"  ({worker['cpu']:.2f} since its fork)"
        )
    if (comments := timeline.get("comments")) and "end" in comments:
        lines.append(
            f"    comments  {'terms counted, sample redacted beside':<38}"
            f" {comments['start']:6.2f} - {comments['end']:6.2f}  ({comments['cpu']:.2f})"
        )
    if search := timeline["search"]:
        start, sent, index = (search.get(key, 0.0) for key in ("start", "sent", "index"))
        lines.append(
            f"    pagefind  {'started; pages sent; index back':<38} {start:6.2f}; {sent:.2f};"
            f" {index:.2f}  ({search.get('cpu', 0):.2f}; the build's sending thread"
            f" {search.get('feeding thread cpu', 0):.2f})"
        )
    waits = ", ".join(f"{what} {s:.2f} s" for what, s in timeline["waits"].items())
    lines.append(f"  the build process waited for: {waits}")
    return lines


def _versions() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    try:
        from importlib.metadata import version

        info["touchsite"] = version("touchsite")
    except Exception:  # noqa: BLE001 - informational only
        info["touchsite"] = None
    return info


def compiled_environment(settings: dict[str, str]) -> dict[str, str]:
    """The builds' environment: this one's with `settings`, compiled modules kept. pip
    compiles an installed touchsite's modules as it installs it, so a user's build compiles
    none; where PYTHONDONTWRITEBYTECODE is set (as on some CI and container images) every
    measured build would compile touchsite's own modules again, about a quarter of a second
    that no user pays and the floor, a few lines, does not."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **settings}


def compile_ahead(package: Path, env: dict[str, str]) -> None:
    """`package` compiled (into its __pycache__ folders), before any build is measured."""
    command = [sys.executable, "-m", "compileall", "-q", str(package)]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark `touchsite build` on synthetic projects (see bench/README.md)."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"comma-separated TOUCHPOINTSxROWS (default: {DEFAULT_SIZES}); "
        "k/m suffixes allowed, e.g. 1000x1m",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="builds per size, each in a fresh process (default: 3)"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="untimed build+baseline runs per size before measuring (default: 0)",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="also time the build's stages in one process for the largest size",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="folder for generated projects, sites and results.json (default: bench/out)",
    )
    parser.add_argument(
        "--answers-per-respondent",
        type=int,
        default=1,
        metavar="K",
        help="each respondent answers the overall NPS and K-1 touchpoints, as in a real survey "
        "(default 1: every row a respondent of its own, the projects measured before)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the projects again even if cached"
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="only generate (or reuse) the projects, measure nothing",
    )
    parser.add_argument(
        "--meter",
        choices=("auto", "time", "python"),
        default="auto",
        help="peak-RSS source: GNU /usr/bin/time -v, or a python wrapper "
        "reporting ru_maxrss (default: auto = time if available)",
    )
    parser.add_argument(
        "--floor",
        type=Path,
        help="baseline: this floor script (e.g. ../shared/bench/floor.py: pyarrow read_csv plus "
        "plain markdown-it/jinja2 pages of the same project) instead of pandas.read_csv",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="also build with the touchsite of this other checkout (a worktree of another "
        "revision), in turn with this one's, and report this / against per pair",
    )
    parser.add_argument(
        "--stages-child", nargs=2, metavar=("PROJECT", "OUT"), type=Path, help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)

    if args.stages_child:
        stages_child(*args.stages_child)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.answers_per_respondent < 1:
        parser.error("--answers-per-respondent must be at least 1")
    if any(args.answers_per_respondent - 1 > size.touchpoints for size in args.sizes):
        # a respondent rates each touchpoint once: K-1 of them need as many touchpoints
        parser.error("--answers-per-respondent K needs at least K-1 touchpoints in every size")
    args.sizes = [replace(size, answers=args.answers_per_respondent) for size in args.sizes]

    cache = args.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    meter = args.meter
    if meter == "auto":
        meter = "time" if gnu_time_works() else "python"
    elif meter == "time" and not gnu_time_works():
        parser.error(f"{GNU_TIME} -v is not available; use --meter python")
    # the children import this checkout's touchsite, not whichever one is installed
    checkout = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [checkout, os.environ.get("PYTHONPATH")]))
    env = compiled_environment({"PYTHONHASHSEED": "0", "PYTHONPATH": path})
    other = args.against.resolve() if args.against is not None else None
    against = None
    if other is not None:
        if not (other / "touchsite" / "__init__.py").is_file():
            parser.error(f"--against {args.against}: no touchsite package in that folder")
        other_path = os.pathsep.join(filter(None, [str(other), os.environ.get("PYTHONPATH")]))
        against = {**env, "PYTHONPATH": other_path}
    for package in [Path(checkout), *([other] if other is not None else [])]:
        compile_ahead(package / "touchsite", env)

    projects: dict[Size, Path] = {}
    generated: dict[str, float] = {}
    for size in args.sizes:
        project, seconds = ensure_project(cache, size, args.seed, force=args.regenerate)
        projects[size] = project
        generated[size.label] = seconds
        state = f"generated in {seconds:.1f} s" if seconds else "reused"
        print(f"project {size.label}: {project} ({state})", file=sys.stderr, flush=True)
    if args.generate_only:
        return 0

    print(f"measuring with {meter!r}, {args.runs} runs per size", file=sys.stderr, flush=True)
    # The sites (and the floor's pages) go into a folder of this run's own, removed at its
    # end: two benchmarks run at once on the same cache would otherwise overwrite each
    # other's sites while they are built and read.
    sites = Path(tempfile.mkdtemp(prefix="sites-", dir=cache))
    try:
        results = [
            bench_size(
                size, projects[size], sites, args.runs, args.warmup, meter, env, args.floor, against
            )
            for size in args.sizes
        ]
        stages = None
        if args.stages:
            largest = max(args.sizes, key=lambda s: (s.rows, s.touchpoints))
            stages = run_stages(largest, projects[largest], sites, env)
    finally:
        shutil.rmtree(sites, ignore_errors=True)

    print()
    print(format_table(results))
    baseline = "the floor script" if args.floor else "`pandas.read_csv`"
    print(f"ratio = median build wall time / median wall time of {baseline}, same run.")
    if other is not None:
        print(f"\nagainst {other}:")
        print(format_against(results))
    if stages:
        print()
        print(format_stages(stages))

    document = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "meter": meter,
        "seed": args.seed,
        "generator": GENERATOR_VERSION,
        "environment": _versions(),
        "generated_s": generated,
        "against": str(other) if other is not None else None,
        "results": results,
        "stages": stages,
    }
    target = cache / "results.json"
    # written aside and moved in: two runs on one cache end with one run's whole file
    written = target.with_name(f".results-{os.getpid()}.json")
    written.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(written, target)
    print(f"\nwritten: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
