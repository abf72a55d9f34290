package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// limits are the figures a page must meet in one reading mode.
type limits struct {
	Body       float64 `json:"body"`       // px: the computed size of body text (the page's and the document's)
	MinText    float64 `json:"minText"`    // px: no visible text smaller
	LineHeight float64 `json:"lineHeight"` // line height / font size, every visible text
	ParaGap    float64 `json:"paraGap"`    // the space between paragraphs of the text / its line height; 0: not checked
	Target     float64 `json:"target"`     // px: width and height of every link and control outside running text
	Contrast   float64 `json:"contrast"`   // text colour against its background
	OneColumn  bool    `json:"oneColumn"`  // no grid in main has two columns side by side
	Cursor     bool    `json:"cursor"`     // the extra-large cursor is set
	Width      int     `json:"width"`      // px: the window; nothing may be wider
}

var (
	standardDesktop = limits{Body: 16, MinText: 14, LineHeight: 1.3, Target: 44, Contrast: 4.5}
	standardPhone   = limits{Body: 18, MinText: 14, LineHeight: 1.3, Target: 44, Contrast: 4.5}
	elderLimits     = limits{Body: 24, MinText: 18, LineHeight: 1.3, ParaGap: 1.3, Target: 60, Contrast: 7, OneColumn: true, Cursor: true}
	// On a desktop the 長輩版 is larger again.
	elderDesktop = limits{Body: 28, MinText: 18, LineHeight: 1.3, ParaGap: 1.3, Target: 60, Contrast: 7, OneColumn: true, Cursor: true}
)

// measureJS measures the page in the browser as it is drawn (computed
// styles and boxes) and returns what breaks the limits, one line each.
// Contrast is computed per WCAG 2.1 against the background the text sits
// on: the first opaque background up its ancestors, with the
// semi-transparent ones in between blended over it.
const measureJS = `(function (L) {
  const out = [];
  const bad = (msg) => { if (out.length < 40) out.push(msg); };
  const least = {text: 1e9, lineHeight: 1e9, paraGap: 1e9, target: 1e9, contrast: 1e9};
  const note = (k, v) => { if (v < least[k]) least[k] = v; };
  const rgba = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let c = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility === "visible" && !el.closest(".visually-hidden,[hidden]");
  };
  const name = (el) => {
    let n = el.tagName.toLowerCase();
    if (el.className && typeof el.className === "string") n += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 24);
    return n + (text ? " «" + text + "»" : "");
  };

  // Text: size, line height, contrast, for every element with its own text.
  const seen = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let texts = 0;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el) || !shown(el)) continue;
    if (el.closest(".skip") && document.activeElement !== el) continue; // off screen until focused
    seen.add(el);
    texts++;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    note("text", size);
    if (size < L.minText - 0.05) bad("text " + size.toFixed(1) + " px < " + L.minText + ": " + name(el));
    const lh = s.lineHeight === "normal" ? 1.2 * size : parseFloat(s.lineHeight);
    note("lineHeight", lh / size);
    if (lh / size < L.lineHeight - 0.005) bad("line height " + (lh / size).toFixed(2) + " < " + L.lineHeight + ": " + name(el));
    const c = rgba(s.color);
    const cr = ratio(over(c, background(el)), background(el));
    note("contrast", cr);
    if (cr < L.contrast - 0.005) bad("contrast " + cr.toFixed(2) + " < " + L.contrast + ": " + name(el) + " " + s.color + " on " + JSON.stringify(background(el)));
  }
  if (texts < 5) bad("only " + texts + " texts measured");

  // Body text: the page's, and the paragraphs of a document.
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  if (body < L.body - 0.05) bad("body text " + body + " px < " + L.body);
  const paras = Array.from(document.querySelectorAll("main .prose p")).filter(shown);
  for (const p of paras) {
    const size = parseFloat(getComputedStyle(p).fontSize);
    if (size < L.body - 0.05) bad("paragraph text " + size + " px < " + L.body + ": " + name(p));
  }
  if (L.paraGap > 0) {
    for (let i = 0; i + 1 < paras.length; i++) {
      const a = paras[i], b = paras[i + 1];
      if (a.nextElementSibling !== b) continue;
      const gap = b.getBoundingClientRect().top - a.getBoundingClientRect().bottom;
      const lh = parseFloat(getComputedStyle(a).lineHeight);
      note("paraGap", gap / lh);
      if (gap < L.paraGap * lh - 0.5) bad("paragraph spacing " + gap.toFixed(1) + " px < " + L.paraGap + " × line height " + lh.toFixed(1) + ": " + name(b));
    }
  }

  // Targets: every link and control but those in a line of text (WCAG
  // 2.5.8's inline exception) — a link drawn inline in a block that has
  // text of its own besides its links — and those in the rendered Markdown,
  // which editors write.
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    const w = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (n.textContent.trim() && !n.parentElement.closest("a, button")) return true;
    }
    return false;
  };
  let targets = 0;
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    if (el.closest(".prose") || inSentence(el)) continue;
    if (!shown(el) && !el.matches(".skip")) continue;
    targets++;
    const r = el.getBoundingClientRect();
    note("target", Math.min(r.width, r.height));
    if (r.width < L.target - 0.5 || r.height < L.target - 0.5) bad("target " + r.width.toFixed(0) + "×" + r.height.toFixed(0) + " < " + L.target + ": " + name(el));
  }
  if (targets < 5) bad("only " + targets + " targets measured");

  // A link in a line of text keeps the line's height: it does not push its
  // line apart as a target's box would.
  for (const el of document.querySelectorAll("main a[href]")) {
    if (!shown(el) || !inSentence(el)) continue;
    // An inline box is as tall as its font's ascent and descent, which
    // may exceed a tight line height (headings): neither is a target's.
    const s = getComputedStyle(el.parentElement);
    const lh = Math.max(parseFloat(s.lineHeight) || 0, 1.6 * parseFloat(s.fontSize));
    const r = el.getClientRects()[0];
    if (r && r.height > lh + 0.5) bad("a link in a sentence is " + r.height.toFixed(0) + " px tall on a " + lh.toFixed(0) + " px line: " + name(el));
  }
  // A date, a serial or a 文號 is never split across lines.
  for (const el of document.querySelectorAll("time, .serial, .docnum")) {
    const lines = new Set(Array.from(el.getClientRects()).map((r) => Math.round(r.bottom)));
    if (shown(el) && lines.size > 1) bad("split across lines: " + name(el));
  }
  // One separator between two items: the stylesheet's, or the text's.
  for (const el of document.querySelectorAll("body *")) {
    if (getComputedStyle(el, "::before").content.includes("·")) {
      const prev = el.previousSibling;
      if (prev && prev.nodeType === Node.TEXT_NODE && /·\s*$/.test(prev.textContent)) bad("a doubled separator before " + name(el));
      if (/^\s*·/.test(el.textContent)) bad("a doubled separator in " + name(el));
    }
    if (getComputedStyle(el, "::after").content.includes("·")) {
      const next = el.nextSibling;
      if (next && next.nodeType === Node.TEXT_NODE && /^\s*·/.test(next.textContent)) bad("a doubled separator after " + name(el));
      if (/·\s*$/.test(el.textContent)) bad("a doubled separator in " + name(el));
    }
  }

  // The validity badge says its state in words.
  for (const b of document.querySelectorAll(".badge")) if (!b.textContent.trim()) bad("a validity badge without words");

  if (L.oneColumn) {
    for (const el of document.querySelectorAll("main *")) {
      const s = getComputedStyle(el);
      if (!s.display.endsWith("grid") || !shown(el)) continue;
      const cols = s.gridTemplateColumns.split(" ").filter(Boolean).length;
      if (cols > 1) bad("a grid of " + cols + " columns: " + name(el));
    }
  }
  if (L.cursor) {
    if (!getComputedStyle(document.body).cursor.includes("cursor.svg")) bad("no large cursor on the page: " + getComputedStyle(document.body).cursor);
    const a = document.querySelector("main a[href]");
    if (a && !getComputedStyle(a).cursor.includes("cursor-link.svg")) bad("no large cursor on links: " + getComputedStyle(a).cursor);
  }
  const w = document.documentElement.scrollWidth;
  if (w > L.width) bad("the page is " + w + " px wide in a " + L.width + " px window");
  return {problems: out, least: least};
})`

// least holds the smallest figures measured on a page: text size (px),
// line height and paragraph spacing (ratios), target side (px), contrast.
type least struct {
	Text, LineHeight, ParaGap, Target, Contrast float64
}

// of keeps the smaller of each figure.
func (a least) of(b least) least {
	return least{min(a.Text, b.Text), min(a.LineHeight, b.LineHeight), min(a.ParaGap, b.ParaGap), min(a.Target, b.Target), min(a.Contrast, b.Contrast)}
}

func (a least) String() string {
	gap := "not measured"
	if a.ParaGap < 1e8 {
		gap = fmt.Sprintf("%.2f line heights", a.ParaGap)
	}
	return fmt.Sprintf("smallest text %.1f px, line height %.2f, paragraph spacing %s, target %.0f px, contrast %.2f:1",
		a.Text, a.LineHeight, gap, a.Target, a.Contrast)
}

// measure runs measureJS with the limits on the loaded page, in a window
// width px wide: what breaks them, and the smallest figures.
func measure(t *testing.T, ctx context.Context, l limits, width int) ([]string, least) {
	t.Helper()
	l.Width = width
	arg, _ := json.Marshal(l)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Problems []string
		Least    least
	}](measureJS+"("+string(arg)+")"))
	if err != nil {
		t.Fatalf("measuring: %v", err)
	}
	return out.Problems, out.Least
}
