package main

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBuildNeverTakesUserDirectory: gazette build -public DIR over a folder
// of the user's refuses, saying what to do, and leaves every file as it was;
// -adopt moves an older gazette's output into .gazette/adopted/, whole, and
// refuses anything else (content/ given as -public by mistake).
func TestBuildNeverTakesUserDirectory(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, base)
	mine := map[string]string{
		"www/index.html":            "my own home page",
		"www/sitemap.xml":           "<urlset/>",
		"www/404.html":              "an older gazette's",
		"www/docs/deep/notes.txt":   "kept",
		"idx/do-not-delete.txt":     "mine too",
		"idx/index_meta.json":       `{"storage":"scorch"}`,
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
	sources := hashTree(t, "content")
	for _, args := range [][]string{
		{"build", "-adopt", "-public", "content", "-index", "index4"},
		{"build", "-adopt", "-public", "public5", "-index", "content"},
	} {
		e, _, stderr := testEnv()
		if code := runEnv(context.Background(), e, args); code != 1 {
			t.Errorf("%v: exit %d, want 1; stderr:\n%s", args, code, stderr)
		}
		if !strings.Contains(stderr.String(), "content is not the output of a gazette build") {
			t.Errorf("%v: stderr does not say why content/ stays:\n%s", args, stderr)
		}
		if got := hashTree(t, "content"); !maps.Equal(got, sources) {
			t.Errorf("%v: content/ changed", args)
		}
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

// TestDamagedCacheMeansFullBuild: a build cache that is truncated, damaged
// or of another version is said once, on one line, and costs a complete
// build, never a page made from it.
func TestDamagedCacheMeansFullBuild(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, base)
	build := func(args ...string) (string, string) {
		t.Helper()
		e, stdout, stderr := testEnv()
		if code := runEnv(context.Background(), e, append([]string{"build"}, args...)); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		return stdout.String(), stderr.String()
	}
	build()
	live := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		err := filepath.WalkDir("public/", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, err := os.ReadFile(p)
				out[p] = string(b)
				return err
			}
			return err
		})
		if err != nil || len(out) < 20 {
			t.Fatalf("public/: %d files, %v", len(out), err)
		}
		return out
	}
	want := live()
	gen := func() string {
		t.Helper()
		g, err := filepath.EvalSymlinks(filepath.Join(".gazette", "current"))
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	for name, spoil := range map[string]func(){
		"truncated body index": func() { os.Truncate(filepath.Join(".gazette", "cache", "bodies.idx"), 7) },
		"damaged bodies": func() {
			m, _ := filepath.Glob(filepath.Join(".gazette", "cache", "bodies-*"))
			for _, p := range m {
				os.WriteFile(p, []byte("nonsense"), 0o644)
			}
		},
		"missing content cache": func() { os.Remove(filepath.Join(".gazette", "cache", "content")) },
		"missing body cache": func() {
			m, _ := filepath.Glob(filepath.Join(".gazette", "cache", "bodies*"))
			for _, p := range m {
				os.Remove(p)
			}
		},
		"damaged content cache": func() {
			p := filepath.Join(".gazette", "cache", "content")
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			os.WriteFile(p, b, 0o644)
		},
		"damaged manifest": func() { os.WriteFile(filepath.Join(gen(), "manifest"), []byte("gazette-manifest/1\nx"), 0o644) },
		"missing manifest": func() { os.Remove(filepath.Join(gen(), "manifest")) },
	} {
		t.Run(name, func(t *testing.T) {
			spoil()
			out, stderr := build()
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "gazette build: build cache: ") {
				t.Errorf("stderr: want one line of notice, have:\n%s", stderr)
			}
			if !strings.Contains(out, "0 kept") && !strings.Contains(out, "(1 rendered)") {
				t.Errorf("not a complete build: %s", out)
			}
			if got := live(); !maps.Equal(got, want) {
				t.Errorf("the site differs from the one built before")
			}
			// The cache is whole again: the next build has nothing to say.
			if _, stderr := build(); stderr != "" {
				t.Errorf("the build after: %s", stderr)
			}
		})
	}
	// -full says nothing: it was asked for.
	if out, stderr := build("-full"); stderr != "" || !strings.Contains(out, "0 kept") {
		t.Errorf("build -full: %s%s", out, stderr)
	}
}

// hashTree maps every file under dir to its bytes.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil || len(m) == 0 {
		t.Fatalf("%s: %d files, %v", dir, len(m), err)
	}
	return m
}

// TestPreviewCommand: the preview of gazette build -h, run as written
// beside a live site, leaves the live site as it was and shows the
// embargoed document in preview/; -drafts aimed at the live site's public
// and index is refused, saying what to do.
func TestPreviewCommand(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "check", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	embargoed, err := txtar.ParseFile(filepath.Join("testdata", "check", "embargoed.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, base, embargoed)
	build := func(want int, args ...string) string {
		t.Helper()
		e, stdout, stderr := testEnv()
		if code := runEnv(context.Background(), e, append([]string{"build"}, args...)); code != want {
			t.Fatalf("build %v: exit %d, want %d\n%s%s", args, code, want, stdout, stderr)
		}
		return stderr.String()
	}
	build(0)
	site := hashTree(t, "public/")
	e, help, _ := testEnv()
	runEnv(context.Background(), e, []string{"help", "build"})
	examples := 0
	for _, l := range strings.Split(help.String(), "\n") {
		l, _, _ = strings.Cut(strings.TrimSpace(l), "#")
		if args := strings.Fields(l); len(args) > 2 && args[0] == "gazette" && args[1] == "build" && slices.Contains(args, "-drafts") {
			examples++
			build(0, args[2:]...)
		}
	}
	if examples == 0 {
		t.Fatalf("gazette build -h shows no preview:\n%s", help)
	}
	if !maps.Equal(hashTree(t, "public/"), site) {
		t.Error("the preview changed the live site")
	}
	for p, data := range hashTree(t, "public/") {
		if strings.Contains(data, "未來發布") {
			t.Errorf("%s shows the embargoed document", p)
		}
	}
	if b, err := os.ReadFile(filepath.Join("preview", "news", "index.html")); err != nil || !strings.Contains(string(b), "未來發布") {
		t.Errorf("the preview does not show the embargoed document (%v)", err)
	}
	if stderr := build(1, "-drafts", "-public", "public", "-index", "index"); !strings.Contains(stderr, "is the live site") ||
		!strings.Contains(stderr, "-public preview -index preview-index") {
		t.Errorf("drafts into the live site: stderr does not say why and what to do:\n%s", stderr)
	}
	if !maps.Equal(hashTree(t, "public/"), site) {
		t.Error("drafts aimed at the live site changed it")
	}
}
