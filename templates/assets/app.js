// Draws the charts from their embedded figure JSON and drives the journey map's controls.
(function () {
  "use strict";

  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  // The page's colours (light or dark theme) applied to a chart layout's text and lines.
  function themed(layout) {
    var style = getComputedStyle(document.documentElement);
    var fg = style.getPropertyValue("--fg").trim();
    var line = style.getPropertyValue("--line").trim();
    var update = { "font.color": fg };
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = line;
        update[key + ".zerolinecolor"] = line;
        update[key + ".linecolor"] = line;
      }
    });
    return update;
  }

  // The charts' colours as touchsite/render/charts/figure.py writes them (the light theme's)
  // and the CSS variables holding them in the theme in use; tests/test_charts.py keeps the
  // three places in step.
  var THEME_COLOURS = {
    "#0b5cad": "--accent",
    "rgba(11, 92, 173, 0.18)": "--band",
    "#1b7f4b": "--meets",
    "#a3341f": "--misses"
  };

  // A chart's figure in the page's theme, with its narrow-screen layout where it is narrow.
  function figureFor(el) {
    var text = document.getElementById(el.dataset.figure).textContent;
    var style = getComputedStyle(document.documentElement);
    Object.keys(THEME_COLOURS).forEach(function (colour) {
      var themed = style.getPropertyValue(THEME_COLOURS[colour]).trim();
      if (themed) text = text.split(JSON.stringify(colour)).join(JSON.stringify(themed));
    });
    var figure = JSON.parse(text);
    if (figure.narrow && el.clientWidth < 560) {
      // an axis's settings, or a list's items (annotations) by their place in it
      Object.keys(figure.narrow).forEach(function (key) {
        Object.assign(figure.layout[key], figure.narrow[key]);
      });
    }
    return figure;
  }

  function draw(el) {
    var figure = figureFor(el);
    var options = { displaylogo: false, responsive: true, displayModeBar: false };
    return Plotly.react(el, figure.data, figure.layout, options).then(function () {
      return Plotly.relayout(el, themed(figure.layout));
    });
  }

  function drawCharts() {
    if (typeof Plotly === "undefined") return;
    var charts = document.querySelectorAll(".chart[data-figure]");
    charts.forEach(function (el) {
      if (!document.getElementById(el.dataset.figure)) return;
      draw(el).then(function () {
        el.dataset.rendered = "true";
      });
    });
    if (dark && dark.addEventListener) {
      dark.addEventListener("change", function () { charts.forEach(draw); });
    }
  }

  // Printed pages show every chart's data table: closed <details> would print empty.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });

  // A printed page is laid out at the paper's width without a resize event, so a chart kept
  // the width the screen gave it and was cut off at the paper's edge: each drawn chart takes
  // its place's width when the print layout starts, and the screen's again when it ends.
  function fitChartsToLayout() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll('.chart[data-rendered="true"]').forEach(function (el) {
      Plotly.relayout(el, { autosize: true });
    });
  }
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) printing.addEventListener("change", fitChartsToLayout);
  }

  // The KPI switch recolours every map on the page (the overview's, a journey's lanes).
  function setUpKpiSwitch() {
    var kpiSelect = document.getElementById("kpi-select");
    var status = document.getElementById("map-status");
    if (!kpiSelect) return;
    kpiSelect.addEventListener("change", function () {
      document.querySelectorAll(".journey-map, .lane-map").forEach(function (map) {
        map.dataset.kpi = kpiSelect.value;
        map.querySelectorAll(".tile").forEach(regrade);
      });
      if (status) status.textContent = kpiSelect.options[kpiSelect.selectedIndex].text;
    });
  }

  // A tile's colour is the grade of the KPI its map shows.
  function regrade(tile) {
    var map = tile.closest("[data-kpi]");
    // a large map's tile learns its other grades from the map's data, loaded on first use
    if (map && tile.dataset[map.dataset.kpi]) tile.dataset.grade = tile.dataset[map.dataset.kpi];
  }

  // A journey with a target state: one map shown at a time, both when printed or without script.
  function setUpStates() {
    var group = document.querySelector(".state-switch");
    if (!group) return;
    var buttons = group.querySelectorAll("button[data-state]");
    var status = document.getElementById("map-status");
    function show(state) {
      document.querySelectorAll(".state-view").forEach(function (view) {
        view.hidden = view.dataset.state !== state;
      });
      buttons.forEach(function (button) {
        var on = button.dataset.state === state;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        if (on && status) status.textContent = button.textContent;
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { show(button.dataset.state); });
    });
    show(group.dataset.initial);
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".state-view").forEach(function (view) { view.hidden = false; });
    });
    window.addEventListener("afterprint", function () { show(group.querySelector('[aria-pressed="true"]').dataset.state); });
  }

  function setUpMap() {
    var map = document.getElementById("journey-map");
    if (!map) return;
    var tiles = Array.prototype.slice.call(map.querySelectorAll(".tile"));
    var status = document.getElementById("map-status");
    var kpiSelect = document.getElementById("kpi-select");
    var periodSelect = document.getElementById("period-select");
    var find = document.getElementById("map-find");
    var filters = Array.prototype.slice.call(document.querySelectorAll(".map-filter"));
    var roving = setUpRovingFocus(map, tiles);
    var byTile = null, headline = null, waiting = null, format = null;

    // The figures per period and the headline's counts: in the page, or for a large map in a
    // script of its own (data-source), loaded when a control is first used.
    function withData(then) {
      if (byTile) return then();
      if (!map.dataset.source) {
        var periodData = document.getElementById("map-periods");
        byTile = periodData ? JSON.parse(periodData.textContent) : {};
        var headlineData = document.getElementById("headline-data");
        var figures = headlineData ? JSON.parse(headlineData.textContent) : null;
        headline = figures ? setUpHeadline(figures) : null;
        format = figures && figures.format;
        return then();
      }
      if (waiting) return waiting.push(then);
      waiting = [then];
      var script = document.createElement("script");
      script.src = map.dataset.source;
      script.onload = function () {
        var data = window.touchsiteMap;
        tiles.forEach(function (tile) {
          Object.assign(tile.dataset, data.tiles[tile.dataset.touchpoint] || {});
        });
        byTile = data.periods;
        headline = setUpHeadline(data.headline);
        format = data.headline.format;
        waiting.forEach(function (callback) { callback(); });
      };
      document.head.appendChild(script);
    }

    function showPeriod(period) {
      tiles.forEach(function (tile) {
        var values = (byTile[tile.dataset.touchpoint] || {})[period] || {};
        Object.keys(values).forEach(function (kpi) {
          var entry = values[kpi];  // [grade, value, n, grade label]
          tile.dataset[kpi] = entry[0];
          // a large map's small tile shows the figure of the KPI the map is coloured by
          var span = tile.querySelector(".kpi-" + kpi) ||
            (kpi === map.dataset.kpi ? tile.querySelector(".current-kpi") : null);
          if (!span) return;
          span.querySelector(".v").textContent = entry[1];
          span.querySelector(".nv").textContent = entry[2];
          span.querySelector(".tile-status").textContent = entry[3];
        });
        regrade(tile);
      });
    }

    function matches(tile) {
      var query = find ? find.value.trim().toLowerCase() : "";
      if (query && tile.querySelector(".tile-title").textContent.toLowerCase().indexOf(query) === -1) return false;
      return filters.every(function (select) {
        if (!select.value) return true;
        return (tile.dataset[select.dataset.filter] || "").split(" ").indexOf(select.value) !== -1;
      });
    }

    function update(changed) {
      var period = periodSelect ? periodSelect.value : "";
      if (changed === periodSelect || changed === kpiSelect) showPeriod(period);
      var shown = [];
      tiles.forEach(function (tile) {
        tile.hidden = !matches(tile);
        if (!tile.hidden) shown.push(tile.dataset.touchpoint);
      });
      countGroups(changed === find && find.value.trim() !== "");
      roving.refresh();
      var filtered = shown.length < tiles.length || period !== "";
      if (headline) headline(filtered ? shown : null, period, tiles.length);
      if (status) {
        status.textContent = changed && changed.options ? changed.options[changed.selectedIndex].text + ": " : "";
        status.textContent += count(shown.length) + " / " + count(tiles.length);
      }
    }

    // A count as the page writes numbers (1.000 in German), once the map's data is there.
    function count(n) {
      return format ? number(n, 0, format) : String(n);
    }

    // "shown / total" in a [data-total] element, or the total alone where nothing is hidden.
    function showCount(element, shown) {
      var total = Number(element.dataset.total);
      element.textContent = shown === total ? count(total) : count(shown) + " / " + count(total);
    }

    // A large map's phases and folded channels: how many of their tiles the filters leave, a
    // channel's by the grade they show; a search by name opens those with a match.
    function countGroups(open) {
      map.querySelectorAll(".map-phase-group").forEach(function (phase) {
        showCount(phase.querySelector(".map-phase [data-total]"), phase.querySelectorAll(".tile:not([hidden])").length);
      });
      map.querySelectorAll(".map-group").forEach(function (group) {
        var left = group.querySelectorAll(".tile:not([hidden])"), shown = left.length, grades = {};
        left.forEach(function (tile) { grades[tile.dataset.grade] = (grades[tile.dataset.grade] || 0) + 1; });
        group.querySelectorAll("[data-grade-count]").forEach(function (grade) {
          var n = grades[grade.dataset.gradeCount] || 0;
          grade.hidden = n === 0;
          grade.querySelector(".gc").textContent = count(n);
        });
        showCount(group.querySelector("[data-total]"), shown);
        group.hidden = shown === 0;
        if (open) group.open = shown > 0;
      });
    }

    var controls = filters.concat(periodSelect ? [periodSelect] : []);
    // a large map's KPI switch needs the tiles' figures of the other KPIs
    if (map.dataset.source && kpiSelect) controls.push(kpiSelect);
    controls.forEach(function (select) {
      select.addEventListener("change", function () { withData(function () { update(select); }); });
    });
    if (find) {
      find.addEventListener("input", function () { withData(function () { update(find); }); });
    }
    map.addEventListener("toggle", roving.refresh, true);
  }

  // One tab stop for the whole map: arrow keys move to the nearest tile in their direction
  // (as laid out on screen, so it follows the grid at any width), Home and End to the ends.
  function setUpRovingFocus(map, tiles) {
    var current = null;
    // shown: not filtered out, nor in a folded channel of a large map
    function visible() {
      return tiles.filter(function (tile) { return !tile.hidden && tile.getClientRects().length > 0; });
    }
    function make(tile) {
      tiles.forEach(function (t) { t.tabIndex = t === tile ? 0 : -1; });
      current = tile;
    }
    function nearest(from, dx, dy) {
      var a = from.getBoundingClientRect();
      var best = null;
      var bestScore = Infinity;
      visible().forEach(function (tile) {
        if (tile === from) return;
        var b = tile.getBoundingClientRect();
        var along = dx ? (b.left - a.left) * dx : (b.top - a.top) * dy;
        var across = dx ? Math.abs(b.top - a.top) : Math.abs(b.left - a.left);
        if (along <= 1) return;
        var score = along + 2 * across;
        if (score < bestScore) { bestScore = score; best = tile; }
      });
      return best;
    }
    var moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    map.addEventListener("keydown", function (event) {
      var tile = event.target.closest ? event.target.closest(".tile") : null;
      if (!tile) return;
      var shown = visible();
      var next = null;
      if (moves[event.key]) next = nearest(tile, moves[event.key][0], moves[event.key][1]);
      else if (event.key === "Home") next = shown[0];
      else if (event.key === "End") next = shown[shown.length - 1];
      else return;
      event.preventDefault();
      if (!next) return;
      make(next);
      next.focus();
    });
    map.addEventListener("focusin", function (event) {
      var tile = event.target.closest ? event.target.closest(".tile") : null;
      if (tile) make(tile);
    });
    function refresh() {
      var shown = visible();
      if (shown.indexOf(current) === -1) make(shown[0] || null);
    }
    refresh();
    return { refresh: refresh };
  }

  // The headline KPI cards, recomputed from the answer counts of the touchpoints a filter
  // leaves, as touchsite.analyze.kpis computes them in the build (same bands, minimum n,
  // interval methods), from `data` (touchsite.render.map_filters.headline_figures).
  // Returns update(touchpoints or null for all, period or "").
  function setUpHeadline(data) {
    var cards = document.querySelectorAll("[data-headline]");
    if (!cards.length) return null;
    var note = document.getElementById("headline-filtered");
    var original = {};
    cards.forEach(function (card) { original[card.dataset.headline] = [card.className, card.innerHTML]; });

    var figures = document.getElementById("map-figures");
    return function (touchpoints, period, total) {
      if (note) note.hidden = !touchpoints;
      if (figures) figures.hidden = !touchpoints;
      var lines = [];
      cards.forEach(function (card) {
        var kpi = card.dataset.headline;
        if (!touchpoints) {
          card.className = original[kpi][0];
          card.innerHTML = original[kpi][1];
          return;
        }
        var counts = {};
        touchpoints.forEach(function (tp) {
          var periods = data.answers[tp] || {};
          Object.keys(periods).forEach(function (p) {
            if (period && p !== period) return;
            var table = periods[p][kpi] || {};
            Object.keys(table).forEach(function (score) {
              counts[score] = (counts[score] || 0) + table[score];
            });
          });
        });
        lines.push(fillCard(card, kpi, estimate(data, kpi, counts), data));
      });
      if (figures && touchpoints) {
        var shown = data.text.shown.replace("{shown}", number(touchpoints.length, 0, data.format))
          .replace("{total}", number(total, 0, data.format));
        figures.textContent = shown + ": " + lines.join(" · ");
      }
    };
  }

  var Z95 = 1.959963984540054;

  function estimate(data, kpi, counts) {
    var def = data.kpis[kpi];
    var n = 0, good = 0, bad = 0, sum = 0;
    Object.keys(counts).forEach(function (key) {
      var score = Number(key), k = counts[key];
      n += k;
      sum += score * k;
      if (score >= def.good[0] && score <= def.good[1]) good += k;
      if (score >= def.bad[0] && score <= def.bad[1]) bad += k;
    });
    var est = { kpi: kpi, n: n, value: null, low: null, high: null, target: def.target, higher: def.higher };
    if (n === 0 || n < data.rules.shown) return est;
    est.lowN = n < data.rules.confident;
    if (def.measure === "net") {  // adjusted Wald: 3 answers more, 0.75 to each end
      var m = n + 3, pro = (good + 0.75) / m, det = (bad + 0.75) / m, centre = pro - det;
      var half = Z95 * Math.sqrt((pro + det - centre * centre) / m);
      est.value = 100 * (good - bad) / n;
      est.low = 100 * Math.max(-1, centre - half);
      est.high = 100 * Math.min(1, centre + half);
    } else if (def.measure === "share") {  // Wilson score interval
      var p = good / n, z2 = Z95 * Z95, denominator = 1 + z2 / n;
      var mid = (p + z2 / (2 * n)) / denominator;
      var spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
      est.value = 100 * p;
      est.low = 100 * Math.max(0, mid - spread);
      est.high = 100 * Math.min(1, mid + spread);
    } else {  // mean with a t interval
      var average = sum / n, squares = 0;
      est.value = average;
      if (n < 2) return est;
      Object.keys(counts).forEach(function (key) {
        squares += counts[key] * Math.pow(Number(key) - average, 2);
      });
      var t = tQuantile(data.t975, n - 1);
      var width = t * Math.sqrt(squares / (n - 1) / n);
      est.low = average - width;
      est.high = average + width;
    }
    return est;
  }

  // The t distribution's 97.5 % quantile: the build's table, beyond it the Cornish-Fisher
  // expansion around the normal quantile.
  function tQuantile(table, df) {
    if (df <= table.length) return table[df - 1];
    var z = Z95;
    var g1 = (Math.pow(z, 3) + z) / 4;
    var g2 = (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / 96;
    var g3 = (3 * Math.pow(z, 7) + 19 * Math.pow(z, 5) + 17 * Math.pow(z, 3) - 15 * z) / 384;
    return z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
  }

  function status(est) {
    if (est.n === 0) return "no-data";
    if (est.value === null) return "withheld";
    if (est.lowN) return "low-n";
    if (est.target === null || est.target === undefined) return "no-target";
    var gap = est.higher ? est.target - est.value : est.value - est.target;
    return gap <= 0 ? "meets" : "misses";
  }

  // Numbers as touchsite.render.i18n writes them: half up, the locale's separators, "−".
  function number(value, decimals, format) {
    var rounded = Math.round(Number(Math.abs(value) + "e" + decimals));
    var digits = String(rounded);
    while (digits.length <= decimals) digits = "0" + digits;
    var whole = decimals ? digits.slice(0, -decimals) : digits;
    var text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
    if (decimals) text += format.decimal + digits.slice(-decimals);
    return value < 0 && rounded !== 0 ? "−" + text : text;
  }

  function kpiNumber(def, value, format, more) {
    var decimals = def.decimals + (more || 0);
    if (def.unit === "points") {
      var text = number(value, decimals, format);
      return /^[−0]/.test(text) ? text : "+" + text;
    }
    if (def.unit === "percent") return number(value, decimals, format) + format.percent;
    return number(value, decimals, format);
  }

  // As many more decimals (up to three) as it takes a figure to read differently from the
  // target it misses ("74.6%", never "75%"), its interval's ends from each other ("60.5%
  // to 61.2%", never "61% to 61%") and the figure from either end ("40.2% [39.9% to
  // 40.6%]", never "40% [40% to 41%]"), save an end it reads as even with three more: one
  // precision for the figure and both ends, so the figure never reads outside its interval;
  // touchsite.render.i18n.shown_decimals does the same.
  function telling(def, est, format) {
    var pairs = [[est.value, est.target], [est.low, est.high]];
    if (est.value !== null && est.value !== undefined) {
      var finest = kpiNumber(def, est.value, format, 3);
      [est.low, est.high].forEach(function (end) {
        if (end !== null && end !== undefined && kpiNumber(def, end, format, 3) !== finest) {
          pairs.push([est.value, end]);
        }
      });
    }
    pairs = pairs.filter(function (pair) {
      return pair[0] !== null && pair[0] !== undefined && pair[1] !== null &&
        pair[1] !== undefined && pair[0] !== pair[1];
    });
    var more = 0;
    while (more < 3 && pairs.some(function (pair) {
      return kpiNumber(def, pair[0], format, more) === kpiNumber(def, pair[1], format, more);
    })) {
      more += 1;
    }
    return more;
  }

  // Writes the card; returns the figure in one line ("NPS +25 (95% CI +22 to +27; n = 3,133)").
  function fillCard(card, kpi, est, data) {
    var def = data.kpis[kpi], format = data.format, text = data.text;
    var state = status(est);
    card.className = "kpi-card status-" + state;
    var rows = [];
    function row(cls, content) {
      var div = document.createElement("div");
      div.className = cls;
      div.textContent = content;
      rows.push(div);
      return div;
    }
    rows.push(card.querySelector(".kpi-name"));
    var value = "–", interval = null;
    if (est.value === null) {
      row("kpi-value", value);
      row("kpi-note", est.n === 0 ? text.none : text.withheld);
    } else {
      var more = telling(def, est, format);
      value = row("kpi-value", kpiNumber(def, est.value, format, more)).textContent;
      if (est.low !== null) {
        interval = row("kpi-interval", text.ci + " " + text.interval
          .replace("{low}", kpiNumber(def, est.low, format, more))
          .replace("{high}", kpiNumber(def, est.high, format, more))).textContent;
      }
    }
    var n = row("kpi-n", "n = " + number(est.n, 0, format));
    if (est.lowN && est.value !== null) {
      n.appendChild(document.createTextNode(" · "));
      var badge = document.createElement("span");
      badge.className = "badge low-n";
      badge.textContent = text.small;
      n.appendChild(badge);
    }
    if (est.target !== null && est.target !== undefined) {
      var verdict = state === "meets" ? " · " + text.meets : state === "misses" ? " · " + text.misses : "";
      row("kpi-target", text.target + " " + kpiNumber(def, est.target, format, 0) + verdict);
    }
    card.replaceChildren.apply(card, rows);
    var detail = (interval ? interval + "; " : "") + n.firstChild.textContent;
    return def.label + " " + value + " (" + detail + ")";
  }

  // A region that scrolls sideways (a wide table on a phone) without a link inside takes the
  // keyboard focus itself, so it can be scrolled without a mouse; where nothing scrolls it
  // stays out of the tab order.
  function reachScrollingRegions() {
    document.querySelectorAll(".table-scroll, .map-scroll").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth;
      var reachable = el.querySelector("a[href], button, input, select, textarea, [tabindex]");
      if (scrolls && !reachable) {
        el.tabIndex = 0;
      } else {
        el.removeAttribute("tabindex");
      }
    });
  }

  function setUpSearch() {
    var el = document.getElementById("search");
    if (!el) return;
    // Browsers refuse the index's fetches from file:// pages: say so instead of failing silently.
    if (window.location.protocol === "file:") {
      document.getElementById("search-from-disk").hidden = false;
      return;
    }
    if (typeof PagefindUI === "undefined") return;
    // Result links are site-absolute in the index; the site may live under a sub-path.
    var base = new URL(el.dataset.root, window.location.href).pathname;
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: new URL(el.dataset.bundle, window.location.href).pathname,
      baseUrl: base,
      showImages: false,
      resetStyles: false
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  // The chart script, added only now: it runs in a task of its own, so the controls set up
  // below answer even while plotly is still being parsed (a deferred <script> would run
  // right after this one, before any click is handled).
  function loadCharts(src) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = drawCharts;
    document.head.appendChild(script);
  }

  // app.js is deferred: the document is parsed when it runs.
  var chartScript = document.currentScript && document.currentScript.dataset.charts;
  setUpKpiSwitch();
  setUpStates();
  setUpMap();
  reachScrollingRegions();
  window.addEventListener("resize", reachScrollingRegions);
  if (chartScript) loadCharts(chartScript);
  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    if (!chartScript) drawCharts();  // a project's own base.html loading plotly itself
  });
})();
