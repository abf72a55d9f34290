//go:build unix

package edition_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gazette/cmd/gazette/internal/edition"
)

// TestCachedPDFReadable: the build hard-links a cached PDF into the site, so
// the cache keeps it as readable as any published file (0644), whatever the
// umask: nginx serving public/ as www-data would answer 403 for it otherwise.
func TestCachedPDFReadable(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	c := edition.OpenCache(filepath.Join(t.TempDir(), "editions"))
	key := strings.Repeat("ab", 32)
	s, err := c.Put(key, &edition.Edition{PDF: []byte("%PDF-1.7 made for the test"), Pages: 1, Starts: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := c.Get(key, 1)
	if !ok || got.Path != s.Path {
		t.Fatalf("Get after Put: %+v %v", got, ok)
	}
	info, err := os.Stat(s.Path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("the cached PDF is %v, want 0644", info.Mode().Perm())
	}
}
