// greenlight HTML report: filter findings by severity and category. Inlined
// into the page; the report reads fine without it (everything starts shown).
// A link can preset the filters: report.html#severity=critical,high&category=security
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var severityBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter-severity]"));
  var categorySelect = document.getElementById("filter-category");
  var counter = document.getElementById("shown-count");

  function apply() {
    var severities = {};
    severityBoxes.forEach(function (box) { severities[box.getAttribute("data-filter-severity")] = box.checked; });
    var category = categorySelect ? categorySelect.value : "";
    var shown = 0;
    findings.forEach(function (article) {
      var visible = severities[article.getAttribute("data-severity")] !== false &&
        (category === "" || article.getAttribute("data-category") === category);
      article.hidden = !visible;
      if (visible) { shown += 1; }
    });
    if (counter) { counter.textContent = shown + " of " + findings.length + " rules with findings shown"; }
  }

  function presetFromHash() {
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) { params[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1]); }
    });
    if (params.severity) {
      var wanted = params.severity.split(",");
      severityBoxes.forEach(function (box) { box.checked = wanted.indexOf(box.getAttribute("data-filter-severity")) >= 0; });
    }
    if (params.category && categorySelect) { categorySelect.value = params.category; }
  }

  severityBoxes.forEach(function (box) { box.addEventListener("change", apply); });
  if (categorySelect) { categorySelect.addEventListener("change", apply); }
  window.addEventListener("hashchange", function () { presetFromHash(); apply(); });
  window.addEventListener("beforeprint", function () { findings.forEach(function (a) { a.hidden = false; }); });
  window.addEventListener("afterprint", apply);
  presetFromHash();
  apply();
  document.documentElement.setAttribute("data-report-ready", "true");
})();
