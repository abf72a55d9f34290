package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/templates"
)

// TestRebuildsWhenDue: the preview publishes an embargoed document at its
// instant, with no file changed, as a scheduled build would.
func TestRebuildsWhenDue(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	// Far enough ahead that the first build, slow under the race detector
	// on a busy machine, is done before it.
	due := time.Now().Add(4 * time.Second).Truncate(time.Second)
	for name, data := range map[string]string{
		"site.yaml":      "title: 測試\nbase_url: https://example.org/\nlanguage: zh-Hant\ntimezone: Asia/Shanghai\norgan: {name: 測試辦公廳, code: X1}\n",
		"news/2025/a.md": "---\ntitle: 甲\ndate: 2025-01-01\n---\n甲。\n",
		"news/2025/b.md": "---\ntitle: 乙\ndate: " + due.Format(time.RFC3339) + "\n---\n乙。\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := New(Options{Build: build.Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}, ContentDir: src})
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.Build(ctx); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "public", "news", "2025", "b", "index.html")
	if _, err := os.Stat(page); err == nil && time.Now().Before(due) {
		t.Fatal("published before its instant")
	}
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for deadline := due.Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(page); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not published 20 s after its instant %v", due)
		}
	}
}
