package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gazette/cmd/gazette/internal/search"
	"gazette/templates"
)

// TestBuilderMatchesRun edits the sample content in the ways an editor does
// and, after each edit, compares what the incremental Builder left in
// public/ with a complete build of the same content, file by file: an
// incremental build that skipped a page or a feed it should have redone
// shows up here.
func TestBuilderMatchesRun(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	b := NewBuilder(Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime})
	ctx := context.Background()
	step := func(name string, changed ...string) Changes {
		t.Helper()
		ch, err := b.Build(ctx, changed...)
		if err != nil {
			t.Fatalf("%s: Build: %v", name, err)
		}
		if _, err := b.Index(ctx); err != nil {
			t.Fatalf("%s: Index: %v", name, err)
		}
		fd, err := b.Feeds(ctx)
		if err != nil {
			t.Fatalf("%s: Feeds: %v", name, err)
		}
		full := t.TempDir()
		sum, err := Run(ctx, Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
			Public: filepath.Join(full, "public"), Index: filepath.Join(full, "index"), Now: sampleTime})
		if err != nil {
			t.Fatalf("%s: Run: %v", name, err)
		}
		if fd.Feeds != sum.Feeds {
			t.Errorf("%s: the Builder counts %d feeds, a complete build %d", name, fd.Feeds, sum.Feeds)
		}
		got, want := hashTree(t, b.opt.Public), hashTree(t, filepath.Join(full, "public"))
		var diff []string
		for p, h := range want {
			if got[p] != h {
				diff = append(diff, p)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				diff = append(diff, p+" (should be gone)")
			}
		}
		slices.Sort(diff)
		if len(diff) > 0 {
			t.Errorf("%s: the incremental site differs from a complete build in %d files: %q", name, len(diff), diff)
		}
		return ch
	}
	edit := func(rel string, f func([]byte) []byte) string {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return rel
	}
	replace := func(old, new string) func([]byte) []byte {
		return func(b []byte) []byte {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%q not found", old)
			}
			return bytes.Replace(b, []byte(old), []byte(new), 1)
		}
	}
	heating := "gazette/2025/01/2025-office-doc-2-heating-supply.md"

	if ch := step("first build"); ch.Rendered < 40 {
		t.Errorf("the first build rendered %d documents", ch.Rendered)
	}
	ch := step("body edit", edit(heating, func(b []byte) []byte { return append(b, "\n補充說明：熱線24小時有人值守。\n"...) }))
	// One document rendered again; its page, its issue's (which shows its
	// summary) and its neighbours' links at most, not the site.
	if ch.Rendered != 1 || ch.Executed == 0 || ch.Executed > 12 {
		t.Errorf("after a body edit: %d documents rendered, %d pages executed; want 1 and a few", ch.Rendered, ch.Executed)
	}
	// The index was made beside the pages and swapped in by Index.
	ix, err := search.Open(b.opt.Index)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Query{Text: "热线24小时有人值守"})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want := "/gazette/2025/01/2025-office-doc-2-heating-supply/"; len(res.Hits) == 0 || res.Hits[0].URL != want {
		t.Errorf("after the body edit, the index does not find it first on %s: %+v", want, res.Hits)
	}
	step("title edit", edit(heating, replace("供熱保障工作的通知", "供熱保障工作的緊急通知")))
	step("organ moved", edit(heating, replace("organ: 長春市人民政府辦公廳", "organ: 長春市城市管理局")))
	step("topic moved", edit(heating, replace("topic: 城鄉建設、環境保護", "topic: 綜合政務")))
	news := "news/2026/2026-incremental-test.md"
	if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(news)),
		[]byte("---\ntitle: 市政府召開供熱工作調度會\ndate: 2026-11-20\norgan: 長春市人民政府辦公廳\ntopic: 城鄉建設、環境保護\n---\n\n會議聽取了供熱保障情況匯報。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("document added", news)
	if err := os.Remove(filepath.Join(src, filepath.FromSlash(news))); err != nil {
		t.Fatal(err)
	}
	step("document removed", news)
}

// TestBuilderWithoutIndex: a Builder given no index directory builds and
// rebuilds the site, and Index does nothing, as NewBuilder says.
// It touches nothing outside its public/: not an index/ beside it, not a
// file in the working directory.
func TestBuilderWithoutIndex(t *testing.T) {
	out := t.TempDir()
	content, err := filepath.Abs(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]string{filepath.Join(out, "index", "notes.txt"): "mine", filepath.Join(out, StampFile): "mine too"}
	for p, data := range mine {
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	t.Chdir(out)
	b := NewBuilder(Options{Content: os.DirFS(content), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Now: sampleTime})
	ctx := context.Background()
	defer func() {
		for p, data := range mine {
			if got, err := os.ReadFile(p); err != nil || string(got) != data {
				t.Errorf("%s: %q, %v; want it untouched", p, got, err)
			}
		}
	}()
	for i := range 2 {
		if _, err := b.Build(ctx); err != nil {
			t.Fatalf("Build %d: %v", i+1, err)
		}
		if ch, err := b.Index(ctx); err != nil || ch.Index != (search.Stats{}) {
			t.Fatalf("Index after Build %d = %+v, %v; want nothing done", i+1, ch.Index, err)
		}
		if _, err := b.Feeds(ctx); err != nil {
			t.Fatalf("Feeds after Build %d: %v", i+1, err)
		}
	}
}
