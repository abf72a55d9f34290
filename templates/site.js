// The site's script, loaded from the same origin (the CSP allows no other).
// Everything works without it; it only adds:
// - the reading mode switched in place, kept in this browser (prefs.js
//   applies it on every page), so that it works when the server that sets
//   the mode's cookie is down; the cookie is still set, for the next visit
//   without JavaScript;
// - A− / A+ and 高對比 in the utility strip;
// - read-aloud on document pages, paragraph by paragraph, in a voice of
//   the page's script, where the browser has one;
// - the mode links take the reader back to the address they are at, which
//   a static page cannot know (the 404 page is served at any address).
(function () {
  "use strict";
  var KEY = "gazette-prefs";
  var ZOOMS = 3; // data-zoom 1..3 above the mode's own size
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "{}");
    } catch (e) {
      return null;
    }
  }
  function save(p) {
    try {
      localStorage.setItem(KEY, JSON.stringify(p));
      return true;
    } catch (e) {
      return false;
    }
  }

  // The mode links: in place when the choice can be kept here; otherwise
  // they stay links to the server, back to this address.
  document.querySelectorAll(".mode-switch a").forEach(function (a) {
    var to = encodeURIComponent(location.pathname + location.search).replace(/%2F/g, "/");
    a.href = a.pathname + "?to=" + to;
    a.addEventListener("click", function (ev) {
      var p = load();
      var mode = a.classList.contains("to-elder") ? "elder" : "standard";
      if (!p) {
        return;
      }
      p.mode = mode;
      if (!save(p)) {
        return;
      }
      ev.preventDefault();
      document.getElementById("mode-css").href = "/assets/" + mode + ".css";
      if (window.fetch) {
        fetch(a.href, {redirect: "manual", credentials: "same-origin"}).catch(function () {});
      }
      var other = document.querySelector(mode === "elder" ? ".to-standard" : ".to-elder");
      if (other) {
        other.focus();
      }
    });
  });

  // A− / A+ and 高對比.
  var tools = document.querySelector(".reader-tools");
  if (tools && load()) {
    var smaller = tools.querySelector(".text-smaller");
    var larger = tools.querySelector(".text-larger");
    var contrast = tools.querySelector(".contrast");
    var show = function (p) {
      var z = p.zoom || 0;
      if (z) {
        root.setAttribute("data-zoom", String(z));
      } else {
        root.removeAttribute("data-zoom");
      }
      smaller.disabled = z <= 0;
      larger.disabled = z >= ZOOMS;
      if (p.contrast) {
        root.setAttribute("data-contrast", "high");
      } else {
        root.removeAttribute("data-contrast");
      }
      contrast.setAttribute("aria-pressed", p.contrast ? "true" : "false");
    };
    var change = function (f) {
      var p = load() || {};
      f(p);
      save(p);
      show(p);
    };
    smaller.addEventListener("click", function () { change(function (p) { p.zoom = Math.max(0, (p.zoom || 0) - 1); }); });
    larger.addEventListener("click", function () { change(function (p) { p.zoom = Math.min(ZOOMS, (p.zoom || 0) + 1); }); });
    contrast.addEventListener("click", function () { change(function (p) { p.contrast = !p.contrast; }); });
    show(load());
    tools.hidden = false;
  }

  readAloud();
  function readAloud() {
    var button = document.querySelector(".read-aloud");
    var synth = window.speechSynthesis;
    if (!button || !synth || typeof window.SpeechSynthesisUtterance !== "function" || typeof synth.getVoices !== "function") {
      return;
    }
    var article = document.querySelector("article");
    var lang = article.lang || root.lang;
    // Mandarin in the page's script first: zh-TW for Traditional, zh-CN
    // for Simplified, then the other, then any Chinese voice.
    var wanted = lang === "zh-Hans" ? ["zh-cn", "zh-sg", "zh-tw", "zh-hk", "zh"] : ["zh-tw", "zh-hk", "zh-cn", "zh-sg", "zh"];
    var voice = null;
    var pick = function () {
      var vs = synth.getVoices() || [];
      voice = null;
      for (var i = 0; i < wanted.length && !voice; i++) {
        for (var j = 0; j < vs.length; j++) {
          var l = (vs[j].lang || "").toLowerCase().replace("_", "-");
          if (l === wanted[i] || wanted[i] === "zh" && l.indexOf("zh") === 0) {
            voice = vs[j];
            break;
          }
        }
      }
      button.hidden = !voice;
    };
    pick();
    if (synth.addEventListener) {
      synth.addEventListener("voiceschanged", pick);
    }
    var idle = button.textContent;
    var parts = [];
    var at = -1;
    var mark = function (i) {
      if (at >= 0 && parts[at]) {
        parts[at].classList.remove("speaking");
      }
      at = i;
      if (i >= 0 && parts[i]) {
        parts[i].classList.add("speaking");
        parts[i].scrollIntoView({block: "nearest"});
      }
    };
    var stop = function () {
      synth.cancel();
      mark(-1);
      button.setAttribute("aria-pressed", "false");
      button.textContent = idle;
    };
    var speak = function (i) {
      if (i >= parts.length || button.getAttribute("aria-pressed") !== "true") {
        stop();
        return;
      }
      mark(i);
      var u = new SpeechSynthesisUtterance(parts[i].innerText);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.onend = function () { speak(i + 1); };
      u.onerror = stop;
      synth.speak(u);
    };
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        stop();
        return;
      }
      parts = Array.prototype.slice.call(article.querySelectorAll(".doc-head h1, .docnum-line, .body p, .body h2, .body h3, .body h4, .body li, .body td"))
        .filter(function (el) { return el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null; })
        .filter(function (el) { return !el.parentElement.closest(".body li, .body td"); });
      synth.cancel();
      button.setAttribute("aria-pressed", "true");
      button.textContent = button.dataset.stop;
      speak(0);
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }
})();
