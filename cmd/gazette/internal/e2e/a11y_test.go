package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gazette/cmd/gazette/internal/site"
)

// axeTags are the axe-core rules of WCAG 2.0, 2.1 and 2.2, levels A and
// AA: wcag22aa adds target-size (2.5.8), which the others leave out.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// TestAxe runs axe-core, injected into every kind of page, in both reading
// modes, on a desktop and on a phone: no violation of any WCAG 2.1 A or AA
// rule, whatever its impact.
func TestAxe(t *testing.T) {
	_, axePath := npmTool(t, "axe-core/axe.min.js")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	ts := sampleServer(t)
	// Injected into every page before its own scripts; evaluated by the
	// browser's debugger, so the site's CSP does not apply to it.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axe)}); err != nil {
		t.Fatal(err)
	}
	tags, _ := json.Marshal(axeTags)
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]}).then(r =>
		r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`
	violations := func() []string {
		t.Helper()
		return eval[[]string](t, ctx, run, chromedp.EvalAwaitPromise)
	}

	// The control: a page without a language must be caught.
	viewport(t, ctx, 1280)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `document.documentElement.removeAttribute("lang"); true`)
	if v := violations(); len(v) == 0 || !strings.HasPrefix(v[0], "html-has-lang") {
		t.Fatalf("axe missed a page without a language: %q", v)
	}

	checked, found := 0, 0
	for _, mode := range []string{standard, elder} {
		setMode(t, ctx, ts.URL, mode)
		for _, width := range []int64{1280, 375} {
			viewport(t, ctx, width)
			for _, k := range pageKinds {
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+k.path)); err != nil {
					t.Fatal(err)
				}
				for _, v := range violations() {
					t.Errorf("%s mode, %d px, %s (%s): %s", mode, width, k.name, k.path, v)
					found++
				}
				checked++
			}
		}
	}
	t.Logf("axe-core: %d pages, %d violations", checked, found)
	recordAudit(t, "axe-core", site.AuditRun{Tool: "axe-core", Checks: "WCAG 2.0、2.1、2.2 A級和AA級規則",
		Scope: auditScope + "，標準版和長輩版，桌面和手機寬度", Pages: checked, Problems: found})
}

// TestHTMLValid runs html-validate with its recommended rules over every
// page of the built sample site and every kind of search page: no error.
func TestHTMLValid(t *testing.T) {
	node, cli := npmTool(t, "html-validate/bin/html-validate.mjs")
	ts, public := sampleSite(t)
	dir := t.TempDir()
	var files []string
	filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if len(files) < 100 {
		t.Fatalf("the sample site has only %d pages", len(files))
	}
	// Every page tells search engines what it is, but for the redirects from
	// old addresses, which ask not to be indexed at all.
	described := regexp.MustCompile(`<meta name="description" content="[^"]+">`)
	noindex := regexp.MustCompile(`<meta name="robots" content="noindex">`)
	for _, f := range files {
		if b, _ := os.ReadFile(f); !described.Match(b) && !noindex.Match(b) {
			t.Errorf("%s has no meta description", f)
		}
	}
	// The search pages are made by the server for each request.
	for name, target := range map[string]string{
		"search":      "/search?q=%E4%BE%9B%E7%83%AD",
		"facet":       "/search?q=%E6%94%BF%E5%BA%9C&section=gazette&page=2",
		"no-results":  "/search?q=zzzzqqq",
		"bad-query":   "/search?q=x&year=abc",
		"empty-query": "/search",
	} {
		resp, err := http.Get(ts.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		p := filepath.Join(dir, name+".html")
		os.WriteFile(p, b, 0o644)
		files = append(files, p)
	}
	// The control: a page with an unclosed element and a duplicate id.
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte("<!DOCTYPE html>\n<html lang=\"zh-Hant\"><head><title>x</title></head><body><main><p id=a>x</p><p id=a>y</div></main></body></html>\n"), 0o644)
	files = append(files, control)
	// The recommended rules, with one relaxed: an id may begin with a digit
	// or a Chinese character, as HTML allows, because heading ids keep the
	// heading's text ("1-總則") and links to them must keep working.
	config, err := filepath.Abs(filepath.Join("testdata", "htmlvalidate.json"))
	if err != nil {
		t.Fatal(err)
	}

	// The report goes to a file: through a pipe, node can exit before a
	// long one is written out.
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command(node, append([]string{cli, "--config", config, "--formatter", "json=" + report}, files...)...)
	stderr, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	out, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("html-validate wrote no report: %v\n%s", err, stderr)
	}
	var results []struct {
		FilePath string
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Severity int
			Message  string
			Line     int
			Column   int
		}
		ErrorCount int `json:"errorCount"`
	}
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("html-validate: %v: %.500s %s", err, out, stderr)
	}
	caught := false
	found := 0
	for _, r := range results {
		if r.FilePath == control {
			caught = r.ErrorCount >= 2
			continue
		}
		rel, _ := filepath.Rel(public, r.FilePath)
		if strings.HasPrefix(rel, "..") {
			rel = filepath.Base(r.FilePath)
		}
		for _, m := range r.Messages {
			if m.Severity == 2 {
				t.Errorf("%s:%d:%d: %s (%s)", rel, m.Line, m.Column, m.Message, m.RuleID)
				found++
			}
		}
	}
	if !caught {
		t.Errorf("html-validate did not catch the broken control page: %.500s", out)
	}
	t.Logf("html-validate: %d pages", len(files)-1)
	recordAudit(t, "html-validate", site.AuditRun{Tool: "html-validate", Checks: "HTML規範（推薦規則）",
		Scope: "示例網站的全部頁面和各類檢索頁，繁簡兩種文字", Pages: len(files) - 1, Problems: found})
}

// audited are the kinds of page Lighthouse audits, in both scripts: one
// of each that a reader lands on (a Lighthouse run takes seconds a page).
var audited = map[string]bool{"home": true, "section": true, "issue": true, "document": true, "news": true, "organ": true,
	"report": true, "sitemap": true, "data": true, "accessibility": true, "search": true, "no-results": true, "feeds": true, "notfound": true}

// TestLighthouse audits the kinds of page a reader lands on in Lighthouse,
// a real auditor, in Debian's Chromium: accessibility, best practices and
// SEO all at 100 (every audit that applies passes).
func TestLighthouse(t *testing.T) {
	node, _ := npmTool(t, "lighthouse/package.json")
	chromium := chromiumPath(t)
	ts := sampleServer(t)
	// The control: a page Lighthouse must fault, with no language, title
	// or description, served beside the sample site (which no test changes).
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!DOCTYPE html><html><body><p>x</p></body></html>")
	}))
	defer control.Close()
	urls := []string{control.URL + "/control.html"}
	for _, k := range pageKinds {
		if !audited[strings.TrimSuffix(k.name, "-hans")] {
			continue
		}
		path := k.path
		if strings.HasSuffix(path, "/no/such/page/") {
			// Lighthouse does not audit a page answered with 404; this is
			// the same page as a file.
			path = strings.TrimSuffix(path, "no/such/page/") + "404.html"
		}
		urls = append(urls, ts.URL+path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Two Lighthouses, each with its Chromium, share the pages: a run
	// mostly waits on the browser.
	var outs [2]bytes.Buffer
	var stderr [2]bytes.Buffer
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		var part []string
		for i := w; i < len(urls); i += 2 {
			part = append(part, urls[i])
		}
		cmd := exec.CommandContext(ctx, node, append([]string{"lighthouse.mjs"}, part...)...)
		cmd.Dir = "testdata"
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
		cmd.Stdout, cmd.Stderr = &outs[w], &stderr[w]
		wg.Add(1)
		go func() { defer wg.Done(); errs[w] = cmd.Run() }()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("lighthouse: %v\n%s", err, stderr[w].Bytes())
		}
	}
	out := append(outs[0].Bytes(), outs[1].Bytes()...)
	type result struct {
		URL    string
		Scores map[string]float64
		Failed []string
		Error  string
	}
	var results []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("lighthouse printed %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) != len(urls) {
		t.Fatalf("lighthouse audited %d pages of %d\n%s%s", len(results), len(urls), stderr[0].Bytes(), stderr[1].Bytes())
	}
	found := 0
	for _, r := range results {
		name := strings.TrimPrefix(r.URL, ts.URL)
		if r.URL == control.URL+"/control.html" {
			if r.Error == "" && len(r.Failed) < 2 {
				t.Fatalf("lighthouse found nothing wrong with the control page: %+v", r)
			}
			continue
		}
		if r.Error != "" {
			t.Errorf("%s: %s", name, r.Error)
		}
		for _, cat := range []string{"accessibility", "best-practices", "seo"} {
			if r.Scores[cat] != 1 {
				t.Errorf("%s: %s %.0f", name, cat, r.Scores[cat]*100)
			}
		}
		for _, f := range r.Failed {
			t.Errorf("%s: %s", name, f)
			found++
		}
	}
	t.Logf("lighthouse: %d pages at 100 in accessibility, best practices and SEO", len(results)-1)
	recordAudit(t, "lighthouse", site.AuditRun{Tool: "Lighthouse", Checks: "無障礙、最佳實踐、搜索引擎優化三項評分",
		Scope: auditScope, Pages: len(results) - 1, Problems: found})
}
