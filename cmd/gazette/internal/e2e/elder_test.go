package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestReadingModes measures every kind of page in both reading modes, on a
// desktop and on a phone, as the browser draws it: text sizes, line height,
// paragraph spacing, target boxes, contrast, one column and the large
// cursor in the 長輩版 (see limits), nothing wider than the window. It
// saves a screenshot of each to screenshots/ for a person to look at.
func TestReadingModes(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)

	// The control: the standard page measured against the elder mode's
	// figures must fail, or the measurement could not tell them apart.
	viewport(t, ctx, 1280)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if got, _ := measure(t, ctx, elderLimits, 1280); len(got) < 3 {
		t.Fatalf("the standard home page meets the elder mode's figures (%q): the measurement sees nothing", got)
	}

	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			l := elderLimits
			if mode == standard {
				l = standardDesktop
				if width < 600 {
					l = standardPhone
				}
			}
			all := least{1e9, 1e9, 1e9, 1e9, 1e9}
			for _, k := range pageKinds {
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+k.path)); err != nil {
					t.Fatal(err)
				}
				problems, m := measure(t, ctx, l, int(width))
				for _, p := range problems {
					t.Errorf("%s mode, %d px, %s (%s): %s", mode, width, k.name, k.path, p)
				}
				all = all.of(m)
				// The header offers the other mode, and only that one.
				other, this := ".to-elder", ".to-standard"
				if mode == elder {
					other, this = this, other
				}
				shown := eval[string](t, ctx, fmt.Sprintf(`[%q, %q].map(s => getComputedStyle(document.querySelector("header "+s)).display).join(" ")`, other, this))
				if f := strings.Fields(shown); len(f) != 2 || f[0] == "none" || f[1] != "none" {
					t.Errorf("%s mode, %s: the switches %s and %s are displayed %q, want the first only", mode, k.name, other, this, shown)
				}
				screenshot(t, ctx, fmt.Sprintf("%s-%d-%s", k.name, width, mode))
			}
			t.Logf("%s mode, %d px, %d kinds of page: %s", mode, width, len(pageKinds), all)
		}
	}
}

// TestModeSwitch switches to the 長輩版 from a page's header with
// JavaScript off, reads on through another page in that mode, and switches
// back: the reader lands on the page they were on each time, search
// results included.
func TestModeSwitch(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	noScript(t, ctx, true)
	viewport(t, ctx, 1280)
	doc := "/gazette/2024/12/2024-gov-doc-18-business-environment/"
	bodySize := func() string { return eval[string](t, ctx, `getComputedStyle(document.body).fontSize`) }
	path := func() string { return eval[string](t, ctx, `decodeURI(location.pathname)`) }
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+doc)); err != nil {
		t.Fatal(err)
	}
	if got := bodySize(); got != "16px" {
		t.Fatalf("standard body text is %s", got)
	}
	click := func(sel string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
	}
	click("header .to-elder")
	if got := path(); got != doc {
		t.Errorf("after switching to the elder mode the reader is at %s, not back at %s", got, doc)
	}
	if got := bodySize(); got != "24px" {
		t.Errorf("elder mode body text is %s, want 24px", got)
	}
	if c := cookieNames(t, ctx); !strings.Contains(c, "gazette_mode=elder") {
		t.Errorf("cookies after the switch: %q", c)
	}
	// Remembered on the next page, reached by a link.
	click(".crumbs li:nth-child(2) a")
	if got := path(); got != "/gazette/" {
		t.Errorf("the breadcrumb led to %s", got)
	}
	if got := bodySize(); got != "24px" {
		t.Errorf("the next page's body text is %s: the mode was not remembered", got)
	}
	click("header .to-standard")
	if got := path(); got != "/gazette/" {
		t.Errorf("after switching back the reader is at %s", got)
	}
	if got := bodySize(); got != "16px" {
		t.Errorf("back in the standard mode the body text is %s", got)
	}
	// From search results, back to the same results.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/search?q=%E4%BE%9B%E7%83%AD&section=gazette")); err != nil {
		t.Fatal(err)
	}
	click("header .to-elder")
	if got := eval[string](t, ctx, `decodeURIComponent(location.pathname + location.search)`); got != "/search?q=供热&section=gazette" {
		t.Errorf("switching on the results page led to %s", got)
	}
	if got := bodySize(); got != "24px" {
		t.Errorf("elder mode results: body text %s", got)
	}
	// With JavaScript, the switch comes back to the address the reader is
	// at even on the 404 page, which is one file for every address.
	noScript(t, ctx, false)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/no/such/page/")); err != nil {
		t.Fatal(err)
	}
	click("header .to-standard")
	if got := path(); got != "/no/such/page/" {
		t.Errorf("switching on the 404 page led to %s", got)
	}
}

// TestReadAloud: the document page's read-aloud switch appears only where
// the browser can speak, speaks the title and the text, and stops again.
func TestReadAloud(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	doc := ts.URL + "/gazette/2024/12/2024-gov-doc-18-business-environment/"
	hidden := func() bool { return eval[bool](t, ctx, `document.querySelector(".read-aloud").hidden`) }

	noScript(t, ctx, true)
	if err := chromedp.Do(ctx, chromedp.Navigate(doc)); err != nil {
		t.Fatal(err)
	}
	if !hidden() {
		t.Error("without JavaScript the read-aloud button shows, and could do nothing")
	}
	noScript(t, ctx, false)

	// A browser without speech synthesis.
	id, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.SpeechSynthesisUtterance = undefined;`})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(doc)); err != nil {
		t.Fatal(err)
	}
	if !hidden() {
		t.Error("without speech synthesis the read-aloud button shows")
	}
	if _, err := chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id.Identifier}); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(doc)); err != nil {
		t.Fatal(err)
	}
	if hidden() {
		t.Fatal("the read-aloud button is hidden in a browser that can speak")
	}
	// Record what would be spoken instead of speaking it.
	eval[bool](t, ctx, `window.spoken = []; window.cancelled = 0;
		speechSynthesis.speak = u => spoken.push({text: u.text, lang: u.lang});
		speechSynthesis.cancel = () => cancelled++; true`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".read-aloud"))); err != nil {
		t.Fatal(err)
	}
	type utterance struct{ Text, Lang string }
	said := eval[[]utterance](t, ctx, `spoken`)
	if len(said) != 1 {
		t.Fatalf("%d utterances, want 1", len(said))
	}
	title := eval[string](t, ctx, `document.querySelector("h1").innerText`)
	para := eval[string](t, ctx, `document.querySelector(".body p").innerText`)
	if !strings.Contains(said[0].Text, title) || !strings.Contains(said[0].Text, para) || said[0].Lang == "" {
		t.Errorf("spoken %q (lang %q), want the title %q and the text", said[0].Text[:min(len(said[0].Text), 80)], said[0].Lang, title)
	}
	if got := eval[string](t, ctx, `document.querySelector(".read-aloud").innerText + " " + document.querySelector(".read-aloud").getAttribute("aria-pressed")`); got != "停止朗讀 true" {
		t.Errorf("while reading the button reads %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".read-aloud"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.querySelector(".read-aloud").innerText + " " + document.querySelector(".read-aloud").getAttribute("aria-pressed") + " " + cancelled`); !strings.HasPrefix(got, "朗讀全文 false ") || strings.HasSuffix(got, " 0") {
		t.Errorf("after stopping the button reads %q", got)
	}
	// Only document pages have it.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/gazette/")); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".read-aloud").length`); n != 0 {
		t.Errorf("the gazette index has %d read-aloud buttons", n)
	}
}

// widest names the elements that reach past a 375 px window, innermost first.
const widest = `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 375.5 && !Array.from(e.children).some(c => c.getBoundingClientRect().right > 375.5)).slice(0, 3).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + "px").join(", ")`

// TestReaderPreferences honours what the reader's system asks for: more
// contrast (every text at 7:1), reduced motion (no transition), and 200%
// text size on a 375 px phone with no horizontal scrolling, in both modes.
func TestReaderPreferences(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	viewport(t, ctx, 1280)
	load := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
	}
	aaa := standardDesktop
	aaa.Contrast = 7

	// The control: some text of the standard mode is below 7:1.
	load("/gazette/")
	if p, _ := measure(t, ctx, aaa, 1280); len(p) == 0 {
		t.Fatal("the standard mode meets 7:1 already: the contrast check below could not fail")
	}
	media(t, ctx, &emulation.MediaFeature{Name: "prefers-contrast", Value: "more"})
	for _, k := range kinds {
		load(k.path)
		problems, _ := measure(t, ctx, aaa, 1280)
		for _, p := range problems {
			t.Errorf("prefers-contrast: more, %s: %s", k.name, p)
		}
	}

	moving := `Array.from(document.querySelectorAll("*")).filter(e => getComputedStyle(e).transitionDuration.split(",").some(d => parseFloat(d) > 0)).length`
	media(t, ctx)
	load("/")
	if eval[int](t, ctx, moving) == 0 {
		t.Fatal("nothing moves without prefers-reduced-motion: the check below could not fail")
	}
	media(t, ctx, &emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "reduce"})
	for _, k := range kinds {
		load(k.path)
		if n := eval[int](t, ctx, moving); n != 0 {
			t.Errorf("prefers-reduced-motion, %s: %d elements still have a transition", k.name, n)
		}
		if s := eval[string](t, ctx, `getComputedStyle(document.documentElement).scrollBehavior`); s != "auto" {
			t.Errorf("prefers-reduced-motion, %s: scroll-behavior %s", k.name, s)
		}
	}
	media(t, ctx)

	// 200% text: the browser's text size setting at twice its default.
	viewport(t, ctx, 375)
	if _, err := chromedp.Call(ctx, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: 32}}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		want := 36.0 // 112.5% of 32 px on a phone
		if mode == elder {
			want = 48 // 150% of 32 px
		}
		for _, k := range kinds {
			load(k.path)
			if size := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.body).fontSize)`); size != want {
				t.Errorf("200%% text, %s mode, %s: body text %.1f px, want %.0f", mode, k.name, size, want)
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
				t.Errorf("200%% text, %s mode, %s: the page is %d px wide on a 375 px phone: %s", mode, k.name, w, eval[string](t, ctx, widest))
				screenshot(t, ctx, fmt.Sprintf("zoom200-%s-%s", k.name, mode))
			}
		}
	}
}
