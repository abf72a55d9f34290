// The reader's choices, applied before the page is drawn (so that it is not
// drawn twice): the reading mode, the text size and high contrast, as
// site.js keeps them in this browser. A choice made here needs no server:
// the mode's stylesheet is then the static /assets/elder.css or
// standard.css instead of /assets/mode.css, which the server varies by the
// cookie that the switch links set for readers without JavaScript.
(function () {
  "use strict";
  var p;
  try {
    p = JSON.parse(localStorage.getItem("gazette-prefs") || "{}");
  } catch (e) {
    return;
  }
  var root = document.documentElement;
  if (p.zoom) {
    root.setAttribute("data-zoom", String(p.zoom));
  }
  if (p.contrast) {
    root.setAttribute("data-contrast", "high");
  }
  if (p.mode === "elder" || p.mode === "standard") {
    var link = document.getElementById("mode-css");
    if (link) {
      link.href = "/assets/" + p.mode + ".css";
    }
  }
})();
