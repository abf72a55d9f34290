package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestIssueEdition reads an issue page of the sample site built with its
// PDFs, in both scripts: it shows the drawing of the PDF's cover in the link
// to the PDF, and each document of its contents with the page of the PDF
// it starts on, the page that the document's own page names; the PDF and
// the drawing are served as what they are.
func TestIssueEdition(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	if !sample.pdfs {
		t.Skip("the sample site was built without its PDFs: install WeasyPrint (Debian: weasyprint fonts-noto-cjk poppler-utils)")
	}
	for _, root := range []string{"", "/zh-hans"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+root+"/gazette/2025/01/")); err != nil {
			t.Fatal(err)
		}
		cover := eval[struct {
			Src, Href      string
			Width, Natural float64
		}](t, ctx, `(() => { const img = document.querySelector("main .pdf a img"); return img ? {src: img.currentSrc, href: img.closest("a").href,
			width: img.getBoundingClientRect().width, natural: img.naturalWidth} : {}; })()`)
		if cover.Natural == 0 || cover.Width < 100 || !strings.HasSuffix(cover.Href, ".pdf") {
			t.Fatalf("%s: the issue page's cover: %+v", orHant(root), cover)
		}
		for url, want := range map[string]string{cover.Src: "image/png", cover.Href: "application/pdf"} {
			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if got := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(got, want) {
				t.Errorf("%s: %s is %d %s, want %s", orHant(root), url, resp.StatusCode, got, want)
			}
		}
		type entry struct{ Doc, Page string }
		entries := eval[[]entry](t, ctx, `Array.from(document.querySelectorAll("main .doclist li")).map(li => ({doc: li.querySelector("a.doc-title").href,
			page: (li.querySelector("a[href*='.pdf#page=']") || {}).href || ""}))`)
		if len(entries) != 4 {
			t.Fatalf("%s: %d documents in the contents, want 4", orHant(root), len(entries))
		}
		for _, e := range entries {
			if !strings.Contains(e.Page, ".pdf#page=") {
				t.Errorf("%s: %s has no page of the PDF in the contents", orHant(root), e.Doc)
				continue
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(e.Doc)); err != nil {
				t.Fatal(err)
			}
			if got := eval[string](t, ctx, `(document.querySelector(".doc-tools a[href*='.pdf#page=']") || {}).href || ""`); got != e.Page {
				t.Errorf("%s: the contents give %s for %s, its page gives %s", orHant(root), e.Page, e.Doc, got)
			}
		}
	}
}
