/* Small progressive enhancements; the pages work without JavaScript. */
(function () {
  "use strict";
  // Ask for confirmation on buttons with data-confirm.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Live countdowns: <span class="countdown" data-deadline="ISO-8601">.
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var ms = new Date(el.getAttribute("data-deadline")).getTime() - Date.now();
      var late = ms < 0;
      ms = Math.abs(ms);
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = Math.floor((ms % 60000) / 1000);
      var text = h + ":" + pad(m) + ":" + pad(s);
      el.textContent = late ? (el.getAttribute("data-late-label") || "te laat") + " " + text : text;
      el.classList.toggle("countdown--late", late);
    });
  }
  if (document.querySelector(".countdown[data-deadline]")) { tick(); window.setInterval(tick, 1000); }
})();
/* Print buttons: <button data-print>. */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
