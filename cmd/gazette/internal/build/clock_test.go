package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/templates"
)

// TestDateInSiteZone pins how an editor's date is read: "date: 2025-03-01"
// means midnight in the site's zone (Asia/Shanghai), not UTC, whatever the
// machine's zone. The document is absent from a build at 23:59 the evening
// before and everywhere at 00:00, and the feeds and the sitemap give it
// that day and offset.
func TestDateInSiteZone(t *testing.T) {
	src := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":              "title: 測試\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"news/2025/old.md":       "---\ntitle: 舊聞\ndate: 2025-01-01\n---\n舊。\n",
		"news/2025/march-one.md": "---\ntitle: 三月一日發布\ndate: 2025-03-01\n---\n正文。\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(now time.Time) string {
		t.Helper()
		out := t.TempDir()
		opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
			Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: now}
		if _, err := Run(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		return real(t, opt.Public)
	}
	page := filepath.Join("news", "2025", "march-one", "index.html")

	before := build(time.Date(2025, 2, 28, 23, 59, 0, 0, cst))
	if _, err := os.Stat(filepath.Join(before, page)); err == nil {
		t.Error("date: 2025-03-01 is published at 2025-02-28T23:59+08:00")
	}
	assertAbsent(t, before, "三月一日發布", "march-one")

	after := build(time.Date(2025, 3, 1, 0, 0, 0, 0, cst))
	if _, err := os.Stat(filepath.Join(after, page)); err != nil {
		t.Errorf("date: 2025-03-01 is not published at 2025-03-01T00:00+08:00: %v", err)
	}
	for file, want := range map[string]string{
		"atom.xml":    "<published>2025-03-01T00:00:00+08:00</published>",
		"feed.json":   `"date_published":"2025-03-01T00:00:00+08:00"`,
		"feed.xml":    "<pubDate>Sat, 01 Mar 2025 00:00:00 +0800</pubDate>",
		"sitemap.xml": "<loc>https://example.org/news/2025/march-one/</loc>\n  <lastmod>2025-03-01</lastmod>",
	} {
		b, err := os.ReadFile(filepath.Join(after, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", file, want, b)
		}
	}
}
