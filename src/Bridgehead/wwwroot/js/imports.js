// Imports: the "still to map" list follows the column selects; an import's page follows its
// progress every second while it runs, and cancels through the API.
(function () {
  "use strict";

  function format(template, a, b) {
    return template.replace("{0}", a).replace("{1}", b);
  }

  function initMap() {
    var data = document.getElementById("import-map-data");
    var list = document.getElementById("import-missing");
    if (!data || !list) { return; }
    var info = JSON.parse(data.textContent);
    var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-import-field]"));
    function label(key) { return info.labels[key] || key; }
    function update() {
      var mapped = {};
      selects.forEach(function (s) { if (s.value) { mapped[s.value] = true; } });
      var missing = info.required.filter(function (group) {
        return !group.some(function (key) { return mapped[key]; });
      });
      list.textContent = "";
      if (missing.length === 0) {
        var ok = document.createElement("li");
        ok.textContent = info.none;
        list.appendChild(ok);
      }
      missing.forEach(function (group) {
        var li = document.createElement("li");
        li.dataset.missing = group.join(",");
        li.textContent = group.length === 2 ? format(info.oneOf, label(group[0]), label(group[1])) : group.map(label).join(", ");
        list.appendChild(li);
      });
      list.classList.toggle("import-missing-none", missing.length === 0);
    }
    selects.forEach(function (s) { s.addEventListener("change", update); });
  }

  function initJob() {
    var panel = document.querySelector("[data-import-job]");
    if (!panel) { return; }
    var url = panel.dataset.importJob;
    var progress = document.getElementById("import-progress");
    var rows = panel.querySelector("[data-import-rows]");
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined);
    function active(status) { return status === "pending" || status === "running"; }
    function tick() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          if (!active(job.status)) {
            // Finished: the page shows the final counts, the error report and no cancel button.
            window.location.reload();
            return;
          }
          if (job.totalRows) {
            progress.max = job.totalRows;
            progress.value = job.processedRows;
            progress.textContent = (job.percent || 0) + "%";
            rows.textContent = format(rows.dataset.template, number.format(job.processedRows), number.format(job.totalRows));
          }
          panel.querySelectorAll("[data-import-count]").forEach(function (dd) {
            var value = job[dd.dataset.importCount];
            if (typeof value === "number") { dd.textContent = number.format(value); }
          });
          window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    if (active(panel.dataset.importStatus)) { window.setTimeout(tick, 1000); }

    var cancel = panel.querySelector("form[data-import-cancel]");
    if (cancel) {
      cancel.addEventListener("submit", function (e) {
        e.preventDefault();
        var token = document.querySelector("meta[name=request-verification-token]");
        fetch(cancel.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "RequestVerificationToken": token ? token.content : "" }
        }).then(function () { window.location.reload(); });
      });
    }
  }

  function init() { initMap(); initJob(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
