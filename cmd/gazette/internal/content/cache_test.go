package content

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

var cacheNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func cacheSite() fstest.MapFS {
	return fstest.MapFS{
		"site.yaml":           {Data: []byte("title: 測試\nbase_url: https://example.org/\norgan: {name: 辦公廳, code: X}\n")},
		"news/2025/a.md":      {Data: []byte("---\ntitle: 甲\ndate: 2025-01-01\nattachments: [a.csv]\n---\n正文甲\n")},
		"news/2025/a.csv":     {Data: []byte("x,y\n")},
		"briefings/2025/b.md": {Data: []byte("---\ntitle: 乙\ndate: 2025-01-02\norgan: 辦公廳\n---\n正文乙\n")},
		"news/2025/broken.md": {Data: []byte("---\ntitle: 丙\ndate: 2025-13-01\n---\n")},
	}
}

// TestCacheSurvivesSave: a cache written by one process and read by the next
// gives the same load, parses nothing again, and still reports the errors
// of a broken file at their line.
func TestCacheSurvivesSave(t *testing.T) {
	fsys := cacheSite()
	c := NewCache()
	_, err := Load(context.Background(), fsys, Options{Now: cacheNow, Cache: c})
	want := err.Error()
	file := filepath.Join(t.TempDir(), "content")
	if err := c.Save(file, "prog-1"); err != nil {
		t.Fatal(err)
	}
	c2, err := ReadCache(file, "prog-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), fsys, Options{Now: cacheNow, Cache: c2}); err == nil || err.Error() != want {
		t.Errorf("load through the read cache: %v; want %s", err, want)
	}
	delete(fsys, "news/2025/broken.md")
	s, err := Load(context.Background(), fsys, Options{Now: cacheNow, Cache: c2})
	if err != nil {
		t.Fatal(err)
	}
	if s.Parsed != 0 || len(s.Documents) != 2 {
		t.Errorf("parsed %d files and published %d documents; want 0 and 2", s.Parsed, len(s.Documents))
	}
	for _, d := range s.Documents {
		if d.Title == "甲" && (len(d.Attachments) != 1 || d.Attachments[0].Name != "a.csv") {
			t.Errorf("attachments of a cached document: %+v", d.Attachments)
		}
	}
	for name, key := range map[string]string{"another program's": "prog-2"} {
		if c3, err := ReadCache(file, key); err == nil || c3.Len() != 0 {
			t.Errorf("%s cache was read: %v", name, err)
		}
	}
	b, _ := os.ReadFile(file)
	b[len(b)/2] ^= 0xff
	os.WriteFile(file, b, 0o644)
	if c3, err := ReadCache(file, "prog-1"); err == nil || c3.Len() != 0 {
		t.Errorf("a damaged cache was read: %v", err)
	}
}

// TestWatchedLoad: a watched load reads again only what it is told changed,
// a folder included, and sees files added and removed.
func TestWatchedLoad(t *testing.T) {
	fsys := cacheSite()
	delete(fsys, "news/2025/broken.md")
	c := NewCache()
	load := func(changed ...string) *Site {
		t.Helper()
		s, err := Load(context.Background(), fsys, Options{Now: cacheNow, Cache: c, Watched: true, Changed: changed})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := load(); s.Parsed != 2 {
		t.Fatalf("first load parsed %d files", s.Parsed)
	}
	// An edit not reported is not seen: the caller promised to report.
	fsys["news/2025/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 甲改\ndate: 2025-01-01\n---\n")}
	if s := load(); s.Parsed != 0 {
		t.Errorf("a load with nothing changed parsed %d files", s.Parsed)
	}
	s := load("news/2025/a.md")
	if s.Parsed != 1 || title(s, "news/2025/a.md") != "甲改" {
		t.Errorf("after the edit: parsed %d, title %q", s.Parsed, title(s, "news/2025/a.md"))
	}
	fsys["news/2026/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 丁\ndate: 2025-06-01\n---\n")}
	if s := load("news/2026"); s.Parsed != 1 || title(s, "news/2026/c.md") != "丁" {
		t.Errorf("after a new folder: parsed %d", s.Parsed)
	}
	delete(fsys, "news/2026/c.md")
	if s := load("news/2026/c.md"); len(s.Documents) != 2 {
		t.Errorf("after a removal: %d documents", len(s.Documents))
	}
}

func title(s *Site, p string) string {
	for _, d := range s.All {
		if d.Path == p {
			return d.Title
		}
	}
	return ""
}
