// Draws the charts from their embedded figure JSON and drives the journey map's controls.
(function () {
  "use strict";

  function drawCharts() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      var options = { displaylogo: false, responsive: true, displayModeBar: false };
      Plotly.newPlot(el, figure.data, figure.layout, options).then(function () {
        el.dataset.rendered = "true";
      });
    });
  }

  function setUpMap() {
    var map = document.getElementById("journey-map");
    if (!map) return;
    var status = document.getElementById("map-status");
    var kpiSelect = document.getElementById("kpi-select");
    var personaSelect = document.getElementById("persona-select");
    if (kpiSelect) {
      kpiSelect.addEventListener("change", function () {
        map.dataset.kpi = kpiSelect.value;
        if (status) status.textContent = kpiSelect.options[kpiSelect.selectedIndex].text;
      });
    }
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpMap();
    drawCharts();
  });
})();
