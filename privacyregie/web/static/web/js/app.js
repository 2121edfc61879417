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

  // Live countdowns: <span class="countdown" data-deadline="ISO-8601" data-hours-label="u" data-minutes-label="min">.
  // Same notation as the server ("51 u 07 min"), refreshed every 15 seconds.
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var ms = new Date(el.getAttribute("data-deadline")).getTime() - Date.now();
      var late = ms < 0;
      ms = Math.abs(ms);
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
      var text = h + " " + (el.getAttribute("data-hours-label") || "u") + " " + pad(m) + " " +
        (el.getAttribute("data-minutes-label") || "min");
      el.textContent = late ? (el.getAttribute("data-late-label") || "te laat") + " " + text : text;
      el.classList.toggle("countdown--late", late);
    });
  }
  if (document.querySelector(".countdown[data-deadline]")) { tick(); window.setInterval(tick, 15000); }

  // Narrow screens: the side navigation collapses behind a menu button.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("side-nav");
  if (toggle && nav) {
    var narrow = window.matchMedia("(max-width: 48rem)");
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("side-nav--collapsed", !open);
    };
    var adapt = function () {
      toggle.hidden = !narrow.matches;
      setOpen(!narrow.matches);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    if (narrow.addEventListener) { narrow.addEventListener("change", adapt); }
    adapt();
  }

  // A long menu (the privacy officer's): each group's heading becomes a button that shows or hides its group
  // (the disclosure pattern: aria-expanded, aria-controls). The group of the current page is open, and the
  // groups the user opened stay open in this tab. Without JavaScript every group is shown.
  if (nav && nav.classList.contains("side-nav--groups")) {
    var remembered = [];
    try { remembered = JSON.parse(window.sessionStorage.getItem("pr-nav-open") || "[]"); } catch (e) { remembered = []; }
    var remember = function (id, open) {
      remembered = remembered.filter(function (x) { return x !== id; });
      if (open) { remembered.push(id); }
      try { window.sessionStorage.setItem("pr-nav-open", JSON.stringify(remembered)); } catch (e) { /* private mode */ }
    };
    nav.querySelectorAll(".side-nav__heading").forEach(function (heading) {
      var list = document.getElementById(heading.id + "-items");
      if (!list) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "side-nav__group";
      button.setAttribute("aria-controls", list.id);
      button.textContent = heading.textContent;
      heading.textContent = "";
      heading.appendChild(button);
      var setGroup = function (open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        list.hidden = !open;
      };
      setGroup(!!list.querySelector('[aria-current="page"]') || remembered.indexOf(heading.id) >= 0);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        setGroup(open);
        remember(heading.id, open);
      });
    });
  }

  // Wide tables scroll inside their own box, never the page; the box is reachable by keyboard.
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-scroll")) { return; }
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var caption = box.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : (document.documentElement.lang === "en" ? "Table" : "Tabel"));
    }
  });
})();
/* Print buttons: <button data-print>. */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
