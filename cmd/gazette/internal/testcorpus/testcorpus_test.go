package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFindFolderOrArchive: GAZETTE_CORPUS names the corpus folder, as the
// benchmark reads it, or the archive itself.
func TestFindFolderOrArchive(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, archiveName)
	if err := os.WriteFile(archive, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{dir, archive} {
		t.Setenv("GAZETTE_CORPUS", v)
		if got := Find(); got != archive {
			t.Errorf("GAZETTE_CORPUS=%s: Find() = %q, want %q", v, got, archive)
		}
	}
}
