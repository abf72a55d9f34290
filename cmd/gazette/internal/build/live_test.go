package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gazette/cmd/gazette/internal/publish"
	"gazette/templates"
)

// TestFreeOnceLive: once a build's new page can be read, the build has
// nothing left to do but let go of the store: the caches it keeps for the
// next build are on disk before its page is live, and another build
// started on seeing the page (by a person, or by a publisher waiting for
// it) is not turned away as "another gazette build is writing".
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
		// What the build has left to do is let go of the store, which a
		// build that arrives meanwhile waits for.
		if lk, err := (publish.Store{Public: opt.Public, Index: opt.Index}).Lock(); err != nil {
			t.Errorf("build %d: its page is live, but another build is turned away: %v", i, err)
		} else {
			lk.Unlock()
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
