package feeds

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact bytes of one feed in each format, of one
// archive and of the CSV.
// After an intended change, run `go test ./cmd/gazette/internal/feeds -update`
// and review the diff of testdata/.
func TestGolden(t *testing.T) {
	files := build(t, loadSite(t, repealed, after))
	for golden, name := range map[string]string{
		"issue-feed.xml":  "gazette/2025/01/feed.xml",
		"issue-atom.xml":  "gazette/2025/01/atom.xml",
		"issue-feed.json": "gazette/2025/01/feed.json",
		"archive.xml":     "feeds/archive/2025/02.xml",
		"documents.csv":   "data/documents.csv",
	} {
		path := filepath.Join("testdata", golden)
		got := files[name]
		if strings.HasSuffix(name, ".json") {
			// Feeds are written compact; the golden file is indented so
			// that its diffs are readable. TestDeterministic covers the bytes.
			var buf bytes.Buffer
			if err := json.Indent(&buf, got, "", "  "); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got = buf.Bytes()
		}
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (-want +got; run with -update if intended):\n%s", name, path, lineDiff(string(want), string(got)))
		}
	}
}

// lineDiff is a minimal line diff (longest common subsequence), enough to
// show what changed in a golden file.
func lineDiff(a, b string) string {
	x, y := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	line := func(sign string, s string) { fmt.Fprintf(&out, "%s %s", sign, strings.TrimSuffix(s, "\n")+"\n") }
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			line("-", x[i])
			i++
		default:
			line("+", y[j])
			j++
		}
	}
	return out.String()
}

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc\n", "a\nB\nc\nd\n")
	if want := "- b\n+ B\n+ d\n"; got != want {
		t.Errorf("lineDiff:\n%s\nwant\n%s", got, want)
	}
}
