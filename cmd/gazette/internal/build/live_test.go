package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/publish"
	"gazette/templates"
)

// TestFreeOnceLive: once a build's new page can be read, the build has
// nothing left to do that needs the store, so another build started on
// seeing the page (by a person, or by a publisher waiting for it) is not
// turned away as "another gazette build is writing". The caches that a
// build keeps for the next one are on disk before its page is live.
func TestFreeOnceLive(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	contentCache := filepath.Join(out, publish.StoreDir, "cache", "content")
	for i := range 3 {
		name := fmt.Sprintf("probe-%d", i)
		before, err := os.Stat(contentCache)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "news", "2026", name+".md"), []byte("---\ntitle: 探測"+name+"\ndate: 2026-01-05\n---\n正文。\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := Run(context.Background(), opt)
			done <- err
		}()
		page := filepath.Join(opt.Public, "news", "2026", name, "index.html")
		for seen := false; !seen; {
			_, err := os.Stat(page)
			seen = err == nil
			select {
			case err := <-done:
				if _, serr := os.Stat(page); serr != nil {
					t.Fatalf("build %d ended (%v) and its page is not there", i, err)
				}
				done <- err
			default:
			}
		}
		if after, err := os.Stat(contentCache); err != nil || os.SameFile(before, after) {
			t.Errorf("build %d: its page is live before its content cache is kept (%v)", i, err)
		}
		// The build lets go of the store in the same breath as its page
		// goes live; a moment for the scheduler, no more.
		seen := time.Now()
		lk, err := publish.Store{Public: opt.Public, Index: opt.Index}.Lock()
		for err != nil && time.Since(seen) < 100*time.Millisecond {
			time.Sleep(time.Millisecond)
			lk, err = publish.Store{Public: opt.Public, Index: opt.Index}.Lock()
		}
		if err != nil {
			t.Errorf("build %d: its page is live, but the store is not free %v later: %v", i, time.Since(seen).Round(time.Millisecond), err)
		} else {
			lk.Unlock()
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
