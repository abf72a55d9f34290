package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// footerJS reads the footer as drawn: where it ends against the window on
// a page shorter than the window, and the identity marks it shows.
const footerJS = `(function () {
  const f = document.querySelector("footer.footer");
  const marks = Array.from(f.querySelectorAll(".identity li, .identity .organizer")).filter((e) => e.checkVisibility())
    .map((e) => e.innerText.trim() + (e.querySelector("a, [href]") || e).getAttribute("href"));
  return {short: document.documentElement.scrollHeight <= innerHeight + 1, bottom: f.getBoundingClientRect().bottom, window: innerHeight, marks: marks};
})()`

// TestFooter: the footer sits at the bottom of the window on a page shorter
// than it, and shows the site's marks from site.yaml — 網站標識碼, the ICP
// and 公安 registrations linked to their records, the 黨政機關 mark, and
// 網站糾錯 naming the page — on every kind of page, in both modes and
// scripts.
func TestFooter(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	shortPages := 0
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			for _, k := range pageKinds {
				at := fmt.Sprintf("%s mode, %d px, %s", mode, width, k.name)
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+k.path)); err != nil {
					t.Fatal(err)
				}
				f := eval[struct {
					Short          bool
					Bottom, Window float64
					Marks          []string
				}](t, ctx, footerJS)
				if f.Short {
					shortPages++
					if d := f.Window - f.Bottom; d > 1 || d < -1 {
						t.Errorf("%s: the page is shorter than the window and its footer ends %.0f px above the bottom", at, d)
					}
				}
				all := strings.Join(f.Marks, "\n")
				// 網站糾錯 names the page, as the site's own script has it.
				page := strings.TrimPrefix(k.path, "/zh-hans")
				if strings.HasSuffix(page, "/no/such/page/") {
					page = "/404.html" // one page for every missing address
				}
				for _, want := range []string{"2201000000", "吉ICP备00000000号-1https://beian.miit.gov.cn/",
					"22010202000000号https://beian.mps.gov.cn/#/query/webSearch?code=22010202000000", "https://bszs.conac.cn/",
					"&url=" + url.QueryEscape("https://gazette.example.org"+page)} {
					if !strings.Contains(all, want) {
						t.Errorf("%s: the footer's marks lack %q:\n%s", at, want, all)
					}
				}
			}
		}
	}
	if shortPages == 0 {
		t.Error("no page of the sample site is shorter than the window: the footer's position was never checked")
	}
}
