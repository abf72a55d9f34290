package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// reportJS measures an annual report's table 三 and its chart as drawn.
const reportJS = `(function () {
  const out = [];
  const t = document.querySelector("table#t3");
  const wrap = t.closest(".table-wrap");
  const display = getComputedStyle(t).display;
  if (t.scrollWidth > wrap.clientWidth + 1) out.push("table 三 is " + t.scrollWidth + " px wide in " + wrap.clientWidth);
  const stacked = display !== "table";
  if (stacked) {
    for (const td of t.querySelectorAll("tbody td")) {
      if (!getComputedStyle(td, "::before").content.replace(/["']/g, "").trim()) { out.push("a figure without its column's name"); break; }
    }
  }
  for (const th of t.querySelectorAll("tbody th")) {
    const s = getComputedStyle(th);
    const perLine = th.getBoundingClientRect().width / parseFloat(s.fontSize);
    if (perLine < 6 && th.textContent.trim().length > 6) { out.push("a row label " + perLine.toFixed(1) + " characters wide: " + th.textContent.trim()); break; }
  }
  const img = document.querySelector(".chart img");
  const natural = img.naturalWidth, shown = img.getBoundingClientRect().width;
  const text = 13 * shown / natural;
  if (text < 12) out.push("the chart's text is drawn at " + text.toFixed(1) + " px (" + img.currentSrc.split("/").pop() + " at " + shown.toFixed(0) + " px)");
  return {problems: out, stacked: stacked, chart: img.currentSrc.split("/").pop()};
})()`

// TestReportsOnPhones reads an annual report on a phone and a desktop, in
// both modes and scripts: table 三 fits the screen — on a phone each row a
// card, each figure beside its column's name, no row label squeezed to a
// few characters a line — and the chart's text is at least 12 px. And a
// reader finds the reports, the site map and the open data from the menu
// or the footer of the home page, each an HTML page.
func TestReportsOnPhones(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{375, 1280} {
			viewport(t, ctx, width)
			for _, root := range []string{"", "/zh-hans"} {
				at := fmt.Sprintf("%s mode, %d px, %s", mode, width, orHant(root))
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+root+"/reports/2024/")); err != nil {
					t.Fatal(err)
				}
				r := eval[struct {
					Problems []string
					Stacked  bool
					Chart    string
				}](t, ctx, reportJS)
				for _, p := range r.Problems {
					t.Errorf("%s: %s", at, p)
				}
				phone := width < 600
				if r.Stacked != phone || (r.Chart == "publications-narrow.svg") != phone {
					t.Errorf("%s: table 三 stacked %v, chart %s", at, r.Stacked, r.Chart)
				}
			}
		}
	}

	viewport(t, ctx, 375)
	for _, root := range []string{"", "/zh-hans"} {
		for _, path := range []string{"/reports/", "/sitemap/", "/data/"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+root+"/")); err != nil {
				t.Fatal(err)
			}
			sel := fmt.Sprintf(`:is(.menu, .footer) a[href="%s"]`, root+path)
			if n := eval[int](t, ctx, `document.querySelectorAll(`+jsString(sel)+`).length`); n == 0 {
				t.Errorf("%s: no link to %s in the menu or the footer", orHant(root), root+path)
				continue
			}
			if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+root+path)); err != nil {
				t.Fatal(err)
			}
			if got := eval[string](t, ctx, `document.contentType + " " + (document.querySelector("main h1") || {}).textContent`); !strings.HasPrefix(got, "text/html ") || len(got) < 12 {
				t.Errorf("%s: %s is %q, not a page to read", orHant(root), root+path, got)
			}
		}
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }
