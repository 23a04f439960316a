#!/usr/bin/env python3
"""Page weight: bytes transferred and time until the journey map responds, cold cache.

Builds the example site once and serves three variants of it from 127.0.0.1 (gzip-compressed,
as GitHub Pages serves text), each opened in a fresh Chromium context (empty cache):

- `old`: the full plotly.js bundle in a deferred <script> before the site's own (the site before
  the basic bundle: deferred scripts run in order, so the map waited for plotly);
- `full-first-app`: the full bundle, loaded as the site loads it now (preloaded, added by the
  site's script once the map's controls are set up): the loading order alone;
- `new`: the site as built now (plotly.js's basic bundle, after the site's script).

Per page and variant it records the bytes transferred (resource timing: compressed bodies and
headers), the time from navigation start until the map answers a change of its KPI switch,
until every chart is drawn, and the load event. Variants alternate within each run (their
order rotating), and the ratios new / old are medians of the same runs.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

BENCH_DIR = Path(__file__).resolve().parent
REPOSITORY = BENCH_DIR.parent
OUT = BENCH_DIR / "out" / "page_weight.json"
CHROMIUM = Path("/usr/bin/chromium")
PAGES = ["index.html", "touchpoints/lieferavis.html"]
VARIANTS = ["old", "full-first-app", "new"]
COMPRESSED = {".html", ".js", ".css", ".json", ".svg"}

# Runs in the page before its own scripts: every 5 ms, switch the map's KPI and note when the
# map follows (the main thread is free and app.js has wired the switch); note when the charts
# are drawn. Times are from navigation start.
PROBE = """
(() => {
  const marks = (window.__weight = {});
  const timer = setInterval(() => {
    const select = document.getElementById('kpi-select');
    const map = document.getElementById('journey-map');
    if (marks.map === undefined && select && map && select.options.length > 1) {
      const other = Array.from(select.options).find(o => o.value !== map.dataset.kpi);
      select.value = other.value;
      select.dispatchEvent(new Event('change'));
      if (map.dataset.kpi === other.value) marks.map = performance.now();
    }
    const charts = document.querySelectorAll('.chart[data-figure]');
    if (marks.charts === undefined && document.readyState !== 'loading' &&
        Array.from(charts).every(el => el.dataset.rendered === 'true')) {
      marks.charts = performance.now();
    }
    if (marks.charts !== undefined && (marks.map !== undefined || !map)) clearInterval(timer);
  }, 5);
})();
"""

COLLECT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const sum = (entries, key) => entries.reduce((total, e) => total + e[key], 0);
  const plotly = resources.filter(e => /plotly\\.[0-9a-f]+\\.min\\.js$/.test(e.name));
  return {
    transferred: nav.transferSize + sum(resources, 'transferSize'),
    decoded: nav.decodedBodySize + sum(resources, 'decodedBodySize'),
    plotly_transferred: sum(plotly, 'transferSize'),
    map_ms: window.__weight.map ?? null,
    charts_ms: window.__weight.charts ?? null,
    load_ms: nav.loadEventEnd,
  };
}"""


def full_bundle(path: str | None) -> bytes:
    """The full plotly.js bundle the site shipped before: a given file or the Python package's."""
    if path:
        return Path(path).read_bytes()
    try:
        import plotly
    except ImportError:
        sys.exit(
            "no full plotly.js bundle: pass --full-bundle FILE (e.g. plotly.min.js from "
            "`npm pack plotly.js-dist-min`) or `pip install plotly`"
        )
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


def build_variants(folder: Path, full: bytes) -> dict[str, Path]:
    new = folder / "new"
    subprocess.run(
        [sys.executable, "-m", "touchsite", "build", str(REPOSITORY), "-o", str(new)],
        cwd=REPOSITORY,
        check=True,
        capture_output=True,
    )
    sites = {"new": new}
    for variant in ("old", "full-first-app"):
        site = folder / variant
        shutil.copytree(new, site)
        (bundle,) = (site / "assets").glob("plotly.*.min.js")
        bundle.write_bytes(full)  # same name, so the pages need no change
        if variant == "old":
            for page in site.rglob("*.html"):
                page.write_text(plotly_first(page.read_text("utf-8")), "utf-8")
        sites[variant] = site
    return sites


PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="script">\n?')
CHARTS_ATTRIBUTE = re.compile(r' data-charts="[^"]+"')


def plotly_first(html: str) -> str:
    """The page loading the chart script as it did before: deferred, before the site's script."""
    found = PRELOAD.search(html)
    if not found:
        return html
    html = CHARTS_ATTRIBUTE.sub("", PRELOAD.sub("", html))
    app = html.index("<script src=")
    return html[:app] + f'<script src="{found.group(1)}" defer></script>\n' + html[app:]


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSED or not wants_gzip:
            return super().send_head()
        body = compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@functools.cache
def compressed(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextmanager
def serving(root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def measure(browser: Browser, url: str, cpu: float, mbps: float | None) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        if cpu > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        if mbps:
            rate = mbps * 1_000_000 / 8
            conditions = {"offline": False, "latency": 20, "downloadThroughput": rate}
            cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": rate})
        page.add_init_script(PROBE)
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_function("() => window.__weight.charts !== undefined", timeout=120_000)
        return page.evaluate(COLLECT)
    finally:
        context.close()


def run(args: argparse.Namespace) -> dict:
    full = full_bundle(args.full_bundle)
    samples: dict[str, dict[str, list[dict]]] = {p: {v: [] for v in VARIANTS} for p in PAGES}
    with tempfile.TemporaryDirectory(prefix="touchsite-weight-") as folder:
        sites = build_variants(Path(folder), full)
        with serving(Path(folder)) as base, sync_playwright() as playwright:
            executable = str(CHROMIUM) if CHROMIUM.is_file() else None
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for number in range(args.warmup + args.runs):
                    shift = number % len(VARIANTS)
                    for variant in VARIANTS[shift:] + VARIANTS[:shift]:
                        for page in PAGES:
                            url = f"{base}/{sites[variant].name}/{page}"
                            sample = measure(browser, url, args.cpu_slowdown, args.mbps)
                            if number >= args.warmup:
                                samples[page][variant].append(sample)
            finally:
                browser.close()
    return samples


def median(samples: list[dict], key: str) -> float | None:
    values = [s[key] for s in samples if s[key] is not None]
    return statistics.median(values) if values else None


def report(samples: dict, args: argparse.Namespace) -> dict:
    keys = ["transferred", "plotly_transferred", "map_ms", "charts_ms", "load_ms"]
    summary: dict = {}
    throttle = f"CPU {args.cpu_slowdown:g}x slower"
    if args.mbps:
        throttle += f", {args.mbps:g} Mbit/s"
    print(f"cold cache, 127.0.0.1, gzip, {throttle}; medians of {args.runs} runs")
    print(
        f"{'page':30s} {'variant':15s} {'KiB':>7s} {'plotly KiB':>10s} {'map ms':>7s}"
        f" {'charts ms':>9s} {'load ms':>8s}"
    )
    for page, variants in samples.items():
        summary[page] = {}
        for variant, runs in variants.items():
            medians = {key: median(runs, key) for key in keys}
            summary[page][variant] = medians
            print(
                f"{page:30s} {variant:15s} {medians['transferred'] / 1024:7.0f}"
                f" {medians['plotly_transferred'] / 1024:10.0f} {_ms(medians['map_ms']):>7s}"
                f" {_ms(medians['charts_ms']):>9s} {_ms(medians['load_ms']):>8s}"
            )
        ratios = {key: _ratio(variants["new"], variants["old"], key) for key in keys}
        summary[page]["new/old"] = ratios
        print(
            f"{page:30s} {'new / old':15s} {_x(ratios['transferred']):>7s}"
            f" {_x(ratios['plotly_transferred']):>10s} {_x(ratios['map_ms']):>7s}"
            f" {_x(ratios['charts_ms']):>9s} {_x(ratios['load_ms']):>8s}"
        )
    return summary


def _ratio(new: list[dict], old: list[dict], key: str) -> float | None:
    """Median over runs of new / old, each pair measured in the same run."""
    pairs = [(n[key], o[key]) for n, o in zip(new, old, strict=True) if n[key] and o[key]]
    return statistics.median(a / b for a, b in pairs) if pairs else None


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def overview_sizes(project: Path | None, size: str) -> dict:
    """The overview's bytes for a large project (by default one generated by bench/run.py):
    the HTML, gzipped as served, and the script with its map's filter data, loaded on first
    use of a control (touchsite.render.map_filters.LARGE_MAP)."""
    if project is None:
        sys.path.insert(0, str(BENCH_DIR))
        import run as bench_run  # bench/run.py: the same generator as the build benchmark

        parsed = bench_run.parse_sizes(size)[0]
        project, _seconds = bench_run.ensure_project(
            bench_run.DEFAULT_CACHE, parsed, bench_run.SEED
        )
    with tempfile.TemporaryDirectory(prefix="touchsite-overview-") as folder:
        out = Path(folder) / "site"
        subprocess.run(
            [sys.executable, "-m", "touchsite", "build", str(project), "-o", str(out)],
            check=True,
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
        )
        files = {
            "index.html": out / "index.html",
            **{f"assets/{path.name}": path for path in sorted(out.glob("assets/map-data.*.js"))},
        }
        sizes = {
            name: {"bytes": path.stat().st_size, "gzip": len(compressed(path))}
            for name, path in files.items()
        }
    touchpoints = len(list((project / "content" / "touchpoints").glob("*.md")))
    print(f"overview of {project} ({touchpoints:,} touchpoints):")
    for name, entry in sizes.items():
        print(
            f"  {name:34s} {entry['bytes'] / 1024:8.0f} KiB  gzip {entry['gzip'] / 1024:6.0f} KiB"
        )
    return {"project": str(project), "touchpoints": touchpoints, "files": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first")
    parser.add_argument("--cpu-slowdown", type=float, default=1, help="CPU throttling rate")
    parser.add_argument("--mbps", type=float, default=None, help="network throughput, Mbit/s")
    parser.add_argument("--full-bundle", help="the full plotly.min.js to compare against")
    parser.add_argument(
        "--large-project",
        type=Path,
        help="a large project whose overview size to report (default: generated, --large-size)",
    )
    parser.add_argument(
        "--large-size", default="1000x100000", help="touchpoints x rows of the generated one"
    )
    parser.add_argument(
        "--overview-only", action="store_true", help="only the large overview's size, no browser"
    )
    args = parser.parse_args()
    overview = overview_sizes(args.large_project, args.large_size)
    samples, summary = {}, {}
    if not args.overview_only:
        samples = run(args)
        summary = report(samples, args)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    settings = {k: str(v) for k, v in vars(args).items() if k != "full_bundle"}
    results = {"settings": settings, "overview": overview, "summary": summary, "runs": samples}
    OUT.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"every run: {OUT.relative_to(REPOSITORY)}")


if __name__ == "__main__":
    main()
