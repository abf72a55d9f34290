package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/serve"
	"gazette/cmd/internal/testenv"
	"gazette/templates"
)

// sampleServer builds the repository's sample content and serves it.
func sampleServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts, _ := sampleSite(t)
	return ts
}

// sample is the sample site every browser test reads: built once for the
// package's tests (a build makes the issue PDFs), served until they end.
// No test may change it.
var sample struct {
	once   sync.Once
	ts     *httptest.Server
	srv    *serve.Server
	dir    string
	public string
	pdfs   bool // the issues have the PDFs the build makes
	err    error
}

// sampleSite builds the repository's sample content, with the issue PDFs
// when WeasyPrint is there (under CI=true it must be), and serves it; it
// returns the server and the built public/ directory.
func sampleSite(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	sample.once.Do(buildSample)
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	return sample.ts, sample.public
}

func buildSample() {
	dir, err := os.MkdirTemp("", "gazette-e2e-")
	if err != nil {
		sample.err = err
		return
	}
	sample.dir = dir
	content := fs.FS(os.DirFS(filepath.Join("..", "..", "..", "..", "content")))
	e, err := edition.Start(context.Background(), "")
	switch {
	case err == nil:
		e.Close()
		content, sample.pdfs = withPDFs{content}, true
	case testenv.CI():
		sample.err = fmt.Errorf("the sample's issue PDFs: %w (.ci/run must install it)", err)
		return
	}
	opt := build.Options{Content: content, ContentRoot: "content",
		Templates: templates.FS, Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index"),
		Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	if _, err := build.Run(context.Background(), opt); err != nil {
		sample.err = err
		return
	}
	sample.srv, err = serve.New(serve.Options{Public: opt.Public, Index: opt.Index, Templates: templates.FS})
	if err != nil {
		sample.err = err
		return
	}
	sample.ts = httptest.NewServer(sample.srv)
	sample.public, sample.err = filepath.EvalSymlinks(opt.Public)
}

// withPDFs is the sample content with gazette.pdf on in its site.yaml: the
// build makes each issue's PDF (the sample leaves it off, so that a first
// build needs no WeasyPrint).
type withPDFs struct{ fs.FS }

func (w withPDFs) Open(name string) (fs.File, error) {
	if name != "site.yaml" {
		return w.FS.Open(name)
	}
	b, err := fs.ReadFile(w.FS, name)
	if err != nil {
		return nil, err
	}
	on := strings.Replace(string(b), "\n  # pdf: true", "\n  pdf: true", 1)
	if on == string(b) {
		return nil, fmt.Errorf("the sample's site.yaml has no %q to turn on", "# pdf: true")
	}
	return fstest.MapFS{name: {Data: []byte(on)}}.Open(name)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.ts != nil {
		sample.ts.Close()
		sample.srv.Close()
	}
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
	os.Exit(code)
}

// TestCitizenJourney is a citizen on a phone (375 px): from the home page to
// the latest issue, into a document, then a search typed in Simplified for
// a document written in Traditional, through the search box — by clicking
// and typing, as a person does. On every page nothing is wider than the
// screen.
func TestCitizenJourney(t *testing.T) {
	ctx := browser(t)
	ts := sampleServer(t)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	fits := func(where string) {
		t.Helper()
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 375 {
			t.Errorf("%s is %d px wide on a 375 px screen", where, w)
		}
	}
	run(chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile), chromedp.Navigate(ts.URL+"/"))
	fits("the home page")
	if h := text(".latest-issue .issue-head"); !strings.Contains(h, "2025年第3期") {
		t.Errorf("home shows latest issue %q", h)
	}
	run(chromedp.Click(chromedp.CSS(".latest-issue .issue-head a")), chromedp.WaitVisible(chromedp.CSS("#toc")))
	fits("the issue page")
	run(chromedp.Click(chromedp.CSS("main .doclist a.doc-title")), chromedp.WaitVisible(chromedp.CSS(".doc-facts")))
	fits("a document page")
	openToggle(t, ctx, ".disclosure") // the table waits behind 信息公開要素 on a phone
	if m := text("table.meta"); !strings.Contains(m, "索引號") || !strings.Contains(m, "文號") {
		t.Errorf("document metadata table reads %q", m)
	}
	// The search box in the header, behind 檢索 on a phone: Simplified
	// in, Traditional out.
	openToggle(t, ctx, "header .search-toggle")
	run(typeInto(chromedp.CSS("header input[name=q]"), "供热 保障"), chromedp.Submit(chromedp.CSS("header form")),
		chromedp.WaitVisible(chromedp.CSS(".search-status")))
	fits("the search results")
	hits := text("main .doclist")
	if !strings.Contains(hits, "供熱") {
		t.Errorf("search 供热 保障 found no 供熱 document: %q", hits)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main .doclist mark').length`)); n == 0 {
		t.Error("no highlighted match in the results")
	}
	// A 文號 in another spelling finds its document first.
	run(chromedp.Navigate(ts.URL + "/search?q=" + "%E9%95%BF%E5%BA%9C%E5%8F%91%5B2025%5D3%E5%8F%B7"))
	if first := text("main .doclist li:first-child .docnum"); first != "長府發〔2025〕3號" {
		t.Errorf("search 长府发[2025]3号: first hit %q", first)
	}
}
