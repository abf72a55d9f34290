package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The sample site is clean: no errors, no warnings.
func TestSampleClean(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	ds, err := Check(context.Background(), os.DirFS(filepath.Join("..", "..", "..", "..", "content")), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Severity != Info {
			t.Errorf("%s", d)
		} else {
			t.Logf("%s", d)
		}
	}
}
