/* Draws the activities-per-week chart of the plan dashboard from the JSON the page embeds. */
(function () {
  "use strict";
  var data = document.getElementById("weekly-data");
  var canvas = document.getElementById("weekly-chart");
  if (!data || !canvas || typeof Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [{ label: chart.label, data: chart.values, backgroundColor: "#1d5fa8" }]
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
