(function () {
  "use strict";
  if (window.spundetectReport) { return; }
  window.spundetectReport = 1;
  function report(el) { return el && el.closest ? el.closest(".spd-report") : null; }
  function near(ev, sel) { return ev.target && ev.target.closest ? ev.target.closest(sel) : null; }
  function link(ev, on) {
    var m = near(ev, ".spd-mark[data-key]");
    var r = report(m);
    if (!r) { return; }
    r.querySelectorAll('.spd-mark[data-key="' + m.getAttribute("data-key") + '"]').forEach(function (x) {
      x.classList.toggle("spd-active", on);
    });
  }
  // A passage lights up everywhere it is shown: both bands, its row and its badges.
  function parts(r, key) { return r.querySelectorAll('[data-passage="' + key + '"]'); }
  function light(ev, on) {
    var b = near(ev, "[data-passage]");
    var r = report(b);
    if (!r) { return; }
    parts(r, b.getAttribute("data-passage")).forEach(function (x) { x.classList.toggle("spd-band-on", on); });
  }
  function pin(b) {
    var r = report(b);
    if (!r) { return; }
    var key = b.getAttribute("data-passage");
    var was = r.getAttribute("data-pinned");
    r.querySelectorAll(".spd-band-pin").forEach(function (x) { x.classList.remove("spd-band-pin"); });
    if (was === key) { r.removeAttribute("data-pinned"); return; }
    r.setAttribute("data-pinned", key);
    parts(r, key).forEach(function (x) { x.classList.add("spd-band-pin"); });
    // Bring the other side into view: the band in the other column of the map (from the
    // passage table or a pair's badge: the suspect's band).
    var doc = b.closest(".spd-doc");
    var other = doc && doc.classList.contains("spd-doc-s") ? ".spd-doc-o" : ".spd-doc-s";
    var twin = r.querySelector(other + ' .spd-band[data-passage="' + key + '"]');
    if (twin && twin.getBoundingClientRect) {
      var box = twin.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) { twin.scrollIntoView({ block: "center" }); }
    }
  }
  function sync(box) {
    var r = report(box);
    if (r) { r.classList.toggle("spd-hide", box.checked); }
  }
  document.addEventListener("mouseover", function (e) { link(e, true); light(e, true); });
  document.addEventListener("mouseout", function (e) { link(e, false); light(e, false); });
  document.addEventListener("focusin", function (e) { link(e, true); light(e, true); });
  document.addEventListener("focusout", function (e) { link(e, false); light(e, false); });
  document.addEventListener("click", function (e) {
    var b = near(e, "[data-passage]");
    if (b && report(b)) { pin(b); }
  });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.classList && e.target.classList.contains("spd-hide-unchanged")) { sync(e.target); }
  });
  document.addEventListener("keydown", function (e) {
    var a = document.activeElement;
    if (e.key === "Escape" && a && a.classList && a.classList.contains("spd-mark")) { a.blur(); }
    if (e.key === "Enter" && a && a.closest && a.closest("[data-passage]") && report(a)) {
      pin(a.closest("[data-passage]"));
    }
  });
  function init() { document.querySelectorAll(".spd-hide-unchanged").forEach(sync); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
