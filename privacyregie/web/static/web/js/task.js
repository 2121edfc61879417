/* Progress of a one-off task (core/tasks.py): polls the task's JSON status and updates the
   <progress> element; when the task has finished, reloads the page, which then shows the result.
   Without JavaScript the page's "Vernieuwen" link does the same. */
(function () {
  "use strict";
  var section = document.querySelector("[data-task-status-url]");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-task-status-url");
  var bar = section.querySelector("progress");
  var percent = section.querySelector("[data-task-percent]");
  var label = section.querySelector("[data-task-label]");
  var interval = 1000;

  function show(state) {
    if (bar) { bar.value = state.percent; bar.textContent = state.percent + "%"; }
    if (percent) { percent.textContent = state.percent + "%"; }
    if (label) { label.textContent = state.text; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        show(state);
        if (state.finished) { window.location.reload(); return; }
        window.setTimeout(poll, interval);
      })
      .catch(function () { window.setTimeout(poll, interval * 3); });
  }

  window.setTimeout(poll, interval);
}());
