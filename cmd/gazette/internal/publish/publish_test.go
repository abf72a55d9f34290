package publish

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// generation writes one generation holding version v and commits it.
func generation(t *testing.T, s Store, v string, commit bool) {
	t.Helper()
	txn, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: "index.html", Data: []byte(v)}, {Path: "a/b/c.txt", Src: "src.txt"}}
	if err := Write(txn.Public, files, fstest.MapFS{"src.txt": {Data: []byte("copied " + v)}}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(txn.Index, 0o755)
	os.WriteFile(filepath.Join(txn.Index, "version"), []byte(v), 0o644)
	if !commit {
		txn.Abort()
		return
	}
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestStore(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	check := func(v string) {
		t.Helper()
		if got := read(t, filepath.Join(s.Public, "index.html")); got != v {
			t.Errorf("public/ has version %q, want %q", got, v)
		}
		if got := read(t, filepath.Join(s.Index, "version")); got != v {
			t.Errorf("index/ has version %q, want %q", got, v)
		}
		if got := read(t, filepath.Join(s.Public, "a", "b", "c.txt")); got != "copied "+v {
			t.Errorf("copied file reads %q", got)
		}
	}
	generation(t, s, "1", true)
	check("1")
	generation(t, s, "2", true)
	check("2")
	generation(t, s, "3", false) // a failed build
	check("2")
	generation(t, s, "4", true)
	generation(t, s, "5", true)
	check("5")
	gens, _ := os.ReadDir(filepath.Join(dir, StoreDir))
	// current, plus the live generation and the one before it.
	if len(gens) != 3 {
		names := []string{}
		for _, g := range gens {
			names = append(names, g.Name())
		}
		t.Errorf(".gazette holds %v; want current and two generations", names)
	}
}

// TestStoreMigrates replaces public/ and index/ left as plain directories
// by an older layout.
func TestStoreMigrates(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	os.MkdirAll(s.Public, 0o755)
	os.WriteFile(filepath.Join(s.Public, "index.html"), []byte("old"), 0o644)
	os.MkdirAll(s.Index, 0o755)
	generation(t, s, "new", true)
	if got := read(t, filepath.Join(s.Public, "index.html")); got != "new" {
		t.Errorf("public/ reads %q after the first build", got)
	}
}

// TestStoreSplit: public/ and index/ in different folders are swapped one
// by one.
func TestStoreSplit(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "www", "public"), Index: filepath.Join(dir, "var", "index")}
	os.MkdirAll(filepath.Dir(s.Index), 0o755)
	generation(t, s, "1", true)
	generation(t, s, "2", true)
	if got := read(t, filepath.Join(s.Public, "index.html")); got != "2" {
		t.Errorf("public/ reads %q", got)
	}
	if got := read(t, filepath.Join(s.Index, "version")); got != "2" {
		t.Errorf("index/ reads %q", got)
	}
}

func TestWriteRefusesEscapes(t *testing.T) {
	for _, p := range []string{"../x", "/etc/x", "a/../../x", `a\..\x`} {
		if err := Write(t.TempDir(), []File{{Path: p, Data: []byte("x")}}, nil); err == nil {
			t.Errorf("Write(%q) succeeded", p)
		}
	}
}
