package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gazette/templates"
)

// TestInterruptedFullBuildKeepsCaches: a -full build stopped at any stage
// (Ctrl-C, a full disk) leaves the caches as the last build saved them,
// since it replaces them whole or not at all: the next build reads and
// renders nothing again, and has nothing to say.
func TestInterruptedFullBuildKeepsCaches(t *testing.T) {
	for _, stage := range []string{"load", "render", "write"} {
		t.Run(stage, func(t *testing.T) {
			out := t.TempDir()
			opt := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS,
				Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
			first, err := Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if first.Rendered == 0 || first.Parsed == 0 {
				t.Fatalf("the first build rendered %d and parsed %d", first.Rendered, first.Parsed)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			full := opt
			full.Full = true
			stopped := false
			full.Progress = func(s string, done, total int) {
				// At the stage's start, or for render once every body is
				// rendered (and so written to the cache's files).
				if s == stage && (s != "render" || done == total && total > 0) {
					stopped = true
					cancel()
				}
			}
			if _, err := Run(ctx, full); !errors.Is(err, context.Canceled) {
				t.Fatalf("the -full build stopped at %s: %v, want context.Canceled", stage, err)
			}
			if !stopped {
				t.Fatalf("the -full build never reached %s", stage)
			}
			sum, err := Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Parsed != 0 || sum.Rendered != 0 || sum.Notice != "" || !sum.Unchanged {
				t.Errorf("after a -full build stopped at %s, the next build parsed %d files and rendered %d bodies (notice %q, unchanged %v): "+
					"want the caches as they were, and nothing done", stage, sum.Parsed, sum.Rendered, sum.Notice, sum.Unchanged)
			}
		})
	}
}
