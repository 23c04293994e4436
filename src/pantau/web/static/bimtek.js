// Bimtek test page: autosave on every change, a countdown that submits when time is up.
// The page works without this script (plain form posts); the server enforces the time.
"use strict";
(function () {
  var form = document.getElementById("test-form");
  if (!form) return;
  var status = document.getElementById("save-status");
  var pending = null;
  var sending = false;
  var again = false;
  var submitting = false;

  function fields() {
    var data = new URLSearchParams();
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.name === "aksi") continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      data.append(el.name, el.value);
    }
    return data;
  }

  function show(text) { if (status) status.textContent = text; }

  function save() {
    if (submitting) return;
    if (sending) { again = true; return; }
    sending = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.autosave);
    xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    xhr.onload = function () {
      sending = false;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 200) show(form.dataset.lSaved + " " + body.saved_at);
      else show(body.error || form.dataset.lFailed);
      if (again) { again = false; save(); }
    };
    xhr.onerror = function () {
      sending = false;
      show(form.dataset.lFailed);
      pending = setTimeout(save, 3000);
    };
    xhr.send(fields().toString());
  }

  form.addEventListener("change", function () {
    clearTimeout(pending);
    pending = setTimeout(save, 300);
  });

  form.addEventListener("submit", function (ev) {
    var button = ev.submitter;
    if (button && button.value === "kirim" && !window.confirm(form.dataset.lConfirm)) {
      ev.preventDefault();
      return;
    }
    submitting = true;
  });

  var timer = document.getElementById("timer");
  if (!timer) return;
  var end = Date.now() + parseInt(timer.dataset.seconds, 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var s = left % 60;
    timer.textContent = Math.floor(left / 60) + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0) {
      if (submitting) return;
      submitting = true;
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "aksi";
      hidden.value = "kirim";
      form.appendChild(hidden);
      form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
