package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/serve"
	"gazette/templates"
)

// payload runs a script that reports to /pwned — if it ever runs.
const payload = `<script>fetch('/pwned?script')</script><img src=x onerror="fetch('/pwned?img')">"'</script><svg onload=fetch('/pwned?svg')>]]>`

// hostile is a content tree with a script payload in every field a user
// can reach: site.yaml values, every front-matter string, bodies (raw HTML,
// javascript: and data: links, image onerror), attachment names, and an
// annual report (its page, and its chart opened as a document).
func hostile(t *testing.T) string {
	dir := t.TempDir()
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	files := map[string]string{
		"site.yaml": "title: " + q("政府"+payload) + "\ndescription: " + q(payload) + `
base_url: https://gazette.example.org/
language: zh-Hant
timezone: Asia/Shanghai
organ:
  name: ` + q("辦公廳"+payload) + `
  code: X1
menus:
  main:
    - {title: ` + q(payload) + `, url: "javascript:fetch('/pwned?menu')"}
    - {title: 首頁, url: /}
  footer:
    - {title: ` + q(payload) + `, url: "data:text/html,<script>fetch('/pwned?data')</script>"}
`,
		"gazette/2025/01/index.md": "---\ntitle: " + q("公報"+payload) + "\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\nsummary: " + q(payload) + "\n---\n" + payload + "\n",
		"gazette/2025/01/doc.md": "---\ntitle: " + q("</script><script>fetch('/pwned?jsonld')</script>"+payload) +
			"\ndate: 2025-01-20\nwritten: 2025-01-10\norgan: " + q("機關"+payload) + "\ndoc_number: " + q("長府發〔2025〕1號"+payload) +
			"\ncategory: " + q(payload) + "\ntopic: " + q("主題"+payload) + "\nsummary: " + q(payload) + "\nsource: " + q(payload) +
			"\ntags: [" + q(payload) + "]\nattachments: [" + q(`a"><img src=x onerror=alert(1)>.csv`) + "]" +
			"\nhistory:\n  - {date: 2025-01-21, note: " + q(payload) + "}\naliases: [" + q(`/old/"><svg onload=alert(2)>.html`) + "]\n---\n" +
			"## " + payload + "\n\n" + payload + "\n\n<script>fetch('/pwned?raw')</script>\n\n" +
			"[點擊](javascript:fetch('/pwned?link')) [數據](data:text/html;base64,PHNjcmlwdD5mZXRjaCgnL3B3bmVkJyk8L3NjcmlwdD4=) " +
			"![圖](x\" onerror=\"fetch('/pwned?alt')) <a href=\"javascript:fetch('/pwned?a')\">a</a>\n\n| " + payload + " |\n|---|\n| <b onmouseover=fetch('/pwned')>x</b> |\n",
		"gazette/2025/01/" + `a"><img src=x onerror=alert(1)>.csv`: "x,y\n",
		"news/2025/n.md":      "---\ntitle: " + q(payload) + "\ndate: 2025-01-21\ninterprets: gazette/2025/01/doc.md\ncategory: 政策解讀\n---\n" + payload + "\n",
		"briefings/2025/b.md": "---\ntitle: " + q("簡報"+payload) + "\ndate: 2025-01-22\norgan: " + q(payload) + "\n---\n正文\n",
		"pages/p.md":          "---\ntitle: " + q(payload) + "\nslug: about-us\n---\n" + payload + "\n",
		"reports/2025.md":     hostileReport(q),
	}
	for name, data := range files {
		p := filepath.Join(dir, "content", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := build.Run(context.Background(), build.Options{
		Content: os.DirFS(filepath.Join(dir, "content")), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index"),
		Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// hostileReport is an annual report with the payload in its title, summary
// and every section; its tables and chart show the hostile category.
func hostileReport(q func(string) string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: " + q("報告"+payload) + "\ndate: 2025-05-31\nsummary: " + q(payload) + "\ndata:\n  active:\n")
	b.WriteString("    rules: {issued: 0, repealed: 0, in_force: 0}\n    normative: {issued: 0, repealed: 0, in_force: 0}\n")
	b.WriteString("    licensing: 0\n    penalties: 0\n    enforcement: 0\n    fees: 0\n  requests:\n")
	for _, k := range []string{"new", "carried_over", "disclosed", "partly_disclosed", "withheld_state_secret", "withheld_prohibited",
		"withheld_security", "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_inquiry",
		"unavailable_not_held", "unavailable_to_be_made", "unavailable_unclear", "declined_petition", "declined_repeated",
		"declined_publication", "declined_excessive", "declined_confirmation", "other_no_correction", "other_no_fee", "other",
		"total", "carried_forward"} {
		b.WriteString("    " + k + ": [0, 0, 0, 0, 0, 0, 0]\n")
	}
	b.WriteString("  appeals:\n    review: [0, 0, 0, 0, 0]\n    litigation_direct: [0, 0, 0, 0, 0]\n    litigation_after_review: [0, 0, 0, 0, 0]\n---\n")
	b.WriteString(payload + "\n")
	for _, h := range []string{"一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
		"四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況", "六、其他需要報告的事項"} {
		b.WriteString("\n## " + h + "\n\n" + payload + "\n")
	}
	return b.String()
}

// TestHostileContentRunsNoScript loads every page of the hostile site, and
// search results for hostile queries, in Chromium — once through gazette
// serve (with its CSP) and once through a plain file server without any
// security header, so that escaping alone is proven — and shows no script
// ran: no dialog, no request to /pwned, no marker.
func TestHostileContentRunsNoScript(t *testing.T) {
	ctx := browser(t)
	dir := hostile(t)
	public, err := filepath.EvalSymlinks(filepath.Join(dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(serve.Options{Public: public, Index: filepath.Join(dir, "index"), Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	var pwned atomic.Int64
	report := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/pwned") {
				pwned.Add(1)
				if r.URL.RawQuery != "control" {
					t.Errorf("a script ran: %s (from %s)", r.URL, r.Referer())
				}
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	withCSP := httptest.NewServer(report(srv))
	defer withCSP.Close()
	plain := httptest.NewServer(report(http.FileServer(http.Dir(public))))
	defer plain.Close()

	var dialogs atomic.Int64
	opening := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for e, err := range opening {
			if err != nil {
				return
			}
			dialogs.Add(1)
			t.Errorf("a dialog opened: %q", e.Message)
			go chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
				return err
			}))
		}
	}()

	// The control: a page that does run a script, on the server without
	// CSP. If the detector missed it, the test below could not fail.
	os.WriteFile(filepath.Join(public, "control.html"), []byte(`<script>fetch('/pwned?control')</script>`), 0o644)
	if err := chromedp.Do(ctx, chromedp.Navigate(plain.URL+"/control.html"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if pwned.Swap(0) != 1 {
		t.Fatal("the control script was not detected: the test cannot see a script run")
	}
	os.Remove(filepath.Join(public, "control.html"))

	var pages []string
	filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".svg")) {
			rel, _ := filepath.Rel(public, p)
			pages = append(pages, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	if len(pages) < 15 {
		t.Fatalf("hostile site has only %d pages", len(pages))
	}
	queries := []string{payload, `"><img src=x onerror=fetch('/pwned?q')>`, "</script><script>fetch('/pwned?q2')</script>", "javascript:fetch('/pwned')"}

	visit := func(base, path string) {
		err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.Sleep(50*time.Millisecond))
		var marker, scripts string
		// Redirect pages (aliases, short links) navigate on by themselves:
		// wait for the page that stays.
		for try := 0; err == nil && try < 5; try++ {
			marker, err = chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned)`))
			if err != nil && strings.Contains(err.Error(), "navigated") {
				err = chromedp.Do(ctx, chromedp.Sleep(200*time.Millisecond))
				continue
			}
			break
		}
		if err == nil {
			scripts, err = chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('[href],[src],[action]')).map(e => e.getAttribute('href')||e.getAttribute('src')||e.getAttribute('action')).filter(u => /^\s*(javascript|vbscript|data:text)/i.test(u)).join(' ')`))
		}
		if err != nil {
			t.Errorf("%s%s: %v", base, path, err)
			return
		}
		if marker != "undefined" {
			t.Errorf("%s: marker set", path)
		}
		if scripts != "" {
			t.Errorf("%s: script URLs in the page: %s", path, scripts)
		}
	}
	for _, p := range pages {
		p = (&url.URL{Path: p}).EscapedPath()
		visit(withCSP.URL, p)
		visit(plain.URL, p)
	}
	for _, q := range queries {
		visit(withCSP.URL, "/search?q="+url.QueryEscape(q))
		visit(withCSP.URL, "/search?q=%E5%85%AC%E5%A0%B1&organ="+url.QueryEscape(q))
	}
	if pwned.Load() != 0 || dialogs.Load() != 0 {
		t.Fatalf("%d script reports, %d dialogs", pwned.Load(), dialogs.Load())
	}
	t.Logf("%d pages and %d searches loaded twice, no script ran", len(pages), len(queries)*2)

	// Every feed stays well-formed for a real client, ]]> and all.
	for _, f := range []string{"/feed.xml", "/atom.xml", "/feed.json", "/gazette/2025/01/feed.xml", "/reports/feed.xml"} {
		feed, err := gofeed.NewParser().ParseURL(withCSP.URL + f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(feed.Items) == 0 {
			t.Errorf("%s: no items", f)
		}
	}
}
