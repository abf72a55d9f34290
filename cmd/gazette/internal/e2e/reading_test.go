package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
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

// structureHTML is the markup the loader's structure of a 公文 gives (see
// the templates' package doc): a chapter, an article with its number and
// its link, and the 落款.
const structureHTML = `<h2 class="chapter" id="第一章">第一章　總則<a class="anchor" href="#第一章" aria-label="本章鏈接">#</a></h2>
<p class="article" id="第一條"><span class="article-num">第一條</span>為了規範政府信息公開工作，制定本規定。<a class="anchor" href="#第一條" aria-label="本條鏈接">#</a></p>
<div class="signature"><p class="organ">長春市人民政府辦公廳</p><p class="date">2025年1月10日</p></div>`

// structureJS measures the marked-up structure inside the body.
const structureJS = `(function () {` + plainJS + `
  const body = document.querySelector(".body");
  body.insertAdjacentHTML("beforeend", ` + "`" + structureHTML + "`" + `);
  const r = (sel) => plain(body.querySelector(sel).getBoundingClientRect());
  const s = (sel) => getComputedStyle(body.querySelector(sel));
  const em = parseFloat(s(".signature .date").fontSize);
  const anchor = body.querySelector(".article .anchor");
  const hidden = s(".article .anchor").opacity;
  anchor.focus();
  if (!anchor.matches(":focus")) return {chapter: "the article's link takes no focus " + (document.activeElement === anchor)};
  return {body: r(".signature").right > 0 ? body.getBoundingClientRect().right : 0, organ: r(".signature .organ"), date: r(".signature .date"),
    em: em, chapter: s(".chapter").textAlign, number: s(".article-num").fontWeight, hidden: hidden, focused: s(".article .anchor").opacity,
    organLines: body.querySelector(".signature .organ").getClientRects().length};
})()`

// TestDocumentStructure: the styles of a 公文's marked-up structure, which
// the loader's article structure emits — the 落款 right-aligned as a 公文
// sets it, the organ centred over the date and the date four characters
// from the right (two on a phone); 章 headings centred; an article's
// number bold; its link shown on focus.
func TestDocumentStructure(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	// :focus needs a focused window, which a headless one is not.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			for _, root := range []string{"", "/zh-hans"} {
				at := fmt.Sprintf("%s mode, %d px, %s", mode, width, orHant(root))
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+root+"/gazette/2025/01/2025-gov-order-120-information-disclosure/")); err != nil {
					t.Fatal(err)
				}
				m := eval[struct {
					Body            float64
					Organ, Date     rect
					Em              float64
					Chapter, Number string
					Hidden, Focused string
					OrganLines      int
				}](t, ctx, structureJS)
				right := 4.0
				if width < 600 {
					right = 2
				}
				if d := m.Body - m.Date.Right; d < right*m.Em-1 || d > right*m.Em+1 {
					t.Errorf("%s: the date ends %.1f px (%.1f characters) from the text's right edge, want %.0f", at, d, d/m.Em, right)
				}
				if m.Organ.Bottom > m.Date.Top+0.5 || m.OrganLines != 1 {
					t.Errorf("%s: the organ (%.0f–%.0f, %d lines) is not one line over the date (%.0f)", at, m.Organ.Top, m.Organ.Bottom, m.OrganLines, m.Date.Top)
				}
				if c := (m.Organ.Left + m.Organ.Right - m.Date.Left - m.Date.Right) / 2; c > 1 || c < -1 {
					t.Errorf("%s: the organ is %.1f px off the date's centre", at, c)
				}
				if m.Chapter != "center" || m.Number < "700" || m.Hidden != "0" || m.Focused != "1" {
					t.Errorf("%s: chapter %s, article number weight %s, its link's opacity %s, %s on focus", at, m.Chapter, m.Number, m.Hidden, m.Focused)
				}
			}
		}
	}
}
