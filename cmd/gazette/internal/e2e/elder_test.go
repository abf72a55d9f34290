package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
			if width > 600 {
				l = elderDesktop
			}
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
// results included. With JavaScript, it switches in place with the
// servers down.
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
	if got := bodySize(); got != "28px" {
		t.Errorf("elder mode body text is %s, want 28px on a desktop", got)
	}
	if c := cookieNames(t, ctx); !strings.Contains(c, "gazette_mode=elder") {
		t.Errorf("cookies after the switch: %q", c)
	}
	// Remembered on the next page, reached by a link.
	click(".crumbs li:nth-child(2) a")
	if got := path(); got != "/gazette/" {
		t.Errorf("the breadcrumb led to %s", got)
	}
	if got := bodySize(); got != "28px" {
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
	if got := bodySize(); got != "28px" {
		t.Errorf("elder mode results: body text %s", got)
	}
	// With JavaScript the switch works in place and is kept in the
	// browser: it needs no server, so it works when the servers that set
	// the cookie and vary mode.css are down (here: every request to them
	// fails), on the 404 page too, which is one file for every address.
	noScript(t, ctx, false)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	blocked := network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
		{URLPattern: "*://*:*/mode/*", Block: true}, {URLPattern: "*://*:*/assets/mode.css", Block: true}}}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, blocked); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/no/such/page/")); err != nil {
		t.Fatal(err)
	}
	if got := bodySize(); got != "16px" {
		t.Errorf("without mode.css the page's body text is %s, want the standard mode's 16px", got)
	}
	waitSize := func(want string) {
		t.Helper()
		got := bodySize()
		for i := 0; i < 40 && got != want; i++ {
			time.Sleep(50 * time.Millisecond)
			got = bodySize()
		}
		if got != want {
			t.Errorf("after the switch the body text is %s, want %s", got, want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("header .to-elder"))); err != nil {
		t.Fatal(err)
	}
	waitSize("28px")
	if got := path(); got != "/no/such/page/" {
		t.Errorf("switching on the 404 page led to %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/gazette/")); err != nil {
		t.Fatal(err)
	}
	if got := bodySize(); got != "28px" {
		t.Errorf("with the server down the next page's body text is %s: the mode was not kept", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("header .to-standard"))); err != nil {
		t.Fatal(err)
	}
	waitSize("16px")
}

// fakeSpeech stands in for the browser's speech synthesis, which a
// headless browser has without voices: voices of both scripts, an
// utterance recorded instead of spoken, and __finish() to end the one
// being spoken, as the browser does when it has read it.
const fakeSpeech = `(() => {
  const voices = [{name: "English", lang: "en-US"}, {name: "粵語", lang: "zh-HK"}, {name: "國語", lang: "zh-TW"}, {name: "普通话", lang: "zh-CN"}];
  window.__spoken = []; window.__cancelled = 0;
  const synth = {
    getVoices: () => window.__noVoices ? [] : voices,
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : ""}); this.current = u; },
    cancel() { window.__cancelled++; this.current = null; },
    addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.__finish = () => { const u = synth.current; synth.current = null; if (u && u.onend) u.onend(); return true; };
})()`

// TestReadAloud: the read-aloud switch sits under a document's title and is
// shown only where the browser can speak Chinese; it reads paragraph by
// paragraph, each highlighted while read, in a voice of the page's script
// (Mandarin: zh-TW for Traditional, zh-CN for Simplified), and stops.
func TestReadAloud(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	doc := "/gazette/2024/12/2024-gov-doc-18-business-environment/"
	hidden := func() bool { return eval[bool](t, ctx, `document.querySelector(".read-aloud").hidden`) }
	load := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
	}

	noScript(t, ctx, true)
	load(doc)
	if !hidden() {
		t.Error("without JavaScript the read-aloud button shows, and could do nothing")
	}
	noScript(t, ctx, false)
	load(doc)
	if !hidden() {
		t.Error("in a browser without a voice (headless Chromium has none) the read-aloud button shows")
	}

	id, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeech})
	if err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id.Identifier})
	type utterance struct{ Text, Lang, Voice string }
	for _, c := range []struct{ root, voice, stop string }{{"", "zh-TW", "停止朗讀"}, {"/zh-hans", "zh-CN", "停止朗读"}} {
		load(c.root + doc)
		if hidden() {
			t.Fatalf("%s: the read-aloud button is hidden in a browser with Chinese voices", orHant(c.root))
		}
		if !eval[bool](t, ctx, `(() => { const b = document.querySelector(".read-aloud").getBoundingClientRect();
			return b.top > document.querySelector("h1").getBoundingClientRect().bottom && b.bottom < document.querySelector(".body p").getBoundingClientRect().top; })()`) {
			t.Errorf("%s: the read-aloud button is not between the title and the text", orHant(c.root))
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".read-aloud"))); err != nil {
			t.Fatal(err)
		}
		said := eval[[]utterance](t, ctx, `__spoken`)
		title := eval[string](t, ctx, `document.querySelector("h1").innerText`)
		if len(said) != 1 || said[0].Text != title || said[0].Voice != c.voice || said[0].Lang != c.voice {
			t.Fatalf("%s: first spoken %+v, want the title %q alone in a %s voice", orHant(c.root), said, title, c.voice)
		}
		// The tags highlighted, and whether each is drawn with a background.
		highlighted := `Array.from(document.querySelectorAll(".speaking")).map(e => e.tagName + (getComputedStyle(e).backgroundColor === "rgba(0, 0, 0, 0)" ? "" : "+")).join(",")`
		if got := eval[string](t, ctx, highlighted); got != "H1+" {
			t.Errorf("%s: while the title is read the highlight is %q", orHant(c.root), got)
		}
		eval[bool](t, ctx, `__finish()`)
		para := eval[string](t, ctx, `document.querySelector(".body p").innerText`)
		said = eval[[]utterance](t, ctx, `__spoken`)
		if len(said) != 2 || said[1].Text != para {
			t.Errorf("%s: after the title, spoken %+v; want the first paragraph %q", orHant(c.root), said, para)
		}
		if got := eval[string](t, ctx, highlighted); got != "P+" {
			t.Errorf("%s: while the first paragraph is read the highlight is %q", orHant(c.root), got)
		}
		if got := eval[string](t, ctx, `document.querySelector(".read-aloud").innerText + " " + document.querySelector(".read-aloud").getAttribute("aria-pressed")`); got != c.stop+" true" {
			t.Errorf("%s: while reading the button reads %q", orHant(c.root), got)
		}
		// Stop, by the keyboard: the page has scrolled to the paragraph.
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".read-aloud")), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if got := eval[string](t, ctx, `document.querySelector(".read-aloud").getAttribute("aria-pressed") + " " + __cancelled + " " + document.querySelectorAll(".speaking").length`); !strings.HasPrefix(got, "false ") || strings.Contains(got, " 0 ") || !strings.HasSuffix(got, " 0") {
			t.Errorf("%s: after stopping: pressed, cancels, highlights = %q", orHant(c.root), got)
		}
	}
	// Voices that are none of Chinese: no button.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.__noVoices = true;`}); err != nil {
		t.Fatal(err)
	}
	load(doc)
	if !hidden() {
		t.Error("with no voice the read-aloud button shows")
	}
	// Only document pages have it.
	load("/gazette/")
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

// TestReaderTools: the utility strip's A− / A+ and 高對比, shown only with
// JavaScript, in both modes: each A+ makes every text larger, up to three
// steps, and A− back, neither past its end; the choice is kept from page to
// page; in 高對比 every text on every kind of page is at 7:1 or more; at the
// largest size on a phone nothing is wider than the screen.
func TestReaderTools(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	load := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
	}
	press := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
	}
	size := func() float64 { return eval[float64](t, ctx, `parseFloat(getComputedStyle(document.body).fontSize)`) }
	noScript(t, ctx, true)
	load("/")
	if eval[bool](t, ctx, `document.querySelector(".reader-tools").checkVisibility()`) {
		t.Error("without JavaScript A− / A+ and 高對比 show, and could do nothing")
	}
	noScript(t, ctx, false)
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		viewport(t, ctx, 1280)
		load("/gazette/2024/12/2024-gov-doc-18-business-environment/")
		base := size()
		if !eval[bool](t, ctx, `document.querySelector(".text-smaller").disabled`) {
			t.Errorf("%s mode: A− is enabled at the mode's own size", mode)
		}
		for step, want := range []float64{1.15, 1.3, 1.5} {
			press(".text-larger")
			if got := size(); got < base*want-0.5 || got > base*want+0.5 {
				t.Errorf("%s mode: A+ %d times: body text %.1f px, want %.1f", mode, step+1, got, base*want)
			}
		}
		if !eval[bool](t, ctx, `document.querySelector(".text-larger").disabled`) {
			t.Errorf("%s mode: A+ is enabled at the largest size", mode)
		}
		load("/gazette/")
		if got := size(); got < base*1.5-0.5 {
			t.Errorf("%s mode: the next page's body text is %.1f px: the size was not kept", mode, got)
		}
		viewport(t, ctx, 375)
		for _, k := range kinds {
			load(k.path)
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
				t.Errorf("%s mode, the largest text, %s: the page is %d px wide on a 375 px phone: %s", mode, k.name, w, eval[string](t, ctx, widest))
			}
		}
		viewport(t, ctx, 1280)
		for range 3 {
			press(".text-smaller")
		}
		if got := size(); got != base {
			t.Errorf("%s mode: A− back to the start gives %.1f px, not %.1f", mode, got, base)
		}

		press(".contrast")
		if got := eval[string](t, ctx, `document.documentElement.dataset.contrast + " " + document.querySelector(".contrast").getAttribute("aria-pressed")`); got != "high true" {
			t.Errorf("%s mode: after 高對比: %q", mode, got)
		}
		l := elderDesktop
		if mode == standard {
			l = standardDesktop
		}
		l.Contrast = 7
		for _, k := range pageKinds {
			load(k.path)
			problems, _ := measure(t, ctx, l, 1280)
			for _, p := range problems {
				t.Errorf("%s mode, 高對比, %s: %s", mode, k.name, p)
			}
			if mode == standard && (k.name == "document" || k.name == "home-hans") {
				screenshot(t, ctx, "contrast-"+k.name)
			}
		}
		press(".contrast")
		if got := eval[string](t, ctx, `document.documentElement.dataset.contrast || "off"`); got != "off" {
			t.Errorf("%s mode: 高對比 pressed again leaves %q", mode, got)
		}
	}
}
