package site_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/site"
	"gazette/cmd/gazette/internal/testcorpus"
	"gazette/cmd/internal/golden"
	"gazette/templates"
)

// assembleSite loads, renders and assembles a content tree: every file
// the site and its feeds plan, made.
func assembleSite(t testing.TB, fsys fs.FS, now time.Time) (*content.Site, []publish.File) {
	t.Helper()
	s, err := content.Load(context.Background(), fsys, content.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s, assembleLoaded(t, s, fsys)
}

// assembleWith gives the generated files of a content tree, made with the
// templates of tmpl, by path.
func assembleWith(t testing.TB, fsys fs.FS, tmpl fs.FS) map[string][]byte {
	t.Helper()
	s, err := content.Load(context.Background(), fsys, content.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range assembleTemplates(t, s, fsys, tmpl) {
		out[f.Path] = f.Data
	}
	return out
}

// assembleLoaded renders and assembles a loaded content tree.
func assembleLoaded(t testing.TB, s *content.Site, fsys fs.FS) []publish.File {
	t.Helper()
	return assembleTemplates(t, s, fsys, templates.FS)
}

func assembleTemplates(t testing.TB, s *content.Site, fsys fs.FS, tmplFS fs.FS) []publish.File {
	t.Helper()
	return assembleFacts(t, s, fsys, tmplFS, nil)
}

// assembleFacts renders and assembles a loaded content tree as the build
// does, with what it learns of each document from its body, then adjusted
// by learn (what the build learns from the issue PDFs), when set.
func assembleFacts(t testing.TB, s *content.Site, fsys fs.FS, tmplFS fs.FS, learn func(content.Facts)) []publish.File {
	t.Helper()
	r := render.New()
	bodies := map[*content.Document]render.Body{}
	facts := content.Facts{}
	for _, d := range s.Documents {
		res, err := r.Render(d.Body)
		if err != nil {
			t.Fatal(err)
		}
		bodies[d] = render.Body{HTML: res.HTML, Text: res.Text, Summary: res.Summary, Runes: res.Runes}
		x := &content.Derived{Summary: d.Summary, PDF: d.PDF, ReadingRunes: res.Runes}
		if x.Summary == "" {
			x.Summary = res.Summary
		}
		facts[d] = x
	}
	if learn != nil {
		learn(facts)
	}
	body := func(d *content.Document) (render.Body, error) { return bodies[d], nil }
	tmpl, err := site.LoadTemplates(tmplFS, s.Config)
	if err != nil {
		t.Fatal(err)
	}
	stamps := content.Stamps(s.Documents, facts)
	jobs, err := site.Plan(s, tmpl, site.Inputs{Stamps: stamps, Body: body, Facts: facts, Content: fsys})
	if err != nil {
		t.Fatal(err)
	}
	jobs = append(jobs, feeds.Plan(s, [32]byte{}, stamps, body, facts)...)
	var files []publish.File
	for _, j := range jobs {
		fs, err := j.Make()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	return files
}

// assemble gives the generated files of a content tree by path.
func assemble(t testing.TB, fsys fstest.MapFS, now time.Time) map[string][]byte {
	t.Helper()
	_, files := assembleSite(t, fsys, now)
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
		if f.Src != "" {
			out[f.Path] = []byte("copy of " + f.Src)
		}
	}
	return out
}

func txtarFS(t testing.TB, file string) fstest.MapFS {
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// goldenPages lists the pages compared byte for byte: one of every kind.
var goldenPages = []string{
	"index.html",
	"gazette/index.html",
	"gazette/2025/index.html",
	"gazette/2025/01/index.html",
	"gazette/2025/01/order/index.html",
	"gazette/2025/01/old/index.html",
	"briefings/index.html",
	"briefings/page/2/index.html",
	"news/2025/explain/index.html",
	"organs/index.html",
	"topics/綜合政務/index.html",
	"archive/2025/index.html",
	"about/duties/index.html",
	"feeds/index.html",
	"d/11220100MB1979017X-2025-50007087/index.html", // a short link
	"404.html",
	"sitemap.xml",
	"sitemap/index.html", // the site map for people
	"data/index.html",
}

func TestGolden(t *testing.T) {
	out := assemble(t, txtarFS(t, "testdata/site.txtar"), now)
	for _, p := range goldenPages {
		got, ok := out[p]
		if !ok {
			t.Errorf("%s not generated", p)
			continue
		}
		golden.Check(t, filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_")), got)
	}
}

func TestPages(t *testing.T) {
	out := assemble(t, txtarFS(t, "testdata/site.txtar"), now)
	for p, wants := range map[string][]string{
		// Pagination: page_size 2, three briefings.
		"briefings/index.html":        {`rel="next" href="/briefings/page/2/"`, "第1頁，共2頁"},
		"briefings/page/2/index.html": {`rel="prev" href="/briefings/"`, "一月政務公開工作簡報"},
		// Issue contents grouped by category in order: 市政府令 before 市政府文件.
		"gazette/2025/01/index.html": {"市政府令", "市政府文件", "總第101期"},
		// Prev/next within the issue.
		"gazette/2025/01/order/index.html": {`rel="next" href="/gazette/2025/01/old/"`, `<h2 id="c1" class="chapter">`, `<p id="a1" class="article"><span class="article-num">第一條</span>為了&lt;規範&gt;政府信息公開工作，制定本規定。`, "table.csv", "更新於"},
		// Repealed by a later issue's document, shown both ways.
		"gazette/2025/01/old/index.html":    {"本文件已廢止", "/gazette/2025/02/repeal/"},
		"gazette/2025/02/repeal/index.html": {"本文件廢止", "/gazette/2025/01/old/"},
		"organs/index.html":                 {"測試市人民政府"},
	} {
		page := string(out[p])
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", p, w)
			}
		}
	}
	if !strings.Contains(string(out["gazette/2025/01/order/index.html"]), "<th>項目</th>") {
		t.Error("GFM table not rendered")
	}
	// The issue's order puts 市政府令 first.
	issue := string(out["gazette/2025/01/index.html"])
	if strings.Index(issue, "市政府令") > strings.Index(issue, "市政府文件") {
		t.Error("issue contents not in category order")
	}
	short := 0
	for p := range out {
		if strings.HasPrefix(p, "d/") {
			short++
			if !bytes.Contains(out[p], []byte(`http-equiv="refresh"`)) {
				t.Errorf("short link %s is not a redirect", p)
			}
			// A redirect page stands alone: one per document, read for an
			// instant, it carries none of the site's chrome.
			if bytes.Contains(out[p], []byte(`class="masthead"`)) || !bytes.HasPrefix(out[p], []byte("<!DOCTYPE html>\n")) || len(out[p]) > 1024 {
				t.Errorf("short link %s is not a minimal page (%d bytes):\n%s", p, len(out[p]), out[p])
			}
		}
	}
	if short < 3 {
		t.Errorf("%d short links /d/…/ written; want one per document", short)
	}
}

// TestCorpus builds every document of the real corpus (≈5,500 files, both
// scripts) through load, render and assemble.
func TestCorpus(t *testing.T) {
	yaml, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := testcorpus.Content(t, yaml)
	s, files := assembleSite(t, os.DirFS(dir), time.Now())
	w := publish.NewWriter(t.TempDir(), "", os.DirFS(dir))
	if err := parallel.Do(context.Background(), len(files), func(i int) error { return w.Write(files[i]) }); err != nil {
		t.Fatal(err)
	}
	if len(s.Documents) < 5000 {
		t.Errorf("corpus gave %d documents", len(s.Documents))
	}
	var pages int
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages++
		}
	}
	t.Logf("corpus: %d documents, %d files, %d HTML pages", len(s.Documents), len(files), pages)
}

// A page template stands alone by defining "page"; base.html may not, or
// every page would lose the site's chrome.
func TestOnlyPagesStandAlone(t *testing.T) {
	fsys := site.Overlay(fstest.MapFS{"base.html": {Data: []byte(`{{define "page"}}<!DOCTYPE html>{{end}}`)}}, templates.FS)
	if _, err := site.LoadTemplates(fsys, content.Default()); err == nil || !strings.Contains(err.Error(), `base.html defines "page"`) {
		t.Errorf("base.html defining \"page\": error %v", err)
	}
}
