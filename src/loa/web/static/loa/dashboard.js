/* The plan dashboard's charts, drawn from the JSON the page embeds. Without JavaScript the page
   shows the same figures as tables; with it, the tables fold under their chart. */
(function () {
  "use strict";
  var form = document.getElementById("dashboard-filters");
  if (form) {
    // A filter applies as soon as it is chosen (the button stays for keyboards and no-JS).
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }
  // Printing shows every district, opened; the districts the reader had closed close again.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(
      document.querySelectorAll("details.loa-district:not([open])"),
      function (d) { d.setAttribute("open", ""); return true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
  var data = document.getElementById("dashboard-data");
  if (!data || typeof Chart === "undefined") { return; }
  document.documentElement.classList.add("loa-charts-on");
  var charts = JSON.parse(data.textContent);
  var colours = {
    completed_on_time: "#2e7d4f", completed_late: "#8a5a00",
    in_progress: "#1d5fa8", overdue: "#b3261e"
  };
  var common = { animation: false, maintainAspectRatio: false, responsive: true };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, config);
    var box = canvas.closest("figure");
    var figures = box && box.querySelector("details.loa-figures");
    if (figures) { figures.removeAttribute("open"); }
  }

  draw("weekly-chart", {
    type: "bar",
    data: { labels: charts.weekly.labels,
            datasets: [{ label: charts.weekly.label, data: charts.weekly.values,
                         backgroundColor: "#1d5fa8" }] },
    options: Object.assign({}, common, {
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    })
  });
  draw("channel-chart", {
    type: "bar",
    data: { labels: charts.channels.labels,
            datasets: [{ label: charts.channels.label, data: charts.channels.values,
                         backgroundColor: "#1d5fa8" }] },
    options: Object.assign({}, common, {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
    })
  });
  // Long labels on several lines (a phone cuts one long line short).
  function lines(label) {
    var words = String(label).split(" "), out = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > 24) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out;
  }
  // Each unit kind as shares of its assignments by state (a kind with few units stays
  // readable beside the hundreds of commune stations); the tooltip gives the numbers.
  var kinds = charts.kinds, totals = kinds.labels.map(function (_l, i) {
    return kinds.series.reduce(function (sum, s) { return sum + s.values[i]; }, 0);
  });
  var kindCanvas = document.getElementById("kind-chart");
  if (kindCanvas) {
    kindCanvas.parentNode.style.height = Math.max(240, 60 + 34 * kinds.labels.length) + "px";
  }
  draw("kind-chart", {
    type: "bar",
    data: { labels: kinds.labels.map(lines),
            datasets: kinds.series.map(function (s) {
              return { label: s.label, counts: s.values, backgroundColor: colours[s.state],
                       data: s.values.map(function (n, i) {
                         return totals[i] ? Math.round(1000 * n / totals[i]) / 10 : 0; }) };
            }) },
    options: Object.assign({}, common, {
      indexAxis: "y",
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + ": " + item.dataset.counts[item.dataIndex] +
            " (" + item.raw + "%)"; } } }
      },
      scales: { x: { stacked: true, min: 0, max: 100,
                     ticks: { callback: function (v) { return v + "%"; } } },
                y: { stacked: true, ticks: { autoSkip: false } } }
    })
  });
})();
