package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/mmcdole/gofeed"
)

// reader drives one browser tab through the sample site as a person does,
// by clicking and typing, and fails the test at the first step that breaks.
type reader struct {
	t     *testing.T
	ctx   context.Context
	base  string
	width int64
}

// click follows a link (or presses a button) and waits for the next page.
func (r *reader) click(sel string) {
	r.t.Helper()
	if _, err := chromedp.Run(r.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		r.t.Fatalf("%d px: clicking %s: %v", r.width, sel, err)
	}
	r.fits()
}

func (r *reader) text(sel string) string {
	r.t.Helper()
	s, err := chromedp.Run(r.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		r.t.Fatalf("%d px: %s: %v", r.width, sel, err)
	}
	return s
}

// path is where the reader is: the decoded path and query.
func (r *reader) path() string {
	return eval[string](r.t, r.ctx, `decodeURIComponent(location.pathname + location.search)`)
}

// fits checks that nothing is wider than the window.
func (r *reader) fits() {
	r.t.Helper()
	if w := eval[int64](r.t, r.ctx, `document.documentElement.scrollWidth`); w > r.width {
		r.t.Errorf("%s is %d px wide in a %d px window", r.path(), w, r.width)
	}
}

// TestReaderJourneys: a reader on a desktop and on a 375 px phone opens the
// latest issue from the home page and a document in it, downloads a
// document's attachment, searches in Simplified for documents written in
// Traditional, narrows the results by a facet, goes to page 2 and opens a
// hit, and subscribes: the feeds page and the pages' autodiscovery links
// lead to feeds a feed reader parses.
func TestReaderJourneys(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	for _, width := range []int64{1280, 375} {
		viewport(t, ctx, width)
		r := &reader{t: t, ctx: ctx, base: ts.URL, width: width}
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
			t.Fatal(err)
		}
		issueJourney(r)
		scriptJourney(r)
		searchJourney(r)
		subscribeJourney(r, ts)
	}
}

// scriptJourney: on a document page the reader switches to Simplified and
// lands on the same document, in Simplified, its 文號 as issued, with the
// links of the page staying in Simplified; and switches back.
func scriptJourney(r *reader) {
	t := r.t
	doc := r.path()
	title := r.text("h1")
	number := r.text(".docnum-line")
	r.click(`.script-switch a[hreflang="zh-Hans"]`)
	if got := r.path(); got != "/zh-hans"+doc {
		t.Fatalf("%d px: 简体 on %s led to %s", r.width, doc, got)
	}
	if lang := eval[string](t, r.ctx, `document.documentElement.lang`); lang != "zh-Hans" {
		t.Errorf("%d px: the Simplified page says lang %q", r.width, lang)
	}
	if h := r.text("h1"); h == title || !strings.Contains(h, "关于") && !strings.Contains(h, "长春") {
		t.Errorf("%d px: the Simplified title reads %q (Traditional: %q)", r.width, h, title)
	}
	if n := r.text(".docnum-line"); n != number {
		t.Errorf("%d px: the 文號 reads %q in Simplified, %q as issued", r.width, n, number)
	}
	if cur := eval[string](t, r.ctx, `document.querySelector(".script-switch a[aria-current=page]").textContent`); cur != "简体" {
		t.Errorf("%d px: the switch marks %q as the current script", r.width, cur)
	}
	r.click(".crumbs li:nth-last-child(2) a") // up one level: on a phone the trail's one link
	if got := r.path(); !strings.HasPrefix(got, "/zh-hans/") {
		t.Errorf("%d px: a link on the Simplified page led out of it, to %s", r.width, got)
	}
	if err := chromedp.Do(r.ctx, chromedp.Navigate(r.base+"/zh-hans"+doc)); err != nil {
		t.Fatal(err)
	}
	r.click(`.script-switch a[hreflang="zh-Hant"]`)
	if got := r.path(); got != doc || r.text("h1") != title {
		t.Errorf("%d px: 繁體 led back to %s, %q", r.width, got, r.text("h1"))
	}
}

func issueJourney(r *reader) {
	t := r.t
	latest := r.text(".latest-issue .issue-head a")
	r.click(".latest-issue .issue-head a")
	if h := r.text("h1"); h != latest || !strings.HasPrefix(r.path(), "/gazette/2025/03/") {
		t.Errorf("%d px: the latest issue link %q led to %s, %q", r.width, latest, r.path(), h)
	}
	first := r.text("main .doclist a.doc-title")
	r.click("main .doclist a.doc-title")
	if h := r.text("h1"); h != first {
		t.Errorf("%d px: the issue's first document %q opened %q", r.width, first, h)
	}
	openToggle(t, r.ctx, ".disclosure")
	if m := r.text("table.meta"); !strings.Contains(m, "索引號") || !strings.Contains(m, "發布機構") {
		t.Errorf("%d px: document metadata reads %q", r.width, m)
	}

	// The January issue's heating notice has an attachment: download it.
	r.click(".crumbs li:nth-last-child(2) a") // up to the issue
	r.click(".crumbs li:nth-last-child(2) a") // and to its year
	r.click(`main a[href="/gazette/2025/01/"]`)
	r.click(`main a.doc-title[href*="heating-supply"]`)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(r.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	dctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	progress := chromedp.BrowserEvents(dctx, cdpbrowser.DownloadProgress)
	if err := chromedp.Do(r.ctx, chromedp.Click(chromedp.CSS(".attachments a"))); err != nil {
		t.Fatal(err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("%d px: waiting for the attachment: %v", r.width, err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatalf("%d px: the attachment's download was cancelled", r.width)
		}
	}
	got, err := os.ReadFile(filepath.Join(dir, "2025-heating-contacts.csv"))
	want, _ := os.ReadFile(filepath.Join("..", "..", "..", "..", "content", "gazette", "2025", "01", "2025-heating-contacts.csv"))
	if err != nil || len(want) == 0 || string(got) != string(want) {
		t.Errorf("%d px: the downloaded attachment (%v) is %d bytes, the published file %d", r.width, err, len(got), len(want))
	}
}

func searchJourney(r *reader) {
	t := r.t
	// Simplified in the header's search box; the documents are Traditional.
	openToggle(t, r.ctx, "header .search-toggle")
	if err := chromedp.Do(r.ctx, typeInto(chromedp.CSS("header input[name=q]"), "长春 政府办公厅")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(r.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Submit(chromedp.CSS("header form")))); err != nil {
		t.Fatal(err)
	}
	r.fits()
	if s := r.text(".search-status"); !strings.Contains(s, "共找到") {
		t.Fatalf("%d px: the results say %q", r.width, s)
	}
	if hits := r.text("main .doclist"); !strings.Contains(hits, "長春市人民政府辦公廳") {
		t.Errorf("%d px: 长春 政府办公厅 found no 長春市人民政府辦公廳: %.200q", r.width, hits)
	}
	openToggle(t, r.ctx, ".facets-toggle")
	r.click(`.facets a[href*="section=gazette"]`)
	if a := r.text(".active-filters"); !strings.Contains(a, "政府公報") {
		t.Errorf("%d px: after the facet the filters read %q", r.width, a)
	}
	r.click(`.pager a[rel=next]`)
	if p := r.path(); !strings.Contains(p, "page=2") || !strings.Contains(p, "section=gazette") || !strings.Contains(p, "长春+政府办公厅") {
		t.Errorf("%d px: page 2 is %s", r.width, p)
	}
	hit := r.text("main .doclist a.doc-title")
	r.click("main .doclist a.doc-title")
	if h := r.text("h1"); h != hit || !strings.HasPrefix(r.path(), "/gazette/") {
		t.Errorf("%d px: the hit %q opened %s, %q", r.width, hit, r.path(), h)
	}
}

func subscribeJourney(r *reader, ts *httptest.Server) {
	t := r.t
	parse := func(where, href string) *gofeed.Feed {
		t.Helper()
		f, err := gofeed.NewParser().ParseURL(ts.URL + href)
		if err != nil {
			t.Errorf("%d px: %s: %s: %v", r.width, where, href, err)
			return nil
		}
		if len(f.Items) == 0 {
			t.Errorf("%d px: %s: %s has no items", r.width, where, href)
		}
		return f
	}
	// Autodiscovery on the issue page: its own feed first.
	if err := chromedp.Do(r.ctx, chromedp.Navigate(ts.URL+"/gazette/2025/01/")); err != nil {
		t.Fatal(err)
	}
	links := eval[[]string](t, r.ctx, `Array.from(document.querySelectorAll("link[rel=alternate][type]")).map(l => l.getAttribute("href"))`)
	if len(links) != 3 {
		t.Fatalf("%d px: the issue page announces %d feeds: %q", r.width, len(links), links)
	}
	for _, l := range links {
		if f := parse("autodiscovery", l); f != nil && len(f.Items) != 4 {
			t.Errorf("%d px: the issue's feed %s has %d items, the issue 4 documents", r.width, l, len(f.Items))
		}
	}
	// The footer's 訂閱 link, then each format of the first feed listed.
	r.click(`footer a[href="/feeds/"]`)
	hrefs := eval[[]string](t, r.ctx, `Array.from(document.querySelector("table.feeds tbody tr").querySelectorAll("td a")).map(a => a.getAttribute("href"))`)
	if len(hrefs) != 3 {
		t.Fatalf("%d px: the first feed is offered in %d formats: %q", r.width, len(hrefs), hrefs)
	}
	for _, h := range hrefs {
		parse("the feeds page", h)
	}
}

// TestKeyboardSearch: with the keyboard alone, a reader skips to the
// content, searches from the header, reaches a result and opens it; at
// every step the focused element is on screen with a visible ring.
func TestKeyboardSearch(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	for _, width := range []int64{1280, 375} {
		viewport(t, ctx, width)
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
			t.Fatal(err)
		}
		step := 0
		press := func(keys string, want string) {
			t.Helper()
			if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
				t.Fatal(err)
			}
			step++
			// The page scrolls smoothly to what has focus: wait for it.
			got := eval[string](t, ctx, focusJS)
			for i := 0; i < 20 && strings.Contains(got, "!off screen"); i++ {
				time.Sleep(50 * time.Millisecond)
				got = eval[string](t, ctx, focusJS)
			}
			if !strings.HasPrefix(got, want) || strings.Contains(got, "!") {
				t.Errorf("%d px, key %d: focus %s, want %s", width, step, got, want)
				screenshotView(t, ctx, fmt.Sprintf("keyboard-%d-%d", width, step))
			}
		}
		press(kb.Tab, "a.skip")
		screenshotView(t, ctx, fmt.Sprintf("keyboard-%d-skip", width))
		if width > 600 {
			press(kb.Tab, "a.to-script") // 繁體, the page's own (a phone leaves it out)
		}
		press(kb.Tab, "a.to-script") // 简体
		press(kb.Tab, "a.to-elder")
		// A− is disabled at the mode's own size: A+ and 高對比 follow.
		press(kb.Tab, "button.text-larger")
		press(kb.Tab, "button.contrast")
		press(kb.Tab, "a.brand")
		if width < 600 {
			// On a phone the search box waits behind 檢索: Enter opens it.
			press(kb.Tab, "summary")
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
		}
		press(kb.Tab, "input#q")
		if err := chromedp.Do(ctx, chromedp.KeyEvent("供热")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
			t.Fatal(err)
		}
		if s := eval[string](t, ctx, `document.querySelector(".search-status").innerText`); !strings.Contains(s, "供热") {
			t.Fatalf("%d px: Enter in the search box gave %q", width, s)
		}
		// The skip link takes the reader past the header into the content.
		press(kb.Tab, "a.skip")
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		press(kb.Tab, "input#sq")
		// On through the form and the sorting links to the first result.
		var got string
		for i := 0; i < 60 && !strings.HasPrefix(got, "a.doc-title"); i++ {
			press(kb.Tab, "")
			got = eval[string](t, ctx, focusJS)
		}
		if !strings.HasPrefix(got, "a.doc-title") {
			t.Fatalf("%d px: 60 tabs did not reach a result", width)
		}
		screenshotView(t, ctx, fmt.Sprintf("keyboard-%d-result", width))
		href := eval[string](t, ctx, `decodeURIComponent(document.activeElement.pathname)`)
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
			t.Fatal(err)
		}
		if p := eval[string](t, ctx, `decodeURIComponent(location.pathname)`); p != href {
			t.Errorf("%d px: Enter on the result %s opened %s", width, href, p)
		}
	}
}

// focusJS names the focused element and appends "!" and why when its focus
// is not visible: no outline of 2 px or more, an outline below 3:1 against
// what is behind it, or the element off screen.
const focusJS = `(function () {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing!";
  let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + Array.from(el.classList).join(".") : "");
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  let bg = [255, 255, 255];
  for (let e = el.parentElement; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] === 1)) { bg = c; break; }
  }
  const a = lum(rgb(s.outlineColor)), b = lum(bg);
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) name += " !no outline";
  else if (ratio < 3) name += " !outline contrast " + ratio.toFixed(2);
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) name += " !off screen";
  return name;
})()`

// openToggle opens a panel that waits behind its button (the header's
// 檢索 and 菜單 on a phone, the search page's 篩選) by clicking the button,
// as a reader does; where the panel is always shown it does nothing.
func openToggle(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if eval[bool](t, ctx, `getComputedStyle(document.querySelector(`+strconv.Quote(sel+" > summary")+`)).display === "none"`) {
		return
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel+" > summary"))); err != nil {
		t.Fatalf("opening %s: %v", sel, err)
	}
	if !eval[bool](t, ctx, `document.querySelector(`+strconv.Quote(sel)+`).open`) {
		t.Fatalf("%s did not open", sel)
	}
}

// screenshotView saves what the window shows (not the whole page).
func screenshotView(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll("screenshots", 0o755)
	if err := os.WriteFile(filepath.Join("screenshots", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
