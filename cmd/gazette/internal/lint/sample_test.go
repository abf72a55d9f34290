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

func TestDocNumberYear(t *testing.T) {
	for n, want := range map[string]int{"長府發〔2025〕3號": 2025, "长府发[2024]3号": 2024, "長府發(2023)3號": 2023,
		"長府辦發（2022）1號": 2022, "长府发2021年第3号": 2021, "長府令第120號": 0} {
		if got := DocNumberYear(n); got != want {
			t.Errorf("DocNumberYear(%q) = %d, want %d", n, got, want)
		}
	}
}
