package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// headerJS measures the masthead as drawn: the boxes of its parts (zero
// when not shown) and where the page's content starts.
const headerJS = `(function () {
  const box = (sel) => {
    const el = document.querySelector(sel);
    if (!el || !el.checkVisibility()) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, mid: (r.top + r.bottom) / 2 + scrollY, width: r.width};
  };
  return {
    header: box("header.masthead"), brand: box(".brand"), search: box(".search-toggle > summary"), menu: box(".menu-toggle > summary"),
    input: box("header input[name=q]"), nav: box("header .menu a"), h1: box("main h1:not(.visually-hidden), main h2"),
    status: box(".search-status"), filter: box(".facets-toggle > summary"), facets: box(".facets a"), hit: box(".results .doclist li"),
  };
})()`

type headerBox struct{ Top, Bottom, Mid, Width float64 }

type headerBoxes struct {
	Header, Brand, Search, Menu, Input, Nav, H1, Status, Filter, Facets, Hit *headerBox
}

// TestHeader: on a phone the masthead is one row under the utility strip —
// the emblem and name, 檢索, 菜單 — whose panels open below it, and the
// page's heading is on the first screen in both modes and both scripts; on
// the search page the first result is too, the facets waiting behind
// 「篩選」 after the count. On a desktop the search box and the menu are
// shown without a click.
func TestHeader(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	measure := func(path string) headerBoxes {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		return eval[headerBoxes](t, ctx, headerJS)
	}
	const screen = 740 // the phone's window height (viewport)
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, root := range []string{"", "/zh-hans"} {
			at := fmt.Sprintf("%s mode, %s", mode, orHant(root))
			viewport(t, ctx, 375)
			b := measure(root + "/gazette/")
			if b.Brand == nil || b.Search == nil || b.Menu == nil || b.H1 == nil {
				t.Fatalf("%s, 375 px: the masthead lacks a part: %+v", at, b)
			}
			if b.Input != nil || b.Nav != nil {
				t.Errorf("%s, 375 px: the search box or the menu is shown before its button is pressed", at)
			}
			for name, p := range map[string]*headerBox{"檢索": b.Search, "菜單": b.Menu} {
				if d := p.Mid - b.Brand.Mid; d > 8 || d < -8 {
					t.Errorf("%s, 375 px: %s is %.0f px off the name's row", at, name, d)
				}
			}
			limit := 0.25 * screen
			if mode == elder {
				limit = 0.4 * screen
			}
			if b.Header.Bottom > limit {
				t.Errorf("%s, 375 px: the masthead is %.0f px tall, more than %.0f", at, b.Header.Bottom, limit)
			}
			if b.H1.Bottom > screen {
				t.Errorf("%s, 375 px: the heading ends %.0f px down, below the first screen", at, b.H1.Bottom)
			}
			openToggle(t, ctx, "header .menu-toggle")
			if o := eval[headerBoxes](t, ctx, headerJS); o.Nav == nil || o.Nav.Top < b.Brand.Bottom {
				t.Errorf("%s, 375 px: after 菜單 the menu is not shown below the row: %+v", at, o.Nav)
			}
			t.Logf("%s, 375 px: masthead %.0f px, heading at %.0f px", at, b.Header.Bottom, b.H1.Top)

			s := measure(root + "/search?q=%E4%BE%9B%E7%83%AD")
			if s.Hit == nil || s.Filter == nil || s.Status == nil {
				t.Fatalf("%s, 375 px: the results page lacks a part: %+v", at, s)
			}
			if s.Facets != nil {
				t.Errorf("%s, 375 px: the facets show before 篩選 is pressed", at)
			}
			if s.Filter.Top < s.Status.Bottom || s.Filter.Bottom > s.Hit.Top {
				t.Errorf("%s, 375 px: 篩選 is not between the count and the first result", at)
			}
			if s.Hit.Top > screen {
				t.Errorf("%s, 375 px: the first result starts %.0f px down, below the first screen", at, s.Hit.Top)
			}
			openToggle(t, ctx, ".facets-toggle")
			if o := eval[headerBoxes](t, ctx, headerJS); o.Facets == nil {
				t.Errorf("%s, 375 px: 篩選 shows no facets", at)
			}

			viewport(t, ctx, 1280)
			d := measure(root + "/gazette/")
			if d.Search != nil || d.Menu != nil || d.Input == nil || d.Nav == nil {
				t.Errorf("%s, 1280 px: the search box and the menu are not shown at once: %+v", at, d)
			}
			ds := measure(root + "/search?q=%E4%BE%9B%E7%83%AD")
			if (ds.Facets == nil) != (mode == elder) {
				t.Errorf("%s, 1280 px: facets shown %v; want them beside the results in the standard mode only", at, ds.Facets != nil)
			}
		}
	}
}

// orHant names the script of a copy's root for a message.
func orHant(root string) string {
	if root == "" {
		return "Traditional"
	}
	return "Simplified"
}
