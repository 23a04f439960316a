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
      Object.keys(figure.narrow).forEach(function (axis) {
        Object.assign(figure.layout[axis], figure.narrow[axis]);
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

  // The KPI switch recolours every map on the page (the overview's, a journey's lanes).
  function setUpKpiSwitch() {
    var kpiSelect = document.getElementById("kpi-select");
    var status = document.getElementById("map-status");
    if (!kpiSelect) return;
    kpiSelect.addEventListener("change", function () {
      document.querySelectorAll(".journey-map, .lane-map").forEach(function (map) {
        map.dataset.kpi = kpiSelect.value;
      });
      if (status) status.textContent = kpiSelect.options[kpiSelect.selectedIndex].text;
    });
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
    var status = document.getElementById("map-status");
    var personaSelect = document.getElementById("persona-select");
    var periodSelect = document.getElementById("period-select");
    var periodData = document.getElementById("map-periods");
    if (periodSelect && periodData) {
      var byTile = JSON.parse(periodData.textContent);
      periodSelect.addEventListener("change", function () {
        var period = periodSelect.value;
        map.querySelectorAll(".tile").forEach(function (tile) {
          var values = (byTile[tile.dataset.touchpoint] || {})[period] || {};
          Object.keys(values).forEach(function (kpi) {
            var entry = values[kpi];  // [status, value, n, status label]
            tile.dataset[kpi] = entry[0];
            var span = tile.querySelector(".kpi-" + kpi);
            if (!span) return;
            span.querySelector(".v").textContent = entry[1];
            span.querySelector(".nv").textContent = entry[2];
            span.querySelector(".tile-status").textContent = entry[3];
          });
        });
        if (status) status.textContent = periodSelect.options[periodSelect.selectedIndex].text;
      });
    }
    if (personaSelect) {
      personaSelect.addEventListener("change", function () {
        var persona = personaSelect.value;
        var shown = 0;
        map.querySelectorAll(".tile").forEach(function (tile) {
          var personas = (tile.dataset.personas || "").split(" ");
          var visible = !persona || personas.indexOf(persona) !== -1;
          tile.hidden = !visible;
          if (visible) shown += 1;
        });
        if (status) status.textContent = shown + " / " + map.querySelectorAll(".tile").length;
      });
    }
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
