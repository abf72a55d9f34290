package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// obscuredJS focuses every element a reader can tab to, first to last and
// back, as the Tab key would, and names those that, once focused, are not
// wholly in the window or have something else drawn over them — a sticky
// or fixed header, a banner — at their middle or top or bottom edge (WCAG
// 2.4.11).
const obscuredJS = `(function () {
  const sel = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const all = Array.from(document.querySelectorAll(sel)).filter((el) => el.checkVisibility() || el.matches(".skip"));
  const out = [];
  const covered = (el) => {
    const r = el.getBoundingClientRect();
    if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
      return r.height > innerHeight || r.width > innerWidth ? "" : "outside the window";
    }
    // The middle of each line of the element (a link may wrap), and of its
    // top and bottom edges, where a header or a footer would cover it.
    const points = [];
    for (const b of el.getClientRects()) {
      if (b.width < 2 || b.height < 2) continue;
      const x = (b.left + b.right) / 2;
      points.push([x, (b.top + b.bottom) / 2], [x, b.top + 1], [x, b.bottom - 1]);
    }
    for (const [x, y] of points) {
      const at = document.elementFromPoint(x, y);
      if (at && at !== el && !el.contains(at) && !at.contains(el)) return "under " + at.tagName.toLowerCase() + (at.className ? "." + String(at.className).split(" ")[0] : "");
    }
    return "";
  };
  for (const order of [all, all.slice().reverse()]) {
    for (const el of order) {
      el.focus();
      if (document.activeElement !== el) continue;
      const why = covered(el);
      if (why && out.length < 10) out.push((el.innerText || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 20) + ": " + why);
    }
  }
  return {problems: out, count: all.length};
})()`

// TestFocusNotObscured tabs, forwards and back, through every kind of page
// in both modes, both scripts, on a desktop and a phone: each element that
// takes the focus is then wholly in the window with nothing drawn over it.
func TestFocusNotObscured(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	// The page moves to what has the focus at once, as a reader who asks
	// for less motion sees it; smooth scrolling would only delay it.
	media(t, ctx, &emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "reduce"})
	// :focus needs a focused window, which a headless one is not.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	// The control: a sticky header over the top of the window hides what
	// the focus reaches going back up the page.
	viewport(t, ctx, 375)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	control := eval[struct{ Problems []string }](t, ctx, `(() => {
		const h = document.querySelector("header.masthead");
		h.style.position = "sticky"; h.style.top = "0"; h.style.zIndex = "5";
		return `+obscuredJS+`; })()`)
	if len(control.Problems) == 0 {
		t.Fatal("the check found nothing under a sticky header: it could not fail")
	}
	focusable := 0
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			for _, k := range pageKinds {
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+k.path)); err != nil {
					t.Fatal(err)
				}
				r := eval[struct {
					Problems []string
					Count    int
				}](t, ctx, obscuredJS)
				focusable += r.Count
				for _, p := range r.Problems {
					t.Errorf("%s mode, %d px, %s: %s", mode, width, k.name, p)
				}
			}
		}
	}
	if focusable < 1000 {
		t.Errorf("only %d elements took the focus on %d pages", focusable, 4*len(pageKinds))
	}
	t.Logf("%d elements focused, forwards and back", focusable)
}
