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

  function drawCharts() {
    if (typeof Plotly === "undefined") return;
    var charts = [];
    document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      var options = { displaylogo: false, responsive: true, displayModeBar: false };
      Plotly.newPlot(el, figure.data, figure.layout, options).then(function () {
        return Plotly.relayout(el, themed(figure.layout));
      }).then(function () {
        el.dataset.rendered = "true";
      });
      charts.push([el, figure.layout]);
    });
    if (dark && dark.addEventListener) {
      dark.addEventListener("change", function () {
        charts.forEach(function (chart) { Plotly.relayout(chart[0], themed(chart[1])); });
      });
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

  // app.js runs before plotly's script and the search's (all deferred, the document parsed):
  // the controls work at once; charts and search wait for their scripts, which have run by
  // DOMContentLoaded.
  setUpKpiSwitch();
  setUpStates();
  setUpMap();
  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    drawCharts();
  });
})();
