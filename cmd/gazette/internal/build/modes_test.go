//go:build unix

package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gazette/templates"
)

// TestPublishedReadable builds the sample site, then again after each of
// four edits (new generations made from the last one, then one that takes
// over a retired generation), under the strictest umask: every file of the
// site and of its index is 0644 and every folder 0755, as is each folder
// from the output folder down to them, so that nginx serving public/ as
// www-data, and a replica running as another user than the build, read
// them all.
func TestPublishedReadable(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	edit := filepath.Join(src, "news", "2025", "2025-heating-season-launch.md")
	reused := 0
	for i := range 5 {
		if i > 0 {
			b, err := os.ReadFile(edit)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(edit, fmt.Appendf(b, "\n供熱補充說明%d。\n", i), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := filepath.Glob(filepath.Join(out, ".gazette", "*", "public"))
		if _, err := Run(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		live, err := os.Stat(real(t, opt.Public))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range before {
			if info, err := os.Stat(p); err == nil && os.SameFile(info, live) {
				reused++
			}
		}
		files := map[string]int{}
		for _, link := range []string{opt.Public, opt.Index} {
			files[filepath.Base(link)] = readableTree(t, out, real(t, link))
		}
		if files["public"] < 300 || files["index"] < 4 {
			t.Fatalf("build %d: %v files: the check of their modes is void", i+1, files)
		}
	}
	if reused == 0 {
		t.Error("no build took over a retired generation: the check of one is void")
	}
}

// readableTree checks the folders from top down to dir, and everything in
// dir, and returns how many files it holds.
func readableTree(t *testing.T, top, dir string) (files int) {
	t.Helper()
	rel, err := filepath.Rel(top, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		t.Fatalf("%s is not inside %s", dir, top)
	}
	for p := dir; p != top; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !info.IsDir() || info.Mode().Perm() != 0o755 {
			t.Errorf("%s: %v, want a folder 0755", p, info.Mode())
		}
	}
	var bad []string
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(top, p)
		switch {
		case e.IsDir() && info.Mode().Perm() != 0o755:
			bad = append(bad, fmt.Sprintf("%s/ %v", rel, info.Mode().Perm()))
		case info.Mode().IsRegular():
			files++
			if info.Mode().Perm() != 0o644 {
				bad = append(bad, fmt.Sprintf("%s %v", rel, info.Mode().Perm()))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("%s: %d files and folders (of %d files) are not 0644 (folders 0755), among them:\n%s",
			filepath.Base(dir), len(bad), files, strings.Join(bad[:min(len(bad), 8)], "\n"))
	}
	return files
}
