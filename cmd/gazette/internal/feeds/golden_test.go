package feeds

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"gazette/cmd/internal/golden"
)

// TestGolden pins the exact bytes of one feed in each format, of one
// archive and of the CSV.
// After an intended change, run `go test ./cmd/gazette/internal/feeds -update`
// and review the diff of testdata/.
func TestGolden(t *testing.T) {
	files := build(t, loadSite(t, repealed, after))
	for file, name := range map[string]string{
		"issue-feed.xml":  "gazette/2025/01/feed.xml",
		"issue-atom.xml":  "gazette/2025/01/atom.xml",
		"issue-feed.json": "gazette/2025/01/feed.json",
		"archive.xml":     "feeds/archive/2025/02.xml",
		"documents.csv":   "data/documents.csv",
	} {
		path := filepath.Join("testdata", file)
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
		golden.Check(t, path, got)
	}
}
