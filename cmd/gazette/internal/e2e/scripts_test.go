package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// copyJS reads a page's text outside what is marked translate="no" (文號,
// 索引號, file names, the script switch), and its fonts.
const copyJS = `(function () {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.parentElement.closest("[translate=no], script, style, code, kbd")) text += n.textContent;
  }
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    if (!el.closest("[translate=no]")) text += " " + ["title", "aria-label", "placeholder", "alt"].map((a) => el.getAttribute(a) || "").join(" ");
  }
  const h1 = document.querySelector(".decree .doc-head h1");
  return {text: text, body: getComputedStyle(document.body).fontFamily, serif: h1 ? getComputedStyle(h1).fontFamily : ""};
})()`

// TestSimplifiedCopy reads every kind of page of the Simplified copy: its
// quotation marks are the mainland's “” and ‘’, its text in the Simplified
// faces first (the Traditional pages in the Traditional ones). Its
// interface words are the templates' (site.TestMainlandWords).
func TestSimplifiedCopy(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	checked := 0
	for _, k := range pageKinds {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+k.path)); err != nil {
			t.Fatal(err)
		}
		c := eval[struct{ Text, Body, Serif string }](t, ctx, copyJS)
		hans := strings.HasSuffix(k.name, "-hans")
		face := "Noto Sans CJK TC"
		if hans {
			face = "Noto Sans CJK SC"
		}
		if !strings.HasPrefix(strings.Trim(c.Body, `"`), face) {
			t.Errorf("%s: body text in %s, want %s first", k.name, c.Body, face)
		}
		if c.Serif != "" && !strings.HasPrefix(strings.Trim(c.Serif, `"`), strings.Replace(face, "Sans", "Serif", 1)) {
			t.Errorf("%s: the title in %s", k.name, c.Serif)
		}
		if !hans {
			continue
		}
		checked++
		if i := strings.IndexAny(c.Text, "「」『』"); i >= 0 {
			t.Errorf("%s: a Traditional quotation mark in the Simplified copy: %q", k.name, c.Text[max(0, i-30):min(len(c.Text), i+30)])
		}
	}
	if checked < 10 {
		t.Fatalf("%d Simplified pages checked", checked)
	}
}
