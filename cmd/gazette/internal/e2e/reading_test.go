package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// readingJS measures a document page as drawn: how its text is set, and
// where the parts of its layout are.
// plainJS turns a DOMRect into an object that survives the trip out of
// the page (a DOMRect's fields are getters, which do not).
const plainJS = `const plain = (b) => ({left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width});`

const readingJS = `(function () {` + plainJS + `
  const out = [];
  const bad = (m) => { if (out.length < 20) out.push(m); };
  const box = (el) => el && el.checkVisibility() ? plain(el.getBoundingClientRect()) : null;
  const body = document.querySelector(".body");
  const p = body.querySelector(":scope > p");
  const ps = getComputedStyle(p);
  if (Math.abs(parseFloat(ps.textIndent) - 2 * parseFloat(ps.fontSize)) > 0.5) bad("paragraph indent " + ps.textIndent + " at " + ps.fontSize);
  if (ps.textAlign !== "justify") bad("paragraphs are " + ps.textAlign + ", not justified");
  const h1 = getComputedStyle(document.querySelector("h1"));
  if (h1.textWrapStyle !== "balance" && h1.textWrap !== "balance") bad("the title is not balanced: " + (h1.textWrapStyle || h1.textWrap));
  // Nothing that is one date, one serial or one 文號 is split across lines.
  for (const el of document.querySelectorAll("time, .serial, .docnum")) {
    const lines = new Set(Array.from(el.getClientRects()).map((r) => Math.round(r.bottom)));
    if (el.checkVisibility() && lines.size > 1) bad("split across lines: " + el.textContent);
  }
  return {problems: out, decree: !!document.querySelector(".decree"),
    titleAlign: h1.textAlign, titleFont: h1.fontFamily, headBorder: getComputedStyle(document.querySelector(".doc-head")).borderBottomColor,
    h2Align: body.querySelector("h2") ? getComputedStyle(body.querySelector("h2")).textAlign : "",
    main: box(document.querySelector(".doc-main")), rail: box(document.querySelector(".doc-facts-rail")),
    table: box(document.querySelector("table.meta")), facts: box(document.querySelector(".doc-facts")),
    summary: box(document.querySelector(".disclosure > summary")), title: box(document.querySelector("h1")),
    wrap: box(document.querySelector("main")), width: innerWidth};
})()`

type rect struct{ Left, Right, Top, Bottom, Width float64 }

type reading struct {
	Problems                                       []string
	Decree                                         bool
	TitleAlign, TitleFont, HeadBorder, H2Align     string
	Main, Rail, Table, Facts, Summary, Title, Wrap *rect
	Width                                          float64
}

// TestReadingView reads a decree and a news item as a reader sees them, in
// both modes and both scripts, on a desktop and a phone: paragraphs
// justified with a two-character indent, the title balanced over its
// lines, no date or serial split; a decree's head centred in the serif, a
// news item's plain; on a desktop in the standard mode the text beside a
// rail with the disclosure table, on a phone 文號 · 發布日期 · 有效性 under
// the title and the table behind 「信息公開要素」.
func TestReadingView(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	pages := []string{"/gazette/2024/12/2024-gov-doc-18-business-environment/", "/news/2025/2025-interpretation-12345-hotline/"}
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			for _, root := range []string{"", "/zh-hans"} {
				for _, path := range pages {
					at := fmt.Sprintf("%s mode, %d px, %s, %s", mode, width, orHant(root), path)
					if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+root+path)); err != nil {
						t.Fatal(err)
					}
					r := eval[reading](t, ctx, readingJS)
					for _, p := range r.Problems {
						t.Errorf("%s: %s", at, p)
					}
					serif := strings.Contains(r.TitleFont, "Serif")
					if r.Decree != strings.HasPrefix(path, "/gazette/") || r.Decree != (r.TitleAlign == "center") || r.Decree != serif || r.Decree && r.H2Align != "center" {
						t.Errorf("%s: decree %v, title %s in %s, its headings %s", at, r.Decree, r.TitleAlign, r.TitleFont, r.H2Align)
					}
					if !r.Decree && strings.Contains(r.HeadBorder, "164, 22, 26") {
						t.Errorf("%s: a news item under a decree's red rule", at)
					}
					wide := width == 1280 && mode == standard
					switch {
					case wide && (r.Rail == nil || r.Main == nil || r.Table == nil):
						t.Errorf("%s: no rail with the disclosure table beside the text", at)
					case wide:
						if r.Rail.Left < r.Main.Right || r.Rail.Right < r.Wrap.Right-20 {
							t.Errorf("%s: the rail (%.0f–%.0f) is not right of the text (ends %.0f) at the column's edge (%.0f)", at, r.Rail.Left, r.Rail.Right, r.Main.Right, r.Wrap.Right)
						}
						if r.Facts != nil || r.Summary != nil {
							t.Errorf("%s: the facts line or the 信息公開要素 button shows beside the rail", at)
						}
					default:
						if r.Facts == nil || r.Facts.Top < r.Title.Bottom || r.Summary == nil || r.Table != nil {
							t.Errorf("%s: want the facts under the title and the table folded: facts %v, button %v, table %v", at, r.Facts, r.Summary, r.Table)
							continue
						}
						facts := eval[string](t, ctx, `document.querySelector(".doc-facts").innerText`)
						if !strings.Contains(facts, "年") || r.Decree && (!strings.Contains(facts, "號") && !strings.Contains(facts, "号") || !strings.Contains(facts, "修")) {
							t.Errorf("%s: the facts line reads %q", at, facts)
						}
						openToggle(t, ctx, ".disclosure")
						if !eval[bool](t, ctx, `document.querySelector("table.meta").checkVisibility()`) {
							t.Errorf("%s: 信息公開要素 shows no table", at)
						}
					}
				}
			}
		}
	}
}
