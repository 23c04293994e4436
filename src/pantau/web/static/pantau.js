// Pantau: draw charts from embedded JSON; live-test topic queries. No inline scripts (CSP).
"use strict";

// Indonesian month and day names and number format for plotly's axes and hover labels.
var LOCALE_ID = {
  moduleType: "locale",
  name: "id",
  dictionary: {},
  format: {
    days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
      "September", "Oktober", "November", "Desember"],
    shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
      "Nov", "Des"],
    date: "%d/%m/%Y",
    decimal: ",",
    thousands: "."
  }
};

function drawCharts() {
  if (typeof Plotly === "undefined") return;
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  if (lang === "id") Plotly.register(LOCALE_ID);
  document.querySelectorAll("[data-figure]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.figure).textContent);
    spec.layout.separators = lang === "id" ? ",." : ".,";
    Plotly.newPlot(el, spec.data, spec.layout,
      { displayModeBar: false, responsive: true, locale: lang });
  });
}

function renderTest(box, result) {
  box.textContent = "";
  if (result.error) {
    var err = document.createElement("div");
    err.className = "error query-error";
    err.setAttribute("role", "alert");
    var strong = document.createElement("strong");
    strong.textContent = box.dataset.lError + ": ";
    err.appendChild(strong);
    err.appendChild(document.createTextNode(result.error));
    if (result.caret) {
      var pre = document.createElement("pre");
      pre.className = "caret";
      pre.textContent = result.caret;
      err.appendChild(pre);
    }
    box.appendChild(err);
    return;
  }
  var p = document.createElement("p");
  var n = document.createElement("strong");
  n.textContent = result.count.toLocaleString(document.documentElement.lang);
  p.appendChild(n);
  p.appendChild(document.createTextNode(" " + box.dataset.lCount));
  box.appendChild(p);
  var list = document.createElement("ul");
  list.className = "posts";
  result.samples.forEach(function (s) {
    var li = document.createElement("li");
    var meta = document.createElement("small");
    meta.textContent = s.platform + " · @" + (s.author || "-");
    var text = document.createElement("bdi");
    text.className = "text";
    text.textContent = s.text;
    li.appendChild(meta);
    li.appendChild(text);
    list.appendChild(li);
  });
  box.appendChild(list);
}

function liveTopicTest() {
  var form = document.getElementById("topic-form");
  var box = document.getElementById("test-result");
  if (!form || !box) return;
  var query = form.querySelector("[name=query]");
  var timer = null;
  var run = function () {
    var body = new URLSearchParams();
    body.set("query", query.value);
    body.set("csrf_token", form.querySelector("[name=csrf_token]").value);
    fetch(form.dataset.testUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result) renderTest(box, result); });
  };
  query.addEventListener("input", function () {
    clearTimeout(timer);
    if (query.value.trim()) timer = setTimeout(run, 500);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  drawCharts();
  liveTopicTest();
});

// Impor: follow a running import until it ends (the page works without this: it reloads).
function followImport() {
  var box = document.getElementById("import-job");
  if (!box || box.dataset.state === "selesai" || box.dataset.state === "gagal") return;
  var bar = document.getElementById("import-progress");
  var step = document.getElementById("import-step");
  var summary = document.getElementById("import-summary");
  var lang = document.documentElement.lang;
  var tick = function () {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) return;
        box.dataset.state = job.state;
        bar.value = job.state === "selesai" ? 100 : job.percent;
        if (job.state === "menunggu") step.textContent = box.dataset.lWaiting;
        else if (job.state === "berjalan") step.textContent = job.step + "…";
        else if (job.state === "selesai") step.textContent = box.dataset.lDone;
        else step.textContent = box.dataset.lFailed + ": " + (job.error || "");
        if (job.summary && Object.keys(job.summary).length) {
          summary.hidden = false;
          summary.querySelectorAll("[data-key]").forEach(function (dd) {
            var n = job.summary[dd.dataset.key];
            if (typeof n === "number") dd.textContent = n.toLocaleString(lang);
          });
        }
        if (job.state !== "selesai" && job.state !== "gagal") setTimeout(tick, 1000);
      });
  };
  setTimeout(tick, 500);
}

document.addEventListener("DOMContentLoaded", followImport);
