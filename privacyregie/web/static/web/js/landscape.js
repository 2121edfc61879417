/* Zoom and pan for the application landscape (an inline SVG with a viewBox).
   Without JavaScript the picture simply fits the page. Buttons, keyboard (+, -, 0 and
   arrow keys on the focused picture) and dragging change the viewBox. */
(function () {
  "use strict";
  function setup(box) {
    var svg = box.querySelector("svg");
    var viewport = box.querySelector(".landscape__viewport");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) { return; }
    var base = svg.viewBox.baseVal;
    var original = svg.getAttribute("viewBox");
    var home = { x: base.x, y: base.y, w: base.width, h: base.height };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) { return n.toFixed(1); }).join(" "));
    }
    function zoom(factor) {
      var w = Math.min(home.w * 4, Math.max(home.w / 8, view.w / factor));
      var h = view.h * (w / view.w);
      view.x += (view.w - w) / 2; view.y += (view.h - h) / 2; view.w = w; view.h = h;
      apply();
    }
    function pan(dx, dy) { view.x += dx * view.w * 0.15; view.y += dy * view.h * 0.15; apply(); }
    function fit() { view = { x: home.x, y: home.y, w: home.w, h: home.h }; svg.setAttribute("viewBox", original); }
    var actions = {
      "in": function () { zoom(1.25); }, "out": function () { zoom(0.8); }, "fit": fit,
      "left": function () { pan(-1, 0); }, "right": function () { pan(1, 0); },
      "up": function () { pan(0, -1); }, "down": function () { pan(0, 1); }
    };
    box.querySelector(".landscape__toolbar").hidden = false;
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom], button[data-pan]");
      if (!button) { return; }
      actions[button.getAttribute("data-zoom") || button.getAttribute("data-pan")]();
    });
    viewport.addEventListener("keydown", function (event) {
      if (event.target !== viewport) { return; }  // keys on a node link keep their normal meaning
      var keys = { "+": "in", "=": "in", "-": "out", "0": "fit", "ArrowLeft": "left", "ArrowRight": "right",
                   "ArrowUp": "up", "ArrowDown": "down" };
      var action = keys[event.key];
      if (action) { event.preventDefault(); actions[action](); }
    });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest("a")) { return; }  // a click on a node opens it
      drag = { x: event.clientX, y: event.clientY };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var scale = view.w / svg.getBoundingClientRect().width;
      view.x -= (event.clientX - drag.x) * scale; view.y -= (event.clientY - drag.y) * scale;
      drag = { x: event.clientX, y: event.clientY };
      apply();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    svg.addEventListener("pointercancel", function () { drag = null; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-landscape]").forEach(setup);
  });
})();
