// Package testcorpus gives tests the real document corpus: the archive in
// ../shared/corpus (≈5,000 government documents in the content format),
// unpacked into a temporary content/ folder with the sample site.yaml.
//
// The archive is looked for in $GAZETTE_CORPUS (the corpus folder, as for
// the benchmark, or the archive itself), then in shared/corpus of every
// folder above the working directory. Without it a test skips with a
// message — except under CI=true, where it fails: CI must have the corpus.
package testcorpus

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gazette/cmd/internal/testenv"
)

const archiveName = "gov-docs.tar.gz"

// Find returns the corpus archive's path, or "" where there is none.
func Find() string {
	if p := os.Getenv("GAZETTE_CORPUS"); p != "" {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return filepath.Join(p, archiveName)
		}
		return p
	}
	wd, _ := os.Getwd()
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "corpus", archiveName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Archive returns the corpus archive's path, or skips (fails under CI).
func Archive(t testing.TB) string {
	t.Helper()
	if p := Find(); p != "" {
		return p
	}
	testenv.Missing(t, "the corpus ../shared/corpus/gov-docs.tar.gz is missing", "no corpus: put shared/corpus/gov-docs.tar.gz beside the repository or set GAZETTE_CORPUS")
	return ""
}

// Walk calls fn with the name and contents of each regular file of the
// corpus archive at p, in the archive's order, and stops at fn's first
// error.
func Walk(p string, fn func(name string, r io.Reader) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg || strings.Contains(h.Name, "..") {
			continue
		}
		if err := fn(h.Name, tr); err != nil {
			return err
		}
	}
}

// Content unpacks the corpus into a temporary directory and returns its
// content/ folder, with siteYAML written as its site.yaml.
func Content(t testing.TB, siteYAML []byte) string {
	t.Helper()
	dir := t.TempDir()
	err := Walk(Archive(t), func(name string, r io.Reader) error {
		if !strings.HasPrefix(name, "content/") {
			return nil
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, r); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), siteYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "content")
}
