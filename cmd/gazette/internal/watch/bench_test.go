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
// page (fsnotify, the debounce, the incremental load, render, the pages and
// feeds made and written in place), and to the search index holding the
// edit (its incremental update, swapped in). Make the corpus
// with
//
//	/work/shared/corpus/scale.sh 10000 DIR && cp content/site.yaml DIR/content/
//
// and run
//
//	GAZETTE_SCALE_DIR=DIR go test -run '^$' -bench EditToVisible -benchtime 10x ./cmd/gazette/internal/watch
//
// The first, full build is not timed.
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
	// The watcher's terminal tells when each stage of a rebuild is done.
	lines := make(chan string, 64)
	w := New(Options{
		Build: build.Options{Content: os.DirFS(contentDir), ContentRoot: "content", Templates: templates.FS,
			Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index")},
		ContentDir: contentDir, Out: lineWriter(lines),
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	if err := w.Build(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("first build: %v", time.Since(t0))
	go w.Run(ctx)
	time.Sleep(500 * time.Millisecond)
	for len(lines) > 0 {
		<-lines
	}
	events, _ := w.hub.subscribe()
	originals := map[string][]byte{}
	defer func() {
		for p, data := range originals {
			os.WriteFile(p, data, 0o644)
		}
	}()
	wait := func(prefix string) {
		for {
			select {
			case l := <-lines:
				if strings.HasPrefix(l, prefix) {
					return
				}
			case <-time.After(2 * time.Minute):
				b.Fatalf("no %q line", prefix)
			}
		}
	}
	var page, index time.Duration
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
		page += time.Since(start)
		wait("rebuilt in")
		index += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(page.Milliseconds())/float64(b.N), "ms-to-reload")
	b.ReportMetric(float64(index.Milliseconds())/float64(b.N), "ms-to-index")
}

// lineWriter sends each line written to it to lines, and shows it.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	os.Stderr.Write(p)
	for _, l := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w <- l
	}
	return len(p), nil
}
