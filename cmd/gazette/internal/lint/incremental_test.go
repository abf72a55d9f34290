package lint

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"gazette/cmd/gazette/internal/content"
)

func incrementalTree() fstest.MapFS {
	doc := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2025-01-02\norgan: 長春市人民政府\n---\n" + body + "\n")}
	}
	return fstest.MapFS{
		"site.yaml":                  {Data: []byte("title: 測試\nbase_url: https://example.org/\norgan: {name: 長春市人民政府, code: X}\n")},
		"briefings/2025/a.md":        doc("甲", "見[乙](/no/such/page/)。"),
		"briefings/2025/b.md":        doc("乙", "見[甲](a.md)。"),
		"briefings/2025/c.md":        doc("丙", "無連結。"),
		"briefings/2025/picture.png": {Data: []byte("png")},
	}
}

func paths(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

// Only limits the findings to the files named; with a Cache, a check after
// an edit names what changed and sees the edit.
func TestOnlyAndCache(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fsys := incrementalTree()
	all, err := Check(ctx, fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Path != "content/briefings/2025/a.md" || all[0].Severity != Error {
		t.Fatalf("the whole check: %q, want one error in a.md", paths(all))
	}
	some, err := Check(ctx, fsys, Options{Now: now, Only: []string{"briefings/2025/b.md", "briefings/2025/c.md"}})
	if err != nil || len(some) != 0 {
		t.Fatalf("Only b and c: %q, %v; want nothing", paths(some), err)
	}

	cache := content.NewCache()
	first, err := Check(ctx, fsys, Options{Now: now, Cache: cache, Only: []string{"briefings/2025/a.md"}})
	if err != nil || !slices.Equal(paths(first), paths(all)) {
		t.Fatalf("first check with a cache: %q, %v; want %q", paths(first), err, paths(all))
	}
	// c.md now links to a missing document, and b.md's link is unchanged:
	// a check naming c.md as changed sees it, from the body read again.
	fsys["briefings/2025/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 丙\ndate: 2025-01-02\norgan: 長春市人民政府\n---\n見[丁](d.md)和![](picture.png)。\n")}
	got, err := Check(ctx, fsys, Options{Now: now, Cache: cache, Changed: []string{"briefings/2025/c.md"}, Only: []string{"briefings/2025/c.md"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/briefings/2025/c.md:6:6: error: link to d.md: no document content/briefings/2025/d.md",
		"content/briefings/2025/c.md:6:16: warning: image picture.png has no alt text: describe it in the brackets, ![說明](picture.png)",
	}
	if !slices.Equal(paths(got), want) {
		t.Errorf("after the edit: %q\nwant %q", paths(got), want)
	}
	// A load error is reported wherever it is, Only or not.
	fsys["briefings/2025/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 乙\ndate: 2025-13-02\norgan: 長春市人民政府\n---\n")}
	got, err = Check(ctx, fsys, Options{Now: now, Cache: cache, Changed: []string{"briefings/2025/b.md"}, Only: []string{"briefings/2025/c.md"}})
	if err != nil || !slices.ContainsFunc(got, func(d Diagnostic) bool { return d.Path == "content/briefings/2025/b.md" && d.Severity == Error }) {
		t.Errorf("a bad date in b.md, checking c.md: %q, %v", paths(got), err)
	}
}
