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
