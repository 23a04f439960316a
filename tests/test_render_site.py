"""Rendering the site: the touchpoint pages come out the same, whichever process renders them."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import os
import re
import time
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

import jinja2
import markupsafe
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.pipeline import check
from touchsite.render import escaping, site
from touchsite.render.linkcheck import PageLinks
from touchsite.render.site import Site, render_pages, render_site


@pytest.fixture(scope="module")
def example_report():
    return check(REPO)


def test_worker_processes_render_the_same_bytes_as_one(example_report):
    alone = render_site(example_report, workers=1)
    shared = render_site(example_report, workers=3)
    assert list(shared) == list(alone)
    differing = [path for path in alone if shared[path] != alone[path]]
    assert differing == []
    digest = hashlib.sha256(b"".join(alone.values())).hexdigest()
    assert digest == hashlib.sha256(b"".join(shared.values())).hexdigest()


def test_worker_processes_report_the_texts_each_page_shows(example_report):
    """The preview re-renders the pages that show an edited text: workers must tell."""
    alone, shared = Site(example_report), Site(example_report)
    render_pages(alone, workers=1)
    render_pages(shared, workers=3)
    assert shared.shown == alone.shown
    page = alone.shown[f"touchpoints/{example_report.touchpoints[-1].touchpoint.id}.html"]
    assert any(path.endswith(".md") for path in page)


def test_workers_render_only_the_pages_a_site_names(example_report):
    last = f"touchpoints/{example_report.touchpoints[-1].touchpoint.id}.html"
    files = render_pages(Site(example_report, pages=frozenset({last})), workers=3)
    assert [path for path in files if path.endswith(".html")] == [last]


def test_many_touchpoints_are_shared_out_among_one_worker_per_cpu(example_report, monkeypatch):
    pools = []

    class RecordedPool(site.ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(site, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.setattr(site, "PARALLEL_PAGES", 10)
    monkeypatch.setattr(site.os, "cpu_count", lambda: 2)
    files = render_site(example_report)
    assert pools == [2]
    assert all(f"touchpoints/{r.touchpoint.id}.html" in files for r in example_report.touchpoints)


def test_the_workers_fork_before_the_overview_map_is_made(example_report, monkeypatch):
    """The map's script formats each touchpoint's figures per period: made before the fork,
    the second core stayed idle meanwhile. Made after it, the site is the same: the script
    is there, and the touchpoint pages the workers render (without it in their Site's
    assets) are those of one process."""
    events = []
    map_context = site._map_context

    class RecordedPool(site.ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            events.append("workers")
            super().__init__(workers, **kwargs)

    def recorded(rendering, ahead):
        events.append("map")
        return map_context(rendering, ahead)

    monkeypatch.setattr(site, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.setattr(site, "_map_context", recorded)
    monkeypatch.setattr(site, "LARGE_MAP", 10)  # the example's 26 touchpoints: the script
    files = render_site(example_report, workers=2)
    assert events == ["workers", "map"]
    scripts = [path for path in files if path.startswith("assets/map-data.")]
    assert len(scripts) == 1
    assert scripts[0].encode() in files["index.html"]
    assert files == render_site(example_report, workers=1)


def test_the_overview_is_made_ahead_while_the_workers_render(example_report, monkeypatch):
    """What the overview shows without the touchpoints' tiles (charts, filters, most of the
    map's script) is made before the touchpoint pages are all in, not after the last one;
    the map's script joins it with the tiles after. The site is the one a process alone
    renders."""
    events = []
    pages, ahead, map_context = site.touchpoint_pages, site._overview_ahead, site._map_context

    @contextmanager
    def recorded_pages(*args):
        with pages(*args) as arriving:
            yield arriving
        events.append("touchpoint pages in")

    def recorded_ahead(rendering):
        events.append("overview ahead")
        return ahead(rendering)

    def recorded_map(rendering, made_ahead):
        events.append("map")
        return map_context(rendering, made_ahead)

    monkeypatch.setattr(site, "touchpoint_pages", recorded_pages)
    monkeypatch.setattr(site, "_overview_ahead", recorded_ahead)
    monkeypatch.setattr(site, "_map_context", recorded_map)
    monkeypatch.setattr(site, "LARGE_MAP", 10)  # the example's 26 touchpoints: the script
    files = render_site(example_report, workers=2)
    assert events == ["overview ahead", "touchpoint pages in", "map"]
    assert files == render_site(example_report, workers=1)


def test_the_overview_map_takes_the_tiles_made_with_the_touchpoint_pages(
    example_report, monkeypatch
):
    """Each touchpoint page rendered in a run (a worker's, or one this process took) comes
    with the touchpoint's tile of the overview's map, made from the texts the page wrote:
    the map writes only the first page's (rendered before the workers start) itself, and
    the site is the one a single process renders."""
    monkeypatch.setattr(site, "LARGE_MAP", 10)  # the example's 26 touchpoints: the script
    shared = Site(example_report)
    files = render_pages(shared, workers=2)
    paths = {
        r.touchpoint.id: f"touchpoints/{r.touchpoint.id}.html" for r in example_report.touchpoints
    }
    first = min(paths, key=paths.get)
    assert sorted(shared.map_tiles) == sorted(set(paths) - {first})
    alone = Site(example_report)
    assert files == render_pages(alone, workers=1)
    assert alone.map_tiles == {}


def test_the_runs_shrink_towards_the_end(example_report, monkeypatch):
    """The example's 26 touchpoints, the first rendered before the workers start: the other
    25 in runs of a sixth of those left (two workers and this process, two runs each), at
    most 4 and at least 1 here, so the processes end together."""
    submitted = []

    class RecordedPool(site.ProcessPoolExecutor):
        def submit(self, function, start, stop):
            submitted.append(stop - start)
            return super().submit(function, start, stop)

    monkeypatch.setattr(site, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.setattr(site, "PAGES_PER_TASK", 4)
    monkeypatch.setattr(site, "FEWEST_PAGES_PER_TASK", 1)
    render_site(example_report, workers=2)
    # left 25: 25/6 -> 5, at most 4; 21 -> 4; 17 -> 3; 14 -> 3; 11 -> 2; 9 -> 2; 7 -> 2;
    # 5 -> 1, and 1 each for the last four
    assert submitted == [4, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1]


def test_the_runs_render_the_touchpoint_pages_in_the_order_of_their_paths(
    example_report, monkeypatch
):
    """Pagefind is sent the pages in the order of their paths, each once it is there. The
    runs followed the report's order (by phase: "instagram-pinterest" first in the example,
    "altmoebel-mitnahme" in the last phase), so Pagefind waited for a page a late run
    rendered while the pages after it piled up: on a copy of the 1,000-touchpoint benchmark
    with its touchpoints' phases and order shuffled, 767 of its 1,008 pages were sent after
    the render had ended. Now each run holds pages consecutive in the order of their paths."""
    arrived = []
    add = site._Arriving.add

    def recorded(self, pages):
        arrived.append(list(pages))
        add(self, pages)

    monkeypatch.setattr(site._Arriving, "add", recorded)
    monkeypatch.setattr(site, "PAGES_PER_TASK", 4)
    monkeypatch.setattr(site, "FEWEST_PAGES_PER_TASK", 1)
    render_site(example_report, workers=2)
    paths = sorted(f"touchpoints/{r.touchpoint.id}.html" for r in example_report.touchpoints)
    assert [r.touchpoint.id for r in example_report.touchpoints] != sorted(
        r.touchpoint.id for r in example_report.touchpoints
    )
    assert all(run == sorted(run) for run in arrived)
    assert [page for run in sorted(arrived) for page in run] == paths


@given(st.integers(0, 3000), st.integers(1, 8), st.integers(1, 60), st.integers(1, 60))
@example(1000, 3, 50, 5)
def test_the_runs_hold_every_touchpoint_once_in_order(count, processes, most, fewest):
    fewest = min(fewest, most)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(site, "PAGES_PER_TASK", most)
        patched.setattr(site, "FEWEST_PAGES_PER_TASK", fewest)
        runs = site._runs(count, processes)
    pages = [index for start, stop in runs for index in range(start, stop)]
    assert pages == list(range(1, count))
    sizes = [stop - start for start, stop in runs]
    assert all(size <= most for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert all(size >= fewest for size in sizes[:-1])


_ORIGINAL_RUN = site._forked_run


def _slow_run(start: int, stop: int):
    time.sleep(0.3)
    return _ORIGINAL_RUN(start, stop)


def test_runs_no_worker_has_started_are_rendered_here(example_report, monkeypatch):
    """While the workers render touchpoint pages, this process renders the other pages; then
    it takes the runs still waiting for a worker instead of waiting itself."""
    here = []
    run = site._touchpoint_run

    def recorded(page, touchpoints):
        here.append((os.getpid(), len(touchpoints)))
        return run(page, touchpoints)

    monkeypatch.setattr(site, "_touchpoint_run", recorded)
    monkeypatch.setattr(site, "_forked_run", _slow_run)
    monkeypatch.setattr(site, "PAGES_PER_TASK", 1)
    shared = render_site(example_report, workers=2)
    mine = [count for pid, count in here if pid == os.getpid()]
    assert len(mine) > 1  # the first page, then at least one run no worker had started
    assert sum(mine) < len(example_report.touchpoints)  # the workers rendered some
    monkeypatch.setattr(site, "_touchpoint_run", run)
    assert shared == render_site(example_report, workers=1)


def test_a_small_project_renders_in_this_process(example_report, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool for 26 touchpoints")

    monkeypatch.setattr(site, "ProcessPoolExecutor", no_pool)
    assert len(example_report.touchpoints) < site.PARALLEL_PAGES
    assert "index.html" in render_site(example_report)


@pytest.mark.parametrize(
    ("partial", "macro", "loop", "call"),
    [
        ("comment", "comment", "{% for c in r.comments %}", "comment(c)"),
        (
            "kpi_cell",
            "kpi_cell",
            "{% for row in r.segment_table.rows %}{% set est = row.kpis['nps'] %}"
            "{% set versus = row.versus_rest.get('nps') %}",
            "kpi_cell(est, versus)",
        ),
        ("chart", "chart_block", "{% for chart in charts %}", "chart_block(chart)"),
    ],
)
def test_a_partial_included_as_before_draws_what_its_macro_draws(
    example_report, partial, macro, loop, call
):
    """A project's own templates may include the partials that are macros now."""
    page = site.Site(example_report)
    r = next(r for r in example_report.touchpoints if r.comments and r.segment_table)
    charts = [
        site.distribution_chart(
            "p", example_report.project.config.kpis["nps"], r.distribution["nps"], page.locale
        )
    ]
    context = {"r": r, "charts": charts, "urls": page.urls.for_page("touchpoints/x.html")}
    included = page.env.from_string(
        loop + '{% include "partials/' + partial + '.html" %}{% endfor %}'
    ).render(context)
    called = page.env.from_string(
        '{% from "partials/'
        + partial
        + '.html" import '
        + macro
        + " %}"
        + loop
        + "{{ "
        + call
        + " }}{% endfor %}"
    ).render(context)
    assert included == called
    assert included.count("<") > 5


def test_a_list_of_comments_draws_each_comment_escaped(example_report):
    """The touchpoint page draws its comments in one call; each reads as the one-comment
    macro draws it, and a comment's markup stays text, its segment's too."""
    page = site.Site(example_report)
    r = next(r for r in example_report.touchpoints if len(r.comments) >= 3)
    hostile = dataclasses.replace(
        r.comments[0], text="<script>alert('x')</script> & co", segment="<b>Filiale</b> & Co"
    )
    comments = [hostile, *r.comments[1:3]]
    macros = '{% from "partials/comment.html" import comment, comments %}'
    listed = page.env.from_string(macros + "{{ comments(cs) }}").render(cs=comments)
    one_by_one = page.env.from_string(
        macros + "{% for c in cs %}{{ comment(c) }}{% endfor %}"
    ).render(cs=comments)
    assert listed == one_by_one
    assert listed.count('<li><blockquote dir="auto">') == 3
    assert "<script>" not in listed
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</blockquote>" in listed
    assert " · &lt;b&gt;Filiale&lt;/b&gt; &amp; Co" in listed and "<b>" not in listed


def test_a_template_calls_plain_functions_directly_and_passes_the_context_where_asked(
    example_report,
):
    page = site.Site(example_report)

    @jinja2.pass_context
    def asking(context, name):
        return context[name]

    class Holder:
        def plain(self, text):
            return text.upper()

        @jinja2.pass_context
        def asking(self, context, name):
            return context[name]

    holder = Holder()
    template = page.env.from_string(
        "{{ asking('x') }} {{ holder.asking('x') }} {{ holder.plain('a') }} {{ get('k') }} "
        "{% for i in [1] %}{{ holder.plain('b') }}{{ asking('x') }}{% endfor %} {{ _('Overview') }}"
    )
    rendered = template.render(x="<ctx>", asking=asking, holder=holder, get={"k": "v"}.get)
    assert rendered == "&lt;ctx&gt; &lt;ctx&gt; A v B&lt;ctx&gt; " + page.locale.gettext("Overview")


def test_workers_read_the_links_of_the_pages_they_render(example_report):
    """The link check takes them instead of reading those pages again on one core."""
    shared = Site(example_report)
    files = render_pages(shared, workers=3)
    # the first in the order of the paths is rendered before the workers start
    pages = sorted(f"touchpoints/{r.touchpoint.id}.html" for r in example_report.touchpoints)
    assert {files[page] for page in pages[1:]} == set(shared.links_read)
    for content, links in shared.links_read.items():
        again = PageLinks(content)
        assert (links.links, links.ids) == (again.links, again.ids)
        assert any(target.endswith(".css") for _tag, target, _at in links.links)


def test_the_runs_taken_here_have_their_links_read_as_the_workers_do(example_report, monkeypatch):
    """The runs this process takes from slow workers are read as it renders them, within
    the render shared among the processes, not by the link check alone afterwards."""
    here = []
    run = site._touchpoint_run

    def recorded(page, touchpoints):
        if os.getpid() == main:
            here.extend(f"touchpoints/{r.touchpoint.id}.html" for r in touchpoints)
        return run(page, touchpoints)

    main = os.getpid()
    monkeypatch.setattr(site, "_touchpoint_run", recorded)
    monkeypatch.setattr(site, "_forked_run", _slow_run)
    monkeypatch.setattr(site, "PAGES_PER_TASK", 1)
    shared = Site(example_report)
    files = render_pages(shared, workers=2)
    assert len(here) > 1  # the first page, then at least one run no worker had started
    # the first in the order of the paths is rendered before the workers start
    pages = sorted(f"touchpoints/{r.touchpoint.id}.html" for r in example_report.touchpoints)
    assert {files[page] for page in pages[1:]} == set(shared.links_read)


@given(st.text())
def test_a_written_text_is_escaped_as_markupsafe_escapes_it(text):
    assert escaping.escaped(text) == str(markupsafe.escape(text))
    assert escaping.escaped(markupsafe.Markup(text)) == text


@pytest.mark.parametrize("value", [42, -1.5, None, True, markupsafe.Markup("<b>x</b>")])
def test_other_written_values_are_escaped_as_markupsafe_escapes_them(value):
    assert escaping.escaped(value) == str(markupsafe.escape(value))


def test_a_site_template_writes_what_a_plain_escaping_jinja_writes(example_report):
    """Its values escaped once: texts, numbers, macros' and blocks' markup, filters' Markup."""
    source = (
        "{% macro bold(t) %}<b>{{ t }}</b>{% endmacro %}"
        "{% set block %}<i>{{ text }}</i>{% endset %}"
        "{{ text }} {{ n }} {{ bold(text) }} {{ block }} {{ safe_text | safe }} "
        "{{ markup }} {% trans x=text %}a {{ x }}{% endtrans %} {{ text ~ markup }}"
    )
    values = {
        "text": "<a href='x'>\"&\"</a>",
        "n": 7,
        "safe_text": "<br>",
        "markup": markupsafe.Markup("<em>&amp;</em>"),
    }
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_null_translations()
    expected = plain.from_string(source).render(values)
    rendered = Site(example_report).env.from_string(source).render(values)
    assert rendered == expected
    assert "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;" in rendered


def test_a_sites_texts_are_translated_while_compiling_and_kept_per_catalogue(example_report):
    """`_("Overview")` is the catalogue's text in the compiled code: templates compiled with
    one version of a catalogue are no other version's."""
    compiled = Site(example_report).env.compile('{{ _("Overview") }}', raw=True)
    assert "'Übersicht'" in compiled and "Overview" not in compiled
    labels = (("nps", "NPS"),)
    assert (
        site.compiled_templates("de", labels, "1").salt
        != site.compiled_templates("de", labels, "2").salt
    )


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_off_while_pages_render_and_as_it_was_after(
    example_report, monkeypatch, collecting
):
    import gc

    seen = []
    other_pages = site._other_pages

    def observed(rendering, *rest):
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        other_pages(rendering, *rest)

    monkeypatch.setattr(site, "_other_pages", observed)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        render_site(example_report, workers=1)
        assert seen == [(False, True)]
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_the_overview_names_each_changed_touchpoint_once(example_report):
    """Four changes at two touchpoints: each touchpoint's name once, its changes after it."""
    first, second, *rest = example_report.touchpoints
    flagged = [c for r in example_report.touchpoints for c in r.changes if c.significant]
    pattern = flagged[0]
    changes = {
        first.touchpoint.id: [
            dataclasses.replace(pattern, touchpoint=first.touchpoint.id, kpi=kpi, kind=kind)
            for kpi, kind in (("nps", "step"), ("csat", "trend"), ("ces", "step"))
        ],
        second.touchpoint.id: [
            dataclasses.replace(pattern, touchpoint=second.touchpoint.id, kpi="nps")
        ],
    }
    touchpoints = [
        dataclasses.replace(r, changes=changes.get(r.touchpoint.id, []))
        for r in example_report.touchpoints
    ]
    report = dataclasses.replace(example_report, touchpoints=touchpoints)
    page = render_site(report, workers=1)["index.html"].decode()
    note = page[page.index('<p class="changes-note">') :]
    note = note[: note.index("</p>")]
    text = re.sub(r"<[^>]+>", "", note)
    names = [first.touchpoint.title, second.touchpoint.title]
    assert [text.count(name) for name in names] == [1, 1]
    # the first three changes after the first name, the fourth after the second
    assert text.index(names[0]) < text.index("CSAT") < text.index("CES") < text.index(names[1])
    assert text.count("NPS") == 2
    assert "; " in text[text.index("CES") : text.index(names[1])]


def test_with_no_pain_point_the_overview_says_what_the_touchpoints_were_measured_against(
    example_report,
):
    """Before, "No touchpoint is clearly below its target." also where no target was set."""
    assert example_report.has_targets
    calm = dataclasses.replace(example_report, findings=(), pain_points=())
    untargeted = dataclasses.replace(
        calm,
        touchpoints=tuple(
            dataclasses.replace(
                r,
                kpis={
                    kpi: dataclasses.replace(estimate, target=None)
                    for kpi, estimate in r.kpis.items()
                },
            )
            for r in example_report.touchpoints
        ),
    )
    assert not untargeted.has_targets
    for report, said in (
        (calm, "Kein Touchpoint liegt deutlich unter seinem Ziel oder unter den übrigen"),
        (untargeted, "ist kein Ziel gesetzt (kpis: targets: in touchsite.yml)"),
    ):
        page = render_site(report, workers=1)["index.html"].decode()
        verdict = page[page.index('id="verdict-heading"') :]
        assert said in verdict[: verdict.index("</section>")]


def test_the_ab_table_writes_a_tiny_p_value_as_p_below(example_report):
    """Before, the example's A/B test of the delivery notice read "p = < 0,001"."""
    [page] = [
        page.decode()
        for path, page in render_site(example_report, workers=1).items()
        if path.startswith("touchpoints/") and b'id="ab-test"' in page
    ]
    table = html.unescape(re.sub(r"<[^>]+>", "", page[page.index('id="ab-test"') :]))
    assert "p = <" not in table
    assert "p < 0,001" in table


def test_the_overviews_significant_changes_carry_their_n(example_report):
    """Before, the overview wrote "NPS +26 (Q3 26 → Q4 26)": a change without its n."""
    page = render_site(example_report, workers=1)["index.html"].decode()
    note = page[page.index('<p class="changes-note">') :]
    text = html.unescape(re.sub(r"<[^>]+>", "", note[: note.index("</p>")]))
    shown = example_report.changes[:4]
    assert {c.kind for c in shown} == {"step", "trend"}
    for c in shown:
        n = (
            f"n = {c.difference.n_b:,}"
            if c.kind == "trend"
            else f"n = {c.difference.n_a:,} → {c.difference.n_b:,}"
        )
        assert n.replace(",", ".") in text
    assert text.count("n = ") == len(shown)


def test_a_segment_cell_below_min_n_confident_is_not_compared(example_report):
    """A cell with fewer answers than a test needs says "small n" and no difference: one of
    a withheld score (under min_n_shown) would give the score away."""
    page = site.Site(example_report)
    confident = example_report.project.config.rules.min_n_confident
    cells = [
        (row.kpis[kpi], versus)
        for r in example_report.touchpoints
        if r.segment_table
        for row in r.segment_table.rows
        for kpi, versus in row.versus_rest.items()
    ]
    enough = [min(versus[0].n_a, versus[0].n_b) >= confident for _, versus in cells]
    assert any(enough) and not all(enough)
    assert any(est.value is None for est, _ in cells)  # a withheld score among them
    cell = page.env.from_string(
        '{% from "partials/kpi_cell.html" import kpi_cell %}{{ kpi_cell(est, versus) }}'
    )
    for (est, versus), compared in zip(cells, enough, strict=True):
        html = cell.render(est=est, versus=versus)
        assert ('class="versus' in html) == compared
        assert ("low-n" in html) or compared


def test_each_headline_cards_latest_figure_has_its_interval_and_respondents(example_report):
    """Before, the latest complete period read "+19,8 (n = 1.960)": an estimate without its
    interval and, pooling several answers of one respondent, without how many gave them."""
    page = render_site(example_report, workers=1)["index.html"].decode()
    lines = [
        html.unescape(re.sub(r"<[^>]+>", "", line))
        for line in re.findall(r'<div class="kpi-latest">.*?</div>', page, re.S)
    ]
    latest = list(example_report.latest_relationship.values())
    latest += [example_report.latest_overall[kpi] for kpi in example_report.latest_overall]
    assert len(lines) == len(latest) == 4
    locale = site.Site(example_report).locale
    for line, found in zip(lines, latest, strict=True):
        est = found.estimate
        assert f"(95-%-KI {locale.kpi_interval(est)}; n = {locale.number(est.n)}" in line
        if est.pooled:
            assert f"von {locale.number(est.respondents)} Befragten)" in line


def test_a_change_into_a_partial_period_says_the_period_is_partial(example_report):
    """The example's data ends on 31 Oct 2026: its Q4 26 holds one month. Before, the
    overview's significant changes read "NPS +26 (Q3 26 → Q4 26; n = 298 → 126)", a month
    compared as if it were the quarter, where the verdict's drops already say "(partial)"."""
    rendered = render_site(example_report, workers=1)
    page = rendered["index.html"].decode()
    note = page[page.index('<p class="changes-note">') :]
    text = html.unescape(re.sub(r"<[^>]+>", "", note[: note.index("</p>")]))
    # a step is two periods compared; a trend runs through all of them, each weighted
    assert "NPS +26 (Q3 26 → Q4 26, unvollständig; n = 298 → 126)" in text
    assert "NPS Trend +45 (Q4 25 → Q4 26; n = 1.367)" in text
    kpis = html.unescape(re.sub(r"<[^>]+>", "", rendered["kpis.html"].decode()))
    assert "NPS Q3 26 → Q4 26, unvollständig: +26" in kpis


def test_a_partial_period_named_in_brackets_opens_no_second_bracket(example_report):
    """The label of a period the data covers in part stands in brackets on most pages. Before,
    it brought its own: "CSAT (letzter Zeitraum, Q4 26 (unvollständig)) 38 %" and "NPS +26
    (Q3 26 → Q4 26 (unvollständig); n = 298 → 126)", 3 on the example's overview."""
    rendered = render_site(example_report, workers=1)
    for name in ("index.html", "kpis.html", "report.html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", rendered[name].decode()))
        assert "Q4 26, unvollständig" in text
        depth = 0
        for at, char in enumerate(text):
            if char == "(":
                depth += 1
                assert depth == 1, (name, text[max(0, at - 60) : at + 40])
            elif char == ")":
                depth = max(0, depth - 1)


def test_without_an_overall_question_the_verdict_gives_the_primary_kpi_across_touchpoints(
    example_report,
):
    """The overview and the printed report open with how the customers feel: where the survey
    asks no overall question, the primary KPI across the touchpoints, with its interval, its
    answers and respondents, and where it stands against the target. Before, neither said it
    in words; the figure stood in a card under the pain points."""
    import csv

    with (REPO / "data" / "feedback.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["touchpoint"] != "overall" and r["nps"]]
    given = [int(r["nps"]) for r in rows]
    value = 100 * (sum(s >= 9 for s in given) - sum(s <= 6 for s in given)) / len(given)
    respondents = len({r["response_id"] for r in rows})
    assert (round(value), len(given), respondents) == (18, 9040, 3680)

    without = dataclasses.replace(example_report, relationship=None, relationship_others=())
    pages = render_site(without, workers=1)
    for path in ("index.html", "report.html"):
        page = pages[path].decode()
        start = page.index('<p class="overall-verdict">')
        said = html.unescape(re.sub(r"<[^>]+>", "", page[start : page.index("</p>", start)]))
        # the interval (respondents as the unit) is the analysis' own; its place is checked
        assert said.startswith("Gesamturteil der Kunden: NPS über alle Touchpoints +18 (95-%-KI ")
        assert said.endswith("; n = 9.040 · von 3.680 Befragten), deutlich unter Ziel +20."), said
        # it comes before the pain points
        assert start < page.index("Schmerzpunkte" if path == "report.html" else "verdict-heading")


def test_a_touchpoint_page_writes_its_expected_emotion_as_the_emotion_axis_does(example_report):
    """The facts at the top of a touchpoint's page wrote the expected emotion with '%+d':
    "-2" with a hyphen (5 of the example's 26 touchpoints) and "+0" for a neutral one (7), where
    the emotion curve, the journeys and the printed report write "−2" and "0"."""
    import yaml

    pages = render_site(example_report, workers=1)
    for path in sorted((REPO / "content" / "touchpoints").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        emotion = int(meta["emotion"])
        written = {True: f"+{emotion}", False: f"\N{MINUS SIGN}{-emotion}"}[emotion > 0]
        page = pages[f"touchpoints/{meta.get('id') or path.stem}.html"].decode()
        facts = page[page.index("Erwartete Emotion") :]
        shown = re.search(r"<dd>(.*?)</dd>", facts).group(1)
        assert shown == ("0" if emotion == 0 else written), path.name


@given(
    quotes=st.integers(min_value=0, max_value=10**6),
    age=st.floats(min_value=0, max_value=240, allow_nan=False),
    english=st.booleans(),
)
@example(quotes=1, age=1.0, english=False)
@example(quotes=1, age=0.6, english=True)
def test_an_evidence_badge_counts_quotes_and_months_in_the_right_number(quotes, age, english):
    """The evidence badge wrote "1 Zitate" / "1 quotes" (26 times on 3 pages of the
    200-touchpoint benchmark) and "mittlere Antwort 1 Monate alt" / "median answer 1 months
    old" (once in each example): the singular only where the number shown is one."""
    from touchsite.analyze.evidence import Evidence

    evidence = Evidence("weak", 0.1, 40, quotes, age, None, "nps", ())
    badge = _evidence_site(english).env.get_template("partials/evidence.html").render(ev=evidence)
    text = html.unescape(re.sub(r"<[^>]+>", "", badge))
    # the month count as the badge writes it: whole months, half up
    months = int(Decimal(repr(age)).quantize(Decimal(1), ROUND_HALF_UP))
    grouped = f"{quotes:,}".replace(",", "," if english else ".")
    if english:
        assert f"{grouped} {'quote' if quotes == 1 else 'quotes'})" in text, text
        assert f"median answer {months} {'month' if months == 1 else 'months'} old" in text
    else:
        assert f"{grouped} {'Zitat' if quotes == 1 else 'Zitate'})" in text, text
        assert f"mittlere Antwort {months} {'Monat' if months == 1 else 'Monate'} alt" in text


@functools.cache
def _evidence_site(english: bool) -> Site:
    """The example's Site, in English or German: its environment is all the badge needs. (Not
    a fixture: Hypothesis writes out each example's arguments, a whole report took seconds.)"""
    report = check(REPO)
    if english:
        config = dataclasses.replace(report.project.config, language="en")
        report = dataclasses.replace(
            report, project=dataclasses.replace(report.project, config=config)
        )
    return Site(report)


def test_the_comments_an_insight_quotes_are_counted_in_german_grammar(example_report):
    """The evidence of a pain point or need said "12 von 123 Kommentare erwähnen": the
    dative plural is "Kommentaren", and one comment "erwähnt"."""
    text = " ".join(
        html.unescape(page.decode("utf-8")) for page in render_site(example_report).values()
    )
    counted = re.findall(r"(\d+) von [\d.]+ (Kommentare\w*) (erwähn\w+)", text)
    assert counted
    for count, noun, verb in counted:
        assert (noun, verb) == ("Kommentaren", "erwähnt" if count == "1" else "erwähnen")


def test_every_difference_written_with_its_interval_shares_its_precision():
    """Every template that writes a difference or its interval's ends (`kpi_delta`) gives it
    the difference, so the figure and its ends take one precision (Locale.kpi_delta);
    before, none did, and "+0,1 (95-%-KI +0,1 bis +0,1)" could stand. The interval is
    written by one macro (partials/figure.html's difference_interval) beside the
    difference each template writes."""
    calls = re.compile(r"(\w+(?:\.\w+)*)\.(difference|low|high) \| kpi_delta\(([^)]*)\)")
    found = 0
    for template in (REPO / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for owner, part, arguments in calls.findall(text):
            if owner.endswith(".difference") and part == "difference":
                owner = owner.removesuffix(".difference")
            given = arguments.split(", ")
            found += 1
            assert len(given) == 2, (template.name, owner, part, arguments)
            assert given[1] in (owner, f"{owner}.difference"), (template.name, arguments)
    assert found >= 13


def test_a_pain_points_gap_to_the_other_touchpoints_has_its_interval(example_report):
    """Before, a pain point read "signifikant unter den übrigen Touchpoints (−50)": an
    estimated difference without its interval, the one figure of the pain points without it.
    Now "(−50; 95-%-KI −56 bis −43)", the difference inside its interval."""
    page = render_site(example_report, workers=1)["index.html"].decode()
    pains = re.search(r'<ol class="pain-points">.*?</ol>', page, re.S).group(0)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", pains)).split())
    number = r"([+−]?\d+(?:,\d+)?)(?: Pp\.)?"
    gaps = re.findall(r"unter den übrigen Touchpoints \(([^)]*)\)", text)
    below = sum(len(r.below_average) for r in example_report.pain_points[:5])
    assert len(gaps) == below >= 5
    for gap in gaps:
        found = re.fullmatch(rf"{number}; 95-%-KI {number} bis {number}", gap)
        assert found, gap
        difference, low, high = (
            float(g.replace("−", "-").replace(",", ".")) for g in found.groups()
        )
        assert low <= difference <= high < 0


def test_an_as_is_journey_and_its_target_state_render_each_lane_map_once(example_report):
    """An as-is journey's page and its to-be journey's both show every state's lane map,
    whole and by phase (printed): each page rendered them all again (at 1,000 touchpoints a
    third of the journey pages' time), the same bytes. Now each map is rendered once."""
    page = Site(example_report)
    lane_map = page.env.get_template("partials/lane_map.html")
    rendered: list[tuple[str, str | None]] = []
    render = lane_map.root_render_func

    def counted(context):
        rendered.append((context["j"].journey.id, context.get("only_phase")))
        return render(context)

    lane_map.root_render_func = counted
    files = render_pages(page, workers=1)
    paired = [j for j in example_report.journeys if j.to_be or j.as_is is not None]
    assert len(paired) >= 2
    # each journey's map, whole and of each phase it has steps in
    expected = [
        (j.journey.id, phase)
        for j in example_report.journeys
        for phase in [None, *(p.id for p, steps in j.phases if steps)]
    ]
    assert sorted(rendered, key=str) == sorted(expected, key=str)
    as_is = next(j for j in paired if j.to_be)
    pages = [files[page.urls.journey(j.journey.id)].decode() for j in (as_is, *as_is.to_be)]
    printed = {
        text[text.index('class="print-phases"') : text.index('<p class="muted">')] for text in pages
    }
    assert len(printed) == 1


MACROS = (
    "{% macro pair(a, b) %}<{{ a }}|{{ b }}>{% endmacro %}"
    "{% macro defaulted(a, b='&') %}{{ a }}{{ b }}{% endmacro %}"
    "{% macro rest(a) %}{{ a }}{{ varargs | join(',') }}{{ kwargs | dictsort }}{% endmacro %}"
    "{% macro calling(a) %}[{{ caller(a) }}]{% endmacro %}"
)


@given(st.text(max_size=6), st.text(max_size=6))
def test_a_macro_writes_what_jinjas_own_call_of_it_writes(example_report, a, b):
    """Called with all its arguments (its function called at once), with fewer, by keyword,
    with extra ones and with a `caller`, a macro writes what Jinja's Macro writes."""
    source = MACROS + (
        "{{ pair(a, b) }} {{ pair(a, b=b) }} {{ defaulted(a) }} {{ defaulted(a, b) }} "
        "{{ rest(a, b, k=b) }} {% call(x) calling(a) %}{{ x }}{{ b }}{% endcall %}"
        "{% for x in [a, b] %}{{ pair(x, loop.index) }}{% endfor %}"
    )
    plain = jinja2.Environment(autoescape=True)
    expected = plain.from_string(source).render(a=a, b=b)
    assert Site(example_report).env.from_string(source).render(a=a, b=b) == expected


def test_a_macro_given_all_its_arguments_is_its_function_called(example_report, monkeypatch):
    """`Macro.__call__` matches arguments to names, defaults and `caller` in Python (~30
    macro calls a touchpoint page): not needed when each is given by position."""
    called = []
    jinjas = jinja2.runtime.Macro.__call__

    def counted(macro, *args, **kwargs):
        called.append(macro.name)
        return jinjas(macro, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Macro, "__call__", counted)
    source = (
        MACROS + "{{ pair(1, 2) }}{{ defaulted(1) }}{% for x in [1] %}{{ pair(x, x) }}{% endfor %}"
    )
    assert Site(example_report).env.from_string(source).render() == "<1|2>1&amp;<1|1>"
    assert called == ["defaulted"]
