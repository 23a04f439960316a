// A journey's lanes made to fit: a phase filter, lanes that fold, long texts clamped with
// "more". Without script every step, lane and text is shown in full.
(function () {
  "use strict";

  var LONG_TEXTS = ".lane td .lane-text, .lane td .voice, .lane td .insight > p";
  var screenMaps = function () {
    return Array.prototype.filter.call(document.querySelectorAll(".lane-map"), function (map) {
      return !map.closest(".print-phases");
    });
  };

  function setUpPhaseFilter() {
    var select = document.getElementById("phase-filter");
    if (!select) return;
    var status = document.getElementById("map-status");
    select.closest(".phase-filter").hidden = false;
    select.addEventListener("change", function () {
      screenMaps().forEach(function (map) {
        var shown = 0;
        map.querySelectorAll("[data-phase]").forEach(function (cell) {
          cell.hidden = select.value !== "" && cell.dataset.phase !== select.value;
          if (!cell.hidden && cell.classList.contains("lane-step")) shown += 1;
        });
        // The columns the fixed layout shares the width among: only the steps shown.
        map.querySelector("col.step-col").span = Math.max(shown, 1);
        map.querySelectorAll(".blueprint-line td").forEach(function (cell) { cell.colSpan = shown + 1; });
        map.style.setProperty("--steps", shown);
      });
      if (status) status.textContent = select.options[select.selectedIndex].text;
      clampLongTexts();
    });
  }

  function setUpLaneToggles() {
    screenMaps().forEach(function (map) {
      map.querySelectorAll("tr.lane > th.lane-label").forEach(function (label) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lane-toggle";
        button.setAttribute("aria-expanded", "true");
        while (label.firstChild) button.appendChild(label.firstChild);
        label.appendChild(button);
        button.addEventListener("click", function () {
          var open = button.getAttribute("aria-expanded") !== "true";
          button.setAttribute("aria-expanded", open ? "true" : "false");
          label.parentElement.classList.toggle("lane-collapsed", !open);
        });
      });
    });
  }

  function clampLongTexts() {
    var words = document.querySelector(".lanes");
    if (!words) return;
    var more = words.dataset.more, less = words.dataset.less;
    var texts = [];
    screenMaps().forEach(function (map) {
      map.querySelectorAll(LONG_TEXTS).forEach(function (text) {
        if (text.nextElementSibling && text.nextElementSibling.classList.contains("more-toggle")) return;
        text.classList.add("clamped");
        texts.push(text);
      });
    });
    // Measure all, then change: one layout for the whole map.
    var long = texts.filter(function (text) { return text.scrollHeight > text.clientHeight + 1; });
    texts.forEach(function (text) { if (long.indexOf(text) < 0) text.classList.remove("clamped"); });
    long.forEach(function (text) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more-toggle";
      button.textContent = more;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = text.classList.toggle("clamped") === false;
        button.textContent = open ? less : more;
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
      text.insertAdjacentElement("afterend", button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpPhaseFilter();
    setUpLaneToggles();
    clampLongTexts();
    // A map shown only now (the to-be state) is measured once it is on screen.
    document.querySelectorAll(".state-switch button").forEach(function (button) {
      button.addEventListener("click", clampLongTexts);
    });
  });
})();
