package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/search"
	"gazette/templates"
)

// TestEmbargo puts a gazette document with a future time inside a
// published issue, between two published ones, with its own organ, topic,
// attachment and alias. Until its time it is nowhere: not in public/, the
// feeds and their archives, the sitemap, the open data, the lists, the organ and topic pages,
// the neighbours' previous/next links, or the search index. At its time it
// is everywhere.
func TestEmbargo(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"site.yaml":                "title: 測試\nbase_url: https://gazette.example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"gazette/2025/01/index.md": "---\ntitle: 公報2025年第1期\nyear: 2025\nissue: 1\nserial: 1\ndate: 2025-01-20\n---\n",
		"gazette/2025/01/a.md":     "---\ntitle: 甲文件\ndate: 2025-01-20\norgan: 測試市政府\ncategory: 市政府文件\n---\n甲\n",
		"gazette/2025/01/b.md": "---\ntitle: 禁發乙文件SECRETTITLE\ndate: 2025-03-01T10:00:00+08:00\norgan: 禁發機構SECRETORGAN\n" +
			"topic: 禁發主題SECRETTOPIC\ncategory: 市政府文件\ndoc_number: 測府發〔2025〕9號\nattachments: [secret.csv]\naliases: [/old/secret.html]\n---\nSECRETBODY 禁發正文\n",
		"gazette/2025/01/secret.csv": "SECRETATTACHMENT\n",
		"gazette/2025/01/c.md":       "---\ntitle: 丙文件\ndate: 2025-01-20\norgan: 測試市政府\ncategory: 市政府文件\n---\n丙\n",
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	out := t.TempDir()
	cst := time.FixedZone("CST", 8*3600)
	run := func(now time.Time) (public string, ix *search.Index) {
		t.Helper()
		opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
			Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: now}
		if _, err := Run(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		ix, err := search.Open(real(t, opt.Index))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return real(t, opt.Public), ix
	}
	secrets := []string{"SECRETTITLE", "SECRETORGAN", "SECRETTOPIC", "SECRETBODY", "SECRETATTACHMENT", "測府發〔2025〕9號", "/gazette/2025/01/b/", "/old/secret"}
	found := func(ix *search.Index, q string) int {
		res, err := ix.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}

	// One second before its time: nowhere.
	public, ix := run(time.Date(2025, 3, 1, 9, 59, 59, 0, cst))
	assertAbsent(t, public, secrets...)
	for _, q := range []string{"SECRETBODY", "禁發", "測府發〔2025〕9號"} {
		if n := found(ix, q); n != 0 {
			t.Errorf("search %q finds %d before the embargo lifts", q, n)
		}
	}
	// Its month has no other document: no archive for it yet.
	if _, err := os.Stat(filepath.Join(public, "feeds/archive/2025/03.xml")); err == nil {
		t.Error("March's feed archive exists before its only document is out")
	}
	a, _ := os.ReadFile(filepath.Join(public, "gazette/2025/01/a/index.html"))
	if !strings.Contains(string(a), `rel="next" href="/gazette/2025/01/c/"`) {
		t.Error("the neighbour's next link does not skip the embargoed document")
	}

	// At its time: everywhere.
	public, ix = run(time.Date(2025, 3, 1, 10, 0, 0, 0, cst))
	for _, p := range []string{"gazette/2025/01/b/index.html", "gazette/2025/01/b/secret.csv", "old/secret.html", "feed.xml",
		"sitemap.xml", "data/documents.csv", "gazette/2025/01/index.html"} {
		if _, err := os.Stat(filepath.Join(public, p)); err != nil {
			t.Errorf("%s missing after the embargo: %v", p, err)
		}
	}
	for _, p := range []string{"feed.xml", "sitemap.xml", "data/documents.csv", "gazette/2025/01/index.html", "gazette/2025/01/c/index.html",
		"feeds/archive/2025/03.xml"} {
		if b, _ := os.ReadFile(filepath.Join(public, p)); !strings.Contains(string(b), "/gazette/2025/01/b/") {
			t.Errorf("%s does not list the document after the embargo", p)
		}
	}
	if n := found(ix, "SECRETBODY"); n != 1 {
		t.Errorf("search finds %d after the embargo, want 1", n)
	}
	if n := found(ix, "测府发[2025]9号"); n != 1 {
		t.Errorf("文號 search finds %d after the embargo, want 1", n)
	}
}
