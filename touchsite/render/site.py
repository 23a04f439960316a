"""Render every page of the site into memory: {relative path: bytes}."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import posixpath
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from types import BuiltinMethodType, FunctionType, MethodType
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from jinja2.runtime import Macro
from markupsafe import Markup

from touchsite.analyze import evidence, experience
from touchsite.analyze.journeys import JourneyReport
from touchsite.analyze.report import Report
from touchsite.analyze.revisions import Comparison
from touchsite.analyze.tables import partial_periods
from touchsite.analyze.themes_report import MIN_THEME_COMMENTS
from touchsite.analyze.touchpoints import TouchpointReport
from touchsite.children import end_with_parent
from touchsite.collector import held_off
from touchsite.interop import journey_csv, mermaid_journey
from touchsite.models import QUALITY_TITLES, REDACTION_TITLES, Config
from touchsite.models.markdown import (
    PUBLISHED_FOLDERS,
    could_show,
    followed,
    holds_data,
    parsed,
    publishable,
    shown_files,
)
from touchsite.render.charts.business import business_chart
from touchsite.render.charts.emotion import emotion_chart, step_emotion_chart
from touchsite.render.charts.kpis import comparison_chart, distribution_chart, trend_chart
from touchsite.render.charts.priorities import driver_chart, matrix_chart
from touchsite.render.compiled import OPTIONS, CompiledTemplates, user_cache_folder
from touchsite.render.escaping import escaped
from touchsite.render.i18n import GRADES, Locale
from touchsite.render.linkcheck import PageLinks
from touchsite.render.linked import Unreadable, linked_copy
from touchsite.render.map_filters import (
    LARGE_MAP,
    TAXONOMY,
    MapTile,
    headline_data,
    map_groups,
    map_periods,
    map_script,
    map_script_ahead,
    taxonomy_filters,
    taxonomy_value,
)
from touchsite.render.markdown import Ahead, Markdown
from touchsite.render.paper import page_style
from touchsite.render.template_problems import keep_place
from touchsite.render.urls import Urls, absolute_root, asset_path
from touchsite.resources import plotly_bundle, theme_dirs
from touchsite.translation import catalogue_version

# What a template calls that never takes the context: methods written in C (a dict's `get`),
# and macros; functions and methods take it when marked (`jinja2.pass_context`...)
_CONTEXT_FREE = (BuiltinMethodType, Macro)
_MARKABLE = (FunctionType, MethodType)


class _Context(jinja2.runtime.Context):
    """A template's context that calls a plain function directly.

    Jinja routes every call in a template (about 70 a touchpoint page: the macros,
    `urls.touchpoint()`, `_()` of a name) through `Context.call`, which first asks each
    callable, through three attribute look-ups, whether it wants the context passed. Only
    functions marked with `jinja2.pass_context` and the like do, and those still go that way.
    A macro given all its arguments is its function called (see `_given_all`)."""

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        kind = type(obj)
        if kind in _CONTEXT_FREE or (kind in _MARKABLE and not hasattr(obj, "jinja_pass_arg")):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                if kind is Macro and not kwargs and _given_all(obj, args):
                    # what `Macro.__call__` does then, after matching the arguments in Python
                    written = obj._func(*args)
                    return Markup(written) if obj._default_autoescape else written
                return obj(*args, **kwargs)
            except StopIteration:  # as Jinja's own call does
                return self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(obj, *args, **kwargs)


def _given_all(macro: Macro, args: tuple) -> bool:
    """Whether a macro is called with each of its arguments by position and nothing else
    (~30 calls a touchpoint page: `chart_block(chart)`, `kpi_cell(est, versus)`): then it
    takes no default, keyword, `caller` or extra arguments, and its function is called with
    them as they are."""
    return (
        len(args) == macro._argument_count
        and not (macro.caller or macro.catch_kwargs or macro.catch_varargs)
        and not macro._environment.is_async
        and not (args and isinstance(args[0], EvalContext))
    )


class _Template(jinja2.Template):
    """A template whose output goes through `escaped` (see there)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # noqa: A002 - Jinja's name
        template = super().from_code(environment, code, globals, uptodate)
        # the names the template's code looks up: its module's, which `exec` filled
        template.root_render_func.__globals__["escape"] = escaped
        return template


class _Environment(jinja2.Environment):
    """A Jinja environment whose templates see its globals as a plain dict.

    Jinja chains each template's globals to the environment's; each page's `{% from ... import
    %}` then compares the two sets of names key by key through the chain (three imports a
    touchpoint page). A Site sets every global before it loads a template, so a copy is the
    same map."""

    context_class = _Context
    template_class = _Template

    def make_globals(self, d: Mapping[str, Any] | None) -> dict[str, Any]:
        return {**self.globals, **(d or {})}


@cache
def compiled_templates(
    language: str, kpi_labels: tuple[tuple[str, str], ...], catalogue: str
) -> CompiledTemplates:
    """The templates compiled for a site in `language` that names its KPIs `kpi_labels` (what
    the filters write while compiling) with the `catalogue` (the version of the texts `_()`
    translates while compiling), kept for the process's next build."""
    return CompiledTemplates(user_cache_folder(), repr((language, kpi_labels, catalogue)))


# From this many touchpoints on, worker processes render their pages (a process costs more
# to start than a page to render; at 1,000 pages the pool saves most of the render time).
# Measured on 2 cores, all pages rendered, medians of interleaved pairs: at 100 touchpoints
# 0.46 s alone, 0.39 s with two workers (7 pairs); at 50, 0.27 s and 0.29 s (9 pairs).
PARALLEL_PAGES = 100
PAGES_PER_TASK = 50  # touchpoint pages per task at most: few tasks, each worth sending
# ... and at least, where fewer are left: the last tasks are small, so that the processes
# end together instead of one waiting for another's last 50 pages (~0.1 s on a quiet core)
FEWEST_PAGES_PER_TASK = 5

STATUS_ORDER = ("in-progress", "planned", "idea", "done", "rejected")


class Site:
    """Renders pages with one Jinja environment; remembers the files it produced."""

    def __init__(
        self,
        report: Report,
        comparison: Comparison | None = None,
        pages: frozenset[str] | None = None,
        ahead: Ahead | None = None,
    ) -> None:
        """`ahead`: Markdown bodies rendered before (see `Markdown`)."""
        self.report = report
        self.comparison = comparison
        self.pages = pages  # the pages to render (by output path); None: all of them
        self.shown: dict[str, frozenset[str]] = {}  # page -> the files whose bodies it shows
        # the links of pages read where they were rendered (by a worker), by their bytes
        self.links_read: dict[bytes, PageLinks] = {}
        # the primary KPI the map and the journeys show: one the touchpoints have answers for
        self.config = dataclasses.replace(report.project.config, primary_kpi=report.shown_kpi)
        self.locale = Locale(self.config.language, kpi_labels(self.config))
        self.files: dict[str, bytes] = {}
        self.published: frozenset[str] = frozenset()  # the copies of `_files_shown`
        self.copied_from: dict[str, str] = {}  # each of them -> the file it is a copy of
        # the files of `_files_shown` that could not be read, by path: why, and the fix
        self.unread: dict[str, Unreadable] = {}
        # the files touchsite.yml reads data from, wherever they are: never published
        self.data_files = frozenset(
            followed(report.project.root, source.path) or posixpath.normpath(source.path)
            for source in self.config.data
            if source.path
        )
        self.urls = Urls(assets=self._collect_assets(report.project.root))
        self.markdown = Markdown(report, self.locale, ahead)
        feedback = report.feedback
        # periods the data covers in part, as the trend charts label them (the overall
        # question's too, which may have periods the touchpoints have not)
        periods = {*report.periods, *(p for t in report.relationship_trend.values() for p, _ in t)}
        self.partial = partial_periods(
            tuple(sorted(periods)), feedback.first_date, feedback.last_date
        )
        # a journey's lane maps, by journey, phase (printed) and the folder linked from
        self.lane_maps: dict[tuple[str, str | None, str, str | None], Markup] = {}
        # each touchpoint's tile of the overview's map, by touchpoint, made where its page was
        # rendered (see `_links_read_run`)
        self.map_tiles: dict[str, str] = {}
        self.env = self._environment(report.project.root)

    def _environment(self, root: Path) -> jinja2.Environment:
        env = _Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(root)]),
            bytecode_cache=compiled_templates(
                self.locale.language,
                tuple(self.locale.kpi_labels.items()),
                catalogue_version(self.locale.language),
            ),
            # One environment per build: no template changes while it lasts, so no look-up
            # needs to stat its file again (a site includes partials ~100 times a page).
            auto_reload=False,
            # ... and each template loaded stays loaded for the build: a plain dict, where
            # Jinja's default LRU moved each include's template to its end under a lock.
            cache_size=-1,
            undefined=jinja2.StrictUndefined,
            **OPTIONS,
        )
        locale = self.locale
        env.install_gettext_callables(
            locale.gettext,
            locale.ngettext,
            newstyle=False,
            pgettext=locale.pgettext,
            npgettext=locale.npgettext,
        )
        # `_` as the plain function: the extension's alias looks gettext up in the context
        # and calls it through the context, twice the cost of ~200 calls a page.
        env.globals["_"] = locale.gettext
        env.filters.update(
            number=locale.number,
            date=locale.date,
            kpi_value=locale.kpi_value,
            kpi_interval=locale.kpi_interval,
            grade=locale.grade,
            respondents=locale.respondents,
            kpi_number=locale.kpi_number,
            kpi_delta=locale.kpi_delta,
            pvalue=locale.pvalue,
            p_clause=locale.p_clause,
            share=locale.share,
            percent=locale.percent,
            measured=locale.measured,
            signed=locale.signed,
            markdown=jinja2.pass_context(
                lambda context, document: self.markdown.html(document, context["urls"])
            ),
            figures=self.markdown.text,
            # also as filters: Jinja calls a filter directly, a global function through its
            # context (about three times the cost, in loops over comments and table cells)
            label=locale.label,
            kpi_label=locale.kpi_label,
            quoted=locale.quoted,
            comment_meta=locale.comment_meta,
            sentence=locale.sentence,
        )
        report = self.report
        titles = {tp.id: tp.title for tp in report.project.touchpoints}
        persona_titles = {p.id: p.title for p in self.config.personas}
        partial = self.partial
        env.globals.update(
            config=self.config,
            comparison=self.comparison,
            report=report,
            feedback=report.feedback,
            pages=report.project.pages,
            kpis=self.config.kpi_ids,
            kpi_label=locale.kpi_label,
            label=locale.label,
            period=locale.period,
            # a period's name, ", partial" added where the data covers it in part
            period_label=lambda p: locale.period_text(p, p in partial),
            touchpoint_title=lambda tp_id: titles.get(tp_id, tp_id),
            taxonomy_value=taxonomy_value,
            taxonomy_fields=[field for field, _title in TAXONOMY],
            grades=GRADES,
            phase_title={p.id: p.title for p in self.config.phases}.get,
            channel_title={c.id: c.title for c in self.config.channels}.get,
            persona_title=lambda pid: persona_titles.get(pid, pid),
            logo=next((name for name in self.urls.assets if name.startswith("logo.")), None),
            brand_style=brand_style(self.config.brand_color),
            page_style=page_style(self.config, report.feedback, locale),
            lane_map=self._lane_map,
        )
        return env

    @jinja2.pass_context
    def _lane_map(
        self, context: jinja2.runtime.Context, journey: JourneyReport, phase: str | None = None
    ) -> Markup:
        """A journey's lanes over its steps (`partials/lane_map.html`; of one `phase`, as
        printed). An as-is journey's page and each of its to-be journeys' show every state's
        maps, whole and by phase: the same bytes on each page of one folder, rendered once."""
        urls = context["urls"]
        key = (journey.journey.id, phase, posixpath.dirname(urls.current_path), urls.root)
        if key not in self.lane_maps:
            shown = {"j": journey} if phase is None else {"j": journey, "only_phase": phase}
            template = self.env.get_template("partials/lane_map.html")
            self.lane_maps[key] = Markup(template.render({**context.get_all(), **shown}))
        return self.lane_maps[key]

    def _collect_assets(self, root: Path) -> dict[str, str]:
        """Copy theme assets under content-hashed names; map plain name -> hashed path."""
        sources: dict[str, bytes] = {}
        for directory in reversed(theme_dirs(root)):
            assets = directory / "assets"
            if assets.is_dir():
                for path in sorted(assets.iterdir()):
                    if path.is_file():
                        sources[path.name] = path.read_bytes()
        sources["plotly.min.js"] = plotly_bundle()
        if self.config.logo:
            logo = root / self.config.logo
            sources["logo" + logo.suffix.lower()] = logo.read_bytes()
        mapping = {}
        for name, content in sorted(sources.items()):
            hashed = asset_path(name, content)
            self.files[hashed] = content
            mapping[name] = hashed
        # a file a body shows by its path in the project: by that path, under its own name
        shown: dict[str, str] = {}  # copy -> the first file it is a copy of
        for path in sorted(self._files_shown(root)):
            try:
                hashed, content = linked_copy(root / path)
            except Unreadable as why:  # left as linked: the link check says it there
                self.unread[path] = why
                continue
            self.files[hashed] = content
            mapping[path] = hashed
            shown.setdefault(hashed, path)
        self.published = frozenset(shown.keys() - {mapping[name] for name in sources})
        self.copied_from = {copy: shown[copy] for copy in sorted(self.published)}
        return mapping

    def _files_shown(self, root: Path) -> set[str]:
        """The files under the published folders that the bodies show or link (an image, a
        PDF), by their paths in the project. A body is parsed only if it names such a file:
        most projects have few or none, and the render's workers parse the bodies."""
        files = set()
        for folder in PUBLISHED_FOLDERS:
            for directory, folders, names in os.walk(root / folder):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                relative = Path(directory).relative_to(root).as_posix()
                files.update(f"{relative}/{name}" for name in names)
        files = {path for path in files if publishable(path)}
        if not files:
            return set()
        names = {posixpath.basename(path) for path in files}
        shown = set()
        for source, body in self.report.project.bodies().items():
            if could_show(body, names):
                shown.update(path for _t, _a, path in shown_files(source, parsed(body)))
        # as published under the name linked: what a symbolic link leads to must be so too
        return {path for path in shown & files if self._publishable(root, path)}

    def _publishable(self, root: Path, path: str) -> bool:
        """Whether the file a body links may be published: it, or what it leads to (a
        symbolic link), is under a published folder and holds no survey data."""
        target = followed(root, path)
        return (
            target is not None and publishable(target) and not holds_data(target, self.data_files)
        )

    def wants(self, output: str) -> bool:
        return self.pages is None or output in self.pages

    @cached_property
    def map_tile(self) -> MapTile:
        """What writes a touchpoint's tile of the overview's map, made in the process that
        asks (a worker's own, with its texts)."""
        return MapTile(self.report, self.locale)

    def render(
        self,
        template: str,
        output: str,
        current: str,
        title: str,
        page_charts: dict | None = None,
        root: str | None = None,
        **context,
    ) -> str | None:
        """Renders a page into `files` and returns its text; nothing for a page the Site does
        not render."""
        if not self.wants(output):
            return None
        self.markdown.shown = set()
        html = self.env.get_template(template).render(
            urls=self.urls.for_page(output, root),
            current=current,
            page_title=title,
            charts=page_charts or {},
            **context,
        )
        self.files[output] = html.encode("utf-8")
        self.shown[output] = frozenset(self.markdown.shown)
        return html


def render_site(
    report: Report, comparison: Comparison | None = None, workers: int | None = None
) -> dict[str, bytes]:
    """Every page and file of the site. `workers`: processes rendering the touchpoint pages
    (default: one per CPU from PARALLEL_PAGES touchpoints on, else this process alone);
    the bytes are the same whatever their number."""
    return render_pages(Site(report, comparison), workers)


def render_pages(
    site: Site,
    workers: int | None = None,
    started: Callable[[Iterator[tuple[str, bytes]]], object] | None = None,
) -> dict[str, bytes]:
    """The files of `site`: its pages (those it names, or all) and the files beside them.

    `started` is given the files in the order of their paths, each as soon as it is
    rendered, while the touchpoint pages are still being rendered (the build's search
    index reads them meanwhile, instead of after the render); it must not keep this
    process waiting. The overview and its map's script are not among them: no search reads
    them, and they are rendered last (see below).
    """
    paths = site.urls  # links from the site root: the output paths
    locale = site.locale
    _ = locale.gettext

    with touchpoint_pages(site, workers) as arriving:  # the workers render those meanwhile
        _other_pages(site)
        # GitHub Pages serves 404.html at any depth: its links are absolute to the site root.
        root_404 = absolute_root(site.config.base_url)
        site.render("404.html", paths.not_found(), "404", _("Page not found"), root=root_404)
        site.files[".nojekyll"] = b""
        if started is not None:
            started(arriving.files())
        # its figures take long to gather: only when rendered
        overview = _overview_ahead(site) if site.wants(paths.index()) else None
    # The overview once every touchpoint page is rendered: where a touchpoint's page was
    # rendered with its links read (by a worker, or in a run no worker took), its tile of the
    # map was made there too, from the texts the page had just written. Made here while the
    # workers rendered, the map wrote all of them again (0.4-0.9 s CPU at 1,000 touchpoints,
    # on the cores the workers and Pagefind need). What it shows without the tiles is made
    # before, while the workers render (`_overview_ahead`).
    if overview is not None:
        _overview(site, overview)
    return dict(sorted(site.files.items()))


def _overview_ahead(site: Site) -> dict:
    """What the overview shows that needs no touchpoint page rendered (its charts, filters,
    and most of its map's figures: `_map_ahead`), made while the workers render them: after
    the last page the build process has the overview's page and its map's tiles left to
    write, beside Pagefind making the index. At 1,000 touchpoints most of the overview's
    0.11-0.15 s CPU."""
    report, locale = site.report, site.locale
    _ = locale.gettext
    charts = {
        "emotion": emotion_chart(report, locale),
        # under the headline cards: the overall question's figure per period
        "relationship": [
            chart
            for est in report.relationships
            for chart in _trend_charts(
                "index",
                est.kpi,
                report.relationship_trend[est.kpi],
                locale,
                _("overall question (relationship)"),
                partial=site.partial,
                confident_from=report.project.config.rules.min_n_confident,
            )
        ],
    }
    return {
        "charts": charts,
        "taxonomy": taxonomy_filters(report, locale),
        "map": _map_ahead(site),
    }


def _overview(site: Site, ahead: dict) -> None:
    """The overview (`index.html`) and its map's figures (`_map_context`), from what
    `_overview_ahead` made."""
    map_context = _map_context(site, ahead["map"])
    site.render(
        "index.html",
        site.urls.index(),
        "index",
        site.locale.gettext("Overview"),
        ahead["charts"],
        taxonomy=ahead["taxonomy"],
        **map_context,
    )


def _other_pages(site: Site) -> None:
    """The pages beside the touchpoints' and the overview's: KPIs, methods, data quality,
    search, the printable report, recommendations, journeys, opportunities, free pages,
    changes."""
    report, comparison = site.report, site.comparison
    paths = site.urls
    locale = site.locale
    _ = locale.gettext
    confident_from = report.project.config.rules.min_n_confident
    partial = site.partial
    kpi_charts = {
        kpi: [
            *_trend_charts(
                "kpis",
                kpi,
                report.overall_trend[kpi],
                locale,
                _("all touchpoints"),
                partial=partial,
                confident_from=confident_from,
            ),
            _comparison_chart(kpi, report, locale),
        ]
        for kpi in report.project.config.kpi_ids
        if report.overall[kpi].n
    }
    if report.drivers and report.drivers.drivers:
        kpi_charts["drivers"] = [driver_chart(report.drivers, locale, report.project.config.kpis)]
    site.render(
        "kpis.html",
        paths.kpis(),
        "kpis",
        _("KPI comparison"),
        kpi_charts,
        large_map=len(report.touchpoints) > LARGE_MAP,
    )
    site.render(
        "methods.html",
        paths.methods(),
        "methods",
        _("Methods"),
        ev=evidence,
        ex=experience,
        min_theme_comments=MIN_THEME_COMMENTS,
    )
    if report.feedback.files:
        site.render(
            "data-quality.html",
            paths.data_quality(),
            "data-quality",
            _("Data quality"),
            problem_titles=QUALITY_TITLES,
            redaction_titles=REDACTION_TITLES,
        )
    site.render("search.html", paths.search(), "search", _("Search"))
    site.render(
        "report.html",
        paths.report(),
        "report",
        _("Printable report"),
        {"emotion": emotion_chart(report, locale, page="report")},
        large_map=len(report.touchpoints) > LARGE_MAP,
        recommendations=[
            rec
            for rec in sorted(report.project.recommendations, key=_print_order)
            if rec.status != "rejected"
        ],
    )

    recommendations = sorted(report.project.recommendations, key=lambda rec: rec.id)
    by_status = [
        (status, [rec for rec in recommendations if rec.status == status])
        for status in STATUS_ORDER
        if any(rec.status == status for rec in recommendations)
    ]
    site.render(
        "recommendations.html",
        paths.recommendations(),
        "recommendations",
        _("Recommendations"),
        {"matrix": matrix_chart(recommendations, locale)},
        by_status=by_status,
        numbers={rec.id: index for index, rec in enumerate(recommendations, start=1)},
    )

    for journey in report.journeys:
        site.render(
            "journey.html",
            paths.journey(journey.journey.id),
            f"journey-{journey.journey.id}",
            journey.journey.title,
            {"emotion": step_emotion_chart(journey, locale)},
            j=journey,
            states=_states(journey, report.journeys),
        )
        # The journey for wikis and READMEs (Mermaid) and for spreadsheets (CSV).
        mermaid = paths.journey_export(journey.journey.id, "mmd")
        site.files[mermaid] = mermaid_journey(journey, locale).encode("utf-8")
        table = paths.journey_export(journey.journey.id, "csv")
        site.files[table] = journey_csv(journey).encode("utf-8")

    if report.opportunities:
        opportunities = [o.opportunity for o in report.opportunities]
        site.render(
            "opportunities.html",
            paths.opportunities(),
            "opportunities",
            _("Opportunities"),
            {"matrix": matrix_chart(opportunities, locale, page="opportunities")},
            numbers={o.id: index for index, o in enumerate(opportunities, start=1)},
        )

    for page in report.project.pages:
        site.render("page.html", paths.page(page.id), f"page-{page.id}", page.title, page=page)

    if comparison is not None:
        site.render("changes.html", paths.changes(), "changes", _("Changes"))


def _map_ahead(site: Site) -> dict:
    """What the overview's map needs that no touchpoint's tile of it does: for a small map
    its headline's figures, for a large one its groups and most of its script's data
    (`map_script_ahead`)."""
    report, locale = site.report, site.locale
    if len(report.touchpoints) <= LARGE_MAP:
        return {"headline_data": headline_data(report, locale)}
    return {"map_groups": map_groups(report), "script": map_script_ahead(report, locale)}


def _map_context(site: Site, ahead: dict) -> dict:
    """What the overview's map needs: its figures inline, or for a large map its groups and
    the script that holds its figures (written as an asset next to the page; no touchpoint
    page links it), from what `_map_ahead` made. The tiles made with the touchpoint pages
    are taken as they are."""
    report, locale, made = site.report, site.locale, site.map_tiles
    if len(report.touchpoints) <= LARGE_MAP:
        return {
            "map_groups": None,
            "map_periods": map_periods(report, locale, made),
            "headline_data": ahead["headline_data"],
        }
    content = map_script(report, locale, made, ahead["script"]).encode("utf-8")
    path = asset_path("map-data.js", content)
    site.files[path] = content
    site.urls = dataclasses.replace(site.urls, assets={**site.urls.assets, "map-data.js": path})
    return {"map_groups": ahead["map_groups"]}


@contextmanager
def touchpoint_pages(site: Site, workers: int | None = None) -> Iterator[_Arriving]:
    """Renders the touchpoint pages the Site renders into its files (and what each shows into
    its `shown`): here before the `with` block, or, for many, in worker processes while the
    block runs (a build renders its other pages meanwhile, instead of leaving a core idle).
    At the block's end this process renders the runs no worker has started yet, in their
    order as the workers do, then takes the workers' pages. The block is given the pages as
    they arrive (see `_Arriving`).

    The workers are forked, so each starts with this process's Site (report, templates,
    caches) instead of a pickled copy; each renders runs of consecutive touchpoints and sends
    back their bytes and the texts they show. A page's bytes do not depend on where it was
    rendered.

    The pages are rendered in the order of their paths, not the report's (by phase): the
    order Pagefind is sent them in (see `_Arriving`), so it reads them as the runs end
    instead of waiting for a page the last run renders.
    """
    page_of = {
        r.touchpoint.id: site.urls.touchpoint(r.touchpoint.id) for r in site.report.touchpoints
    }
    touchpoints = sorted(
        (r for r in site.report.touchpoints if site.wants(page_of[r.touchpoint.id])),
        key=lambda r: page_of[r.touchpoint.id],
    )
    if workers is None:
        workers = (os.cpu_count() or 1) if len(touchpoints) >= PARALLEL_PAGES else 1
    with held_off():
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for _path, _text in _touchpoint_run(site, touchpoints):
                pass  # no links read here: each page's text goes as the next is rendered
            yield _Arriving(site, ())
            return
        global _FORKED
        arriving = _Arriving(site, [page_of[r.touchpoint.id] for r in touchpoints])
        try:
            # The first page here: it compiles the templates once for every worker, and a
            # mistake in a template surfaces as it does in a build without workers.
            arriving.add(
                {
                    path: (site.files[path],)
                    for path, _text in _touchpoint_run(site, touchpoints[:1])
                }
            )
            _FORKED = (site, touchpoints)
            context = multiprocessing.get_context("fork")
            # a build killed outright takes them with it: else they would wait for good,
            # sending pages nobody reads, each with its copy of this process's memory
            ended = {"initializer": end_with_parent, "initargs": (os.getpid(),)}
            with ProcessPoolExecutor(workers, mp_context=context, **ended) as pool:
                runs = {
                    (start, stop): pool.submit(_forked_run, start, stop)
                    for start, stop in _runs(len(touchpoints), workers + 1)
                }
                for run in runs.values():
                    run.add_done_callback(arriving.sent)
                try:
                    yield arriving
                except BaseException:
                    for run in runs.values():
                        run.cancel()
                    raise
                # In order, as the workers take them: the smallest runs come last, and the
                # pages come in the order they are read (see `_Arriving`)
                for (start, stop), run in runs.items():
                    if run.cancel():  # no worker has started it
                        pages, tiles = _links_read_run(site, touchpoints[start:stop])
                        site.links_read.update((page[0], page[2]) for page in pages.values())
                        site.map_tiles.update(tiles)
                        arriving.add(pages)
                for run in runs.values():
                    if not run.cancelled():
                        pages, tiles = run.result()
                        for path, (content, shown, links) in pages.items():
                            site.files[path], site.shown[path] = content, shown
                            site.links_read[content] = links
                        site.map_tiles.update(tiles)
        finally:
            _FORKED = None
            arriving.end()


def _runs(count: int, processes: int) -> list[tuple[int, int]]:
    """The touchpoints from the second on (the first is rendered before the workers start),
    as runs (start, stop) of consecutive ones: each a share of those left to the `processes`
    rendering them, between FEWEST_PAGES_PER_TASK and PAGES_PER_TASK, so the runs shrink
    towards the end. The same pages in the same order, whatever the sizes."""
    runs, start = [], 1
    while start < count:
        share = -(-(count - start) // (2 * processes))
        size = min(PAGES_PER_TASK, max(FEWEST_PAGES_PER_TASK, share))
        runs.append((start, min(count, start + size)))
        start += size
    return runs


class _Arriving:
    """The site's files in the order of their paths, each as soon as it is rendered: those
    rendered before `files` is asked for, and the touchpoint pages `coming` from the
    workers' runs (`sent`) or from this process (`add`)."""

    def __init__(self, site: Site, coming: Sequence[str]) -> None:
        self.site = site
        self.coming = frozenset(coming)
        self.pages: dict[str, bytes] = {}
        self.arrived = threading.Condition()
        self.ended = False  # the render ended: no more pages come

    def add(self, pages: Mapping[str, tuple[bytes, ...]]) -> None:
        with self.arrived:
            self.pages.update((path, page[0]) for path, page in pages.items())
            self.arrived.notify_all()

    def sent(self, run: Future) -> None:
        """A worker's run, done (in the pool's thread): its pages, if it rendered them."""
        if not run.cancelled() and run.exception() is None:
            self.add(run.result()[0])

    def end(self) -> None:
        with self.arrived:
            self.ended = True
            self.arrived.notify_all()

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Each file with its bytes, in the order of the paths, as soon as it is there; an
        error if the render ended without it. The files rendered so far are taken here, in
        the thread that renders them."""
        rendered = {
            path: content for path, content in self.site.files.items() if path not in self.coming
        }
        return self._in_order(rendered)

    def _in_order(self, rendered: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
        for path in sorted(rendered.keys() | self.coming):
            if path not in rendered:
                with self.arrived:
                    self.arrived.wait_for(lambda path=path: path in self.pages or self.ended)
                    if path not in self.pages:
                        raise RuntimeError(f"the render ended without {path}")
            yield path, rendered[path] if path in rendered else self.pages[path]


# The Site and touchpoints a forked worker renders from
_FORKED: tuple[Site, list[TouchpointReport]] | None = None


# A run's pages, each with its bytes, the texts it shows and its links; and the touchpoints'
# tiles of the overview's map, by touchpoint (none where the overview is not rendered)
_Run = tuple[dict[str, tuple[bytes, frozenset[str], PageLinks]], dict[str, str]]


def _forked_run(start: int, stop: int) -> _Run:
    assert _FORKED is not None
    site, touchpoints = _FORKED
    try:
        return _links_read_run(site, touchpoints[start:stop])
    except jinja2.TemplateError as error:  # a mistake of a project's own template: see build
        keep_place(error)
        raise


def _links_read_run(site: Site, touchpoints: Sequence[TouchpointReport]) -> _Run:
    """A run of pages with their links read, which the link check would otherwise do after
    the render, on one core; and the touchpoints' tiles of the overview's map, made from the
    figures' texts their pages have just written (see `render_pages`)."""
    read = {
        path: (site.files[path], site.shown[path], PageLinks(text))
        for path, text in _touchpoint_run(site, touchpoints)
    }
    tiles = {}
    if site.wants(site.urls.index()):
        tiles = {r.touchpoint.id: site.map_tile(r) for r in touchpoints}
    return read, tiles


def _touchpoint_run(
    site: Site, touchpoints: Sequence[TouchpointReport]
) -> Iterator[tuple[str, str]]:
    """Renders the pages of `touchpoints` into the Site's files (and what each shows into its
    `shown`), each as the next is asked for; yields each page's path and text, whose links
    are read from it, not decoded again from its bytes. A text is let go once read: kept
    for every page, a build without workers held ~50 MB more at 1,000 touchpoints."""
    report, locale = site.report, site.locale
    kpis = report.project.config.kpis
    confident_from = report.project.config.rules.min_n_confident
    paths = site.urls
    partial = site.partial
    for r in touchpoints:
        page = f"touchpoint-{r.touchpoint.id}"
        page_charts = {
            kpi: [
                *_trend_charts(
                    page,
                    kpi,
                    r.trend[kpi],
                    locale,
                    changes=r.changes,
                    partial=partial,
                    confident_from=confident_from,
                ),
                *(
                    [distribution_chart(page, kpis[kpi], r.distribution[kpi], locale)]
                    if r.distribution[kpi]
                    else []
                ),
            ]
            for kpi in r.asked
        }
        page_charts["business"] = [business_chart(page, s, locale) for s in r.business]
        path = paths.touchpoint(r.touchpoint.id)
        text = site.render(
            "touchpoint.html",
            path,
            page,
            r.touchpoint.title,
            page_charts,
            r=r,
            steps=report.steps_of(r.touchpoint.id),
        )
        yield path, text


def _states(journey: JourneyReport, journeys: Sequence[JourneyReport]) -> list[JourneyReport]:
    """The as-is journey and its to-be journeys, when this journey belongs to such a pair."""
    as_is = journey
    if journey.as_is is not None:
        as_is = next(j for j in journeys if j.journey.id == journey.as_is.id)
    return [as_is, *as_is.to_be] if as_is.to_be else []


def _comparison_chart(kpi: str, report: Report, locale: Locale):
    """A KPI by touchpoint. On a large map without its table: the page's table by touchpoint
    holds the same figures (a table of 1,000 rows repeated would be 90 KB a KPI)."""
    return comparison_chart(kpi, report.touchpoints, locale, len(report.touchpoints) <= LARGE_MAP)


def _trend_charts(page: str, kpi: str, trend, locale: Locale, *args, **kwargs) -> list:
    """A trend needs two periods with a figure: one survey wave (a file without dates, dated
    by its data entry) has none, and shows no chart of a single point."""
    if sum(estimate.value is not None for _period, estimate in trend) < 2:
        return []
    return [trend_chart(page, kpi, trend, locale, *args, **kwargs)]


def kpi_labels(config: Config) -> dict[str, str]:
    """The KPIs' names as this project shows them (the binary KPI's from touchsite.yml)."""
    return {kpi.id: kpi.label for kpi in config.kpis.values()}


def brand_style(color: str) -> str:
    """CSS custom properties for the client's colour, with white or black text on it,
    whichever contrasts more (WCAG 2.1 relative luminance)."""
    if not color:
        return ""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    text = "#ffffff" if on_white >= on_black else "#000000"
    return f"--brand: {color.lower()}; --on-brand: {text};"


def _print_order(rec) -> tuple:
    return (
        STATUS_ORDER.index(rec.status),
        {"high": 0, "medium": 1, "low": 2}[rec.priority],
        rec.id,
    )
