package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBuildNeverTakesUserDirectory: gazette build -public DIR over a folder
// of the user's refuses, saying what to do, and leaves every file as it was;
// -adopt moves it into .gazette/adopted/, whole.
func TestBuildNeverTakesUserDirectory(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, base)
	mine := map[string]string{
		"www/index.html":            "my own home page",
		"www/docs/deep/notes.txt":   "kept",
		"idx/do-not-delete.txt":     "mine too",
		"elsewhere/theirs/file.txt": "behind a link",
	}
	for p, data := range mine {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("elsewhere/theirs", "linked"); err != nil {
		t.Fatal(err)
	}
	intact := func() {
		t.Helper()
		for p, data := range mine {
			if b, err := os.ReadFile(p); err != nil || string(b) != data {
				t.Errorf("%s: %.40q…, %v; want %q untouched", p, b, err, data)
			}
		}
	}
	for _, args := range [][]string{
		{"build", "-public", "www", "-index", "index2"},
		{"build", "-public", "public2", "-index", "idx"},
		{"build", "-public", "linked", "-index", "index3"},
	} {
		e, _, stderr := testEnv()
		if code := runEnv(context.Background(), e, args); code != 1 {
			t.Errorf("%v: exit %d, want 1; stderr:\n%s", args, code, stderr)
		}
		if !strings.Contains(stderr.String(), "-adopt") {
			t.Errorf("%v: stderr does not say what to do:\n%s", args, stderr)
		}
		intact()
	}
	if target, err := os.Readlink("linked"); err != nil || target != "elsewhere/theirs" {
		t.Errorf("the user's link now points to %q (%v)", target, err)
	}

	e, _, stderr := testEnv()
	if code := runEnv(context.Background(), e, []string{"build", "-q", "-adopt", "-public", "www", "-index", "idx"}); code != 0 {
		t.Fatalf("build -adopt: exit %d\n%s", code, stderr)
	}
	for p, data := range mine {
		dir, rest, _ := strings.Cut(p, "/")
		if dir != "www" && dir != "idx" {
			continue
		}
		m, _ := filepath.Glob(filepath.Join(".gazette", "adopted", dir+"-*", rest))
		if len(m) != 1 {
			t.Errorf("%s is not in .gazette/adopted (%v)", p, m)
			continue
		}
		if b, _ := os.ReadFile(m[0]); string(b) != data {
			t.Errorf("adopted %s reads %q", m[0], b)
		}
	}
	if _, err := os.Stat(filepath.Join("www", "gazette", "index.html")); err != nil {
		t.Errorf("the site was not built into www: %v", err)
	}
}
