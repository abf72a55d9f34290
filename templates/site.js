// The site's one script, loaded from the same origin (the CSP allows no
// other). Everything works without it; it only adds:
// - the read-aloud switch on document pages, where the browser can speak;
// - the mode links take the reader back to the address they are at, which
//   a static page cannot know (the 404 page is served at any address).
(function () {
  "use strict";

  document.querySelectorAll(".mode-switch a").forEach(function (a) {
    a.addEventListener("click", function () {
      var to = encodeURIComponent(location.pathname + location.search).replace(/%2F/g, "/");
      a.href = a.pathname + "?to=" + to;
    });
  });

  var button = document.querySelector(".read-aloud");
  if (!button || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var article = document.querySelector("article");
  var idle = button.textContent;
  function stop() {
    synth.cancel();
    button.setAttribute("aria-pressed", "false");
    button.textContent = idle;
  }
  button.hidden = false;
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") {
      stop();
      return;
    }
    var parts = [];
    article.querySelectorAll(".doc-head h1, .docnum-line, .body").forEach(function (el) {
      parts.push(el.innerText);
    });
    var u = new SpeechSynthesisUtterance(parts.join("\n"));
    u.lang = article.lang || document.documentElement.lang;
    u.rate = 0.9;
    u.onend = stop;
    u.onerror = stop;
    synth.cancel();
    synth.speak(u);
    button.setAttribute("aria-pressed", "true");
    button.textContent = button.dataset.stop;
  });
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
