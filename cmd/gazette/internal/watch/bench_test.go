package watch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/templates"
)

// BenchmarkEditToVisible measures, on a scaled corpus, the time from saving
// one document to the "reload" event that makes open tabs fetch the new
// page: fsnotify, the debounce, the incremental load, render and page
// execution, and the in-place write. Make the corpus with
//
//	/work/shared/corpus/scale.sh 10000 DIR && cp content/site.yaml DIR/content/
//
// and run
//
//	GAZETTE_SCALE_DIR=DIR go test -run '^$' -bench EditToVisible -benchtime 10x ./cmd/gazette/internal/watch
//
// The first, full build is not timed. The search index is left out (its
// incremental update follows in Finish, with the feeds, after the reload).
func BenchmarkEditToVisible(b *testing.B) {
	dir := os.Getenv("GAZETTE_SCALE_DIR")
	if dir == "" {
		b.Skip("GAZETTE_SCALE_DIR not set")
	}
	contentDir := filepath.Join(dir, "content")
	out := b.TempDir()
	var docs []string
	filepath.WalkDir(contentDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "index.md" && len(docs) < 50 {
			docs = append(docs, p)
		}
		return nil
	})
	finished := make(chan struct{}, 16)
	calls := 0
	w := New(Options{
		Build:      build.Options{Content: os.DirFS(contentDir), ContentRoot: "content", Templates: templates.FS, Public: filepath.Join(out, "public")},
		ContentDir: contentDir, Out: os.Stderr,
		Changed: func() {
			calls++
			if calls%2 == 0 {
				finished <- struct{}{}
			}
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	if err := w.Build(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("first build: %v", time.Since(t0))
	calls = 0
	go w.Run(ctx)
	time.Sleep(500 * time.Millisecond)
	events, _ := w.hub.subscribe()
	originals := map[string][]byte{}
	defer func() {
		for p, data := range originals {
			os.WriteFile(p, data, 0o644)
		}
	}()
	var total, finish time.Duration
	b.ResetTimer()
	for i := range b.N {
		p := docs[i%len(docs)]
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := originals[p]; !ok {
			originals[p] = data
		}
		start := time.Now()
		if err := os.WriteFile(p, append(data, fmt.Sprintf("\n編輯第%d次。\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		for e := range events {
			if e.name == "reload" {
				break
			}
			if e.name == "problem" {
				b.Fatal(e.data)
			}
		}
		visible := time.Since(start)
		total += visible
		select {
		case <-finished:
		case <-time.After(2 * time.Minute):
			b.Fatal("Finish did not end")
		}
		finish += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-reload")
	b.ReportMetric(float64(finish.Milliseconds())/float64(b.N), "ms-to-feeds")
}
