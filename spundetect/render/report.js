(function () {
  "use strict";
  if (window.spundetectReport) { return; }
  window.spundetectReport = 1;
  function report(el) { return el && el.closest ? el.closest(".spd-report") : null; }
  function link(ev, on) {
    var m = ev.target && ev.target.closest ? ev.target.closest(".spd-mark[data-key]") : null;
    var r = report(m);
    if (!r) { return; }
    r.querySelectorAll('.spd-mark[data-key="' + m.getAttribute("data-key") + '"]').forEach(function (x) {
      x.classList.toggle("spd-active", on);
    });
  }
  function sync(box) {
    var r = report(box);
    if (r) { r.classList.toggle("spd-hide", box.checked); }
  }
  document.addEventListener("mouseover", function (e) { link(e, true); });
  document.addEventListener("mouseout", function (e) { link(e, false); });
  document.addEventListener("focusin", function (e) { link(e, true); });
  document.addEventListener("focusout", function (e) { link(e, false); });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.classList && e.target.classList.contains("spd-hide-unchanged")) { sync(e.target); }
  });
  document.addEventListener("keydown", function (e) {
    var a = document.activeElement;
    if (e.key === "Escape" && a && a.classList && a.classList.contains("spd-mark")) { a.blur(); }
  });
  function init() { document.querySelectorAll(".spd-hide-unchanged").forEach(sync); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
