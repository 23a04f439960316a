"""Read business figures per touchpoint and month (conversion, cost per contact, CLV...).

These are measurements, not survey estimates: they carry no sample size or interval, and the
site says so. Columns: touchpoint, period (YYYY-MM), metric, value.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from touchsite.errors import Problems
from touchsite.load.config import CONFIG_FILE
from touchsite.models import Config, MetricSeries

COLUMNS = ("touchpoint", "period", "metric", "value")
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def load_business(
    root: Path, config: Config, touchpoint_ids: set[str], problems: Problems
) -> dict[str, list[MetricSeries]]:
    if not config.business_path:
        return {}
    path = root / config.business_path
    if not path.is_file():
        problems.add(
            root / CONFIG_FILE,
            config.business_line,
            f"business file '{config.business_path}' not found",
            "check the path; it is relative to the project folder",
        )
        return {}
    metrics = {metric.id: metric for metric in config.metrics}
    series: dict[tuple[str, str], list[tuple[str, float]]] = {}
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(path, line, "is not UTF-8 text", "save the file as UTF-8 (CSV UTF-8 in Excel)")
        return {}
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip().lower() for name in next(reader, [])]
        if tuple(header) != COLUMNS:
            problems.add(
                path,
                1,
                f"the header must be {','.join(COLUMNS)}",
                "one row per touchpoint, month and metric",
            )
            return {}
        for record in reader:
            line = reader.line_num
            if not any(field.strip() for field in record):
                continue
            if len(record) != len(COLUMNS):
                problems.add(path, line, f"row has {len(record)} fields, expected {len(COLUMNS)}")
                continue
            touchpoint, period, metric, value = (field.strip() for field in record)
            if touchpoint not in touchpoint_ids:
                problems.add(
                    path,
                    line,
                    f"unknown touchpoint id '{touchpoint}'",
                    "use the id of a file in content/touchpoints/",
                    column=1,
                )
            elif not PERIOD.match(period):
                problems.add(path, line, f"unreadable period '{period}'", "write YYYY-MM", column=2)
            elif metric not in metrics:
                problems.add(
                    path,
                    line,
                    f"unknown metric '{metric}'",
                    "declare it under business: metrics: in touchsite.yml",
                    column=3,
                )
            else:
                try:
                    number = float(value.replace(",", "."))
                except ValueError:
                    number = math.nan
                if not math.isfinite(number):
                    problems.add(
                        path,
                        line,
                        f"'{value}' is not a number",
                        "write a number, e.g. 2.4; leave out the row of a month without one",
                        column=4,
                    )
                    continue
                points = series.setdefault((touchpoint, metric), [])
                if any(seen == period for seen, _ in points):
                    problems.add(
                        path,
                        line,
                        f"a second {metric} for {touchpoint} in {period}",
                        "one value per touchpoint, month and metric",
                        column=2,
                    )
                    continue
                points.append((period, number))
    result: dict[str, list[MetricSeries]] = {}
    for (touchpoint, metric), points in sorted(series.items()):
        result.setdefault(touchpoint, []).append(
            MetricSeries(metrics[metric], tuple(sorted(points)))
        )
    return result
