package e2e

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusContent unpacks ../shared/corpus/gov-docs.tar.gz into a temporary
// directory and returns its content/ folder, with the sample site.yaml.
// Without the corpus the test skips, except under CI=true, where it fails.
func corpusContent(t *testing.T) string {
	t.Helper()
	archive := os.Getenv("GAZETTE_CORPUS")
	if archive == "" {
		wd, _ := os.Getwd()
		for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
			if p := filepath.Join(d, "shared", "corpus", "gov-docs.tar.gz"); fileExists(p) {
				archive = p
				break
			}
		}
	}
	if archive == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("the corpus ../shared/corpus/gov-docs.tar.gz is missing")
		}
		t.Skip("no corpus: put shared/corpus/gov-docs.tar.gz beside the repository or set GAZETTE_CORPUS")
	}
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasPrefix(h.Name, "content/") || strings.Contains(h.Name, "..") {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(h.Name))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yaml, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content", "site.yaml"), yaml, 0o644)
	return filepath.Join(dir, "content")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
